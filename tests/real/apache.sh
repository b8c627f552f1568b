#!/usr/bin/env bash
# Regenerates tests/real/logs/apache/error.log: a real Apache httpd 2.4 (Debian package) on
# 127.0.0.1:8088 with its own config, driven by curl into the errors a support ticket shows:
# a directory denied by the configuration (AH01630), a symbolic link it may not follow
# (AH00037), a directory without an index (AH01276), a CGI script that is not executable
# (AH01241 / AH01215 ...), and the server's own start and stop notices.
#
#   sudo bash tests/real/apache.sh        # a few seconds; needs root (binds as www-data)
#   KEEP=1 bash tests/real/apache.sh      # keep the work dir (/tmp/kbapache.*)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/apache}
PORT=${PORT:-8088}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root"
need=()
command -v apache2 >/dev/null || [[ -x /usr/sbin/apache2 ]] || need+=(apache2)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  log "installing ${need[*]} from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

WORK=$(mktemp -d /tmp/kbapache.XXXXXX)
cleanup() {
  [[ -f $WORK/httpd.pid ]] && kill "$(cat "$WORK/httpd.pid")" 2>/dev/null || true
  sleep 1
  [[ ${KEEP:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$WORK/www/denied" "$WORK/www/noindex" "$WORK/www/cgi" "$WORK/logs" "$WORK/run"
echo secret > "$WORK/outside.txt"
ln -s "$WORK/outside.txt" "$WORK/www/link.txt"
echo hello > "$WORK/www/index.html"
printf '#!/bin/sh\necho ok\n' > "$WORK/www/cgi/notexec.cgi"   # not executable on purpose
chmod 644 "$WORK/www/cgi/notexec.cgi"
chown -R www-data "$WORK/logs" "$WORK/run"
chmod 755 "$WORK" "$WORK/www"

M=/usr/lib/apache2/modules
cat > "$WORK/httpd.conf" <<CONF
ServerRoot "$WORK"
ServerName kbdiag.test
Listen 127.0.0.1:$PORT
PidFile $WORK/httpd.pid
User www-data
Group www-data
LoadModule mpm_event_module $M/mod_mpm_event.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule dir_module $M/mod_dir.so
LoadModule mime_module $M/mod_mime.so
LoadModule cgid_module $M/mod_cgid.so
LoadModule alias_module $M/mod_alias.so
TypesConfig /etc/mime.types
ErrorLog $WORK/logs/error.log
# Debian's own LogFormat lines (/etc/apache2/apache2.conf): combined, and vhost_combined for
# other_vhosts_access.log.
LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" vhost_combined
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
LogFormat "%h %l %u %t \"%r\" %>s %O" common
CustomLog $WORK/logs/access.log combined
CustomLog $WORK/logs/other_vhosts_access.log vhost_combined
CustomLog $WORK/logs/common_access.log common
LogLevel warn core:info
DocumentRoot "$WORK/www"
<Directory "$WORK/www">
  Options -FollowSymLinks -Indexes
  Require all granted
</Directory>
<Directory "$WORK/www/denied">
  Require all denied
</Directory>
ScriptAlias /cgi/ "$WORK/www/cgi/"
<Directory "$WORK/www/cgi">
  Options +ExecCGI
  Require all granted
</Directory>
CONF

log "starting apache2 on 127.0.0.1:$PORT"
APACHE_RUN_DIR=$WORK/run APACHE_LOCK_DIR=$WORK/run /usr/sbin/apache2 -f "$WORK/httpd.conf" -k start
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
get() { curl -s -o /dev/null -w '%{http_code} ' -A 'kbdiag-test/1.0 (curl)' -e 'http://kbdiag.test/start' "http://127.0.0.1:$PORT$1"; }
for round in 1 2 3; do
  get /denied/x.html; get /link.txt; get /noindex/; get /cgi/notexec.cgi; get /missing.html; get /
  get '/search?q=a%20b&page=2'; curl -s -o /dev/null -X POST -d 'x=1' "http://127.0.0.1:$PORT/index.html"
  sleep 1
done
echo
APACHE_RUN_DIR=$WORK/run APACHE_LOCK_DIR=$WORK/run /usr/sbin/apache2 -f "$WORK/httpd.conf" -k stop
sleep 2
mkdir -p "$OUT"
# The work dir's random name is in the paths of the messages: made fixed, nothing else changed.
for f in error.log access.log other_vhosts_access.log common_access.log; do
  sed "s#$WORK#/srv/site#g" "$WORK/logs/$f" > "$OUT/$f"
  log "wrote $OUT/$f ($(wc -l < "$OUT/$f") lines)"
done
