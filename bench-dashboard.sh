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

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "[bench] building (./mvnw -B -q -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi

for file in national-hub/target/quarkus-app/quarkus-run.jar regional-center/target/quarkus-app/quarkus-run.jar \
            ils-adapter/target/quarkus-app/quarkus-run.jar deploy/target/runtime.classpath \
            deploy/target/classes/org/chaekieum/deploy/bench/DashboardBenchmark.class; do
  [[ -f "$file" ]] || { echo "[bench] missing $file: the build did not produce it" >&2; exit 1; }
done

exec java -XX:TieredStopAtLevel=1 -Dfederation.root="$PWD" "$@" \
  -cp "$(cat deploy/target/runtime.classpath):deploy/target/classes" \
  org.chaekieum.deploy.bench.DashboardBenchmark
