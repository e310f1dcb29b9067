package org.chaekieum.hub.statistics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.contracts.event.Topics;
import org.chaekieum.hub.messaging.EventSenders;
import org.chaekieum.hub.registry.LibraryRegions;
import org.chaekieum.hub.statistics.StatisticsRules.Counted;
import org.chaekieum.hub.statistics.StatisticsStore.Generation;
import org.chaekieum.runtime.messaging.KafkaClients;
import org.chaekieum.runtime.messaging.WrongSenderException;
import org.jboss.logging.Logger;

/**
 * Counts the regions' member events into the daily statistics: a consumer of the member-events topic of its own, apart
 * from the registry's ({@code MemberEventConsumer}), for two reasons. The figures are hot rows (every loan of a library
 * on a day updates one row), which must never hold up the registry's and the ledger's transactions, on which the
 * national cap waits; and a rebuild must read the topic again from an earlier point, which only a reader with its own
 * position can do.
 *
 * <p>One batch (poll) is counted in one transaction ({@link StatisticsStore#count}), with the ids of its events, and
 * only then are its offsets committed: a crash in between reads the batch again and its ids make it count nothing. A
 * batch that fails (the database away) is not committed: the consumer closes, waits
 * {@code chaekieum.statistics.consumer.retry-backoff}, and reads it again. A record that cannot be read is skipped
 * here (the registry's consumer sends it to the dead-letter topic).
 *
 * <p>Each generation of the figures is read by its own consumer group ({@code <group-prefix>-g<generation>}); every
 * replica notices a new generation at its next batch (or within 2 s when idle) and moves to the new group, which starts
 * where the rebuild asked ({@code read_from}; the topic's beginning for the first generation).
 */
@ApplicationScoped
public class StatisticsConsumer {

