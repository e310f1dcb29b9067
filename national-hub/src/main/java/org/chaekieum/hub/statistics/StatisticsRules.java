package org.chaekieum.hub.statistics;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.event.CheckoutRefused;
import org.chaekieum.contracts.event.EventEnvelope;
import org.chaekieum.contracts.event.EventPayload;
import org.chaekieum.contracts.event.LoanCreated;
import org.chaekieum.contracts.event.LoanRenewed;
import org.chaekieum.contracts.event.LoanReturned;
import org.chaekieum.contracts.event.MemberEnrolled;
import org.chaekieum.contracts.event.MemberImported;
import org.chaekieum.contracts.event.MemberSuspended;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.runtime.time.ClockProducer;

/**
 * What one member event adds to the daily statistics: a pure function of the event, so that counting it live and
 * counting it again in a rebuild give the same figures.
 *
 * <ul>
 *   <li><b>Day</b>: the event's own business time in Korean time (checkedOutAt, returnedAt, renewedAt, enrolledAt,
 *   importedAt, setAt, refusedAt), never the time the hub received it.</li>
 *   <li><b>Checkouts</b> (loan.created) at the lending library; degraded loans count as checkouts and, in
 *   {@link Measure#DEGRADED_CHECKOUTS}, as degraded.</li>
 *   <li><b>Returns</b> (loan.returned): every ended loan counts once in {@link Measure#RETURNS} at the library that
 *   lent it, so that a library's returns match its checkouts. A return elsewhere (타관반납: given back at another
 *   library than the lending one) ALSO counts in {@link Measure#RETURNS_ELSEWHERE} at the library where it was given
 *   back, which is the library that did the work. The national sum of returns is therefore the number of loans ended;
 *   returns elsewhere are a part of them, seen from the receiving side.</li>
 *   <li><b>Renewals</b> (loan.renewed) at the lending library (named by the event; for events written before the
 *   field existed, from the national ledger).</li>
 *   <li><b>Enrollments</b> (member.enrolled), <b>imports</b> (member.imported) at the library where the member was
 *   registered; <b>suspensions</b> (member.suspended) at the library that set it.</li>
 *   <li><b>Refusals</b> (checkout.refused) at the refusing library, by reason. Counted from the region's event only:
 *   the hub's own refusals of reservations (NATIONAL_CAP_REACHED, MEMBER_SUSPENDED) reach the desk through the region,
 *   which announces them, so counting them at the hub too would count them twice.</li>
 *   <li><b>Distinct borrowers</b>: a member who borrowed at the library that day counts once, however many loans.
 *   The day's figure is final once the day is {@link #BORROWER_WINDOW} over: a loan whose event was written later
 *   (e.g. a library system's report sent days late) counts as a checkout but never as a new borrower, so the figure
 *   does not depend on how long the hub keeps the day's member numbers, and a rebuild gives the same.</li>
 * </ul>
 * Events of other types count nothing. A library code that is not 6 digits counts nothing (the event is malformed).
 */
public final class StatisticsRules {

    /** Days are counted in Korean time. */
    public static final ZoneId ZONE = ClockProducer.KOREA;
    /** How long after the end of its day a loan's event may be written and still add a borrower. */
    public static final Duration BORROWER_WINDOW = Duration.ofDays(1);
    /** The region of a library the hub cannot place (no region claims its digits, the event names none). */
    public static final String UNKNOWN_REGION = "unknown";
    static final int REGION_MAX = 40;

    private StatisticsRules() {
    }

    /** One figure of one library raised by one. */
    public record Count(String library, String region, Measure measure) {
    }

    /** A member who borrowed at a library on the event's day. */
    public record Borrower(String library, String region, String memberNumber) {
    }

    /** What an event adds: its day, the figures it raises, and the borrower it may add (or null). */
    public record Counted(String eventId, LocalDate day, List<Count> counts, Borrower borrower) {
    }

    /** Where the rules look up what an event does not say. */
    public interface Lookups {
        /** The region a library belongs to, when the hub's configuration places it. */
        Optional<String> regionOf(String libraryCode);

        /** The lending library of a loan, from the national ledger (for renewals written without it). */
        Optional<String> libraryOfLoan(String loanId);
    }

