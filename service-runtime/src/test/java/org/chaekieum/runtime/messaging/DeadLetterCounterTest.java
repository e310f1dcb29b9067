package org.chaekieum.runtime.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.chaekieum.contracts.event.EventCodec.UnreadableEventException;
import org.chaekieum.runtime.messaging.DeadLetterCounter.Reason;
import org.junit.jupiter.api.Test;

class DeadLetterCounterTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeadLetterCounter counter = new DeadLetterCounter(registry);

    @Test
    void aRegisteredTopicShowsZeroForEveryReasonBeforeTheFirstDeadLetter() {
        counter.register("chaekieum.member-events.v1");

        assertThat(registry.find(DeadLetterCounter.METRIC).counters()).hasSize(3)
                .allSatisfy(c -> assertThat(c.count()).isZero())
                .extracting(c -> c.getId().getTag("reason")).containsExactlyInAnyOrder("unreadable", "failed", "sender");
    }

    @Test
    void eachDeadLetterIsCountedUnderItsTopicAndReason() {
        counter.register("chaekieum.member-events.v1");

        counter.count("chaekieum.member-events.v1", Reason.of(new UnreadableEventException("not JSON", null)));
        counter.count("chaekieum.member-events.v1", Reason.of(new IllegalStateException("value too long")));
        counter.count("chaekieum.member-events.v1", Reason.FAILED);
        counter.count("chaekieum.member-events.v1", Reason.of(new WrongSenderException("names another region")));

        assertThat(count("chaekieum.member-events.v1", "unreadable")).isEqualTo(1);
        assertThat(count("chaekieum.member-events.v1", "failed")).isEqualTo(2);
        assertThat(count("chaekieum.member-events.v1", "sender")).isEqualTo(1);
    }

    private double count(String topic, String reason) {
        Counter c = registry.find(DeadLetterCounter.METRIC).tag("topic", topic).tag("reason", reason).counter();
        assertThat(c).as("counter %s/%s", topic, reason).isNotNull();
        return c.count();
    }
}