    private static final Logger LOG = Logger.getLogger(StatisticsConsumer.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration IDLE_CHECK = Duration.ofSeconds(2);
    private static final int EVENT_ID_MAX = 128;

    @Inject
    StatisticsConfig config;

    @Inject
    StatisticsStore store;

    @Inject
    EventCodec codec;

    @Inject
    LibraryRegions regions;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    KafkaClients kafkaClients;

    @Inject
    EventSenders senders;

    private final AtomicLong generation = new AtomicLong();
    private volatile boolean running;
    private long announced;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread worker;
    private Counter counted;
    private Counter failed;

    void start(@Observes StartupEvent event) {
        registry.gauge("chaekieum.statistics.generation", generation);
        counted = registry.counter("chaekieum.statistics.events.counted");
        failed = registry.counter("chaekieum.statistics.batches.failed");
        if (!config.consumer().enabled()) {
            LOG.info("statistics consumer disabled by configuration (chaekieum.statistics.consumer.enabled=false)");
            return;
        }
        running = true;
        worker = new Thread(this::run, "statistics-consumer");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                Generation current = store.generation();
                generation.set(current.number());
                read(current);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                failed.increment();
                LOG.warnf("statistics: batch not counted, read again in %s: %s", config.consumer().retryBackoff(),
                        clip(e.toString()));
                try {
                    Thread.sleep(config.consumer().retryBackoff().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Reads the topic as this generation until a newer one starts (returns) or a batch fails (throws). */
    private void read(Generation current) {
        if (current.number() != announced) {
            announced = current.number();
            LOG.infof("statistics: counting as generation %d (consumer group %s, new partitions read from %s)",
                    current.number(), groupOf(config.consumer().groupPrefix(), current.number()),
                    current.readFrom() == null ? "the beginning" : current.readFrom());
        }
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(properties(current),
                new StringDeserializer(), new StringDeserializer())) {
            consumer = kafka;
            if (!running) {
                return;
            }
            kafka.subscribe(Pattern.compile(Topics.MEMBER_EVENTS_SUBSCRIPTION), new StartingPoint(kafka, current));
            long nextCheck = System.nanoTime() + IDLE_CHECK.toNanos();
            while (running) {
                ConsumerRecords<String, String> records = kafka.poll(POLL);
                if (records.isEmpty()) {
                    if (System.nanoTime() >= nextCheck) {
                        if (store.generation().number() != current.number()) {
                            return;
                        }
                        nextCheck = System.nanoTime() + IDLE_CHECK.toNanos();
                    }
                    continue;
                }
                List<Counted> events = countable(records);
                if (!events.isEmpty()) {
                    OptionalInt n = store.count(current.number(), events, clock.instant().truncatedTo(ChronoUnit.MICROS));
                    if (n.isEmpty()) {
                        LOG.infof("statistics: generation %d superseded by a rebuild; reading as the new one",
                                current.number());
                        return;
                    }
                    counted.increment(n.getAsInt());
                }
                kafka.commitSync();
            }
        } finally {
            consumer = null;
        }
    }

    /** The events of a batch that count, in record order. */
    private List<Counted> countable(ConsumerRecords<String, String> records) {
        List<Counted> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                if (record.value() == null) {
                    continue;
                }
                EventEnvelope envelope = codec.read(record.value());
                Optional<EventType> type = EventType.fromCeType(envelope.type());
                if (type.isEmpty()) {
                    continue;
                }
                EventPayload payload = codec.payload(envelope, type.get().payloadType());
                senders.check(record.topic(), envelope, payload);
                Optional<Counted> event = StatisticsRules.count(envelope, payload, lookups);
                if (event.isEmpty()) {
                    continue;
                }
                if (envelope.id().length() > EVENT_ID_MAX) {
                    LOG.warnf("statistics: event at %s-%d@%d has an id longer than %d characters; not counted",
                            record.topic(), record.partition(), record.offset(), EVENT_ID_MAX);
                    continue;
                }
                events.add(event.get());
            } catch (UnreadableEventException | WrongSenderException e) {
                LOG.debugf("statistics: record %s-%d@%d not counted (dead-lettered by the registry): %s",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
        return events;
    }

    private final StatisticsRules.Lookups lookups = new StatisticsRules.Lookups() {
        @Override
        public Optional<String> regionOf(String libraryCode) {
            return regions.regionOf(libraryCode);
        }

        @Override
        public Optional<String> libraryOfLoan(String loanId) {
            return store.libraryOfLoan(loanId);
        }
    };

    private Map<String, Object> properties(Generation current) {
        Map<String, Object> p = kafkaClients.settings(config.consumer().kafka());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupOf(config.consumer().groupPrefix(), current.number()));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "national-hub-statistics");
        // A region's new topic is subscribed to within this time (the pattern is matched against the broker's topics).
        p.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) config.consumer().topicDiscovery().toMillis());
        return p;
    }

    /** The consumer group that reads generation {@code number}. */
    public static String groupOf(String prefix, long number) {
        return prefix + "-g" + number;
    }

    /**
     * Where a new generation's group starts on a partition it has no position on: at the first record written at or
     * after {@code read_from} (the end when there is none), or at the beginning for the first generation. A partition
     * with a committed position resumes there.
     */
    private static final class StartingPoint implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> kafka;
        private final Generation generation;

        StartingPoint(KafkaConsumer<String, String> kafka, Generation generation) {
            this.kafka = kafka;
            this.generation = generation;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.committed(new HashSet<>(partitions));
            List<TopicPartition> fresh = partitions.stream().filter(p -> committed.get(p) == null).toList();
            if (fresh.isEmpty()) {
                return;
            }
            if (generation.readFrom() == null) {
                kafka.seekToBeginning(fresh);
                return;
            }
            Map<TopicPartition, Long> at = new HashMap<>();
            fresh.forEach(p -> at.put(p, generation.readFrom().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(at);
            List<TopicPartition> toEnd = new ArrayList<>();
            for (TopicPartition p : fresh) {
                OffsetAndTimestamp offset = offsets.get(p);
                if (offset == null) {
                    toEnd.add(p);
                } else {
                    kafka.seek(p, offset.offset());
                }
            }
            if (!toEnd.isEmpty()) {
                kafka.seekToEnd(toEnd);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are committed after every batch, before the next poll: nothing is pending here
        }
    }

    private static String clip(String message) {
        return message == null ? "" : message.length() > 300 ? message.substring(0, 300) : message;
    }
}
