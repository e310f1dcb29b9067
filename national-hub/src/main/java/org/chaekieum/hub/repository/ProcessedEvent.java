package org.chaekieum.hub.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event the hub has applied, recorded in the same transaction as its effect (idempotent consumer). */
@Entity
@Table(name = "processed_event")
public class ProcessedEvent extends PanacheEntityBase {

    @Id
    public String eventId;

    public String eventType;

    public Instant processedAt;

    public static ProcessedEvent of(String eventId, String eventType, Instant processedAt) {
        ProcessedEvent e = new ProcessedEvent();
        e.eventId = eventId;
        e.eventType = eventType;
        e.processedAt = processedAt;
        return e;
    }
}
