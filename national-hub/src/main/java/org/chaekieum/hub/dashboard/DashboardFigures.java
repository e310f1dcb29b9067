package org.chaekieum.hub.dashboard;

/**
 * The figures behind the dashboard, by scope. The implementation ({@link HubDashboardFigures}) reads the daily
 * statistics (today's counts and refusals, the 90-day series), what the hub holds itself (suspensions, duplicates,
 * overruns, the 48-hour series from the national ledger and registry) and what it asks around (the regions' health,
 * the broker's offsets). Every answer is a
 * plain record with counts, region ids and library codes: no personal data.
 */
public interface DashboardFigures {

    Overview national();

    /** The figures of one region (a region id as configured at the hub). */
    Overview region(String regionId);

    /** The figures of one library (a valid 6-digit library code). */
    Overview library(String libraryCode);
}