    /** What the event adds to the statistics; empty when it adds nothing. */
    public static Optional<Counted> count(EventEnvelope envelope, EventPayload payload, Lookups lookups) {
        List<Count> counts = new ArrayList<>();
        Borrower borrower = null;
        Instant at;
        if (payload instanceof LoanCreated created) {
            at = created.checkedOutAt();
            String region = region(created.libraryCode(), created.region(), lookups);
            add(counts, created.libraryCode(), region, Measure.CHECKOUTS);
            if (created.degraded()) {
                add(counts, created.libraryCode(), region, Measure.DEGRADED_CHECKOUTS);
            }
            if (LibraryCode.isValid(created.libraryCode()) && validNumber(created.memberNumber())
                    && !envelope.time().isAfter(endOfDay(day(at)).plus(BORROWER_WINDOW))) {
                borrower = new Borrower(created.libraryCode(), region, created.memberNumber());
            }
        } else if (payload instanceof LoanReturned returned) {
            at = returned.returnedAt();
            add(counts, returned.libraryCode(), region(returned.libraryCode(), null, lookups), Measure.RETURNS);
            if (!returned.returnedAtLibrary().equals(returned.libraryCode())) {
                add(counts, returned.returnedAtLibrary(), region(returned.returnedAtLibrary(), null, lookups),
                        Measure.RETURNS_ELSEWHERE);
            }
        } else if (payload instanceof LoanRenewed renewed) {
            at = renewed.renewedAt();
            String library = renewed.libraryCode() != null ? renewed.libraryCode()
                    : lookups.libraryOfLoan(renewed.loanId()).orElse(null);
            add(counts, library, region(library, null, lookups), Measure.RENEWALS);
        } else if (payload instanceof MemberEnrolled enrolled) {
            at = enrolled.enrolledAt();
            add(counts, enrolled.libraryCode(), region(enrolled.libraryCode(), enrolled.region(), lookups),
                    Measure.ENROLLMENTS);
        } else if (payload instanceof MemberImported imported) {
            at = imported.importedAt();
            add(counts, imported.libraryCode(), region(imported.libraryCode(), imported.region(), lookups),
                    Measure.IMPORTS);
        } else if (payload instanceof MemberSuspended suspended) {
            at = suspended.setAt();
            add(counts, suspended.setByLibrary(), region(suspended.setByLibrary(), suspended.region(), lookups),
                    Measure.SUSPENSIONS);
        } else if (payload instanceof CheckoutRefused refused) {
            at = refused.refusedAt();
            add(counts, refused.libraryCode(), region(refused.libraryCode(), refused.region(), lookups),
                    refusal(refused.reason()));
        } else {
            return Optional.empty();
        }
        if (counts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Counted(envelope.id(), day(at), List.copyOf(counts), borrower));
    }

    /** The figure a refusal reason raises. */
    public static Measure refusal(String reason) {
        if (ErrorCode.NATIONAL_CAP_REACHED.name().equals(reason)) {
            return Measure.REFUSED_NATIONAL_CAP;
        }
        if (ErrorCode.LIBRARY_CAP_REACHED.name().equals(reason)) {
            return Measure.REFUSED_LIBRARY_CAP;
        }
        if (ErrorCode.MEMBER_SUSPENDED.name().equals(reason)) {
            return Measure.REFUSED_SUSPENDED;
        }
        if (ErrorCode.NATIONAL_CAP_UNVERIFIABLE.name().equals(reason)) {
            return Measure.REFUSED_CAP_UNVERIFIABLE;
        }
        return Measure.REFUSED_OTHER;
    }

    /** The Korean day of an instant. */
    public static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZONE);
    }

    /** The first instant of a Korean day. */
    public static Instant startOfDay(LocalDate day) {
        return day.atStartOfDay(ZONE).toInstant();
    }

    private static Instant endOfDay(LocalDate day) {
        return startOfDay(day.plusDays(1));
    }

    private static void add(List<Count> counts, String library, String region, Measure measure) {
        if (LibraryCode.isValid(library)) {
            counts.add(new Count(library, region, measure));
        }
    }

    /** The library's region by its code's digits, else the region the event names, else {@link #UNKNOWN_REGION}. */
    private static String region(String library, String named, Lookups lookups) {
        Optional<String> configured = LibraryCode.isValid(library) ? lookups.regionOf(library) : Optional.empty();
        if (configured.isPresent()) {
            return configured.get();
        }
        if (named != null && !named.isBlank() && named.length() <= REGION_MAX) {
            return named;
        }
        return UNKNOWN_REGION;
    }

    private static boolean validNumber(String memberNumber) {
        return memberNumber != null && memberNumber.length() == 14 && memberNumber.chars().allMatch(Character::isDigit);
    }
}
