package org.chaekieum.hub.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything one dashboard page shows for a scope: today's counts, the refusals, what needs watching, the time series,
 * the federation's pipeline and the regions' status, and the libraries below the scope. A {@code null} count is one
 * the hub cannot see (yet): the page shows "—" with a note. No personal data: counts, region ids and library codes.
 *
 * @param day       the Korean calendar day "today" refers to
 * @param regions   the regions' status (national: every configured region; region: that one; library: its region)
 * @param todayByRegion  today's counts of each region (the national page; empty below it)
 * @param libraries the libraries below the scope with their counts today (a region's libraries seen in the last 48
 *                  hours; empty for a library)
 */
public record Overview(Scope scope, Instant asOf, LocalDate day, Today today, Refusals refusals, Watch watch,
                       Series hourly, Series daily, Pipeline pipeline, List<RegionStatus> regions,
                       Map<String, Today> todayByRegion, List<LibraryToday> libraries) {

    /**
     * Circulation and membership today.
     *
     * @param checkouts        loans made today (confirmed in the national ledger)
     * @param returns          loans ended today (at the scope's libraries)
     * @param returnsElsewhere returns today at another library than the lending one (타관반납)
     * @param enrollments      unified numbers registered at the hub today
     * @param imports          imports (반입) today: not seen by the hub (null)
     */
    public record Today(long checkouts, long returns, long returnsElsewhere, long enrollments, Long imports) {
    }

    /**
     * Refused checkouts today by reason. The hub sees the national-cap refusals it answers itself (and the reservations
     * it refused for a suspension); the others are decided in the regions (null until the statistics report them).
     *
     * @param nationalCap    refused by the hub: national cap reached
     * @param suspension     refused by the hub: a suspension it holds (regions refuse most suspended members themselves)
     * @param libraryCap     decided in the region (null)
     * @param hubUnreachable decided in the region (null)
     * @param degradedLoans  loans made today under the degraded rule while the hub was unreachable (from the ledger)
     * @param countedSince   when the hub started counting its own refusals (its start, if after midnight)
     */
    public record Refusals(Long nationalCap, Long suspension, Long libraryCap, Long hubUnreachable, long degradedLoans,
                           Instant countedSince) {
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
