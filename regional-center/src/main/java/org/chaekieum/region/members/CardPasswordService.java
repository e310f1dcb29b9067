package org.chaekieum.region.members;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chaekieum.contracts.api.CardPasswordCheck;
import org.chaekieum.contracts.api.FieldChecks;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.config.CardPasswordConfig;
import org.chaekieum.region.members.CardPasswordRules.Attempts;
import org.chaekieum.region.members.CardPasswordRules.Limits;
import org.chaekieum.region.repository.Member;
import org.chaekieum.region.repository.MemberRegistration;
import org.chaekieum.runtime.problem.ProblemException;
import org.jboss.logging.Logger;

/**
 * Checks the card password a library keeps for a member (set at import) against the one typed, e.g. at a self-check
 * kiosk; wrong ones in a row lock it ({@link CardPasswordRules}). Neither the password nor its hash is ever answered or
 * logged.
 *
 * <p>The hash is compared outside any transaction (PBKDF2 takes its time; no connection or row lock is held meanwhile);
 * the attempt is then counted under the registration's row lock, so that concurrent attempts (at any replica) are
 * counted one after the other and none is lost, and a lock set by one of them holds for the others. A refusal is
 * answered only after its count has committed.
 */
@ApplicationScoped
public class CardPasswordService {

    private static final Logger LOG = Logger.getLogger(CardPasswordService.class);

    @Inject
    MemberQueries members;

    @Inject
    PasswordHasher passwords;

    @Inject
    CardPasswordConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry registry;

    private enum Outcome { MATCHED, WRONG, LOCKED, NOT_SET }

    /** What a check came to, and the attempts after it. */
    private record Result(Outcome outcome, Attempts attempts, Instant at) {
    }

    /** What was read before comparing: the registration, its hash (null: none kept) and its attempts. */
    private record Kept(String memberNumber, long memberId, String libraryCode, String hash, Attempts attempts) {
    }

    /**
     * Returns when the password is the one kept; otherwise refuses: 422 {@code CARD_PASSWORD_WRONG} (with
     * {@code attemptsLeft}), 429 {@code CARD_PASSWORD_LOCKED} (with {@code retryAfterSeconds} and a Retry-After
     * header), 409 {@code CARD_PASSWORD_NOT_SET}, or the member read's 400 and 404.
     */
    public void check(String libraryCode, String memberNumber, CardPasswordCheck request) {
        validate(libraryCode, memberNumber, request);
        Limits limits = new Limits(config.maxFailures(), config.lock());
        Kept kept = QuarkusTransaction.requiringNew().call(() -> {
            Member member = members.registered(libraryCode, memberNumber);
            MemberRegistration registration = MemberRegistration.of(member.id, libraryCode)
                    .orElseThrow(() -> new ProblemException(ErrorCode.MEMBER_NOT_FOUND));
            return new Kept(memberNumber, member.id, libraryCode, registration.passwordHash,
                    attempts(registration));
        });
        Instant now = clock.instant();
        if (kept.hash() == null) {
            throw answer(new Result(Outcome.NOT_SET, kept.attempts(), now), limits);
        }
        if (kept.attempts().lockedAt(now)) {
            throw answer(new Result(Outcome.LOCKED, kept.attempts(), now), limits); // nothing compared while locked
        }
        boolean matched = passwords.matches(request.password(), kept.hash());
        Result result = QuarkusTransaction.requiringNew().call(() -> count(kept, matched, request.password(), limits));
        if (result.outcome() != Outcome.MATCHED) {
            throw answer(result, limits);
        }
        registry.counter("chaekieum.card-password.checks", "outcome", "matched").increment();
    }

    /** Counts the attempt under the registration's row lock; in the caller's transaction. */
    private Result count(Kept kept, boolean matched, String password, Limits limits) {
        MemberRegistration registration = MemberRegistration.lockedOf(kept.memberId(), kept.libraryCode())
                .orElseThrow(() -> new ProblemException(ErrorCode.MEMBER_NOT_FOUND));
        Instant now = clock.instant();
        Attempts before = attempts(registration);
        if (registration.passwordHash == null) {
            return new Result(Outcome.NOT_SET, before, now); // erased meanwhile (withdrawal)
        }
        if (before.lockedAt(now)) {
            return new Result(Outcome.LOCKED, before, now); // locked meanwhile by a concurrent attempt
        }
        boolean right = registration.passwordHash.equals(kept.hash()) ? matched
                : passwords.matches(password, registration.passwordHash);
        Attempts after = right ? Attempts.NONE : CardPasswordRules.afterFailure(before, now, limits);
        registration.passwordFailures = after.failures();
        registration.passwordFailuresSince = after.failuresSince();
        registration.passwordLockedUntil = after.lockedUntil();
        if (after.lockedAt(now)) {
            LOG.warnf("card password of member %s at %s locked until %s after %d wrong in a row",
                    kept.memberNumber(), kept.libraryCode(), after.lockedUntil(), after.failures());
            return new Result(Outcome.LOCKED, after, now);
        }
        return new Result(right ? Outcome.MATCHED : Outcome.WRONG, after, now);
    }

    private ProblemException answer(Result result, Limits limits) {
        registry.counter("chaekieum.card-password.checks", "outcome",
                result.outcome().name().toLowerCase(Locale.ROOT)).increment();
        return switch (result.outcome()) {
            case NOT_SET -> new ProblemException(ErrorCode.CARD_PASSWORD_NOT_SET);
            case WRONG -> {
                int left = CardPasswordRules.attemptsLeft(result.attempts(), limits);
                long minutes = Math.max(1, limits.lock().toMinutes());
                yield ProblemException.because(ErrorCode.CARD_PASSWORD_WRONG, "attempts-left", left, minutes)
                        .withContext(Map.of("attemptsLeft", left));
            }
            case LOCKED -> {
                long seconds = result.attempts().retryAfterSeconds(result.at());
                yield ProblemException
                        .because(ErrorCode.CARD_PASSWORD_LOCKED, "retry-after", limits.maxFailures(), seconds)
                        .withContext(Map.of("retryAfterSeconds", seconds))
                        .withHeader("Retry-After", String.valueOf(seconds));
            }
            case MATCHED -> throw new IllegalStateException("a match is no refusal");
        };
    }

    private static Attempts attempts(MemberRegistration r) {
        return new Attempts(r.passwordFailures, r.passwordFailuresSince, r.passwordLockedUntil);
    }

    private static void validate(String libraryCode, String memberNumber, CardPasswordCheck request) {
        List<FieldError> errors = new ArrayList<>();
        if (!LibraryCode.isValid(libraryCode)) {
            errors.add(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID));
        }
        if (memberNumber == null || !memberNumber.matches("[0-9]{14}")) {
            errors.add(FieldError.of("memberNumber", ErrorCode.MEMBER_NUMBER_INVALID));
        }
        if (request == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body").withErrors(errors);
        }
        if (request.password() == null || request.password().isBlank()) {
            errors.add(FieldError.of("password", ErrorCode.FIELD_REQUIRED));
        } else {
            FieldChecks.line(errors, "password", request.password(), CardPasswordCheck.PASSWORD_MAX);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }
}
