#!/usr/bin/env bash
# Local end-to-end run of the monitoring stack, no Docker:
#   1. picks free 127.0.0.1 ports; starts redis-server, a throwaway PostgreSQL cluster, the Debian node,
#      redis (with the task queues' keys: --check-single-keys) and postgres exporters, and a webhook sink
#      standing in for the Alertmanager receivers;
#   2. writes a temporary Prometheus config from monitoring/prometheus-local.yml (ports substituted,
#      2 s scrape and evaluation intervals, absolute rule_files paths, exporter jobs added);
#   3. starts scripts/run-local.sh with those ports (API and both workers on the Redis queue, Prometheus
#      with that config, Alertmanager with its receivers pointed at the sink);
#   4. checks that every URL run-local.sh prints answers (the Prometheus targets and alerts pages included), and
#      that the first error of a route is visible to increase(): the API's declared route
#      GET /api/v1/tables/{tableId}/stats has its status="500" series at 0 in Prometheus before its first
#      request, and increase() over it is above zero once that request failed; then
#      runs scripts/generate-traffic.sh, then scripts/e2e-verification.sh --local --strict: every target
#      up, every contract metric present (celery_task_queue_wait_seconds on both workers, with the bucket
#      bounds of monitoring/config.yml), every rule loaded, nothing firing but the Watchdog, Alertmanager
#      holding the Watchdog, every dashboard query returns data (exporter panels included);
#   5. the Watchdog reaches its receiver (the sink) and nothing pages;
#   6. stops the search worker (file stop-search in RUN_LOCAL_CONTROL_DIR, see AllInOneStack) and asserts that
#      TargetDown{job="search-worker"} goes pending (and only that worker's target is down);
#   7. stops the extraction worker, enqueues extractions, and asserts the backlog is visible without it
#      (the broker's redis_key_size and the recording rule job_worker_name:celery_queue_length:max).
# Steps 4 to 7 all run; every failure is listed at the end. Everything started here is stopped on exit
# (trap), whatever the outcome.
#   ./monitoring/tests/e2e-local.sh            env: TRAFFIC_SECONDS (default 30), START_TIMEOUT (default 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export PYTHONDONTWRITEBYTECODE=1
TRAFFIC_SECONDS=${TRAFFIC_SECONDS:-30}
# Overridable only to test this harness itself with stand-ins.
RUN_LOCAL=${RUN_LOCAL:-scripts/run-local.sh}
GENERATE_TRAFFIC=${GENERATE_TRAFFIC:-scripts/generate-traffic.sh}
STOP_SEARCH_WORKER=${STOP_SEARCH_WORKER:-}
START_TIMEOUT=${START_TIMEOUT:-300}

log() { echo "e2e-local: $*"; }
die() { echo "e2e-local: FAIL: $*" >&2; exit 1; }
FAILURES=()
fail() { echo "e2e-local: FAIL: $*" >&2; FAILURES+=("$*"); }

missing=()
for tool in prometheus promtool redis-server prometheus-redis-exporter prometheus-node-exporter \
            prometheus-postgres-exporter python3 curl setsid; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 \
  || missing+=("prometheus-alertmanager")
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -x "$PGBIN/initdb" ] || missing+=("postgresql (initdb)")
for f in "$RUN_LOCAL" "$GENERATE_TRAFFIC"; do [ -x "$f" ] || missing+=("$f"); done
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}"

