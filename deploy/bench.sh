#!/usr/bin/env bash
# What the bench-*.sh scripts at the repository root share: build (unless SKIP_BUILD=1), check that the build made the
# services and the benchmark, and run the benchmark's class with the JVM options given after it.
#   deploy/bench.sh <class in org.chaekieum.deploy.bench> [JVM options...]
# BENCH_JVM_OPTIONS: options of the benchmark's own JVM that its script chooses (e.g. -XX:TieredStopAtLevel=1).
set -euo pipefail
cd "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
main="$1"
shift

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "[bench] building (./mvnw -B -q -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi

for file in national-hub/target/quarkus-app/quarkus-run.jar regional-center/target/quarkus-app/quarkus-run.jar \
            ils-adapter/target/quarkus-app/quarkus-run.jar deploy/target/runtime.classpath \
            "deploy/target/classes/org/chaekieum/deploy/bench/$main.class"; do
  [[ -f "$file" ]] || { echo "[bench] missing $file: the build did not produce it" >&2; exit 1; }
done

# shellcheck disable=SC2086 # BENCH_JVM_OPTIONS holds several options
exec java ${BENCH_JVM_OPTIONS:-} -Dfederation.root="$PWD" "$@" \
  -cp "$(cat deploy/target/runtime.classpath):deploy/target/classes" \
  "org.chaekieum.deploy.bench.$main"
