package org.chaekieum.hub.outbox;

/** Fired inside a transaction that wrote outbox rows; observed after it commits to wake the relay. */
public record OutboxWritten() {
}