WORK=$(mktemp -d /tmp/pybase-e2e-local.XXXXXX)
PIDS=()          # processes started here, each the leader of its own process group (setsid)
PG_STARTED=""
cleanup() {
  local rc=$?
  set +e
  for pid in "${PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null
  done
  if [ -n "$PG_STARTED" ]; then as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast -w stop >/dev/null 2>&1; fi
  if [ $rc -ne 0 ]; then
    for f in "$WORK"/*.log; do
      [ -f "$f" ] || continue
      echo "----- tail of $(basename "$f")"; tail -n 25 "$f"
    done
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

# start NAME CMD...: runs CMD in its own process group, output to $WORK/NAME.log
start() {
  local name=$1; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 < /dev/null &
  PIDS+=($!)
  log "started $name (pid $!)"
}

# PostgreSQL refuses to run as root: run its cluster as an unprivileged user then.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; else "$@"; fi
}

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

# wait_http NAME URL [TIMEOUT]: until URL answers 2xx
wait_http() {
  local name=$1 url=$2 timeout=${3:-60} start=$SECONDS
  until curl -fs -o /dev/null --max-time 2 "$url"; do
    [ $((SECONDS - start)) -lt "$timeout" ] || die "$name did not answer on $url within ${timeout}s"
    sleep 1
  done
  log "$name answers on $url"
}

read -r API_PORT API_METRICS_PORT EXTRACTION_PORT SEARCH_PORT PROM_PORT REDIS_PORT REDIS_EXP_PORT NODE_EXP_PORT PG_PORT PG_EXP_PORT \
  AM_PORT SINK_PORT <<<"$(free_ports 12)"
log "ports: api=$API_PORT api-metrics=$API_METRICS_PORT extraction=$EXTRACTION_PORT search=$SEARCH_PORT prometheus=$PROM_PORT" \
    "alertmanager=$AM_PORT redis=$REDIS_PORT redis-exporter=$REDIS_EXP_PORT node-exporter=$NODE_EXP_PORT" \
    "postgres=$PG_PORT postgres-exporter=$PG_EXP_PORT webhook-sink=$SINK_PORT"
# The task queues' broker keys (queues[].broker_key of monitoring/config.yml).
QUEUE_KEYS=$(sed -n 's/^ *broker_key: *//p' monitoring/config.yml | sed 's/^/db0=/' | paste -sd, -)
[ -n "$QUEUE_KEYS" ] || die "no broker_key in monitoring/config.yml"

# --- backing services and exporters -------------------------------------------------------------
start redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK"
start redis-exporter prometheus-redis-exporter --redis.addr="redis://127.0.0.1:$REDIS_PORT" \
  --web.listen-address="127.0.0.1:$REDIS_EXP_PORT" --check-single-keys="$QUEUE_KEYS"
# The Alertmanager receivers' stand-in: appends every notification to $WORK/sink/<path>.jsonl.
mkdir -p "$WORK/sink"
start webhook-sink python3 -c '
import http.server, sys
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        name = self.path.strip("/").replace("/", "_") or "root"
        with open("%s/%s.jsonl" % (sys.argv[2], name), "ab") as f:
            f.write(body.replace(b"\n", b" ") + b"\n")
        self.send_response(200); self.end_headers()
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Sink).serve_forever()
' "$SINK_PORT" "$WORK/sink"
start node-exporter prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_EXP_PORT"

mkdir -p "$WORK/pg"
if [ "$(id -u)" -eq 0 ]; then chmod 711 "$WORK"; chown nobody "$WORK/pg"; fi
as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -U pybase --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 \
  || die "initdb failed (see initdb.log)"
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/postgres.log" -w \
  -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >"$WORK/pg_ctl.log" 2>&1 \
  || { cat "$WORK/pg/postgres.log" >&2 || true; die "PostgreSQL did not start"; }
PG_STARTED=1
log "started PostgreSQL on 127.0.0.1:$PG_PORT"
DATA_SOURCE_NAME="postgresql://pybase@127.0.0.1:$PG_PORT/postgres?sslmode=disable" \
  start postgres-exporter prometheus-postgres-exporter --web.listen-address="127.0.0.1:$PG_EXP_PORT"

wait_http redis-exporter "http://127.0.0.1:$REDIS_EXP_PORT/metrics"
wait_http node-exporter "http://127.0.0.1:$NODE_EXP_PORT/metrics"
wait_http postgres-exporter "http://127.0.0.1:$PG_EXP_PORT/metrics"

# --- Prometheus configuration derived from monitoring/prometheus-local.yml ----------------------
PROM_CONFIG="$WORK/prometheus.yml"
sed -e "s/127\.0\.0\.1:9090/127.0.0.1:$PROM_PORT/; s/127\.0\.0\.1:8001/127.0.0.1:$API_METRICS_PORT/" \
    -e "s/127\.0\.0\.1:9091/127.0.0.1:$EXTRACTION_PORT/; s/127\.0\.0\.1:9092/127.0.0.1:$SEARCH_PORT/" \
    -e "s/scrape_interval: 15s/scrape_interval: 2s/; s/evaluation_interval: 15s/evaluation_interval: 2s/" \
    -e "s/127\.0\.0\.1:9093/127.0.0.1:$AM_PORT/" \
    -e "s/scrape_timeout: 10s/scrape_timeout: 2s/" \
    -e "s#^  - \(alerts\|rules\)/\*\.yml#  - $ROOT/monitoring/\1/*.yml#" \
    monitoring/prometheus-local.yml >"$PROM_CONFIG"
