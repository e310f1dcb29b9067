package org.chaekieum.hub.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event to publish, written in the transaction of the decision it announces. The relay publishes it later. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /** The envelope id. */
    @Id
    @Column(name = "id")
    public UUID id;

    /** Publication order; assigned by the database. */
    @Column(name = "seq", insertable = false, updatable = false)
    public Long seq;

    @Column(name = "topic", nullable = false)
    public String topic;

    /** Kafka record key: the member number. */
    @Column(name = "message_key", nullable = false)
    public String messageKey;

    /** The CloudEvents envelope as JSON. */
    @Column(name = "payload", nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
