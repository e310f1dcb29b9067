package org.chaekieum.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.chaekieum.runtime.messaging.EventRetries.Outcome;
import org.chaekieum.runtime.messaging.EventRetries.Result;
import org.junit.jupiter.api.Test;

class EventRetriesTest {

    @Test
    void aPassingFailureIsTriedAgainAndApplied() {
        AtomicInteger calls = new AtomicInteger();
        Result result = EventRetries.apply("event 1", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("lock timeout");
            }
        }, 5, 1, e -> false, () -> false);
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void anEventThatKeepsFailingIsGivenUpAfterItsAttempts() {
        AtomicInteger calls = new AtomicInteger();
        Result result = EventRetries.apply("event 2", () -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad event");
        }, 4, 1, e -> false, () -> false);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(calls).hasValue(4);
        assertThat(result.failure()).hasMessage("bad event");
    }

    @Test
    void aPermanentFailureIsGivenUpAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Result result = EventRetries.apply("event 3", () -> {
            calls.incrementAndGet();
            throw new UnsupportedOperationException("unreadable payload");
        }, 5, 1, e -> e instanceof UnsupportedOperationException, () -> false);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(calls).hasValue(1);
    }

    @Test
    void theConsumersOwnTroubleLeavesTheEventForLaterNeverDeadLettered() {
        Result databaseAway = EventRetries.apply("event 4", () -> {
            throw new IllegalStateException(new SQLTransientConnectionException("connection refused"));
        }, 5, 1, e -> false, () -> false);
        assertThat(databaseAway.outcome()).isEqualTo(Outcome.NOT_NOW);
        assertThat(databaseAway.attempts()).isEqualTo(1);

        Result stopping = EventRetries.apply("event 5", () -> {
            throw new IllegalStateException("any failure");
        }, 5, 1, e -> false, () -> true);
        assertThat(stopping.outcome()).isEqualTo(Outcome.NOT_NOW);
    }

    @Test
    void anInterruptedPauseLeavesTheEventAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            Result result = EventRetries.apply("event 6", () -> {
                throw new IllegalStateException("lock timeout");
            }, 5, 50, e -> false, () -> false);
            assertThat(result.outcome()).isEqualTo(Outcome.NOT_NOW);
            assertThat(result.interrupted()).isTrue();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
