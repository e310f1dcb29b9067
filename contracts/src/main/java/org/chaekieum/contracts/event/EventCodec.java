package org.chaekieum.contracts.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes and reads event envelopes. Tolerant reader: unknown attributes and payload fields are ignored; a missing
 * required field or an unknown type is an {@link UnreadableEventException} (the consumer dead-letters the record).
 */
public final class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec() {
        this.mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    /** Wraps a payload in a new envelope with a fresh id. */
    public EventEnvelope envelope(String source, EventPayload payload, Instant time) {
        EventType type = EventType.of(payload.getClass());
        return new EventEnvelope(EventEnvelope.SPEC_VERSION, UUID.randomUUID().toString(), source, type.ceType(),
                time.truncatedTo(ChronoUnit.MICROS), payload.memberNumber(), "application/json",
                mapper.valueToTree(payload));
    }

    public String write(EventEnvelope envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventEnvelope read(String json) {
        try {
            return mapper.readValue(json, EventEnvelope.class);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableEventException("not a readable event envelope: " + e.getMessage(), e);
        }
    }

    public EventType typeOf(EventEnvelope envelope) {
        return EventType.fromCeType(envelope.type())
                .orElseThrow(() -> new UnreadableEventException("unknown event type " + envelope.type(), null));
    }

    public <T extends EventPayload> T payload(EventEnvelope envelope, Class<T> payloadType) {
        try {
            return mapper.treeToValue(envelope.data(), payloadType);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableEventException("payload of " + envelope.type() + " is invalid: " + e.getMessage(), e);
        }
    }

    public EventPayload payload(EventEnvelope envelope) {
        return payload(envelope, typeOf(envelope).payloadType());
    }

    /** An event that cannot be read: it belongs on the dead-letter topic. */
    public static final class UnreadableEventException extends RuntimeException {
        public UnreadableEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
