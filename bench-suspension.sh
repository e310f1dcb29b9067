#!/usr/bin/env bash
# Suspension propagation benchmark (대출정지정책공유): starts its own federation (like ./bench-circulation.sh, work directory
# deploy/target/bench), prepares 200 members (enrolled at 111001 in Seoul, imported at 141001 in Gyeonggi), then for
# each: a loan at 111001 made overdue, returned late there (which suspends the member), and checkouts tried at 141001
# until one is refused MEMBER_SUSPENDED. Prints p50/p95/p99/max from the late return to the refusal (goal p99 < 1 s).
# Runs org.chaekieum.deploy.bench.SuspensionBenchmark (built and started by ./bench-circulation.sh).
# Needs only a JDK 17+. SKIP_BUILD=1 reuses the last build. Extra arguments are JVM options, e.g. -Dbench.members=400.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
exec deploy/bench.sh SuspensionBenchmark "$@"
