#!/usr/bin/env bash
# Restores the Prometheus and Grafana volumes from a backup of scripts/backup-volumes.sh.
#
#   ./scripts/restore-volumes.sh BACKUP_DIR [--yes]
#
# Stops the stack (docker-compose down, volumes kept), verifies the checksums, replaces each volume's
# content with its archive, and starts the stack again (docker-compose up -d; add the worker profile
# yourself if you use it). Asks before overwriting unless --yes is given. Needs Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

VOLUMES=(pybase-prometheus-data pybase-grafana-data)
IMAGE=${BACKUP_IMAGE:-alpine:3.20}
src=${1:?usage: scripts/restore-volumes.sh BACKUP_DIR [--yes]}
yes=${2:-}

command -v docker >/dev/null 2>&1 || { echo "restore-volumes: docker is required" >&2; exit 2; }
src=$(cd "$src" && pwd)
for v in "${VOLUMES[@]}"; do
  [ -f "$src/$v.tar.gz" ] || { echo "restore-volumes: $src/$v.tar.gz is missing" >&2; exit 1; }
done
if [ -f "$src/SHA256SUMS" ]; then
  (cd "$src" && sha256sum -c --quiet SHA256SUMS) || { echo "restore-volumes: checksum mismatch" >&2; exit 1; }
else
  echo "restore-volumes: no SHA256SUMS in $src; archives not verified" >&2
fi
if [ "$yes" != "--yes" ]; then
  read -r -p "Replace the content of ${VOLUMES[*]} with $src? [y/N] " answer
  [ "$answer" = "y" ] || [ "$answer" = "Y" ] || { echo "restore-volumes: aborted"; exit 1; }
fi

docker-compose down
for v in "${VOLUMES[@]}"; do
  echo "restore-volumes: $src/$v.tar.gz -> $v"
  docker volume create "$v" >/dev/null
  docker run --rm -v "$v":/data -v "$src":/backup:ro "$IMAGE" \
    sh -c 'find /data -mindepth 1 -delete && tar xzf "/backup/$0.tar.gz" -C /data' "$v"
done
docker-compose up -d
echo "restore-volumes: done"
