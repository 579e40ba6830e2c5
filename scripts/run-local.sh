#!/usr/bin/env bash
# Runs the embedded PyBase stack on this machine, no Docker: the sample API and both workers in one JVM
# (io.pybase.sample.allinone.AllInOneStack of module sample-all-in-one: in-memory queue, embedded H2), plus a local
# Prometheus with the monitoring config, recording and alert rules when the `prometheus` binary is installed, and a
# local Alertmanager (receivers from ALERTMANAGER_*_WEBHOOK_URL, see monitoring/render-alertmanager-config.sh) when
# `prometheus-alertmanager` (Debian) or `alertmanager` is. Runs in the foreground; Ctrl-C or SIGTERM stops
# everything it started.
#
#   ./scripts/run-local.sh                      start (builds the jars first when missing or out of date)
#   ./scripts/run-local.sh stop-worker search   stop ONE worker of a running stack (search | extraction)
#   ./scripts/run-local.sh start-worker search  start it again (same metrics port)
#
# Environment (defaults):
#   API_PORT=8000  API_METRICS_PORT=8001  EXTRACTION_METRICS_PORT=9091  SEARCH_METRICS_PORT=9092
#   PROMETHEUS_PORT=9090  ALERTMANAGER_PORT=9093
#   BIND_HOST=127.0.0.1        address of the API and metrics ports
#   (API_METRICS_PORT: the API's metrics on their own port and threads, what Prometheus scrapes; the same
#   exposition stays at :API_PORT/api/v1/metrics)
#   PROMETHEUS_CONFIG=...      Prometheus config to use as is (default: monitoring/prometheus-local.yml, with the
#                              ports above substituted when they differ from the defaults)
#   PROMETHEUS_BIN=prometheus  the Prometheus binary; when absent, only the JVM runs
#   ALERTMANAGER_BIN=...       the Alertmanager binary (default: prometheus-alertmanager, else alertmanager);
#                              when absent, Prometheus' alerts are not sent anywhere
#   ALERTMANAGER_ONCALL_WEBHOOK_URL, ALERTMANAGER_TICKETS_WEBHOOK_URL, ALERTMANAGER_WATCHDOG_WEBHOOK_URL
#                              the receivers' webhooks (unset: the receiver discards)
#   RUN_LOCAL_CONTROL_DIR=${TMPDIR:-/tmp}/pybase-run-local-$API_PORT
#   JAVA_OPTS=                 extra JVM options
#   Every other variable passes through to the JVM: PROMETHEUS_ENABLED, EXTRACTION_FAILURE_RATE, REDIS_URL,
#   JDBC_URL, ... (see "The sample apps" in README.md, section Configuration).
#
# Stopping one worker while the rest runs (used by monitoring/tests/e2e-local.sh to watch TargetDown go pending):
# the JVM watches RUN_LOCAL_CONTROL_DIR; a file named stop-search (or stop-extraction) makes it stop that worker
# and close its metrics port, start-search starts it again. `run-local.sh stop-worker NAME` creates that file in
# the control directory of the stack on API_PORT. The file is consumed within about half a second.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

API_PORT=${API_PORT:-8000}
API_METRICS_PORT=${API_METRICS_PORT:-8001}
EXTRACTION_METRICS_PORT=${EXTRACTION_METRICS_PORT:-9091}
SEARCH_METRICS_PORT=${SEARCH_METRICS_PORT:-9092}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-9093}
BIND_HOST=${BIND_HOST:-127.0.0.1}
PROMETHEUS_BIN=${PROMETHEUS_BIN:-prometheus}
if [ -z "${ALERTMANAGER_BIN:-}" ]; then
  ALERTMANAGER_BIN=prometheus-alertmanager
  command -v "$ALERTMANAGER_BIN" >/dev/null 2>&1 || ALERTMANAGER_BIN=alertmanager
fi
RUN_LOCAL_CONTROL_DIR=${RUN_LOCAL_CONTROL_DIR:-${TMPDIR:-/tmp}/pybase-run-local-$API_PORT}
JAR=sample-all-in-one/target/sample-all-in-one.jar

log() { echo "run-local: $*"; }
die() { echo "run-local: $*" >&2; exit 1; }

