package org.chaekieum.hub.dashboard;

/**
 * The figures behind the dashboard, by scope. The first implementation ({@link HubDashboardFigures}) reads what the hub
 * already holds (the national ledger and registry, suspensions, overruns) and what it asks around (the regions' health,
 * the broker's offsets); the daily statistics per library will replace the parts the hub cannot see. Every answer is a
 * plain record with counts, region ids and library codes: no personal data.
 */
public interface DashboardFigures {

    Overview national();

    /** The figures of one region (a region id as configured at the hub). */
    Overview region(String regionId);

    /** The figures of one library (a valid 6-digit library code). */
    Overview library(String libraryCode);
}
