#!/usr/bin/env bash
# One command for a whole local federation: PostgreSQL, Kafka, Keycloak, the national hub (8090), two regional centers
# (Seoul 8091, Gyeonggi 8092) and the SIP2 gateway for self-check kiosks (SIP2 on 6001) as separate processes, with
# demo members and demo kiosks. Ctrl-C (or SIGTERM) stops everything.
# Needs only a JDK 17+; the Maven wrapper downloads Maven. Set SKIP_BUILD=1 to reuse the last build.
# Extra arguments are JVM options for the launcher, e.g. ./run-local.sh -Dfederation.kafka.port=19092
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "[federation] building (./mvnw -B -q -DskipTests package) ..."
  ./mvnw -B -q -DskipTests package
fi

for jar in national-hub/target/quarkus-app/quarkus-run.jar regional-center/target/quarkus-app/quarkus-run.jar \
           ils-adapter/target/quarkus-app/quarkus-run.jar deploy/target/runtime.classpath; do
  [[ -f "$jar" ]] || { echo "[federation] missing $jar: the build did not produce it" >&2; exit 1; }
done

exec java -Dfederation.root="$PWD" "$@" \
  -cp "$(cat deploy/target/runtime.classpath):deploy/target/classes" \
  org.chaekieum.deploy.LocalFederation
