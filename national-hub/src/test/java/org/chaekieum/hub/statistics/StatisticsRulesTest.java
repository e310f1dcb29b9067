package org.chaekieum.hub.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.chaekieum.contracts.api.MemberCategory;
import org.chaekieum.contracts.api.MemberStatus;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventCodec;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.event.MemberLinked;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.id.NumberForm;
import org.chaekieum.hub.statistics.StatisticsRules.Borrower;
import org.chaekieum.hub.statistics.StatisticsRules.Count;
import org.chaekieum.hub.statistics.StatisticsRules.Counted;
import org.junit.jupiter.api.Test;

/** What each event adds to the daily statistics, without a database. */
class StatisticsRulesTest {

    private static final String MEMBER = "11100126000016";
    /** 23:59:59 on 2026-11-14 in Korea. */
    private static final Instant LAST_SECOND = Instant.parse("2026-11-14T14:59:59Z");
    private static final Instant NEXT_DAY = Instant.parse("2026-11-14T15:00:00Z");

    private final StatisticsRules.Lookups lookups = new StatisticsRules.Lookups() {
        private final Map<String, String> regions = Map.of("11", "seoul", "41", "gyeonggi");

        @Override
        public Optional<String> regionOf(String libraryCode) {
            return Optional.ofNullable(regions.get(libraryCode.substring(1, 3)));
        }

        @Override
        public Optional<String> libraryOfLoan(String loanId) {
            return loanId.equals("known") ? Optional.of("111001") : Optional.empty();
        }
    };

    @Test
    void theDayIsTheEventsOwnBusinessTimeInKoreanTime() {
        assertThat(count(loan(LAST_SECOND, false), LAST_SECOND).day()).isEqualTo(LocalDate.of(2026, 11, 14));
        assertThat(count(loan(NEXT_DAY, false), NEXT_DAY).day()).isEqualTo(LocalDate.of(2026, 11, 15));
        // Received (enveloped) much later: still the day of the loan.
        assertThat(count(loan(LAST_SECOND, false), LAST_SECOND.plusSeconds(86_400 * 5)).day())
                .isEqualTo(LocalDate.of(2026, 11, 14));
    }

    @Test
    void aLoanIsACheckoutAtTheLendingLibraryAndADegradedOneIsCountedAsSuch() {
        Counted plain = count(loan(LAST_SECOND, false), LAST_SECOND);
        assertThat(plain.counts()).containsExactly(new Count("111001", "seoul", Measure.CHECKOUTS));
        assertThat(plain.borrower()).isEqualTo(new Borrower("111001", "seoul", MEMBER));
        assertThat(count(loan(LAST_SECOND, true), LAST_SECOND).counts()).containsExactly(
                new Count("111001", "seoul", Measure.CHECKOUTS),
                new Count("111001", "seoul", Measure.DEGRADED_CHECKOUTS));
    }

    @Test
    void aLoanWrittenMoreThanADayAfterItsDayIsACheckoutButNoNewBorrower() {
        Instant windowEnd = NEXT_DAY.plusSeconds(86_400); // the end of the next day
        assertThat(count(loan(LAST_SECOND, false), windowEnd).borrower()).isNotNull();
        Counted late = count(loan(LAST_SECOND, false), windowEnd.plusSeconds(1));
        assertThat(late.borrower()).isNull();
        assertThat(late.counts()).containsExactly(new Count("111001", "seoul", Measure.CHECKOUTS));
    }

    @Test
    void aReturnElsewhereEndsTheLendersLoanAndIsTakenInAtTheReturningLibrary() {
        Counted home = count(new LoanReturned("l1", MEMBER, "111001", "111001", LAST_SECOND), LAST_SECOND);
        assertThat(home.counts()).containsExactly(new Count("111001", "seoul", Measure.RETURNS));
        Counted away = count(new LoanReturned("l2", MEMBER, "111001", "141002", LAST_SECOND), LAST_SECOND);
        assertThat(away.counts()).containsExactly(new Count("111001", "seoul", Measure.RETURNS),
                new Count("141002", "gyeonggi", Measure.RETURNS_ELSEWHERE));
        assertThat(away.borrower()).isNull();
    }

