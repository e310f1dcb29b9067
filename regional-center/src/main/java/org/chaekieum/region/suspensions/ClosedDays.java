package org.chaekieum.region.suspensions;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chaekieum.contracts.api.Problem.FieldError;
import org.chaekieum.contracts.api.SuspensionPolicy;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.contracts.id.LibraryCode;
import org.chaekieum.region.members.EnrollmentService;
import org.chaekieum.region.repository.Member;
import org.chaekieum.runtime.problem.ProblemException;

/**
 * Each library's closed days (휴관일), kept by the region's operators one year at a time. A suspension policy that
 * skips closed days does not count them as overdue.
 */
@ApplicationScoped
public class ClosedDays {

    @Inject
    EnrollmentService enrollment;

    /** The library's closed days of a year, in order. */
    public List<LocalDate> ofYear(String libraryCode, int year) {
        LibraryCode library = served(libraryCode);
        requireYear(year);
        return QuarkusTransaction.requiringNew().call(() -> between(library.value(), LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31)).stream().sorted().toList());
    }

    /** Replaces the library's closed days of a year; every date outside the year is listed in one refusal. */
    public List<LocalDate> replaceYear(String libraryCode, int year, List<LocalDate> days) {
        LibraryCode library = served(libraryCode);
        requireYear(year);
        if (days == null) {
            throw ProblemException.because(ErrorCode.MALFORMED_REQUEST, "date-list");
        }
        if (days.size() > SuspensionPolicy.CLOSED_DAYS_PER_YEAR_MAX) {
            int max = SuspensionPolicy.CLOSED_DAYS_PER_YEAR_MAX;
            throw ProblemException.invalid(
                    List.of(FieldError.of("closedDays", ErrorCode.FIELD_TOO_LONG, "closed-days", max)));
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            if (day == null || day.getYear() != year) {
                errors.add(FieldError.of("[" + i + "]", ErrorCode.FIELD_INVALID));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        TreeSet<LocalDate> unique = new TreeSet<>(days);
        QuarkusTransaction.requiringNew().run(() -> {
            Member.getEntityManager().createNativeQuery("delete from library_closed_day where library_code = ?1 "
                            + "and closed_on between ?2 and ?3")
                    .setParameter(1, library.value()).setParameter(2, LocalDate.of(year, 1, 1))
                    .setParameter(3, LocalDate.of(year, 12, 31)).executeUpdate();
            for (LocalDate day : unique) {
                Member.getEntityManager().createNativeQuery("insert into library_closed_day (library_code, closed_on) "
                                + "values (?1, ?2)")
                        .setParameter(1, library.value()).setParameter(2, day).executeUpdate();
            }
        });
        return List.copyOf(unique);
    }

    /** The library's closed days in {@code [from, to]}; runs in the caller's transaction. */
    public Set<LocalDate> between(String libraryCode, LocalDate from, LocalDate to) {
        @SuppressWarnings("unchecked")
        List<Object> rows = Member.getEntityManager().createNativeQuery("select closed_on from library_closed_day "
                        + "where library_code = ?1 and closed_on between ?2 and ?3")
                .setParameter(1, libraryCode).setParameter(2, from).setParameter(3, to)
                .getResultList();
        Set<LocalDate> days = new TreeSet<>();
        for (Object row : rows) {
            days.add(row instanceof Date date ? date.toLocalDate() : (LocalDate) row);
        }
        return days;
    }

    private LibraryCode served(String libraryCode) {
        if (!LibraryCode.isValid(libraryCode)) {
            throw ProblemException.invalid(List.of(FieldError.of("libraryCode", ErrorCode.LIBRARY_CODE_INVALID)));
        }
        LibraryCode library = LibraryCode.of(libraryCode);
        enrollment.requireServed(library);
        return library;
    }

    private static void requireYear(int year) {
        if (year < 2000 || year > 2100) {
            throw ProblemException.invalid(List.of(FieldError.of("year", ErrorCode.FIELD_INVALID)));
        }
    }
}