cat >>"$PROM_CONFIG" <<CFG

  # Added by monitoring/tests/e2e-local.sh
  - job_name: node-exporter
    static_configs:
      - targets: ['127.0.0.1:$NODE_EXP_PORT']
  - job_name: redis
    static_configs:
      - targets: ['127.0.0.1:$REDIS_EXP_PORT']
  - job_name: postgres
    static_configs:
      - targets: ['127.0.0.1:$PG_EXP_PORT']
CFG
for want in "127.0.0.1:$PROM_PORT" "127.0.0.1:$API_METRICS_PORT" "127.0.0.1:$EXTRACTION_PORT" "127.0.0.1:$SEARCH_PORT" \
            "127.0.0.1:$AM_PORT" "scrape_interval: 2s" "evaluation_interval: 2s" "$ROOT/monitoring/alerts/" \
            "$ROOT/monitoring/rules/"; do
  grep -qF "$want" "$PROM_CONFIG" || die "temporary Prometheus config lacks '$want' (prometheus-local.yml changed?)"
done
promtool check config "$PROM_CONFIG" >"$WORK/promtool.log" 2>&1 || { cat "$WORK/promtool.log" >&2; die "bad config"; }

# --- the embedded stack -------------------------------------------------------------------------
# run-local.sh's AllInOneStack watches RUN_LOCAL_CONTROL_DIR: a file stop-search there stops the search
# worker (and closes its metrics port) while the rest keeps running.
# The workers take their tasks from Redis (REDIS_URL), so the broker's own count of each queue is real.
CONTROL_DIR="$WORK/control"
mkdir -p "$CONTROL_DIR"
SINK="http://127.0.0.1:$SINK_PORT"
RUN_LOCAL_CONTROL_DIR=$CONTROL_DIR API_PORT=$API_PORT API_METRICS_PORT=$API_METRICS_PORT EXTRACTION_METRICS_PORT=$EXTRACTION_PORT SEARCH_METRICS_PORT=$SEARCH_PORT \
  PROMETHEUS_PORT=$PROM_PORT PROMETHEUS_CONFIG=$PROM_CONFIG ALERTMANAGER_PORT=$AM_PORT \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT" \
  ALERTMANAGER_ONCALL_WEBHOOK_URL="$SINK/oncall" ALERTMANAGER_TICKETS_WEBHOOK_URL="$SINK/tickets" \
  ALERTMANAGER_WATCHDOG_WEBHOOK_URL="$SINK/watchdog" \
  start run-local "$RUN_LOCAL"
wait_http api "http://127.0.0.1:$API_PORT/api/v1/metrics" "$START_TIMEOUT"
wait_http api-metrics-port "http://127.0.0.1:$API_METRICS_PORT/metrics" 60
wait_http extraction-worker "http://127.0.0.1:$EXTRACTION_PORT/metrics" 60
wait_http search-worker "http://127.0.0.1:$SEARCH_PORT/metrics" 60
wait_http prometheus "http://127.0.0.1:$PROM_PORT/-/ready" 60
wait_http alertmanager "http://127.0.0.1:$AM_PORT/-/ready" 60

PROM="http://127.0.0.1:$PROM_PORT"

# --- every URL run-local.sh prints answers -------------------------------------------------------------
# (Prometheus's targets and alerts pages are not at the same path in every build: Debian's 2.x serves them under
# /classic/, and a page that answers 404 is the first thing a new user meets.)
deadline=$((SECONDS + 60))
until grep -q '^Ctrl-C stops everything' "$WORK/run-local.log"; do
  [ $SECONDS -lt $deadline ] || die "run-local.sh printed no URLs within 60s (see run-local.log)"
  sleep 1
done
banner_urls=$(sed -n '/^PyBase local stack$/,/^Ctrl-C stops everything/p' "$WORK/run-local.log" | grep -o 'http://[^ ]*')
for want in "/targets" "/alerts" ":$AM_PORT"; do
  grep -q -- "$want" <<<"$banner_urls" || fail "run-local.sh printed no URL with $want"
done
for url in $banner_urls; do
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
  case "$code" in
    2??|3??) log "run-local.sh's $url answers $code" ;;
    *) fail "run-local.sh prints $url, which answers '$code'" ;;
  esac
done

