#!/usr/bin/env bash
# End-to-end verification of a running PyBase monitoring stack.
#
#   ./scripts/e2e-verification.sh                      # the Compose stack (Prometheus on localhost:9090)
#   ./scripts/e2e-verification.sh --local              # the embedded run of scripts/run-local.sh
#   ./scripts/e2e-verification.sh --prometheus-url http://127.0.0.1:19090 --local --wait 120
#
# Checks every scrape target is up, every contract metric is present, every alert rule is loaded,
# nothing fires, and every dashboard panel query returns data; with GRAFANA_ADMIN_PASSWORD set (Compose)
# also Grafana's provisioned datasource and dashboards. Prints a PASS/FAIL table; exits 1 on any failure.
# Options: --local, --prometheus-url URL, --grafana-url URL, --strict (SKIP counts as FAIL),
#          --wait SECONDS (retry until green), --substitute VAR=VALUE. See monitoring/E2E_VERIFICATION_GUIDE.md.
# Needs python3 (standard library only).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v python3 >/dev/null 2>&1; then
  echo "e2e-verification: python3 is required (apt-get install python3)" >&2
  exit 2
fi
exec python3 "$root/monitoring/tools/e2e_verify.py" "$@"