    @Test
    void aRenewalCountsAtTheLendingLibraryNamedByTheEventOrElseByTheLedger() {
        assertThat(count(new LoanRenewed("any", MEMBER, LocalDate.of(2026, 12, 1), 1, LAST_SECOND, "141001"),
                LAST_SECOND).counts()).containsExactly(new Count("141001", "gyeonggi", Measure.RENEWALS));
        assertThat(count(new LoanRenewed("known", MEMBER, LocalDate.of(2026, 12, 1), 1, LAST_SECOND), LAST_SECOND)
                .counts()).containsExactly(new Count("111001", "seoul", Measure.RENEWALS));
        assertThat(StatisticsRules.count(envelope(new LoanRenewed("unknown", MEMBER, LocalDate.of(2026, 12, 1), 1,
                LAST_SECOND), LAST_SECOND), new LoanRenewed("unknown", MEMBER, LocalDate.of(2026, 12, 1), 1,
                LAST_SECOND), lookups)).isEmpty();
    }

    @Test
    void enrollmentsImportsSuspensionsAndRefusalsCountWhereTheyHappened() {
        assertThat(count(new MemberEnrolled(MEMBER, NumberForm.CHECK_DIGIT, "111001", "111002", "seoul", "h",
                MemberCategory.FULL, MemberStatus.PROVISIONAL, LAST_SECOND), LAST_SECOND).counts())
                .containsExactly(new Count("111002", "seoul", Measure.ENROLLMENTS));
        assertThat(count(new MemberImported(MEMBER, "141001", "gyeonggi", true, LAST_SECOND), LAST_SECOND).counts())
                .containsExactly(new Count("141001", "gyeonggi", Measure.IMPORTS));
        assertThat(count(new MemberSuspended(MEMBER, LocalDate.of(2026, 12, 1), "141002", "late", LAST_SECOND,
                "gyeonggi"), LAST_SECOND).counts()).containsExactly(new Count("141002", "gyeonggi",
                Measure.SUSPENSIONS));
        Map<String, Measure> reasons = Map.of("NATIONAL_CAP_REACHED", Measure.REFUSED_NATIONAL_CAP,
                "LIBRARY_CAP_REACHED", Measure.REFUSED_LIBRARY_CAP, "MEMBER_SUSPENDED", Measure.REFUSED_SUSPENDED,
                "NATIONAL_CAP_UNVERIFIABLE", Measure.REFUSED_CAP_UNVERIFIABLE, "IMPORT_REQUIRED", Measure.REFUSED_OTHER,
                "SOMETHING_NEW", Measure.REFUSED_OTHER);
        reasons.forEach((reason, measure) -> assertThat(count(new CheckoutRefused(MEMBER, "111001", "seoul", reason,
                LAST_SECOND), LAST_SECOND).counts()).containsExactly(new Count("111001", "seoul", measure)));
    }

    @Test
    void aLibraryTheHubCannotPlaceTakesTheRegionTheEventNamesElseUnknown() {
        assertThat(count(new MemberImported(MEMBER, "199001", "jeju", false, LAST_SECOND), LAST_SECOND).counts())
                .containsExactly(new Count("199001", "jeju", Measure.IMPORTS));
        assertThat(count(new LoanReturned("l3", MEMBER, "199001", "199001", LAST_SECOND), LAST_SECOND).counts())
                .containsExactly(new Count("199001", StatisticsRules.UNKNOWN_REGION, Measure.RETURNS));
    }

    @Test
    void eventsThatAreNotActivityOrNameNoValidLibraryCountNothing() {
        MemberLinked linked = new MemberLinked(MEMBER, "11100126000024", "seoul", LAST_SECOND);
        assertThat(StatisticsRules.count(envelope(linked, LAST_SECOND), linked, lookups)).isEmpty();
        CheckoutRefused odd = new CheckoutRefused(MEMBER, "11100", "seoul", "LIBRARY_CAP_REACHED", LAST_SECOND);
        assertThat(StatisticsRules.count(envelope(odd, LAST_SECOND), odd, lookups)).isEmpty();
        EventEnvelope unknownType = new EventEnvelope(EventEnvelope.SPEC_VERSION, "e", "/x", "org.chaekieum.x.v9",
                LAST_SECOND, MEMBER, "application/json", JsonNodeFactory.instance.objectNode());
        assertThat(StatisticsRules.count(unknownType, null, lookups)).isEmpty();
    }

    private LoanCreated loan(Instant at, boolean degraded) {
        return new LoanCreated("loan-" + at, MEMBER, "111001", "111001", "$111001EM0000000001", "seoul", at,
                LocalDate.of(2026, 12, 1), degraded);
    }

    private Counted count(EventPayload payload, Instant written) {
        Optional<Counted> counted = StatisticsRules.count(envelope(payload, written), payload, lookups);
        assertThat(counted).as("%s counts", payload).isPresent();
        return counted.get();
    }

    private static EventEnvelope envelope(EventPayload payload, Instant written) {
        return new EventCodec().envelope("/chaekieum/regions/seoul", payload, written);
    }
}
