package org.chaekieum.runtime.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One event waiting to be (or already) published, written in the transaction of the state change it reports. The
 * same table in both services (id, seq, topic, message_key, event_type, payload, created_at, published_at; a partial
 * index on seq where published_at is null). Only {@link Outbox} writes it; only {@link OutboxRelay} marks it.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    /** The envelope id. */
    @Id
    public UUID id;

    /** Publication order; assigned by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    public String topic;

    /** Kafka record key: the member number (the envelope's subject), so a member's events stay on one partition. */
    public String messageKey;

    /** The CloudEvents type, for operators and queries; the relay does not read it. */
    public String eventType;

    /** The whole CloudEvents envelope as JSON. */
    public String payload;

    public Instant createdAt;

    public Instant publishedAt;
}
