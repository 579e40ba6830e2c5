#!/usr/bin/env bash
# Runs the JMH benchmarks, building benchmarks/target/benchmarks.jar first when it is missing or older than any
# library source. Every argument goes to JMH, for example:
#   benchmarks/run.sh 'recordRequest' -prof gc -rf json -rff out.json
#   benchmarks/run.sh -l                       # list the benchmarks
#   benchmarks/run.sh -h                       # JMH's options
# BENCHMARKS_REBUILD=1 forces a build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"

needs_build() {
  [[ "${BENCHMARKS_REBUILD:-0}" == 1 ]] && return 0
  [[ -f "$jar" ]] || return 0
  local newer
  newer="$(find "$root/pom.xml" "$root"/pybase-metrics-*/pom.xml "$root"/pybase-metrics-*/src/main "$here/pom.xml" \
    "$here/src/main" -newer "$jar" -type f -print -quit 2>/dev/null)"
  [[ -n "$newer" ]]
}

if needs_build; then
  echo "run.sh: building $jar" >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl benchmarks -am)
fi

exec java -jar "$jar" "$@"
