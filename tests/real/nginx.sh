#!/usr/bin/env bash
# Regenerates tests/real/logs/nginx/{error,access}.log: a real nginx (Debian's nginx-light) on
# 127.0.0.1:8089 with its own config, in front of an upstream that is not there, driven by curl
# into the errors a support ticket shows: a refused upstream connection (502, `connect() failed
# (111: Connection refused) while connecting to upstream`), a missing file (`open() ... failed
# (2: No such file or directory)`), a directory without an index (`directory index of ... is
# forbidden`), a request body over client_max_body_size (413), and the server's notices.
#
#   sudo bash tests/real/nginx.sh        # a few seconds; needs root (binds as www-data)
#   KEEP=1 bash tests/real/nginx.sh      # keep the work dir (/tmp/kbnginx.*)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/nginx}
PORT=${PORT:-8089}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root"
need=()
[[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  log "installing ${need[*]} from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

WORK=$(mktemp -d /tmp/kbnginx.XXXXXX)
cleanup() {
  [[ -f $WORK/nginx.pid ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 1
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/www/noindex" "$WORK/logs" "$WORK/tmp"
echo hello > "$WORK/www/index.html"
chmod 755 "$WORK" "$WORK/www"

cat > "$WORK/nginx.conf" <<CONF
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log info;
events { worker_connections 64; }
http {
  access_log $WORK/logs/access.log combined;
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  client_max_body_size 1k;
  server {
    listen 127.0.0.1:$PORT;
    server_name kbdiag.test;
    root $WORK/www;
    location /app/ { proxy_pass http://127.0.0.1:1/; }
  }
}
CONF

log "starting nginx on 127.0.0.1:$PORT"
/usr/sbin/nginx -c "$WORK/nginx.conf" -e "$WORK/logs/error.log"
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
get() { curl -s -o /dev/null -w '%{http_code} ' -A 'kbdiag-test/1.0 (curl)' "http://127.0.0.1:$PORT$1"; }
for round in 1 2 3; do
  get /; get /app/status; get /missing.html; get /noindex/
  curl -s -o /dev/null -w '%{http_code} ' -X POST --data-binary "@/etc/services" "http://127.0.0.1:$PORT/index.html"
  sleep 1
done
echo
/usr/sbin/nginx -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" -s quit
sleep 2
mkdir -p "$OUT"
# The work dir's random name is in the paths of the messages: made fixed, nothing else changed.
for f in error.log access.log; do
  sed "s#$WORK#/srv/site#g" "$WORK/logs/$f" > "$OUT/$f"
  log "wrote $OUT/$f ($(wc -l < "$OUT/$f") lines)"
done
