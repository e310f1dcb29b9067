package org.chaekieum.region.members;

import java.time.Duration;
import java.time.Instant;

/**
 * When wrong card passwords lock a member's card password at a library, as pure functions of the attempts so far: a
 * run of {@code maxFailures} wrong passwords, each within {@code lock} of the run's first, locks the password for
 * {@code lock}; a right password ends the run; a run older than {@code lock}, or one whose lock has run out, starts
 * afresh. While locked nothing is compared and nothing counts.
 */
public final class CardPasswordRules {

    private CardPasswordRules() {
    }

    /** The limits: wrong passwords in a row that lock, and how long a lock (and the counting window) lasts. */
    public record Limits(int maxFailures, Duration lock) {
        public Limits {
            if (maxFailures < 1 || lock == null || lock.isNegative() || lock.isZero()) {
                throw new IllegalArgumentException("card password limits must be positive");
            }
        }
    }

    /** Wrong passwords in the current run, since when, and until when the password is locked (null: not). */
    public record Attempts(int failures, Instant failuresSince, Instant lockedUntil) {

        public static final Attempts NONE = new Attempts(0, null, null);

        /** Locked at this moment. */
        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        /** How long the lock still lasts, in whole seconds rounded up (at least 1); 0 when not locked. */
        public long retryAfterSeconds(Instant now) {
            if (!lockedAt(now)) {
                return 0;
            }
            Duration left = Duration.between(now, lockedUntil);
            return Math.max(1, left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
        }
    }

    /** The attempts after one more wrong password at {@code now} (the caller has checked it is not locked). */
    public static Attempts afterFailure(Attempts before, Instant now, Limits limits) {
        boolean lockRanOut = before.lockedUntil() != null && !now.isBefore(before.lockedUntil());
        boolean runTooOld = before.failuresSince() != null
                && !now.isBefore(before.failuresSince().plus(limits.lock()));
        Attempts run = lockRanOut || runTooOld || before.failures() == 0 ? Attempts.NONE : before;
        int failures = run.failures() + 1;
        Instant since = run.failuresSince() == null ? now : run.failuresSince();
        return new Attempts(failures, since, failures >= limits.maxFailures() ? now.plus(limits.lock()) : null);
    }

    /** Wrong passwords the member may still type before the lock (after {@code attempts}). */
    public static int attemptsLeft(Attempts attempts, Limits limits) {
        return Math.max(0, limits.maxFailures() - attempts.failures());
    }
}
