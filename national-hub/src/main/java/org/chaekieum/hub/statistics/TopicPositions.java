package org.chaekieum.hub.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.runtime.messaging.KafkaClients;

/**
 * What the broker can say about the member-events topic for a rebuild: since when it still holds every event
 * (retention deletes the oldest), and how many events a generation's consumer group has still to read. Short-lived
 * admin clients with bounded waits; {@link BrokerUnreachable} when the broker does not answer in time.
 */
@ApplicationScoped
public class TopicPositions {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Inject
    StatisticsConfig config;

    @Inject
    KafkaClients kafkaClients;

    /** The broker did not answer. */
    public static final class BrokerUnreachable extends Exception {
        BrokerUnreachable(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * The time of the oldest event the topic still holds on a partition that has lost older ones to retention (the
     * latest such time over the partitions): events written before it may be gone. Empty when no partition has lost
     * any event. A partition emptied by retention altogether holds nothing written before now.
     */
    public Optional<Instant> completeSince() throws BrokerUnreachable {
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = partitions(admin);
            if (partitions.isEmpty()) {
                return Optional.empty();
            }
            Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(admin, partitions, p -> OffsetSpec.earliest());
            List<TopicPartition> trimmed = partitions.stream().filter(p -> earliest.get(p).offset() > 0).toList();
            if (trimmed.isEmpty()) {
                return Optional.empty();
            }
            Map<TopicPartition, ListOffsetsResultInfo> first = offsets(admin, trimmed, p -> OffsetSpec.forTimestamp(0));
            Instant since = Instant.EPOCH;
            for (TopicPartition p : trimmed) {
                ListOffsetsResultInfo info = first.get(p);
                Instant oldest = info.offset() < 0 || info.timestamp() < 0 ? Instant.now()
                        : Instant.ofEpochMilli(info.timestamp());
                since = oldest.isAfter(since) ? oldest : since;
            }
            return Optional.of(since);
        }
    }

    /**
     * Events the consumer group has still to read: per partition from its committed position, or, where it has none
     * yet, from where a new generation starts ({@code readFrom}, or the beginning), to the end.
     */
    public long remaining(String group, Instant readFrom) throws BrokerUnreachable {
        try (Admin admin = admin()) {
            List<TopicPartition> partitions = partitions(admin);
            if (partitions.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, ListOffsetsResultInfo> end = offsets(admin, partitions, p -> OffsetSpec.latest());
            Map<TopicPartition, ListOffsetsResultInfo> start = offsets(admin, partitions, p -> readFrom == null
                    ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(readFrom.toEpochMilli()));
            Map<TopicPartition, OffsetAndMetadata> committed = await(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata());
            long remaining = 0;
            for (TopicPartition p : partitions) {
                long last = end.get(p).offset();
                OffsetAndMetadata at = committed.get(p);
                long position = at != null ? at.offset() : start.get(p).offset() < 0 ? last : start.get(p).offset();
                remaining += Math.max(0, last - position);
            }
            return remaining;
        }
    }

    /** The partitions of every member-events topic (each region's, and the shared pre-upgrade one if it exists). */
    private List<TopicPartition> partitions(Admin admin) throws BrokerUnreachable {
        List<String> topics = await(admin.listTopics().names()).stream().filter(Topics::isMemberEvents).sorted()
                .toList();
        if (topics.isEmpty()) {
            return List.of(); // nothing was ever written
        }
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            await(admin.describeTopics(topics).allTopicNames()).forEach((name, topic) -> topic.partitions()
                    .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
            return partitions;
        } catch (BrokerUnreachable e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of(); // deleted since it was listed
            }
            throw e;
        }
    }

    private static Map<TopicPartition, ListOffsetsResultInfo> offsets(Admin admin, List<TopicPartition> partitions,
            Function<TopicPartition, OffsetSpec> spec) throws BrokerUnreachable {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), spec));
        return await(admin.listOffsets(request).all());
    }

    private static <T> T await(KafkaFuture<T> future) throws BrokerUnreachable {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerUnreachable(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerUnreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachable(e);
        }
    }

    private Admin admin() {
        Map<String, Object> p = new HashMap<>();
        // Only the connection settings of the consumer's extra properties (TLS, SASL) apply to an admin client.
        config.consumer().kafka().forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                p.put(key, value);
            }
        });
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "national-hub-statistics-admin");
        return Admin.create(kafkaClients.settings(p));
    }
}
