#!/usr/bin/env bash
# Load test of the sample API on loopback: metrics on versus PROMETHEUS_ENABLED=false.
#
# Starts two instances of the sample API (same jar, same JVM options), one with metrics on and one with
# PROMETHEUS_ENABLED=false, warms both, then runs wrk against them in alternating rounds (on/off, then off/on, ...)
# for each path, so drift in the machine's load hits both alike. Prints requests/s and latency of every run, then
# per path the means for on and off and their ratio (target: on >= 98 % of off).
#
#   benchmarks/load-test.sh                       # defaults below
#   ROUNDS=5 DURATION=30 benchmarks/load-test.sh  # longer, for the final figures
#
# Settings (environment):
#   API_JAR       the runnable sample API jar (default sample-api/target/sample-api.jar; built when missing)
#   RECORD_TABLE  the table of the record read (default projects): the script creates one record in each instance
#                 with POST /api/v1/tables/$RECORD_TABLE/records and reads it back with GET on its Location
#   ROUNDS        alternating rounds per path (default 3)
#   DURATION      seconds per wrk run (default 15)
#   WARMUP        seconds of wrk warm-up per instance and path, not counted (default 15)
#   THREADS       wrk threads (default 1), CONNECTIONS wrk connections (default 16)
#   JAVA_OPTS     JVM options of both instances (default -Xms512m -Xmx512m)
#   OUT           also write the summary to this file
#   OFF_INSTANCE_ENABLED  PROMETHEUS_ENABLED of the "off" instance (default false); true makes an A/A run that
#                 shows how far two identical instances differ on this machine
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
API_JAR="${API_JAR:-$root/sample-api/target/sample-api.jar}"
RECORD_TABLE="${RECORD_TABLE:-projects}"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-15}"
THREADS="${THREADS:-1}"
CONNECTIONS="${CONNECTIONS:-16}"
JAVA_OPTS="${JAVA_OPTS:--Xms512m -Xmx512m}"
OUT="${OUT:-}"

