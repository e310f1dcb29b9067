package org.chaekieum.hub.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chaekieum.contracts.api.LoanStatus;
import org.chaekieum.contracts.api.LoanView;
import org.chaekieum.contracts.api.MemberLoans;
import org.chaekieum.contracts.api.Problem;
import org.chaekieum.contracts.api.TransitState;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.error.InvalidIdentifierException;
import org.chaekieum.hub.repository.CapOverrun;
import org.chaekieum.hub.repository.LedgerStatus;
import org.chaekieum.hub.repository.LoanReadAudit;
import org.chaekieum.hub.repository.NationalLoan;
import org.chaekieum.hub.rest.LedgerEntryView;
import org.chaekieum.hub.rest.OverrunView;
import org.chaekieum.runtime.problem.ProblemException;

/** Read side of the national loan ledger. */
@ApplicationScoped
@Transactional
public class LedgerQueries {

    @Inject
    LedgerService ledger;

    @Inject
    Clock clock;

    /**
     * Who reads a member's loans, for the audit: the token's principal and OIDC client ({@code azp}), the role read as
     * ({@code region-service} or {@code national-monitor}) and a region service's region.
     */
    public record Reader(String name, String clientId, String role, String region) {
    }

    /**
     * The member's count (reserved + active), its cap and the ACTIVE loans across every library. The read is audited
     * ({@link LoanReadAudit}) in the same transaction: no answer leaves without its audit row.
     */
    public MemberLoans memberLoans(String memberNumber, Reader reader) {
        if (!LoanRequests.validMemberNumber(memberNumber)) {
            throw new InvalidIdentifierException(ErrorCode.MEMBER_NUMBER_INVALID, "member number must be 14 digits");
        }
        LoanReadAudit audit = new LoanReadAudit();
        audit.memberNumber = memberNumber;
        audit.readBy = clip(reader.name(), 100);
        audit.clientId = clip(reader.clientId(), 100);
        audit.readAs = reader.role();
        audit.region = clip(reader.region(), 64);
        audit.readAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        audit.persist();
        Map<String, Integer> perLibrary = ledger.openPerLibrary(memberNumber);
        int cap = ledger.capFor(memberNumber, null);
        List<LoanView> loans = NationalLoan.activeOf(memberNumber).stream().map(LedgerQueries::view).toList();
        return new MemberLoans(memberNumber, cap, NationalCapRule.total(perLibrary), NationalCapRule.sorted(perLibrary),
                loans);
    }

    /** Items returned away from their owner and not yet home, to or from the library; oldest return first. */
    public List<LoanView> transitsAt(String libraryCode) {
        if (!LoanRequests.validLibraryCode(libraryCode)) {
            throw new InvalidIdentifierException(ErrorCode.LIBRARY_CODE_INVALID, "library code must be 6 digits");
        }
        return NationalLoan.<NationalLoan>find("transit in ?1 and (libraryCode = ?2 or returnedAtLibrary = ?2) "
                                + "order by returnedAt, loanId",
                        List.of(TransitState.RETURNED_ELSEWHERE, TransitState.SHIPPED), libraryCode)
                .page(0, 500).list().stream()
                .map(l -> new LoanView(l.loanId, null, l.libraryCode.trim(), trim(l.owningLibrary), l.itemBarcode,
                        l.checkedOutAt, l.dueOn, l.renewals, 0, LoanStatus.RETURNED, l.degraded, l.returnedAt,
                        trim(l.returnedAtLibrary), l.transit))
                .toList();
    }

    public List<OverrunView> overruns(int limit) {
        return CapOverrun.recent(limit).stream()
                .map(o -> new OverrunView(o.id, trim(o.memberNumber), o.nationalCap, o.activeLoans,
                        o.loanIds.isEmpty() ? List.of() : Arrays.asList(o.loanIds.split(",")), o.detectedAt, o.rule))
                .toList();
    }

    /** Ledger rows by region and status, ordered by loan id, after a loan id (keyset paging). */
    public List<LedgerEntryView> entries(String region, String status, String afterLoanId, int limit) {
        LedgerStatus wanted = status(status);
        StringBuilder query = new StringBuilder("status = :status");
        var params = new HashMap<String, Object>();
        params.put("status", wanted);
        if (region != null && !region.isBlank()) {
            query.append(" and region = :region");
            params.put("region", region);
        }
        if (afterLoanId != null && !afterLoanId.isBlank()) {
            query.append(" and loanId > :after");
            params.put("after", afterLoanId);
        }
        query.append(" order by loanId");
        return NationalLoan.<NationalLoan>find(query.toString(), params).page(0, limit).list().stream()
                .map(l -> new LedgerEntryView(l.loanId, trim(l.memberNumber), l.libraryCode.trim(), l.region,
                        l.status.name(), l.degraded, l.dueOn))
                .toList();
    }

    private static LedgerStatus status(String text) {
        if (text == null || text.isBlank()) {
            return LedgerStatus.ACTIVE;
        }
        try {
            return LedgerStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.because(ErrorCode.FIELD_INVALID, "ledger-status")
                    .withErrors(List.of(Problem.FieldError.of("status", ErrorCode.FIELD_INVALID, "ledger-status")));
        }
    }

    static LoanView view(NationalLoan l) {
        return new LoanView(l.loanId, l.memberNumber.trim(), l.libraryCode.trim(), trim(l.owningLibrary),
                l.itemBarcode, l.checkedOutAt, l.dueOn, l.renewals, 0, LoanStatus.ACTIVE, l.degraded, null, null,
                null);
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
