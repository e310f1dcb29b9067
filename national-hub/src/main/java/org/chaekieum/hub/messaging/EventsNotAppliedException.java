package org.chaekieum.hub.messaging;

/**
 * Events that could not be applied for a reason outside them (the hub is shutting down, its database is away). The
 * batch is not acknowledged: with the channel's {@code fail} strategy the consumer stops, its offsets stay where they
 * were, and the events are applied (once, by their ids) when the hub runs again.
 */
class EventsNotAppliedException extends RuntimeException {
    EventsNotAppliedException(String message, Throwable cause) {
        super(message, cause);
    }
}
