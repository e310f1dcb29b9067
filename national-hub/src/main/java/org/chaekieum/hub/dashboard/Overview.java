package org.chaekieum.hub.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything one dashboard page shows for a scope: today's counts, the refusals, what needs watching, the time series,
 * the federation's pipeline and the regions' status, and the libraries below the scope. A {@code null} count is one
 * the hub cannot see (provisional members waiting, kept by the regions): the page shows "—" with a note. No personal
 * data: counts, region ids and library codes.
 *
 * @param day       the Korean calendar day "today" refers to
 * @param regions   the regions' status (national: every configured region; region: that one; library: its region)
 * @param todayByRegion  today's counts of each region (the national page; empty below it)
 * @param libraries the libraries below the scope with their counts today (a region's libraries with figures
 *                  yesterday or today; empty for a library)
 */
public record Overview(Scope scope, Instant asOf, LocalDate day, Today today, Refusals refusals, Watch watch,
                       Series hourly, Series daily, Pipeline pipeline, List<RegionStatus> regions,
                       Map<String, Today> todayByRegion, List<LibraryToday> libraries) {

    /**
     * Circulation and membership today, from the daily statistics (counted from the regions' events, with their
     * meaning: see {@code Measure}). For a library, returns and returns elsewhere are two different sides: returns are
     * the library's own loans ended (wherever the item was given back), returns elsewhere are other libraries' items
     * it took in. Nationally, returns elsewhere are a part of the returns.
     *
     * @param checkouts        loans made today at the scope's libraries (degraded ones included)
     * @param returns          loans of the scope's libraries ended today, wherever the item was given back
     * @param returnsElsewhere items of another library given back today at the scope's libraries (타관반납)
     * @param enrollments      members enrolled today at the scope's libraries (provisional ones included)
     * @param imports          members imported (반입) today at the scope's libraries
     */
    public record Today(long checkouts, long returns, long returnsElsewhere, long enrollments, long imports) {
    }

    /**
     * Refused checkouts today at the scope's libraries by reason, from the daily statistics (the regions announce
     * every refusal, the hub's own national-cap and suspension answers included, each counted once).
     *
     * @param nationalCap    NATIONAL_CAP_REACHED
     * @param suspension     MEMBER_SUSPENDED
     * @param libraryCap     LIBRARY_CAP_REACHED
     * @param hubUnreachable NATIONAL_CAP_UNVERIFIABLE: the hub unreachable and the degraded rule said no
     * @param other          any other reason (IMPORT_REQUIRED, ASSOCIATE_CANNOT_BORROW, MEMBER_NOT_ACTIVE, ...)
     * @param degradedLoans  loans made today under the degraded rule while the hub was unreachable
     */
    public record Refusals(long nationalCap, long suspension, long libraryCap, long hubUnreachable, long other,
                           long degradedLoans) {
    }

    /**
     * What needs watching.
     *
     * @param activeSuspensions  members suspended today (set by the scope's libraries)
     * @param duplicatesToday    numbers linked today as duplicates of an older number
     * @param duplicatesTotal    numbers linked as duplicates, ever
     * @param capOverrunsToday   loans found past a rule today (degraded loans past the national cap, or reported loans)
     * @param capOverrunsTotal   the same, ever
     * @param refusedNumbers     numbers the hub refused today (numbering standard)
     * @param provisionalWaiting members enrolled provisionally and waiting for the hub: kept by the regions (null)
     */
    public record Watch(long activeSuspensions, long duplicatesToday, long duplicatesTotal, long capOverrunsToday,
                        long capOverrunsTotal, long refusedNumbers, Long provisionalWaiting) {
    }

    /** Counts per bucket (an hour or a Korean day), oldest first, every bucket present (zero when nothing happened). */
    public record Series(String unit, List<Point> points) {
    }

    /** One bucket: its start, and what happened in it. */
    public record Point(Instant start, long checkouts, long returns, long enrollments) {
    }

    /**
     * The hub's side of the event pipeline (null where the broker could not be asked).
     *
     * @param hubConsumerLag    member events on the broker not yet applied by the hub
     * @param hubOutboxBacklog  the hub's decisions not yet published
     * @param deadLetters       records in the dead-letter topics (the hub's and every region's; below the nation, only
 *                          the region's own)
     * @param checkedAt         when the broker was last asked
     */
    public record Pipeline(Long hubConsumerLag, long hubOutboxBacklog, Long deadLetters, Instant checkedAt) {
    }

    /** A library below the scope and its counts today. */
    public record LibraryToday(String libraryCode, String region, long checkouts, long returns, long returnsElsewhere,
                               long enrollments) {
    }
}