case "${1:-}" in
  stop-worker|start-worker)
    worker=${2:-}
    [[ "$worker" == search || "$worker" == extraction ]] || die "usage: $0 $1 search|extraction"
    [ -d "$RUN_LOCAL_CONTROL_DIR" ] || die "no stack running with control directory $RUN_LOCAL_CONTROL_DIR"
    touch "$RUN_LOCAL_CONTROL_DIR/${1%-worker}-$worker"
    log "asked the stack to ${1%-worker} the $worker worker"
    exit 0 ;;
  "") ;;
  *) die "usage: $0 [stop-worker|start-worker search|extraction]" ;;
esac

for v in API_PORT API_METRICS_PORT EXTRACTION_METRICS_PORT SEARCH_METRICS_PORT PROMETHEUS_PORT ALERTMANAGER_PORT; do
  val=${!v}
  if ! [[ "$val" =~ ^[0-9]+$ ]] || [ "$val" -lt 1 ] || [ "$val" -gt 65535 ]; then
    die "Invalid $v='$val': expected an integer from 1 to 65535"
  fi
done
command -v java >/dev/null || die "java (17+) is required"

# --- build what is missing or older than its sources ------------------------------------------------------
needs_build() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find pom.xml pybase-metrics-core pybase-metrics-servlet pybase-metrics-httpserver pybase-metrics-worker \
      sample-common sample-api sample-workers sample-all-in-one \
      \( -path '*/target' -prune \) -o \( -type f \( -name '*.java' -o -name 'pom.xml' -o -path '*/resources/*' \) \
      -newer "$JAR" -print \) 2>/dev/null | head -1)" ]
}
if needs_build; then
  command -v mvn >/dev/null || die "$JAR is missing or out of date and mvn is not installed"
  log "building $JAR (mvn -q -DskipTests package) ..."
  mvn -B -q -DskipTests package -pl sample-all-in-one -am
fi

# --- start ----------------------------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pybase-run-local.XXXXXX")
OWN_CONTROL_DIR=""
[ -d "$RUN_LOCAL_CONTROL_DIR" ] || OWN_CONTROL_DIR=1
mkdir -p "$RUN_LOCAL_CONTROL_DIR"
rm -f "$RUN_LOCAL_CONTROL_DIR"/stop-* "$RUN_LOCAL_CONTROL_DIR"/start-*
PIDS=()
STOPPING=""
stop_all() {
  [ -n "$STOPPING" ] && return
  STOPPING=1
  log "stopping ..."
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
  if [ -n "$OWN_CONTROL_DIR" ]; then rm -rf "$RUN_LOCAL_CONTROL_DIR"; else rm -f "$RUN_LOCAL_CONTROL_DIR"/stop-* "$RUN_LOCAL_CONTROL_DIR"/start-*; fi
  log "stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

export API_PORT API_METRICS_PORT EXTRACTION_METRICS_PORT SEARCH_METRICS_PORT BIND_HOST RUN_LOCAL_CONTROL_DIR
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -cp "$JAR" io.pybase.sample.allinone.AllInOneStack &
PIDS+=($!)
JVM=$!

AM_URL=""
if command -v "$ALERTMANAGER_BIN" >/dev/null 2>&1; then
  sh monitoring/render-alertmanager-config.sh monitoring/alertmanager.yml "$WORK/alertmanager.yml" \
    >"$WORK/alertmanager.log" 2>&1 || { cat "$WORK/alertmanager.log" >&2; die "bad Alertmanager receiver settings"; }
  AM_URL="http://127.0.0.1:$ALERTMANAGER_PORT"
  # One instance: --cluster.listen-address= turns the gossip port off (it would listen on every interface).
  "$ALERTMANAGER_BIN" --config.file="$WORK/alertmanager.yml" --storage.path="$WORK/alertmanager" \
    --web.listen-address="127.0.0.1:$ALERTMANAGER_PORT" --web.external-url="$AM_URL" \
    --cluster.listen-address= >>"$WORK/alertmanager.log" 2>&1 &
  PIDS+=($!)
else
  log "no Alertmanager binary: alerts are not sent anywhere (Debian: apt-get install prometheus-alertmanager)"
fi

PROM_URL=""
if command -v "$PROMETHEUS_BIN" >/dev/null 2>&1; then
  config=${PROMETHEUS_CONFIG:-}
  if [ -z "$config" ]; then
    config=monitoring/prometheus-local.yml
    if [ "$API_METRICS_PORT:$EXTRACTION_METRICS_PORT:$SEARCH_METRICS_PORT:$PROMETHEUS_PORT:$ALERTMANAGER_PORT" != \
         "8001:9091:9092:9090:9093" ]; then
      # placeholders first, so a chosen port equal to another default is not substituted twice
      sed -e "s/127\.0\.0\.1:9090/@PROMETHEUS@/; s/127\.0\.0\.1:8001/@API_METRICS@/" \
          -e "s/127\.0\.0\.1:9091/@EXTRACTION@/; s/127\.0\.0\.1:9092/@SEARCH@/; s/127\.0\.0\.1:9093/@ALERTMANAGER@/" \
          -e "s/@PROMETHEUS@/127.0.0.1:$PROMETHEUS_PORT/; s/@API_METRICS@/127.0.0.1:$API_METRICS_PORT/" \
          -e "s/@EXTRACTION@/127.0.0.1:$EXTRACTION_METRICS_PORT/; s/@SEARCH@/127.0.0.1:$SEARCH_METRICS_PORT/" \
          -e "s/@ALERTMANAGER@/127.0.0.1:$ALERTMANAGER_PORT/" \
          -e "s#^\(  - \)\(alerts\|rules\)/#\1$ROOT/monitoring/\2/#" monitoring/prometheus-local.yml > "$WORK/prometheus.yml"
      config=$WORK/prometheus.yml
    fi
  fi
  [ -f "$config" ] || die "Prometheus config $config not found"
  PROM_URL="http://127.0.0.1:$PROMETHEUS_PORT"
  # Where this Prometheus serves its targets and alerts pages: Debian's (and Ubuntu's) Prometheus 2 packages, whose
  # version says "+ds", are built without the React UI and serve only the classic one, under /classic/ (/targets
  # answers 404 there); upstream 2.x builds and 3.x serve /targets and /alerts.
  PROM_UI=$PROM_URL
  case "$("$PROMETHEUS_BIN" --version 2>&1 | head -n 1)" in
    *"version 2."*"+ds"*) PROM_UI=$PROM_URL/classic ;;
  esac
  "$PROMETHEUS_BIN" --config.file="$config" --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" \
    --web.external-url="$PROM_URL" --storage.tsdb.path="$WORK/tsdb" --web.enable-lifecycle \
    >"$WORK/prometheus.log" 2>&1 &
  PIDS+=($!)
