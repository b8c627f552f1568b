#!/usr/bin/env bash
# Regenerates tests/real/logs/prometheus/: a real Prometheus (Debian's prometheus, 2.42, which
# logs in logfmt through go-kit: `ts=... caller=... level=... msg="..."`), run three times in a
# work dir of its own:
#   - with a config file that is no YAML (level=error `Error loading config`);
#   - scraping a target nobody listens on and writing to a remote-write endpoint nobody
#     listens on, for a few seconds (level=warn/error from the scrape and remote-write code);
#   - a second one on the port the first holds (level=error `Error starting web server`, or
#     `address already in use`).
#
#   sudo bash tests/real/prometheus.sh        # about 20 seconds; needs root to install
#   KEEP=1 bash tests/real/prometheus.sh      # keep the work dir (/tmp/kbprom.*)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/prometheus}
PORT=${PORT:-19090}
SECS=${SECS:-8}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if ! command -v prometheus > /dev/null; then
  [[ $(id -u) -eq 0 ]] || die "run as root (prometheus is not installed)"
  log "installing prometheus from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
fi

WORK=$(mktemp -d /tmp/kbprom.XXXXXX)
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
printf 'global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: down\n    static_configs:\n      - targets: [127.0.0.1:9\n' > broken.yml
cat > prometheus.yml <<'Y'
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:9']
remote_write:
  - url: http://127.0.0.1:9/api/v1/write
    queue_config:
      min_backoff: 100ms
      max_backoff: 500ms
Y
run() { prometheus --web.listen-address="127.0.0.1:$PORT" --storage.tsdb.path="$WORK/$1.data" "${@:2}"; }

log "a config that is no YAML"
run broken --config.file=broken.yml > broken.log 2>&1 || true
log "a dead target and a dead remote-write endpoint for ${SECS}s"
run main --config.file=prometheus.yml > prometheus.log 2>&1 &
main=$!
sleep 3
log "a second server on the same port"
run second --config.file=prometheus.yml > second.log 2>&1 || true
sleep "$SECS"
kill -TERM "$main"
wait "$main" || true

mkdir -p "$OUT"
# One log as a support bundle holds it: the runs one after another.
cat broken.log prometheus.log second.log > "$OUT/prometheus.log"
log "wrote $OUT/prometheus.log: $(wc -l < "$OUT/prometheus.log") lines, $(grep -c 'level=error' "$OUT/prometheus.log") level=error, $(grep -c 'level=warn' "$OUT/prometheus.log") level=warn"