# --- the first error of a route is visible to increase() ---------------------------------------------
# The API creates every declared route's series at zero at start-up, so Prometheus holds a 0 sample before the
# route's first request, and increase() over the first failure is above zero. (A series created by its first
# failure starts at 1 and increase() sees nothing: the first errors of a route would never reach an alert.)
# GET /api/v1/tables/drawings/stats answers 500 while the drawings table is empty, as it is before traffic.
STATS_500='http_requests_total{job="pybase-api",endpoint="/api/v1/tables/{tableId}/stats",method="GET",status="500"}'
# prom_value QUERY: the value of the first series QUERY returns, or nothing
prom_value() {
  curl -fsS --max-time 5 -G "$PROM/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
result = json.load(sys.stdin)["data"]["result"]
print(result[0]["value"][1] if result else "")'
}
log "waiting for Prometheus to hold $STATS_500 at 0 before the route's first request"
deadline=$((SECONDS + 30))
until [ "$(prom_value "$STATS_500")" = "0" ]; do
  [ $SECONDS -lt $deadline ] || die "$STATS_500 is '$(prom_value "$STATS_500")' before any request, expected 0"
  sleep 1
done
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "http://127.0.0.1:$API_PORT/api/v1/tables/drawings/stats")
[ "$code" = "500" ] || die "GET /api/v1/tables/drawings/stats answered $code, expected 500 (empty table)"
log "waiting for increase($STATS_500[5m]) > 0 after the first failing request"
deadline=$((SECONDS + 30))
until [ -n "$(prom_value "increase(${STATS_500}[5m]) > 0")" ]; do
  [ $SECONDS -lt $deadline ] || die "increase(${STATS_500}[5m]) stayed 0 after the route's first error"
  sleep 1
done
log "the route's first error is visible: increase(${STATS_500}[5m]) = $(prom_value "increase(${STATS_500}[5m])")"

log "generating ${TRAFFIC_SECONDS}s of traffic"
API_URL="http://127.0.0.1:$API_PORT" "$GENERATE_TRAFFIC" "$TRAFFIC_SECONDS" >"$WORK/traffic.log" 2>&1 \
  || die "scripts/generate-traffic.sh failed"

log "verifying (retrying up to 90s while series appear)"
if ! scripts/e2e-verification.sh --local --strict --prometheus-url "$PROM" \
      --alertmanager-url "http://127.0.0.1:$AM_PORT" --wait 90 | tee "$WORK/verification.txt"; then
  fail "e2e-verification: $(grep -c '^FAIL' "$WORK/verification.txt") check(s) failed: $(grep '^FAIL' \
    "$WORK/verification.txt" | awk '{$1=""; print $0}' | sed 's/  */ /g' | cut -c1-90 | paste -sd';' -)"
fi

# --- the Watchdog reaches its receiver; nothing pages --------------------------------------------------
log "waiting for the Watchdog at its receiver ($SINK/watchdog)"
deadline=$((SECONDS + 60))
until grep -qs '"alertname":"Watchdog"' "$WORK/sink/watchdog.jsonl"; do
  [ $SECONDS -lt $deadline ] || break
  sleep 1
done
if grep -qs '"alertname":"Watchdog"' "$WORK/sink/watchdog.jsonl"; then
  log "the Watchdog reached the watchdog receiver (Prometheus -> Alertmanager -> webhook)"
else
  fail "the Watchdog did not reach the watchdog receiver within 60s (see alertmanager.log)"
fi
if [ -s "$WORK/sink/oncall.jsonl" ]; then
  fail "a page was sent: $(cut -c1-300 "$WORK/sink/oncall.jsonl" | head -3)"
fi

# --- a stopped worker makes its target-down alert go pending ------------------------------------
stop_search_worker() {
  log "stopping the search worker: touch $CONTROL_DIR/stop-search"
  touch "$CONTROL_DIR/stop-search"
  local start=$SECONDS
  while [ -e "$CONTROL_DIR/stop-search" ]; do
    [ $((SECONDS - start)) -lt 20 ] || die "run-local.sh did not act on $CONTROL_DIR/stop-search (RUN_LOCAL_CONTROL_DIR)"
    sleep 0.5
  done
  start=$SECONDS
  while curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$SEARCH_PORT/metrics"; do
    [ $((SECONDS - start)) -lt 20 ] || die "the search worker's metrics port still answers after stop-search"
    sleep 0.5
  done
  curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$API_PORT/api/v1/metrics" || die "stopping a worker stopped the API"
  log "search worker stopped; API still answers"
}

