package org.chaekieum.runtime.outbox;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.chaekieum.runtime.messaging.KafkaClients;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

/**
 * Publishes outbox rows to Kafka in seq (commit) order and marks them published only after the broker acknowledged
 * them; the same relay in the hub and in every regional center.
 *
 * <ul>
 *   <li>One relay per database at a time: each batch runs in one transaction under the transaction-scoped advisory
 *       lock {@link #RELAY_LOCK}, so several replicas never interleave a member's events.</li>
 *   <li>Publish, then mark: the acknowledged prefix of a batch is marked in the batch's transaction. A crash between
 *       send and mark re-sends those rows; consumers drop repeats by event id.</li>
 *   <li>Woken right after a commit that wrote outbox rows ({@link OutboxWritten}, after success), and polls every
 *       {@code poll-interval} as the crash-recovery path.</li>
 *   <li>While the broker is down the rows wait (the services keep working), the relay backs off (doubling up to
 *       {@code backoff-max}) and logs one WARN per outage. The backlog is the {@value #BACKLOG_METRIC} gauge and is on
 *       the {@value OutboxReadinessCheck#NAME} readiness check, which stays UP.</li>
 *   <li>The select and the update are planned for their actual parameters at every batch ({@link #plannedEachTime}).</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** The advisory lock key that makes one relay per database ("outbox" in ASCII); a holder of it pauses every relay. */
    public static final long RELAY_LOCK = 0x6f7574626f78L;

    /** The relay's select of the next batch (parameter: the batch size); served by the partial index on seq. */
    public static final String SELECT_BATCH = "select id, topic, message_key, payload from outbox_event"
            + " where published_at is null order by seq limit ?";

    /** Marks the acknowledged rows of a batch (parameter: their ids, a uuid array). */
    public static final String MARK_PUBLISHED = "update outbox_event set published_at = now() where id = any (?)";

    static final String COUNT_BACKLOG = "select count(*) from outbox_event where published_at is null";

    /** Gauge: outbox events not yet acknowledged by Kafka (as last counted). */
    public static final String BACKLOG_METRIC = "chaekieum.outbox.backlog";

    /** Counter: outbox events acknowledged by Kafka and marked published. */
    public static final String PUBLISHED_METRIC = "chaekieum.outbox.published";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaClients kafkaClients;

    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;
    /** Null until the broker first answered or failed to; then whether it took the last record sent. */
    private volatile Boolean kafkaReachable;
    private volatile boolean running;
    private long lastBacklogCount = Long.MIN_VALUE;
    private KafkaProducer<String, String> producer;
    private Thread worker;

    void start(@Observes StartupEvent event) {
        Gauge.builder(BACKLOG_METRIC, backlog, AtomicLong::get)
                .description("Outbox events not yet acknowledged by Kafka").register(registry);
        registry.more().counter(PUBLISHED_METRIC, List.of(), published);
        refreshBacklog();
        if (!config.enabled()) {
            LOG.info("outbox relay disabled by configuration (chaekieum.outbox.enabled=false)");
            return;
        }
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        wakeUp.release();
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer(Duration.ofSeconds(2));
    }

    /** Called after every commit that wrote outbox rows. */
    void onWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten written) {
        wakeUp.release();
    }

    /** Unpublished outbox rows as last counted. */
    public long backlog() {
        return backlog.get();
    }

    /** When a batch last went through (published rows, or found none). */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    /** Why the last batch failed; null once a batch went through again. */
    public String lastFailure() {
        return lastFailure;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }

    /** Whether the broker took the last record the relay sent; null before the first send. */
    public Boolean kafkaReachable() {
        return kafkaReachable;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Plans the statement for its actual parameters at every execution. Server-side prepared (the driver's default
     * after five uses on a pooled connection), it would get a generic plan, and a generic plan made while the outbox
     * was small scans the whole table at every batch once the table has grown, until the next ANALYZE: 5,498 full scans
     * reading 15 M rows over 6,000 batches in a reproduction, thousands in the benchmark's first minute; none with this.
     */
    public static void plannedEachTime(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }

    private void run() {
        long backoffMillis = 0;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    wakeUp.tryAcquire(backoffMillis, TimeUnit.MILLISECONDS);
                    if (!running) {
                        return;
                    }
                }
                boolean more = relayBatch();
                if (lastFailure != null) {
                    LOG.infof("outbox relay publishing again; backlog %d", backlog.get());
                }
                lastFailure = null;
                backoffMillis = 0;
                if (!more) {
                    wakeUp.tryAcquire(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                if (lastFailure == null) {
                    LOG.warnf("outbox relay cannot publish (events wait in the outbox and are retried): %s", failure);
                } else {
                    LOG.debugf("outbox relay still failing: %s", failure);
                }
                lastFailure = failure;
                lastFailureAt = Instant.now();
                if (e instanceof KafkaException && !(e instanceof RetriableException)) {
                    // A producer in a state a retry cannot fix (fenced, out of sequence, closed): start a fresh one.
                    closeProducer(Duration.ZERO);
                }
                backoffMillis = backoffMillis == 0 ? config.backoffInitial().toMillis()
                        : Math.min(config.backoffMax().toMillis(), backoffMillis * 2);
                refreshBacklog();
            }
        }
    }

    /**
     * Publishes one batch in one transaction. Returns true when a full batch went through and more may be waiting;
     * throws the failure that stopped the batch after marking what the broker did acknowledge.
     */
    private boolean relayBatch() throws Exception {
        KafkaProducer<String, String> kafka = producer();
        int batchSize = config.batchSize();
        Exception failure = null;
        int acknowledged = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryLock(connection)) {
                    connection.rollback();
                    return false;
                }
                List<UUID> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT_BATCH)) {
                    plannedEachTime(select);
                    select.setInt(1, batchSize);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            Future<RecordMetadata> ack;
                            try {
                                ack = kafka.send(new ProducerRecord<>(publishedTo(rows.getString(2)),
                                        rows.getString(3), rows.getString(4)), this::answered);
                            } catch (RuntimeException e) {
                                failure = e;
                                break;
                            }
                            ids.add(rows.getObject(1, UUID.class));
                            acks.add(ack);
                            if (ack.isDone() && failed(ack)) {
                                // Typically no metadata within max.block.ms: the broker is unreachable, so do not
                                // block that long again for every row of the batch.
                                break;
                            }
                        }
                    }
                }
                if (ids.isEmpty() && failure == null) {
                    connection.rollback();
                    backlog.set(0);
                    lastSuccess = Instant.now();
                    return false;
                }
                long deadline = System.nanoTime() + config.sendTimeout().toNanos();
                for (Future<RecordMetadata> ack : acks) {
                    try {
                        ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        acknowledged++;
                    } catch (ExecutionException e) {
                        failure = e.getCause() instanceof Exception cause ? cause : e;
                        break;
                    } catch (TimeoutException e) {
                        failure = new TimeoutException("no acknowledgement from Kafka within "
                                + config.sendTimeout());
                        break;
                    }
                }
                if (acknowledged > 0) {
                    // The acknowledged prefix, in seq order; what follows a failure is sent again next time.
                    try (PreparedStatement mark = connection.prepareStatement(MARK_PUBLISHED)) {
                        plannedEachTime(mark);
                        mark.setArray(1, connection.createArrayOf("uuid", ids.subList(0, acknowledged).toArray()));
                        mark.executeUpdate();
                    }
                }
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
        published.addAndGet(acknowledged);
        if (failure != null) {
            throw failure;
        }
        lastSuccess = Instant.now();
        boolean full = acknowledged == batchSize;
        if (full) {
            refreshBacklogAtMostEverySecond();
        } else {
            backlog.set(0);
        }
        return full;
    }

    private void answered(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            kafkaReachable = true;
        } else if (exception instanceof RetriableException) {
            // Timeouts, lost connections, no leader: the broker did not take it. Other errors came from a broker.
            kafkaReachable = false;
        }
    }

    private static boolean failed(Future<RecordMetadata> ack) {
        try {
            ack.get();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** The topic a row of {@code topic} is published to ({@link OutboxConfig#topics()}). */
    String publishedTo(String topic) {
        return config.topics().getOrDefault(topic, topic);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The producer, created on first use (and again after {@link #closeProducer} dropped a broken one). */
    private KafkaProducer<String, String> producer() {
        synchronized (this) {
            if (producer == null) {
                Map<String, Object> props = kafkaClients.settings(config.producer());
                props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                props.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
                props.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
                props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000");
                props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
                props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
                producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
            }
            return producer;
        }
    }

    private void closeProducer(Duration timeout) {
        KafkaProducer<String, String> closing;
        synchronized (this) {
            closing = producer;
            producer = null;
        }
        if (closing != null) {
            try {
                closing.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("could not close the outbox relay's producer", e);
            }
        }
    }

    private void refreshBacklogAtMostEverySecond() {
        long now = System.nanoTime();
        if (lastBacklogCount == Long.MIN_VALUE || now - lastBacklogCount > TimeUnit.SECONDS.toNanos(1)) {
            refreshBacklog();
        }
    }

    private void refreshBacklog() {
        lastBacklogCount = System.nanoTime();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement(COUNT_BACKLOG);
             ResultSet rs = count.executeQuery()) {
            if (rs.next()) {
                backlog.set(rs.getLong(1));
            }
        } catch (SQLException e) {
            LOG.debug("could not count the outbox backlog", e);
        }
    }
}
