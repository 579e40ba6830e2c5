#!/usr/bin/env bash
# Realistic mixed traffic against a running local stack for SECONDS seconds, then stops by itself:
# record reads (cache hits and misses) and writes, searches, slow list requests (delay_ms), extractions of
# every file type (some retried, some failing, some slow), 4xx errors, real 5xx (the stats of the empty
# `drawings` table fail in SQL and map to 500), and WebSocket clients that connect and leave.
# Only loopback URLs are accepted.
#
#   ./scripts/generate-traffic.sh 60                 env: API_URL (default http://127.0.0.1:8000),
#                                                     TRAFFIC_USERS (default 4 concurrent users)
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-}
[[ "$SECS" =~ ^[0-9]+$ ]] && [ "$SECS" -ge 1 ] || { echo "usage: $0 SECONDS" >&2; exit 2; }
export API_URL=${API_URL:-http://127.0.0.1:8000}
JAR=sample-all-in-one/target/sample-all-in-one.jar
if [ ! -f "$JAR" ]; then
  echo "generate-traffic: building $JAR ..."
  mvn -B -q -DskipTests package -pl sample-all-in-one -am
fi
echo "generate-traffic: ${SECS}s of traffic against $API_URL"
exec java -cp "$JAR" io.pybase.sample.allinone.TrafficGenerator "$SECS"