# prom_json PATH: GET from Prometheus, JSON on stdout
prom_json() { curl -fsS --max-time 5 "$PROM$1"; }

if [ -n "$STOP_SEARCH_WORKER" ]; then
  log "stopping the search worker: $STOP_SEARCH_WORKER"
  eval "$STOP_SEARCH_WORKER"
else
  stop_search_worker
fi

log "waiting for TargetDown{job=\"search-worker\"} to go pending"
deadline=$((SECONDS + 60))
state=""
while [ $SECONDS -lt $deadline ]; do
  state=$(prom_json /api/v1/alerts | python3 -c '
import json, sys
alerts = json.load(sys.stdin)["data"]["alerts"]
print(" ".join(sorted(a["state"] for a in alerts
      if a["labels"].get("alertname") == "TargetDown" and a["labels"].get("job") == "search-worker")))')
  [ -n "$state" ] && break
  sleep 1
done
if [ "$state" = "pending" ]; then
  log "TargetDown{job=\"search-worker\"} is pending"
else
  fail "TargetDown{job=\"search-worker\"} is '${state:-absent}', expected pending"
fi

down=$(prom_json "/api/v1/query?query=up%3D%3D0" | python3 -c '
import json, sys
print(" ".join(sorted(r["metric"]["job"] for r in json.load(sys.stdin)["data"]["result"])))')
[ "$down" = "search-worker" ] || fail "targets down: '$down', expected only search-worker"
others=$(prom_json /api/v1/alerts | python3 -c '
import json, sys
print(" ".join(sorted("%s/%s" % (a["labels"]["alertname"], a["state"]) for a in json.load(sys.stdin)["data"]["alerts"]
      if a["state"] == "firing" and a["labels"]["alertname"] != "Watchdog")))')
[ -z "$others" ] || fail "alerts firing: $others"

# --- the backlog stays visible with no worker running ---------------------------------------------------
# prom_value EXPR: the first sample's value of an instant query, or empty
prom_value() {
  prom_json "/api/v1/query?query=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")" \
    | python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
log "stopping the extraction worker and enqueueing 5 extractions"
touch "$CONTROL_DIR/stop-extraction"
deadline=$((SECONDS + 20))
while curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$EXTRACTION_PORT/metrics"; do
  [ $SECONDS -lt $deadline ] || break
  sleep 0.5
done
for i in 1 2 3 4 5; do
  curl -fsS -o /dev/null --max-time 5 -X POST -H 'Content-Type: application/json' \
    -d "{\"file_type\":\"txt\",\"filename\":\"backlog-$i.txt\",\"content\":\"queued while no worker runs\"}" \
    "http://127.0.0.1:$API_PORT/api/v1/extractions" || fail "POST /api/v1/extractions failed"
done
broker="" recorded=""
deadline=$((SECONDS + 30))
while [ $SECONDS -lt $deadline ]; do
  broker=$(prom_value 'max(redis_key_size{key="pybase:queue:extraction"})')
  recorded=$(prom_value 'max(job_worker_name:celery_queue_length:max{worker_name="extraction"})')
  if [ -n "$broker" ] && [ -n "$recorded" ] && python3 -c 'import sys; sys.exit(0 if min(map(float, sys.argv[1:])) >= 5 else 1)' \
       "$broker" "$recorded"; then
    break
  fi
  sleep 1
done
if [ -n "$broker" ] && [ -n "$recorded" ] && python3 -c 'import sys; sys.exit(0 if min(map(float, sys.argv[1:])) >= 5 else 1)' \
     "$broker" "$recorded"; then
  log "backlog visible with no extraction worker: redis_key_size=$broker, job_worker_name:celery_queue_length:max=$recorded"
else
  fail "backlog not visible with no extraction worker: redis_key_size='$broker', recorded queue length='$recorded' (expected >= 5)"
fi

if [ ${#FAILURES[@]} -gt 0 ]; then
  echo "e2e-local: ${#FAILURES[@]} failure(s):" >&2
  printf 'e2e-local:   - %s\n' "${FAILURES[@]}" >&2
  exit 1
fi
log "PASS: every dashboard query returned data; the Watchdog reached its receiver; a stopped worker made"
log "      TargetDown go pending; the backlog stays visible with no worker running"
