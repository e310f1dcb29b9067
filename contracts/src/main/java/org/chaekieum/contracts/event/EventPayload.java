package org.chaekieum.contracts.event;

/** Marker of an event payload. Each implementation is one versioned schema with required fields. */
public interface EventPayload {
    /** The unified member number the event is about: the CloudEvents subject and the Kafka key. */
    String memberNumber();
}
