package org.chaekieum.hub.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.chaekieum.hub.config.HubConfig;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox. Woken right after a transaction that wrote outbox rows commits, and polls on its own as the
 * crash-recovery path. On failure it leaves the rows, backs off (doubling up to a maximum) and logs one WARN per outage.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    OutboxPublisher publisher;

    @Inject
    DecisionProducer producer;

    @Inject
    HubConfig config;

    @Inject
    MeterRegistry registry;

    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicReference<Instant> lastPublished = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running;
    private volatile boolean outage;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("chaekieum.hub.outbox.unpublished", backlog, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka")
                .register(registry);
        if (!config.relay().enabled()) {
            LOG.info("outbox relay disabled by configuration");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close();
    }

    /** Wakes the relay once a transaction that wrote outbox rows has committed. */
    void onOutboxWritten(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
        wakeUp.release();
    }

    /** Unpublished outbox rows as last counted. */
    public long backlog() {
        return backlog.get();
    }

    public boolean inOutage() {
        return outage;
    }

    public Instant lastPublished() {
        return lastPublished.get();
    }

    public String lastFailure() {
        return lastFailure.get();
    }

    private void loop() {
        long backoffMs = config.relay().backoffInitial().toMillis();
        while (running) {
            try {
                Exception failure = drain();
                if (failure == null) {
                    if (outage) {
                        LOG.infof("outbox relay: Kafka reachable again, %d row(s) still unpublished", backlog.get());
                    }
                    outage = false;
                    lastFailure.set(null);
                    backoffMs = config.relay().backoffInitial().toMillis();
                    wakeUp.tryAcquire(config.relay().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeUp.drainPermits();
                } else {
                    lastFailure.set(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                    if (!outage) {
                        LOG.warnf("outbox relay: cannot publish (%s); %d row(s) wait, retrying with backoff",
                                lastFailure.get(), backlog.get());
                        outage = true;
                    } else {
                        LOG.debugf("outbox relay: still failing (%s)", lastFailure.get());
                    }
                    if (!(failure instanceof RetriableException) && !(failure instanceof TimeoutException)) {
                        producer.reset();
                    }
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, config.relay().backoffMax().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Database unreachable or similar: same backoff, never let the thread die.
                if (!running) {
                    return;
                }
                lastFailure.set(e.getClass().getSimpleName() + ": " + e.getMessage());
                if (!outage) {
                    LOG.warn("outbox relay: batch failed, retrying with backoff", e);
                    outage = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, config.relay().backoffMax().toMillis());
            }
        }
    }

    /** Publishes batches until none is full; returns the failure that stopped it, or null. */
    private Exception drain() {
        int batchSize = config.relay().batchSize();
        OutboxPublisher.BatchResult result;
        do {
            result = publisher.publishBatch();
            backlog.set(result.remaining());
            if (result.published() > 0) {
                lastPublished.set(Instant.now());
                LOG.debugf("outbox relay: published %d row(s), %d remaining", result.published(), result.remaining());
            }
        } while (running && result.full(batchSize));
        return result.failure();
    }
}
