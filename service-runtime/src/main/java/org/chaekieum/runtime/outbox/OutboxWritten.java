package org.chaekieum.runtime.outbox;

/** Fired in a transaction that wrote outbox rows; observed after a successful commit only, to wake the relay. */
public enum OutboxWritten {
    INSTANCE
}
