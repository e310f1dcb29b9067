package org.chaekieum.region.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.chaekieum.region.members.CardPasswordRules.Attempts;
import org.chaekieum.region.members.CardPasswordRules.Limits;
import org.junit.jupiter.api.Test;

class CardPasswordRulesTest {

    private static final Limits FIVE_IN_15_MINUTES = new Limits(5, Duration.ofMinutes(15));
    private static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

    private static Attempts wrong(int times, Instant from, Duration apart) {
        Attempts attempts = Attempts.NONE;
        for (int i = 0; i < times; i++) {
            attempts = CardPasswordRules.afterFailure(attempts, from.plus(apart.multipliedBy(i)), FIVE_IN_15_MINUTES);
        }
        return attempts;
    }

    @Test
    void fourWrongPasswordsCountDownAndTheFifthLocksForFifteenMinutes() {
        Attempts four = wrong(4, T0, Duration.ofMinutes(1));
        assertThat(four).isEqualTo(new Attempts(4, T0, null));
        assertThat(CardPasswordRules.attemptsLeft(four, FIVE_IN_15_MINUTES)).isEqualTo(1);
        assertThat(four.lockedAt(T0.plusSeconds(240))).isFalse();

        Instant fifth = T0.plus(Duration.ofMinutes(14));
        Attempts locked = CardPasswordRules.afterFailure(four, fifth, FIVE_IN_15_MINUTES);
        assertThat(locked).isEqualTo(new Attempts(5, T0, fifth.plus(Duration.ofMinutes(15))));
        assertThat(locked.lockedAt(fifth)).isTrue();
        assertThat(locked.retryAfterSeconds(fifth)).isEqualTo(900);
        assertThat(locked.retryAfterSeconds(fifth.plusMillis(1))).as("rounded up").isEqualTo(900);
        assertThat(locked.retryAfterSeconds(fifth.plusSeconds(899).plusMillis(1))).isEqualTo(1);
        assertThat(locked.lockedAt(fifth.plus(Duration.ofMinutes(15)))).as("the lock runs out").isFalse();
        assertThat(locked.retryAfterSeconds(fifth.plus(Duration.ofMinutes(15)))).isZero();
    }

    @Test
    void aRunOlderThanTheWindowStartsAfresh() {
        Attempts four = wrong(4, T0, Duration.ofMinutes(1));
        Attempts later = CardPasswordRules.afterFailure(four, T0.plus(Duration.ofMinutes(15)), FIVE_IN_15_MINUTES);
        assertThat(later).isEqualTo(new Attempts(1, T0.plus(Duration.ofMinutes(15)), null));
    }

    @Test
    void aWrongPasswordAfterTheLockRanOutStartsANewRun() {
        Attempts locked = wrong(5, T0, Duration.ofSeconds(10));
        Instant after = locked.lockedUntil().plusSeconds(1);
        assertThat(CardPasswordRules.afterFailure(locked, after, FIVE_IN_15_MINUTES))
                .isEqualTo(new Attempts(1, after, null));
    }

    @Test
    void oneWrongPasswordLocksWhenTheLimitIsOne() {
        Limits one = new Limits(1, Duration.ofMinutes(1));
        Attempts locked = CardPasswordRules.afterFailure(Attempts.NONE, T0, one);
        assertThat(locked.lockedAt(T0)).isTrue();
        assertThat(CardPasswordRules.attemptsLeft(locked, one)).isZero();
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new Limits(0, Duration.ofMinutes(15))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Limits(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
