#!/usr/bin/env bash
# Installs what the tests and the local stack need, when missing. Idempotent; safe to run again.
#   Java 17 + Maven       build and unit/integration tests
#   prometheus/promtool   config, rule and rule-unit-test checks; the local end-to-end run
#   amtool               Alertmanager config check (prometheus-alertmanager)
#   prometheus exporters  node, redis and postgres exporters for the local end-to-end run
#   redis-server          the Redis queue tests and the local end-to-end run
#   docker-compose        offline validation of docker-compose.yml (no Docker engine needed)
#   wrk                   benchmarks/load-test.sh
#   python3, curl         dashboard checks and the verification script
set -euo pipefail

need=()
have() { command -v "$1" >/dev/null 2>&1; }
have java || need+=(openjdk-17-jdk-headless)
have mvn || need+=(maven)
have prometheus || need+=(prometheus)
have promtool || need+=(prometheus)
have amtool || need+=(prometheus-alertmanager)
have prometheus-node-exporter || need+=(prometheus-node-exporter)
have prometheus-redis-exporter || need+=(prometheus-redis-exporter)
have prometheus-postgres-exporter || need+=(prometheus-postgres-exporter)
have redis-server || need+=(redis-server)
have docker-compose || need+=(docker-compose)
have wrk || need+=(wrk)
have python3 || need+=(python3)
have curl || need+=(curl)
# PostgreSQL server binaries (initdb/pg_ctl) for the end-to-end run's postgres exporter.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
# unique package names
mapfile -t pkgs < <(printf '%s\n' "${need[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "install-prerequisites: missing packages: ${pkgs[*]}; run as root or install them with apt-get" >&2
  exit 1
fi
echo "install-prerequisites: installing ${pkgs[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
# Debian's packages may start services; the tests start their own on free ports.
for svc in prometheus prometheus-node-exporter prometheus-redis-exporter prometheus-postgres-exporter redis-server; do
  if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
done
