#!/usr/bin/env bash
# Runs the scenario tests of issue 13 (monitoring/alerts/tests/scenarios*_test.yml, E2-E12) against the alert and
# recording rules of another git revision, one scenario at a time, and prints PASS/FAIL per scenario.
#
#   ./monitoring/tests/scenarios-on-rules-of.sh [REF]     # default: 04b8f67, the last commit before issue 13's rules
#
# Against the rules before issue 13 every scenario must FAIL (that is what the scenarios are about: the old
# rules paged on one request, missed a stuck queue, ...); exit status 0 when every scenario failed there, 1 when
# one passed. Against this revision's own rules (REF=HEAD) run `promtool test rules` instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
REF=${1:-04b8f67}
command -v promtool >/dev/null || { echo "scenarios-on-rules-of: promtool is required" >&2; exit 2; }
PY=python3
"$PY" -c 'import yaml' 2>/dev/null || PY=$(head -1 "$(command -v docker-compose)" | sed -n 's/^#!\([^ ]*\).*/\1/p')
WORK=$(mktemp -d /tmp/pybase-scenarios.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/monitoring/alerts/tests" "$WORK/monitoring/rules"
for kind in alerts rules; do
  git ls-tree --name-only "$REF" "monitoring/$kind/" | { grep "\.yml$" || true; } | while read -r f; do
    git show "$REF:$f" >"$WORK/$f"
  done
done
echo "rules of $REF: $(cd "$WORK/monitoring" && ls alerts/*.yml rules/*.yml 2>/dev/null | tr '\n' ' ')"
"$PY" - "$WORK/monitoring/alerts/tests" monitoring/alerts/tests/scenarios*_test.yml <<'PY'
import os, sys, yaml
out = sys.argv[1]
n = 0
for path in sys.argv[2:]:
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    for test in doc["tests"]:
        n += 1
        one = dict(doc, tests=[test])
        with open(os.path.join(out, "%02d_test.yml" % n), "w", encoding="utf-8") as f:
            yaml.safe_dump(one, f, sort_keys=False)
PY
passed=0
for t in "$WORK"/monitoring/alerts/tests/*_test.yml; do
  name=$("$PY" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["tests"][0]["name"])' "$t")
  if promtool test rules "$t" >"$t.log" 2>&1; then
    echo "PASS  $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name"
    grep -E '^\s+(alertname|expr):|^\s+(exp|got):' "$t.log" | sed 's/^ */        /' | cut -c1-220
  fi
done
if [ "$passed" -gt 0 ]; then
  echo "scenarios-on-rules-of: $passed scenario(s) pass against the rules of $REF" >&2
  exit 1
fi
echo "scenarios-on-rules-of: every scenario fails against the rules of $REF"
