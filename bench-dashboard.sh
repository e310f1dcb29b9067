#!/usr/bin/env bash
# Dashboard benchmark (issue 15): starts its own federation (PostgreSQL, Kafka, Keycloak, the national hub with its
# dashboard caches off, two regional centers) on free ports with its work directory in deploy/target/bench-dashboard,
# loads a year (365 days) of daily statistics for 2,000 libraries in 17 regions straight into statistics.library_day
# and statistics.region_day (SQL, generate_series), VACUUM ANALYZEs them, then times 200 sequential requests (after 50
# not counted) of the dashboard's JSON feed with a national monitor's token: the national overview, the region seoul,
# the library 111001. Every answer is computed from the database (uncached). Prints p50/p95/p99/max per view, the goal
# (p99 < 200 ms) and pass/fail, and the baseline measured in the same run: the hub's /q/health/live (HTTP floor) and
# pgbench select-only with 1 client (each view's p50 in select-only transactions).
# About 2 to 3 minutes on 2 cores; everything stops by itself; all traffic stays on 127.0.0.1.
# Needs only a JDK 17+ (and pgbench for the baseline). SKIP_BUILD=1 reuses the last build.
# Extra arguments are JVM options for the benchmark, e.g. ./bench-dashboard.sh -Dbench.requests=500 -Dbench.days=730
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
exec env BENCH_JVM_OPTIONS="-XX:TieredStopAtLevel=1" deploy/bench.sh DashboardBenchmark "$@"
