#!/usr/bin/env bash
# The registrant worker under many accounts: REGISTERs per second over time, worker CPU and RSS.
#   bench/registrant.sh                       # 10,000 accounts, 75 s
#   bench/registrant.sh --accounts=2000 --duration-s=40 --spread-window-ms=10000 --grant-s=20
# Options (--key=value): accounts, duration-s, spread-window-ms, max-registers-per-second, grant-s, challenge.
# An embedded broker and the test registrar run in one JVM, the worker in another.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cp_file="registrant-worker/target/bench.classpath"

echo "registrant bench: building ..." >&2
mvn -B -q -ntp ${MVN_OFFLINE:+-o} -pl registrant-worker -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >&2

classpath="$root/registrant-worker/target/test-classes:$root/registrant-worker/target/classes"
for module in testkit common schemas kafka-embedded; do
  classpath="$classpath:$root/$module/target/classes"
done
# Herald's own modules come from the build above, never from the local repository.
deps="$(tr ':' '\n' < "$cp_file" | grep -v '/dev/herald/' | paste -sd: -)"

# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx1g -XX:+UseSerialGC} -cp "$classpath:$deps" \
  dev.herald.registrant.bench.RegistrantBench "$@"
