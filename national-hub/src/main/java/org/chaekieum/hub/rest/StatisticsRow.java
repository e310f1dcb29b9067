package org.chaekieum.hub.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chaekieum.contracts.error.ErrorCode;
import org.chaekieum.hub.statistics.Measure;
import org.chaekieum.hub.statistics.StatisticsQueries.Figures;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The figures of one period and region (or library); {@code totals} has no period, region or library. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Counts of events whose business time (Korean time) falls in the period")
public record StatisticsRow(
        @Schema(description = "The day (YYYY-MM-DD) or month (YYYY-MM)") String period,
        @Schema(description = "Region id of the library") String region,
        @Schema(description = "Library code (groupBy=library only)") String library,
        @Schema(description = "Loans made at the library, degraded ones included") long checkouts,
        @Schema(description = "Loans made without the hub's reservation (hub unreachable, or reported later)")
        long degradedCheckouts,
        @Schema(description = "Loans of the library that ended, wherever the item was given back") long returns,
        @Schema(description = "Items of OTHER libraries given back at this library (타관반납 taken in)")
        long returnsElsewhere,
        @Schema(description = "Due dates of the library's loans moved") long renewals,
        @Schema(description = "Members enrolled at the library") long enrollments,
        @Schema(description = "Members registered at the library from another library's record (반입)") long imports,
        @Schema(description = "Suspensions from borrowing set by the library") long suspensions,
        @Schema(description = "Checkouts refused, by reason: NATIONAL_CAP_REACHED, LIBRARY_CAP_REACHED, "
                + "MEMBER_SUSPENDED, NATIONAL_CAP_UNVERIFIABLE (hub unreachable), OTHER")
        Map<String, Long> refusals,
        @Schema(description = "Members who borrowed at the library on the day, each once; summed over the library-days "
                + "of a region or month (a member borrowing at two libraries or on two days counts in each)")
        long distinctBorrowers) {

    /** The refusal reasons, in the order of the CSV's columns. */
    static final Map<String, Measure> REFUSALS = reasons();

    static StatisticsRow of(Figures f) {
        return of(f.period(), f.region(), f.library(), f.values());
    }

    static StatisticsRow of(String period, String region, String library, long[] v) {
        Map<String, Long> refusals = new LinkedHashMap<>();
        REFUSALS.forEach((reason, measure) -> refusals.put(reason, v[measure.ordinal()]));
        return new StatisticsRow(period, region, library, v[Measure.CHECKOUTS.ordinal()],
                v[Measure.DEGRADED_CHECKOUTS.ordinal()], v[Measure.RETURNS.ordinal()],
                v[Measure.RETURNS_ELSEWHERE.ordinal()], v[Measure.RENEWALS.ordinal()],
                v[Measure.ENROLLMENTS.ordinal()], v[Measure.IMPORTS.ordinal()], v[Measure.SUSPENSIONS.ordinal()],
                refusals, v[Measure.BORROWERS.ordinal()]);
    }

    private static Map<String, Measure> reasons() {
        Map<String, Measure> m = new LinkedHashMap<>();
        m.put(ErrorCode.NATIONAL_CAP_REACHED.name(), Measure.REFUSED_NATIONAL_CAP);
        m.put(ErrorCode.LIBRARY_CAP_REACHED.name(), Measure.REFUSED_LIBRARY_CAP);
        m.put(ErrorCode.MEMBER_SUSPENDED.name(), Measure.REFUSED_SUSPENDED);
        m.put(ErrorCode.NATIONAL_CAP_UNVERIFIABLE.name(), Measure.REFUSED_CAP_UNVERIFIABLE);
        m.put("OTHER", Measure.REFUSED_OTHER);
        return Collections.unmodifiableMap(m);
    }
}