else
  log "no '$PROMETHEUS_BIN' binary: running without Prometheus (Debian: apt-get install prometheus)"
fi

# --- wait until the API and every metrics port listen, then print the URLs ----------------------------------
# (metrics ports are bound with PROMETHEUS_ENABLED=false too: their /health keeps answering)
host=$BIND_HOST; [ "$host" = 0.0.0.0 ] && host=127.0.0.1
for port in "$API_PORT" "$API_METRICS_PORT" "$EXTRACTION_METRICS_PORT" "$SEARCH_METRICS_PORT"; do
  for _ in $(seq 1 600); do
    kill -0 "$JVM" 2>/dev/null || die "the JVM exited during start-up (see the lines above)"
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
done
echo
echo "PyBase local stack"
echo "  API                 http://$host:$API_PORT/api/v1/health"
echo "  API metrics         http://$host:$API_PORT/api/v1/metrics"
echo "  API metrics port    http://$host:$API_METRICS_PORT/metrics  (own threads: what Prometheus scrapes)"
echo "  extraction metrics  http://$host:$EXTRACTION_METRICS_PORT/metrics"
echo "  search metrics      http://$host:$SEARCH_METRICS_PORT/metrics"
if [ -n "$PROM_URL" ]; then
  echo "  Prometheus          $PROM_URL  (log: $WORK/prometheus.log)"
  echo "    targets           $PROM_UI/targets"
  echo "    alerts            $PROM_UI/alerts"
fi
if [ -n "$AM_URL" ]; then
  echo "  Alertmanager        $AM_URL  (log: $WORK/alertmanager.log)"
fi
echo "  traffic             ./scripts/generate-traffic.sh 60"
echo "  stop one worker     ./scripts/run-local.sh stop-worker search"
echo "Ctrl-C stops everything."
echo

# --- foreground: stop everything when any child exits ----------------------------------------------------------
while true; do
  for pid in "${PIDS[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" 2>/dev/null && rc=0 || rc=$?
      log "process $pid exited (status $rc)"
      if [ "$pid" != "$JVM" ]; then
        for f in "$WORK/prometheus.log" "$WORK/alertmanager.log"; do [ -f "$f" ] && tail -n 20 "$f" >&2; done
      fi
      exit 1
    fi
  done
  sleep 1 &
  wait $! || true
done
