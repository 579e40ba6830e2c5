#!/usr/bin/env bash
# Restores the Prometheus, Grafana and Alertmanager volumes from a backup of scripts/backup-volumes.sh.
#
#   ./scripts/restore-volumes.sh BACKUP_DIR [--yes]
#
# Stops the stack (docker-compose down, volumes kept), verifies the checksums, replaces each volume's
# content with its archive, and starts the stack again (docker-compose up -d). Asks before overwriting
# unless --yes is given. A backup without an Alertmanager archive (taken before it was backed up) restores
# the other two and leaves that volume as it is. Needs Docker.
set -euo pipefail
cd "$(dirname "$0")/.."

VOLUMES=(pybase-prometheus-data pybase-grafana-data pybase-alertmanager-data)
IMAGE=${BACKUP_IMAGE:-alpine:3.20}
src=${1:?usage: scripts/restore-volumes.sh BACKUP_DIR [--yes]}
yes=${2:-}

command -v docker >/dev/null 2>&1 || { echo "restore-volumes: docker is required" >&2; exit 2; }
src=$(cd "$src" && pwd)
present=()
for v in "${VOLUMES[@]}"; do
  if [ -f "$src/$v.tar.gz" ]; then
    present+=("$v")
  elif [ "$v" = pybase-alertmanager-data ]; then
    echo "restore-volumes: no $v.tar.gz in $src; leaving that volume as it is" >&2
  else
    echo "restore-volumes: $src/$v.tar.gz is missing" >&2; exit 1
  fi
done
VOLUMES=("${present[@]}")
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
