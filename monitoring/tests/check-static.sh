#!/usr/bin/env bash
# Static checks of the monitoring stack; no server, no Docker engine needed.
#   ./monitoring/tests/check-static.sh
# Fails (never skips) when a tool is missing: promtool, amtool, docker-compose, python3 with PyYAML.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1

failures=0
results=()
step() {
  local name="$1"; shift
  echo "--- $name"
  if "$@"; then results+=("PASS  $name"); else results+=("FAIL  $name"); failures=$((failures + 1)); fi
}

missing=()
for tool in promtool amtool docker-compose python3; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "check-static: missing tools: ${missing[*]} (apt-get install prometheus prometheus-alertmanager docker-compose python3)" >&2
  exit 1
fi
# A python3 with PyYAML: the one on PATH, else the interpreter docker-compose itself runs on.
YAML_PY=""
for py in python3 "$(head -1 "$(command -v docker-compose)" | sed -n 's/^#!\([^ ]*\).*/\1/p')"; do
  if [ -n "$py" ] && "$py" -c 'import yaml' >/dev/null 2>&1; then YAML_PY=$py; break; fi
done
if [ -z "$YAML_PY" ]; then
  echo "check-static: no python3 with PyYAML found (apt-get install python3-yaml)" >&2
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# promtool check config resolves rule_files relative to the config file: every alert file must be found.
check_config() {
  local config="$1" out expected found
  out=$(promtool check config "$config" 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  expected=$(ls monitoring/alerts/*.yml | wc -l)
  found=$(grep -c 'SUCCESS: [0-9]* rules found' <<<"$out" || true)
  if [ "$found" -ne "$expected" ]; then
    echo "$config: rule_files resolved $found rule files, expected $expected (monitoring/alerts/*.yml)" >&2
    return 1
  fi
}

step "promtool check config monitoring/prometheus.yml" check_config monitoring/prometheus.yml
step "promtool check config monitoring/prometheus-local.yml" check_config monitoring/prometheus-local.yml
step "promtool check rules monitoring/alerts/*.yml" promtool check rules monitoring/alerts/*.yml
step "promtool test rules monitoring/alerts/tests/*.yml" promtool test rules monitoring/alerts/tests/*.yml
step "alerts: severity, summary, description, dashboard link, firing and quiet tests" \
  "$YAML_PY" monitoring/tests/check_structure.py alerts
step "amtool check-config monitoring/alertmanager.yml" amtool check-config monitoring/alertmanager.yml

compose_valid() {
  GRAFANA_ADMIN_PASSWORD=check-static-password docker-compose -f docker-compose.yml config -q
}
compose_requires_password() {
  if env -u GRAFANA_ADMIN_PASSWORD docker-compose -f docker-compose.yml config -q >/dev/null 2>&1; then
    echo "docker-compose.yml validates without GRAFANA_ADMIN_PASSWORD: the Grafana password has a default" >&2
    return 1
  fi
}
compose_structure() {
  GRAFANA_ADMIN_PASSWORD=check-static-password \
    docker-compose -f docker-compose.yml --profile worker config >"$tmp/compose.yml" &&
    "$YAML_PY" monitoring/tests/check_structure.py compose "$tmp/compose.yml" check-static-password
}
step "docker-compose config -q" compose_valid
step "docker-compose refuses to start without GRAFANA_ADMIN_PASSWORD" compose_requires_password
step "docker-compose services, ports, volumes, flags, provisioning" compose_structure

step "dashboards match monitoring/tools/generate_dashboards.py" \
  python3 monitoring/tools/generate_dashboards.py --check
step "dashboard lint (grafana/dashboard-linter rules)" \
  python3 monitoring/tests/lint_dashboards.py --emit-promql "$tmp/dashboard-queries.json"
step "every dashboard query parses (promtool check rules)" promtool check rules "$tmp/dashboard-queries.json"

syntax() {
  local f rc=0
  for f in scripts/e2e-verification.sh scripts/backup-volumes.sh scripts/restore-volumes.sh \
           monitoring/tests/e2e-local.sh monitoring/tests/check-static.sh monitoring/tests/backup-restore-test.sh; do
    if [ ! -f "$f" ]; then echo "missing $f" >&2; rc=1; continue; fi
    bash -n "$f" || rc=1
  done
  python3 -c 'import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]' \
    monitoring/tools/*.py monitoring/tests/*.py || rc=1
  return $rc
}
step "shell and python syntax" syntax
step "e2e-verification self-test (against a fake Prometheus)" python3 monitoring/tests/e2e_verify_selftest.py
step "backup/restore scripts (fake docker)" monitoring/tests/backup-restore-test.sh

echo
echo "=== monitoring static checks"
printf '%s\n' "${results[@]}"
[ "$failures" -eq 0 ]