command -v wrk >/dev/null || { echo "load-test.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "load-test.sh: curl is not installed (apt-get install curl)" >&2; exit 1; }

if [[ ! -f "$API_JAR" ]]; then
  echo "load-test.sh: building $API_JAR" >&2
  (cd "$root" && mvn -B -q -DskipTests package -pl sample-api -am)
fi
[[ -f "$API_JAR" ]] || { echo "load-test.sh: no sample API jar at $API_JAR" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_api MODE PORT: starts one instance, MODE on or off
start_api() {
  local mode="$1" port="$2" enabled=true
  [[ "$mode" == off ]] && enabled="${OFF_INSTANCE_ENABLED:-false}"
  # shellcheck disable=SC2086
  BIND_HOST=127.0.0.1 API_PORT="$port" PROMETHEUS_ENABLED="$enabled" java $JAVA_OPTS -jar "$API_JAR" \
    >"$work/api-$mode.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/api/v1/health" 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "load-test.sh: the API ($mode) exited; its log:" >&2
      cat "$work/api-$mode.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "load-test.sh: the API ($mode) did not answer /api/v1/health within 60 s; its log:" >&2
  cat "$work/api-$mode.log" >&2
  exit 1
}

declare -A port
port[on]="$(free_port)"
start_api on "${port[on]}"
port[off]="$(free_port)"
start_api off "${port[off]}"

# the request paths, by name and instance: the health check, and a record created here and read back
declare -A url
names="health record"
for mode in on off; do
  base="http://127.0.0.1:${port[$mode]}"
  url[health,$mode]="$base/api/v1/health"
  location="$(curl -s -o /dev/null -D - -X POST -H 'Content-Type: application/json' \
    -d '{"name":"load-test","owner":"benchmarks"}' "$base/api/v1/tables/$RECORD_TABLE/records" \
    | tr -d '\r' | awk 'tolower($1) == "location:" {print $2}')"
  if [[ "$location" != /api/v1/tables/* ]]; then
    echo "load-test.sh: creating a record in the '$mode' instance gave no Location (got '$location')" >&2
    exit 1
  fi
  url[record,$mode]="$base$location"
  for name in $names; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "${url[$name,$mode]}")"
    if [[ "$code" != 200 ]]; then
      echo "load-test.sh: GET ${url[$name,$mode]} answered $code on the '$mode' instance, expected 200" >&2
      exit 1
    fi
  done
done
metrics="$(curl -s "http://127.0.0.1:${port[on]}/api/v1/metrics" | grep -c '^http_requests_total' || true)"
[[ "$metrics" -gt 0 ]] || { echo "load-test.sh: the 'on' instance exposes no http_requests_total" >&2; exit 1; }
off_code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[off]}/api/v1/metrics")"

# run_wrk MODE NAME SECONDS: prints "req_per_s p50_ms p99_ms non_2xx"
run_wrk() {
  local mode="$1" name="$2" seconds="$3"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency "${url[$name,$mode]}" \
    | awk '
        function ms(v) {
          if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
          if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
          if (v ~ /s$/)  { sub(/s$/, "", v); return v * 1000 }
          return v
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses/ { bad = $NF }
        END { printf "%s %.3f %.3f %s\n", rps, p50, p99, (bad == "" ? 0 : bad) }'
}

echo "warming up: ${WARMUP}s per instance and path" >&2
for name in $names; do
  for mode in on off; do
    run_wrk "$mode" "$name" "$WARMUP" >/dev/null
  done
done

results="$work/results"
: >"$results"
printf '%-8s %-4s %5s %12s %10s %10s\n' path mode round 'req/s' 'p50 ms' 'p99 ms'
for name in $names; do
  for round in $(seq 1 "$ROUNDS"); do
    if (( round % 2 == 1 )); then order="on off"; else order="off on"; fi
    for mode in $order; do
      read -r rps p50 p99 bad < <(run_wrk "$mode" "$name" "$DURATION")
      if [[ "$bad" != 0 ]]; then
        echo "load-test.sh: $bad non-2xx responses for ${url[$name,$mode]} ($mode)" >&2
        exit 1
      fi
      printf '%-8s %-4s %5s %12s %10s %10s\n' "$name" "$mode" "$round" "$rps" "$p50" "$p99"
      echo "$name $mode $round $rps $p50 $p99" >>"$results"
    done
  done
done

summary="$(awk '
  { n[$1" "$2]++; rps[$1" "$2] += $4; p50[$1" "$2] += $5; p99[$1" "$2] += $6; paths[$1] = 1 }
  END {
    printf "\n%-8s %12s %12s %9s %9s %9s %9s %10s\n", "path", "on req/s", "off req/s", "on p50", "off p50", "on p99", "off p99", "on/off"
    for (p in paths) {
      on = p" on"; off = p" off"
      r = (rps[on] / n[on]) / (rps[off] / n[off])
      printf "%-8s %12.0f %12.0f %9.3f %9.3f %9.3f %9.3f %9.1f%% %s\n", p, rps[on] / n[on], rps[off] / n[off],
        p50[on] / n[on], p50[off] / n[off], p99[on] / n[on], p99[off] / n[off], 100 * r, (r >= 0.98 ? "ok (>= 98%)" : "MISSED (< 98%)")
    }
  }' "$results")"
echo "$summary"
echo
echo "wrk -t$THREADS -c$CONNECTIONS, ${DURATION}s x $ROUNDS rounds per mode and path, warm-up ${WARMUP}s; JAVA_OPTS=$JAVA_OPTS"
echo "paths: health = GET /api/v1/health, record = GET ${url[record,on]#"http://127.0.0.1:${port[on]}"} (created by the script)"
echo "metrics endpoint: the on instance exposes http_requests_total; the off instance answers $off_code"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)"
if [[ -n "$OUT" ]]; then
  { cat "$results"; echo "$summary"; } >"$OUT"
fi
