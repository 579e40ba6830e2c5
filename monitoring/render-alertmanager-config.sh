#!/bin/sh
# Puts the Alertmanager receivers' webhook URLs from the environment into monitoring/alertmanager.yml
# (generated from monitoring/config.yml, with one placeholder URL per receiver) and optionally execs a
# command. POSIX sh + sed: runs in the prom/alertmanager image (busybox) as its entrypoint, and in
# scripts/run-local.sh.
#
#   render-alertmanager-config.sh IN OUT                  write OUT
#   render-alertmanager-config.sh IN OUT -- CMD [ARGS]    write OUT, then exec CMD ARGS
#
#   ALERTMANAGER_ONCALL_WEBHOOK_URL    receiver oncall   (critical alerts)
#   ALERTMANAGER_TICKETS_WEBHOOK_URL   receiver tickets  (warnings)
#   ALERTMANAGER_WATCHDOG_WEBHOOK_URL  receiver watchdog (the always-firing Watchdog: a dead-man's switch)
#
# A variable that is unset or empty turns its receiver into a null receiver (webhook_configs: []): no failed
# sends, alerts stay visible in the Alertmanager UI. A value that is not an http(s) URL stops with one line
# naming the variable. The URLs themselves are never printed (they often carry a token).
set -eu
prog=render-alertmanager-config
if [ $# -lt 2 ]; then
  echo "usage: $0 IN OUT [-- CMD [ARGS]]" >&2
  exit 2
fi
in=$1
out=$2
shift 2
if [ "${1:-}" = "--" ]; then shift; fi
[ -r "$in" ] || { echo "$prog: cannot read $in" >&2; exit 1; }

tmp="$out.tmp.$$"
cp "$in" "$tmp"
trap 'rm -f "$tmp" "$tmp.next"' EXIT
for pair in oncall:ALERTMANAGER_ONCALL_WEBHOOK_URL tickets:ALERTMANAGER_TICKETS_WEBHOOK_URL \
            watchdog:ALERTMANAGER_WATCHDOG_WEBHOOK_URL; do
  name=${pair%%:*}
  var=${pair#*:}
  eval "url=\${$var:-}"
  placeholder="http://$name\\.webhook\\.invalid/"
  if ! grep -q "$placeholder" "$tmp"; then
    echo "$prog: $in has no placeholder URL for receiver $name (regenerate it: monitoring/tools/generate.py)" >&2
    exit 1
  fi
  if [ -n "$url" ]; then
    case "$url" in
      http://?*|https://?*) ;;
      *) echo "$prog: invalid $var: expected an http:// or https:// URL" >&2; exit 1 ;;
    esac
    case "$url" in
      *\'*|*\"*|*" "*) echo "$prog: invalid $var: quotes and spaces are not allowed in the URL" >&2; exit 1 ;;
    esac
    escaped=$(printf '%s' "$url" | sed 's/[&|\\]/\\&/g')
    sed "s|$placeholder|$escaped|" "$tmp" > "$tmp.next"
    echo "$prog: receiver $name sends to \$$var"
  else
    sed "s|webhook_configs: \\[{url: '$placeholder', send_resolved: [a-z]*}\\]|webhook_configs: []|" \
      "$tmp" > "$tmp.next"
    echo "$prog: $var is not set: receiver $name discards its alerts (they stay visible in the UI)"
  fi
  mv "$tmp.next" "$tmp"
done
if grep -q 'webhook\.invalid' "$tmp"; then
  echo "$prog: a placeholder URL is left in $out (unexpected layout of $in)" >&2
  exit 1
fi
mv "$tmp" "$out"
trap - EXIT
if [ $# -gt 0 ]; then
  exec "$@"
fi
