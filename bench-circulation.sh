#!/usr/bin/env bash
# Circulation benchmark: starts its own federation (PostgreSQL, Kafka, the national hub, two regional centers) on free
# ports with its work directory in deploy/target/bench, prepares members and generous caps, then runs
#   1. checkouts at a fixed 100/s for 20 s (each returned 1 s later, half at the other region): p50/p95/p99/max,
#   2. a peak phase with 16 and 32 closed-loop clients (checkout + return) for 15 s each: checkouts/s,
#   3. pgbench TPC-B-like (-i -s 10; -c 16 -j 2 -T 15) on a fresh database of the SAME PostgreSQL server,
# and prints the ratio peak checkouts/s / pgbench tps (goal >= 0.12, issue 17) and whether p99 < 25 ms at 100/s.
# A 60 s warm-up (8 clients, not counted) comes first. Everything stops by itself (about 4 minutes on 2 cores); all traffic stays on 127.0.0.1.
# Needs only a JDK 17+ (and pgbench: /usr/lib/postgresql/15/bin/pgbench). SKIP_BUILD=1 reuses the last build.
# Extra arguments are JVM options for the benchmark, e.g. ./bench-circulation.sh -Dbench.rate=200 -Dbench.peakClients=8,16
# Runs org.chaekieum.deploy.bench.CirculationBenchmark; ./bench-suspension.sh runs SuspensionBenchmark through this
# script (BENCH_CLASS=SuspensionBenchmark): same build, same federation.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
exec deploy/bench.sh "${BENCH_CLASS:-CirculationBenchmark}" "$@"
