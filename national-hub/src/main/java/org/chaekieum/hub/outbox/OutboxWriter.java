package org.chaekieum.hub.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.EventType;
import org.chaekieum.hub.config.HubConfig;

/** Writes a decision to the outbox in the caller's transaction. Never talks to Kafka. */
@ApplicationScoped
public class OutboxWriter {

    @Inject
    EventCodec codec;

    @Inject
    HubConfig config;

    @Inject
    Event<OutboxWritten> written;

    @Transactional(Transactional.TxType.MANDATORY)
    public EventEnvelope write(EventPayload payload, Instant time) {
        EventEnvelope envelope = codec.envelope(config.source(), payload, time);
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(envelope.id());
        row.topic = EventType.of(payload.getClass()).topic();
        row.messageKey = payload.memberNumber();
        row.payload = codec.write(envelope);
        row.createdAt = time;
        row.persist();
        written.fire(new OutboxWritten());
        return envelope;
    }
}
