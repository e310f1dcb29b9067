package org.chaekieum.hub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.chaekieum.hub.config.HubConfig;

/**
 * Publishes one batch of unpublished outbox rows, in seq order, in its own transaction (never the business one). Only
 * one relay per database works at a time: the batch runs under a transaction-scoped advisory lock.
 */
@ApplicationScoped
public class OutboxPublisher {

    /** Advisory lock key of the relay ("OUTBOX" in ASCII). */
    public static final long RELAY_LOCK_KEY = 0x4f5554424f58L;

    @Inject
    EntityManager em;

    @Inject
    DecisionProducer producer;

    @Inject
    HubConfig config;

    /** The outcome of one batch. {@code failure} is null when every row sent was acknowledged. */
    public record BatchResult(boolean locked, int published, long remaining, Exception failure) {
        public boolean full(int batchSize) {
            return failure == null && published >= batchSize;
        }
    }

    @Transactional
    public BatchResult publishBatch() {
        Boolean locked = (Boolean) em.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK_KEY)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return new BatchResult(false, 0, countUnpublished(), null);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select id, topic, message_key, payload from outbox_event where published_at is null "
                                + "order by seq limit ?1")
                .setParameter(1, config.relay().batchSize())
                .getResultList();
        if (rows.isEmpty()) {
            return new BatchResult(true, 0, 0, null);
        }
        Producer<String, String> kafka = producer.get();
        List<UUID> ids = new ArrayList<>(rows.size());
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        Exception failure = null;
        for (Object[] row : rows) {
            Future<RecordMetadata> ack;
            try {
                ack = kafka.send(new ProducerRecord<>((String) row[1], (String) row[2], (String) row[3]));
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
            ids.add((UUID) row[0]);
            acks.add(ack);
            if (ack.isDone() && failed(ack)) {
                // Typically no metadata within max.block.ms: the broker is unreachable, do not block on every row.
                break;
            }
        }
        long waitMs = config.relay().deliveryTimeout().toMillis() + 1_000;
        List<UUID> acknowledged = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(waitMs, TimeUnit.MILLISECONDS);
                acknowledged.add(ids.get(i));
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception cause ? cause : e;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
                break;
            } catch (java.util.concurrent.TimeoutException e) {
                failure = e;
                break;
            }
        }
        if (!acknowledged.isEmpty()) {
            em.createNativeQuery("update outbox_event set published_at = ?1 where id in (?2)")
                    .setParameter(1, Instant.now())
                    .setParameter(2, acknowledged)
                    .executeUpdate();
        }
        return new BatchResult(true, acknowledged.size(), countUnpublished(), failure);
    }

    @Transactional
    public long countUnpublished() {
        return ((Number) em.createNativeQuery("select count(*) from outbox_event where published_at is null")
                .getSingleResult()).longValue();
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
}
