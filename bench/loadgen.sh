#!/usr/bin/env bash
# SIP load over UDP against a running Herald (or any SIP presence server).
#   bench/loadgen.sh latency --target 127.0.0.1:5060 --presentities 100 --watchers 1 --rate 100
#   bench/loadgen.sh rate --target 127.0.0.1:5060 --method publish --rate 500 --duration 60
#   bench/loadgen.sh faults --target 127.0.0.1:5060 --presentities 20 --watchers 2 --rate 20 --duration 30
# Builds bench/loadgen when needed; `bench/loadgen.sh --help` lists every flag.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
module="$root/bench/loadgen"
jar="$module/target/loadgen.jar"

needs_build() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find "$module/src/main" "$module/pom.xml" "$root/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ] && return 0
  return 1
}

if needs_build; then
  echo "loadgen: building ..." >&2
  mvn -B -q -ntp -f "$module/pom.xml" -Dmaven.test.skip=true package >&2
  touch "$jar"   # an up-to-date jar is not rewritten; mark it checked
fi

# shellcheck disable=SC2086
exec java ${LOADGEN_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC} -jar "$jar" "$@"
