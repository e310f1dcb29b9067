package org.chaekieum.hub.dashboard;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.messaging.KafkaClients;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the broker says about the federation's event pipeline, asked with short timeouts by {@link RegionWatch}'s
 * background refresh (never by a page): the consumer lag of the hub (member events not yet applied) and of each region
 * (national decisions not yet applied), the records in the dead-letter topics, and the newest member event each region
 * sent. The last is read from the tail of the member-events topics (each region's) by a consumer of its own that joins no group and
 * commits nothing (the hub's consumer is untouched): each refresh reads what arrived since the last one, at most
 * {@code chaekieum.dashboard.event-tail} records per partition, and keeps the newest time per region (the CloudEvents
 * {@code source}, {@code /chaekieum/regions/<id>}). Used from the refresh job's thread only.
 */
@ApplicationScoped
public class BrokerWatch {

    private static final Logger LOG = Logger.getLogger(BrokerWatch.class);
    private static final Pattern REGION_SOURCE = Pattern.compile("\"source\"\\s*:\\s*\"/chaekieum/regions/([^\"]{1,40})\"");

    @Inject
    DashboardConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    Optional<String> bootstrapServers;

    @Inject
    KafkaClients kafkaClients;

    private Admin admin;
    private KafkaConsumer<String, String> tail;
    private final Map<TopicPartition, Long> tailPositions = new HashMap<>();
    private final Map<String, Instant> lastEventByRegion = new HashMap<>();
    private boolean unreachableLogged;

    /** What one refresh learnt; a null figure could not be asked. */
    public record Reading(Long hubConsumerLag, Map<String, Long> decisionsWaiting, Map<String, Long> regionDeadLetters,
                          Long hubDeadLetters, Map<String, Instant> lastEventByRegion, Instant checkedAt) {
    }

    /** Asks the broker about these regions; never throws (what could not be asked is null or missing). */
    public Reading read(Collection<String> regions) {
        Instant now = Instant.now();
        if (bootstrapServers.isEmpty() || bootstrapServers.get().isBlank()) {
            return new Reading(null, Map.of(), Map.of(), null, Map.of(), now);
        }
        try {
            Long hubLag = lag(config.hubConsumerGroup(), memberEventPartitions());
            Map<String, Long> waiting = new HashMap<>();
            Map<String, Long> regionDead = new HashMap<>();
            for (String region : regions) {
                waiting.put(region, lag(config.regionConsumerGroup().formatted(region),
                        partitions(Topics.NATIONAL_DECISIONS)));
                regionDead.put(region, records(Topics.NATIONAL_DECISIONS + Topics.DEAD_LETTER_SUFFIX + "." + region));
            }
            Long hubDead = records(Topics.MEMBER_EVENTS + Topics.DEAD_LETTER_SUFFIX);
            readTail();
            unreachableLogged = false;
            return new Reading(hubLag, waiting, regionDead, hubDead, Map.copyOf(lastEventByRegion), now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!unreachableLogged) {
                LOG.warnf("dashboard: the broker could not be asked (%s); lag and dead letters show as unknown",
                        e.toString());
                unreachableLogged = true;
            }
            return new Reading(null, Map.of(), Map.of(), null, Map.copyOf(lastEventByRegion), now);
        }
    }

    /** Records of a consumer group's topic not yet consumed (all of them when the group never committed). */
    private Long lag(String group, List<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return 0L;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> begins = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata at = committed.get(partition);
            long from = at == null ? begins.get(partition) : at.offset();
            lag += Math.max(0, ends.get(partition) - from);
        }
        return lag;
    }

    /** Records in a topic (0 when it does not exist). */
    private Long records(String topic) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0L;
        }
        Map<TopicPartition, Long> begins = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        return partitions.stream().mapToLong(p -> Math.max(0, ends.get(p) - begins.get(p))).sum();
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        try {
            TopicDescription description = get(admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    /** The partitions of every member-events topic: each region's, and the shared pre-upgrade one if it exists. */
    private List<TopicPartition> memberEventPartitions() throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : get(admin().listTopics().names())) {
            if (Topics.isMemberEvents(topic)) {
                partitions.addAll(partitions(topic));
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        partitions.forEach(p -> wanted.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        get(admin().listOffsets(wanted).all()).forEach((p, info) -> offsets.put(p, info.offset()));
        return offsets;
    }

    /** Reads what the regions sent since the last refresh (bounded), keeping each region's newest event time. */
    private void readTail() throws Exception {
        List<TopicPartition> partitions = memberEventPartitions();
        if (partitions.isEmpty()) {
            return;
        }
        KafkaConsumer<String, String> consumer = tail();
        Duration timeout = config.kafkaTimeout();
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        consumer.assign(partitions);
        boolean anything = false;
        for (TopicPartition partition : partitions) {
            long end = ends.get(partition);
            long from = tailPositions.getOrDefault(partition, end - config.eventTail());
            from = Math.max(Math.max(from, end - config.eventTail()), begins.get(partition));
            consumer.seek(partition, Math.min(from, end));
            anything |= from < end;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (anything && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                Matcher source = record.value() == null ? null : REGION_SOURCE.matcher(record.value());
                if (source != null && source.find()) {
                    Instant at = Instant.ofEpochMilli(record.timestamp());
                    lastEventByRegion.merge(source.group(1), at, (a, b) -> a.isAfter(b) ? a : b);
                }
            }
            anything = false;
            for (TopicPartition partition : partitions) {
                anything |= consumer.position(partition, timeout) < ends.get(partition);
            }
        }
        for (TopicPartition partition : partitions) {
            tailPositions.put(partition, consumer.position(partition, timeout));
        }
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "national-hub-dashboard");
            int timeout = (int) config.kafkaTimeout().toMillis();
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            admin = Admin.create(kafkaClients.settings(properties));
        }
        return admin;
    }

    private KafkaConsumer<String, String> tail() {
        if (tail == null) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "national-hub-dashboard-tail");
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
            int timeout = (int) config.kafkaTimeout().toMillis();
            properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            tail = new KafkaConsumer<>(kafkaClients.settings(properties), new StringDeserializer(),
                    new StringDeserializer());
        }
        return tail;
    }

    private <T> T get(KafkaFuture<T> future) throws Exception {
        try {
            return future.get(config.kafkaTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("no answer from the broker within " + config.kafkaTimeout());
        }
    }

    @PreDestroy
    void close() {
        if (tail != null) {
            tail.close(Duration.ofSeconds(1));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
