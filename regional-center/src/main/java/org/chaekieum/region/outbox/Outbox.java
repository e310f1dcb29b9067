package org.chaekieum.region.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.region.config.RegionConfig;

/** Appends events to the outbox inside the caller's transaction; the relay publishes them after commit. */
@ApplicationScoped
public class Outbox {

    @Inject
    EventCodec codec;

    @Inject
    RegionConfig region;

    @Inject
    Clock clock;

    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope append(EventPayload payload) {
        EventEnvelope envelope = codec.envelope(region.eventSource(), payload, clock.instant());
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(envelope.id());
        row.topic = EventType.of(payload.getClass()).topic();
        row.messageKey = envelope.subject();
        row.eventType = envelope.type();
        row.payload = codec.write(envelope);
        row.createdAt = clock.instant();
        row.persist();
        // Observed after a successful commit only: wakes the relay without waiting for its next poll.
        written.fire(OutboxWritten.INSTANCE);
        return envelope;
    }

    /** Signal that a transaction wrote outbox rows. */
    public enum OutboxWritten {
        INSTANCE
    }
}
