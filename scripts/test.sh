#!/usr/bin/env bash
# Runs every test of the project. On a fresh machine it first installs what the tests need.
#   ./scripts/test.sh
# Stages: 1. prerequisites  2. mvn -B clean verify (all modules: unit tests and real Jetty/Tomcat/HTTPServer/Redis tests)
#         3. monitoring static checks (promtool config/rules/unit tests, docker-compose config, dashboard lint)
#         4. local end-to-end run (sample apps + real Prometheus + traffic; every dashboard query returns data;
#            a stopped worker makes its target-down alert go pending)
set -euo pipefail
cd "$(dirname "$0")/.."

results=()
failed=0
stage() {
  local name="$1"; shift
  echo
  echo "=== $name"
  local start=$SECONDS
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - start)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - start)) s)")
    failed=$((failed + 1))
  fi
}

stage "prerequisites" ./scripts/install-prerequisites.sh
stage "maven verify" mvn -B -ntp clean verify
stage "monitoring static checks" ./monitoring/tests/check-static.sh
stage "local end-to-end run" ./monitoring/tests/e2e-local.sh

echo
echo "=== summary"
printf '%s\n' "${results[@]}"
passed=$(( ${#results[@]} - failed ))
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
