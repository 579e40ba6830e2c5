#!/usr/bin/env bash
# Backs up the Prometheus, Grafana and Alertmanager volumes of the Compose stack into tar.gz files.
#
#   ./scripts/backup-volumes.sh [BACKUP_DIR]     # default: ./backups/<UTC timestamp>
#
# Writes BACKUP_DIR/<volume>.tar.gz for pybase-prometheus-data, pybase-grafana-data and
# pybase-alertmanager-data (silences, notification log) plus a SHA256SUMS file. The volumes are read while
# the stack runs, which is crash-consistent (Prometheus replays its WAL on restore); for an exact copy stop
# them first: docker-compose stop prometheus grafana alertmanager.
# Restore with scripts/restore-volumes.sh. Needs Docker (uses a throwaway alpine container).
set -euo pipefail
cd "$(dirname "$0")/.."

VOLUMES=(pybase-prometheus-data pybase-grafana-data pybase-alertmanager-data)
IMAGE=${BACKUP_IMAGE:-alpine:3.20}
dest=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}

command -v docker >/dev/null 2>&1 || { echo "backup-volumes: docker is required" >&2; exit 2; }
for v in "${VOLUMES[@]}"; do
  docker volume inspect "$v" >/dev/null 2>&1 || { echo "backup-volumes: volume $v does not exist" >&2; exit 1; }
done
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

for v in "${VOLUMES[@]}"; do
  echo "backup-volumes: $v -> $dest/$v.tar.gz"
  docker run --rm -v "$v":/data:ro -v "$dest":/backup "$IMAGE" \
    tar czf "/backup/$v.tar.gz" -C /data .
done
(cd "$dest" && sha256sum ./*.tar.gz > SHA256SUMS)
echo "backup-volumes: done; restore with scripts/restore-volumes.sh $dest"
