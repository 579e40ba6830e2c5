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

# The alerts, recording rules, alertmanager.yml and dashboards are generated from monitoring/config.yml:
# regenerate them into a temporary directory and diff with the committed files (and find stale ones).
generated_match() {
  local rc=0 f
  "$YAML_PY" monitoring/tools/generate.py --out "$tmp/generated" >/dev/null || return 1
  while read -r f; do
    diff -u "monitoring/$f" "$tmp/generated/$f" | head -40 || true
    cmp -s "monitoring/$f" "$tmp/generated/$f" || { echo "monitoring/$f differs from the generator's output" >&2; rc=1; }
  done < <("$YAML_PY" monitoring/tools/generate.py --list)
  "$YAML_PY" monitoring/tools/generate.py --check >/dev/null || { "$YAML_PY" monitoring/tools/generate.py --check | tail -3; rc=1; }
  [ $rc -eq 0 ] && echo "generated files match monitoring/config.yml" || \
    echo "run: python3 monitoring/tools/generate.py, and commit" >&2
  return $rc
}

# promtool check config resolves rule_files relative to the config file: every rule file must be found.
check_config() {
  local config="$1" out expected found
  out=$(promtool check config "$config" 2>&1) || { echo "$out"; return 1; }
  echo "$out"
  expected=$(ls monitoring/alerts/*.yml monitoring/rules/*.yml | wc -l)
  found=$(grep -c 'SUCCESS: [0-9]* rules found' <<<"$out" || true)
  if [ "$found" -ne "$expected" ]; then
    echo "$config: rule_files resolved $found rule files, expected $expected (monitoring/rules/*.yml, monitoring/alerts/*.yml)" >&2
    return 1
  fi
}

# monitoring/render-alertmanager-config.sh (Alertmanager's entrypoint in Compose, busybox sh) with POSIX sh:
# unset variables give null receivers, set ones their URL, a bad one stops it; every rendering passes amtool.
render_alertmanager() {
  local d="$tmp/am" vars="ALERTMANAGER_ONCALL_WEBHOOK_URL ALERTMANAGER_TICKETS_WEBHOOK_URL ALERTMANAGER_WATCHDOG_WEBHOOK_URL"
  mkdir -p "$d"
  # shellcheck disable=SC2086
  env $(printf -- '-u %s ' $vars) sh monitoring/render-alertmanager-config.sh monitoring/alertmanager.yml "$d/unset.yml" \
    >/dev/null && amtool check-config "$d/unset.yml" >/dev/null || { echo "rendering with no URL failed" >&2; return 1; }
  [ "$(grep -c '^ *webhook_configs: \[\]$' "$d/unset.yml")" -eq 3 ] || { echo "unset receivers are not null receivers" >&2; return 1; }
  ALERTMANAGER_ONCALL_WEBHOOK_URL='https://hooks.example.com/oncall?token=a&b=c' \
  ALERTMANAGER_TICKETS_WEBHOOK_URL='http://127.0.0.1:8080/tickets' \
  ALERTMANAGER_WATCHDOG_WEBHOOK_URL='https://hc-ping.example.com/uuid' \
    sh monitoring/render-alertmanager-config.sh monitoring/alertmanager.yml "$d/set.yml" >/dev/null &&
    amtool check-config "$d/set.yml" >/dev/null || { echo "rendering with URLs failed" >&2; return 1; }
  for url in 'https://hooks.example.com/oncall?token=a&b=c' 'http://127.0.0.1:8080/tickets' 'https://hc-ping.example.com/uuid'; do
    grep -qF "url: '$url'" "$d/set.yml" || { echo "rendered config lacks $url" >&2; return 1; }
  done
  if ALERTMANAGER_TICKETS_WEBHOOK_URL='ftp://example.com/x' \
       sh monitoring/render-alertmanager-config.sh monitoring/alertmanager.yml "$d/bad.yml" 2>/dev/null; then
    echo "a non-http webhook URL was accepted" >&2; return 1
  fi
  echo "render-alertmanager-config.sh: null receivers when unset, URLs when set, bad URL refused; amtool OK"
}

step "generated files match monitoring/config.yml (regenerated and diffed)" generated_match
step "promtool check config monitoring/prometheus.yml" check_config monitoring/prometheus.yml
step "promtool check config monitoring/prometheus-local.yml" check_config monitoring/prometheus-local.yml
step "promtool check rules monitoring/rules/*.yml monitoring/alerts/*.yml" \
  promtool check rules monitoring/rules/*.yml monitoring/alerts/*.yml
step "promtool test rules monitoring/alerts/tests/*.yml (every alert, scenarios E2-E12)" \
  promtool test rules monitoring/alerts/tests/*.yml
step "alerts: severity, annotations, runbooks, job selectors, min events, both severities, tests" \
  "$YAML_PY" monitoring/tests/check_structure.py alerts
step "histogram buckets of monitoring/config.yml = MetricDefinition's" \
  "$YAML_PY" monitoring/tests/check_structure.py buckets
step "amtool check-config monitoring/alertmanager.yml" amtool check-config monitoring/alertmanager.yml
step "render-alertmanager-config.sh (receivers from the environment)" render_alertmanager

compose_valid() {
  GRAFANA_ADMIN_PASSWORD=check-static-password docker-compose -f docker-compose.yml config -q
}
compose_requires_password() {
  if env -u GRAFANA_ADMIN_PASSWORD docker-compose -f docker-compose.yml config -q >/dev/null 2>&1; then
    echo "docker-compose.yml validates without GRAFANA_ADMIN_PASSWORD: the Grafana password has a default" >&2
    return 1
  fi
}
# The default profile (no --profile): `docker-compose up -d` must start everything, workers included.
compose_structure() {
  GRAFANA_ADMIN_PASSWORD=check-static-password \
    docker-compose -f docker-compose.yml config >"$tmp/compose.yml" &&
    "$YAML_PY" monitoring/tests/check_structure.py compose "$tmp/compose.yml" check-static-password
}
step "docker-compose config -q" compose_valid
step "docker-compose refuses to start without GRAFANA_ADMIN_PASSWORD" compose_requires_password
step "docker-compose services, ports, volumes, flags, provisioning" compose_structure

step "dashboard lint (grafana/dashboard-linter rules)" \
  python3 monitoring/tests/lint_dashboards.py --emit-promql "$tmp/dashboard-queries.json"
step "every dashboard query parses (promtool check rules)" promtool check rules "$tmp/dashboard-queries.json"

syntax() {
  local f rc=0
  for f in scripts/e2e-verification.sh scripts/backup-volumes.sh scripts/restore-volumes.sh scripts/run-local.sh \
           monitoring/tests/e2e-local.sh monitoring/tests/check-static.sh monitoring/tests/backup-restore-test.sh \
           monitoring/tests/scenarios-on-rules-of.sh; do
    if [ ! -f "$f" ]; then echo "missing $f" >&2; rc=1; continue; fi
    bash -n "$f" || rc=1
  done
  sh -n monitoring/render-alertmanager-config.sh || rc=1
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
