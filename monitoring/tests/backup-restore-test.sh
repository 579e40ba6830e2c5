#!/usr/bin/env bash
# Tests scripts/backup-volumes.sh and scripts/restore-volumes.sh without a Docker engine: a fake `docker`
# maps each named volume to a directory and runs the container's command with /data and /backup
# rewritten to the mounted directories; a fake `docker-compose` records its calls. What this proves is
# the scripts' own logic (archives, checksums, wiping and refilling volumes, stopping/starting the
# stack, refusing bad input), not Docker itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
WORK=$(mktemp -d /tmp/pybase-backup-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
fails=0
check() { if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; fails=$((fails + 1)); fi; }

mkdir -p "$WORK/bin" "$WORK/volumes"
cat >"$WORK/bin/docker" <<'PY'
#!/usr/bin/env python3
import os, subprocess, sys
vols = os.environ["FAKE_VOLUMES"]
a = sys.argv[1:]
if a[:2] == ["volume", "inspect"]:
    sys.exit(0 if os.path.isdir(os.path.join(vols, a[2])) else 1)
if a[:2] == ["volume", "create"]:
    os.makedirs(os.path.join(vols, a[2]), exist_ok=True); print(a[2]); sys.exit(0)
if a[0] == "run":
    a, mounts = a[1:], {}
    while a[0].startswith("-"):
        if a[0] == "-v":
            src, dst = a[1].split(":")[:2]
            mounts[dst] = src if src.startswith("/") else os.path.join(vols, src)
            a = a[2:]
        else:
            a = a[1:]
    image, cmd = a[0], a[1:]
    def rewrite(s):
        for dst, src in mounts.items():
            s = s.replace(dst, src)
        return s
    sys.exit(subprocess.call([rewrite(c) for c in cmd]))
sys.exit("fake docker: unsupported %s" % a)
PY
cat >"$WORK/bin/docker-compose" <<'SH'
#!/bin/sh
echo "$*" >> "$FAKE_COMPOSE_LOG"
SH
chmod +x "$WORK/bin/"*
export PATH="$WORK/bin:$PATH" FAKE_VOLUMES="$WORK/volumes" FAKE_COMPOSE_LOG="$WORK/compose.log"

mkdir -p "$WORK/volumes/pybase-prometheus-data/wal" "$WORK/volumes/pybase-grafana-data" \
  "$WORK/volumes/pybase-alertmanager-data"
echo "tsdb-block" >"$WORK/volumes/pybase-prometheus-data/wal/00000001"
echo "grafana-db" >"$WORK/volumes/pybase-grafana-data/grafana.db"
echo "silence-1" >"$WORK/volumes/pybase-alertmanager-data/silences"

check "backup succeeds" "scripts/backup-volumes.sh '$WORK/backup' >'$WORK/backup.log' 2>&1"
check "backup writes the three archives and checksums" \
  "[ -s '$WORK/backup/pybase-prometheus-data.tar.gz' ] && [ -s '$WORK/backup/pybase-grafana-data.tar.gz' ] && [ -s '$WORK/backup/pybase-alertmanager-data.tar.gz' ] && (cd '$WORK/backup' && sha256sum -c --quiet SHA256SUMS)"
check "archive holds the volume content" \
  "tar xzOf '$WORK/backup/pybase-prometheus-data.tar.gz' ./wal/00000001 | grep -qx tsdb-block"

echo "changed" >"$WORK/volumes/pybase-grafana-data/grafana.db"
echo "silence-2" >"$WORK/volumes/pybase-alertmanager-data/silences"
echo "stray" >"$WORK/volumes/pybase-prometheus-data/stray"
check "restore succeeds" "scripts/restore-volumes.sh '$WORK/backup' --yes >'$WORK/restore.log' 2>&1"
check "restore brings back the backed-up content" \
  "grep -qx grafana-db '$WORK/volumes/pybase-grafana-data/grafana.db' && grep -qx tsdb-block '$WORK/volumes/pybase-prometheus-data/wal/00000001' && grep -qx silence-1 '$WORK/volumes/pybase-alertmanager-data/silences'"
check "restore removes files that were not in the backup" "[ ! -e '$WORK/volumes/pybase-prometheus-data/stray' ]"
check "restore stops the stack first and starts it after" "[ \"\$(cat '$WORK/compose.log')\" = \"\$(printf 'down\nup -d')\" ]"

cp -r "$WORK/backup" "$WORK/corrupt"
echo garbage >>"$WORK/corrupt/pybase-grafana-data.tar.gz"
: >"$WORK/compose.log"
check "restore refuses a corrupted archive and leaves the stack alone" \
  "! scripts/restore-volumes.sh '$WORK/corrupt' --yes >/dev/null 2>&1 && [ ! -s '$WORK/compose.log' ]"
check "restore asks before overwriting and aborts on no" \
  "! echo n | scripts/restore-volumes.sh '$WORK/backup' >/dev/null 2>&1 && [ ! -s '$WORK/compose.log' ]"
mkdir "$WORK/older"
cp "$WORK/backup/pybase-prometheus-data.tar.gz" "$WORK/backup/pybase-grafana-data.tar.gz" "$WORK/older/"
(cd "$WORK/older" && sha256sum ./*.tar.gz > SHA256SUMS)
echo "silence-3" >"$WORK/volumes/pybase-alertmanager-data/silences"
echo "changed" >"$WORK/volumes/pybase-grafana-data/grafana.db"
check "a backup without the Alertmanager archive restores the other two and leaves that volume" \
  "scripts/restore-volumes.sh '$WORK/older' --yes >/dev/null 2>&1 && grep -qx grafana-db '$WORK/volumes/pybase-grafana-data/grafana.db' && grep -qx silence-3 '$WORK/volumes/pybase-alertmanager-data/silences'"
rm "$WORK/older/pybase-grafana-data.tar.gz"
(cd "$WORK/older" && sha256sum ./*.tar.gz > SHA256SUMS)
check "restore refuses a backup without the Grafana archive" "! scripts/restore-volumes.sh '$WORK/older' --yes >/dev/null 2>&1"
rm -rf "$WORK/volumes/pybase-grafana-data"
check "backup refuses a missing volume" "! scripts/backup-volumes.sh '$WORK/backup2' >/dev/null 2>&1"

echo "backup/restore test: $fails failure(s)"
[ "$fails" -eq 0 ]
