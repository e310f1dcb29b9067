package org.chaekieum.runtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;

/**
 * Appends events to the outbox inside the caller's transaction; never talks to Kafka. The relay publishes them after
 * the commit: topic from the {@link EventType}, record key the member number (the envelope's subject).
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EventCodec codec;

    @Inject
    EventSource source;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    Event<OutboxWritten> written;

    /** Appends {@code payload}, stamped now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(EventPayload payload) {
        return append(payload, clock.instant());
    }

    /** Appends {@code payload}, stamped {@code time} (the time of the decision it announces). */
    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(EventPayload payload, Instant time) {
        EventEnvelope envelope = codec.envelope(source.value(), payload, time);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(envelope.id());
        row.topic = EventType.of(payload.getClass()).topic();
        row.messageKey = envelope.subject();
        row.eventType = envelope.type();
        row.payload = codec.write(envelope);
        row.createdAt = time;
        em.persist(row);
        // Observed after a successful commit only: wakes the relay without waiting for its next poll.
        written.fire(OutboxWritten.INSTANCE);
        return envelope;
    }
}
