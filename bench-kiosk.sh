#!/usr/bin/env bash
# Kiosk benchmark: SIP2 gateway vs straight REST. Starts its own federation (PostgreSQL, Kafka, Keycloak, the national
# hub, two regional centers and the SIP2 gateway with one kiosk account per client) on free ports with its work
# directory in deploy/target/bench-kiosk, prepares one member per client at 111001 with a generous loan cap, then, after
# a 20 s warm-up (not counted), measures kiosk round trips (checkout + checkin of a fresh item) for 1 client and for
# 8 clients (closed loop): through the gateway (SIP2 11 + 09 on a persistent kiosk connection) and straight over REST
# (POST checkouts + POST returns, keep-alive, Idempotency-Key), in alternating 5 s phases, 4 rounds per path
# (REST SIP2 SIP2 REST REST SIP2 SIP2 REST), so that the drift of a shared machine weighs on both paths alike.
# Prints round trips/s, p50/p99/max per path and per operation, the gateway's overhead (differences and ratios
# SIP2/REST; goal: p99 overhead < 5 ms), the CPU time each process spends per round trip (and per thread group of the
# gateway, the regional center and the benchmark's own clients), and the services' own means from their metrics.
# The benchmark JVM itself runs C1 only (like the services): its JIT settles within the warm-up instead of compiling
# the REST client with C2 on the same two cores during the measured phases.
# About 3 minutes on 2 cores; everything stops by itself; all traffic stays on 127.0.0.1.
# Needs only a JDK 17+. SKIP_BUILD=1 reuses the last build.
# Extra arguments are JVM options for the benchmark, e.g.
#   ./bench-kiosk.sh -Dbench.clients=16 -Dbench.phaseSeconds=15 -Dbench.rounds=2 -Dbench.warmupSeconds=30
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
exec env BENCH_JVM_OPTIONS="-XX:TieredStopAtLevel=1" deploy/bench.sh KioskBenchmark "$@"
