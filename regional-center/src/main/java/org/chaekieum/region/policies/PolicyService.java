package org.chaekieum.region.policies;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.chaekieum.contracts.api.LibraryPolicy;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.circulation.CheckoutRules;
import org.chaekieum.region.config.CirculationConfig;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.repository.PolicyRow;
import org.chaekieum.region.suspensions.SuspensionRules;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * Each library's loan policy: its own row, or the configured default. Read on every checkout, return and renewal, so
 * it is cached per replica; a change made here is seen at once by this replica and by the others within the cache's
 * expiry ({@code quarkus.cache.caffeine."library-policy".expire-after-write}).
 */
@ApplicationScoped
public class PolicyService {

    @Inject
    @CacheName("library-policy")
    Cache cache;

    @Inject
    CirculationConfig config;

    @Inject
    EnrollmentService enrollment;

    @Inject
    Clock clock;

    public LibraryPolicy of(String libraryCode) {
        return cache.get(libraryCode, code -> QuarkusTransaction.joiningExisting().call(() -> read(code)))
                .await().indefinitely();
    }

    private LibraryPolicy read(String libraryCode) {
        PolicyRow row = PolicyRow.findById(libraryCode);
        if (row == null) {
            CirculationConfig.DefaultPolicy d = config.defaultPolicy();
            return new LibraryPolicy(d.loanCap(), d.loanPeriodDays(), d.renewalLimit(), d.renewalDays(), null,
                    defaultSuspension());
        }
        SuspensionPolicy suspension = row.suspensionCounting == null ? defaultSuspension()
                : new SuspensionPolicy(row.suspensionOffsetBefore, row.suspensionWeight, row.suspensionOffsetAfter,
                        row.suspensionCounting, row.suspensionSkipClosedDays, row.suspensionMaxDays,
                        row.suspensionWarnOnly);
        return new LibraryPolicy(row.loanCap, row.loanPeriodDays, row.renewalLimit, row.renewalDays,
                row.multiChildLoanCap, suspension);
    }

    private SuspensionPolicy defaultSuspension() {
        CirculationConfig.DefaultSuspension d = config.defaultSuspension();
        return new SuspensionPolicy(d.offsetBefore(), d.weight(), d.offsetAfter(), d.counting(), d.skipClosedDays(),
                d.maxDays(), d.warnOnly());
    }

    public LibraryPolicy put(String libraryCodeText, LibraryPolicy policy) {
        validate(libraryCodeText, policy);
        LibraryPolicy saved = QuarkusTransaction.requiringNew().call(() -> write(libraryCodeText, policy));
        cache.invalidate(libraryCodeText).await().indefinitely();
        return saved;
    }

    /** Every invalid value at once, before a transaction is opened. */
    private void validate(String libraryCodeText, LibraryPolicy policy) {
        if (!LibraryCode.isValid(libraryCodeText)) {
            throw ProblemException.invalid(List.of(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID)));
        }
        enrollment.requireServed(LibraryCode.of(libraryCodeText));
        if (policy == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "empty-body");
        }
        List<FieldError> errors = new ArrayList<>(CheckoutRules.checkPolicy(policy));
        if (policy.suspension() != null) {
            errors.addAll(SuspensionRules.check(policy.suspension()));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    private LibraryPolicy write(String libraryCodeText, LibraryPolicy policy) {
        PolicyRow row = PolicyRow.findById(libraryCodeText);
        if (row == null) {
            row = new PolicyRow();
            row.libraryCode = libraryCodeText;
        }
        row.loanCap = policy.loanCap();
        row.loanPeriodDays = policy.loanPeriodDays();
        row.renewalLimit = policy.renewalLimit();
        row.renewalDays = policy.renewalDays();
        row.multiChildLoanCap = policy.multiChildLoanCap();
        SuspensionPolicy suspension = policy.suspension();
        row.suspensionOffsetBefore = suspension == null ? null : suspension.offsetBefore();
        row.suspensionWeight = suspension == null ? null : suspension.weight();
        row.suspensionOffsetAfter = suspension == null ? null : suspension.offsetAfter();
        row.suspensionCounting = suspension == null ? null : suspension.counting();
        row.suspensionSkipClosedDays = suspension == null ? null : suspension.skipClosedDays();
        row.suspensionMaxDays = suspension == null ? null : suspension.maxDays();
        row.suspensionWarnOnly = suspension == null ? null : suspension.warnOnly();
        row.updatedAt = clock.instant();
        row.persist();
        return read(libraryCodeText);
    }
}
