#!/usr/bin/env bash
# Regenerates tests/real/logs/tomcat/: a real Apache Tomcat (Debian's tomcat10) in a base of
# its own, started twice on one port so that the second one logs what a support ticket shows
# (SEVERE `Failed to start connector`, `Address already in use` in a stack trace), then
# stopped; its catalina.out and catalina.<date>.log (JULI's OneLineFormatter) are kept.
#
#   sudo bash tests/real/tomcat.sh        # about half a minute; needs root to install
#   KEEP=1 bash tests/real/tomcat.sh      # keep the work dir (/tmp/kbtomcat.*)
#   LOCALE=fr_FR bash tests/real/tomcat.sh # the JVM in another locale: JULI writes the levels
#                                         # in its language (GRAVE, Avertissement ...) into
#                                         # logs/tomcat-fr_FR/
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
LOCALE=${LOCALE:-}
OUT=${OUT:-$HERE/logs/tomcat${LOCALE:+-$LOCALE}}
PORT=${PORT:-8095}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

if [[ ! -x /usr/share/tomcat10/bin/catalina.sh ]]; then
  [[ $(id -u) -eq 0 ]] || die "run as root (tomcat10 is not installed)"
  log "installing tomcat10 from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tomcat10
fi

WORK=$(mktemp -d /tmp/kbtomcat.XXXXXX)
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
base() {
  local b=$1
  mkdir -p "$b"/{conf,logs,temp,webapps,work}
  cp -r /etc/tomcat10/. "$b/conf/"
  sed -i -e "s/port=\"8080\"/port=\"$PORT\"/" "$b/conf/server.xml"
  # In another locale, an attribute no connector has, so that a WARNING record is written too.
  if [[ -n $LOCALE ]]; then
    sed -i -e "s/port=\"$PORT\"/port=\"$PORT\" kbdiagNoSuchAttribute=\"1\"/" "$b/conf/server.xml"
  fi
}
base "$WORK/a"
base "$WORK/b"
export CATALINA_HOME=/usr/share/tomcat10
if [[ -n $LOCALE ]]; then
  export CATALINA_OPTS="-Duser.language=${LOCALE%_*} -Duser.country=${LOCALE#*_}"
fi
# Start the Tomcat of base $1 and wait until it says it started (its connector may fail).
start() {
  CATALINA_BASE=$WORK/$1 CATALINA_PID=$WORK/$1/pid "$CATALINA_HOME/bin/catalina.sh" start
  for _ in $(seq 60); do
    grep -q "Server startup in" "$WORK/$1/logs/catalina.out" 2>/dev/null && return
    sleep 0.5
  done
}
log "first Tomcat on $PORT"
start a
log "second Tomcat on the same port: its connector fails"
start b
# Debian's server.xml has no shutdown port: stopped by their pids.
for b in b a; do
  kill "$(cat "$WORK/$b/pid")" 2>/dev/null || true
done
sleep 2
mkdir -p "$OUT"
cp "$WORK/b/logs/catalina.out" "$OUT/catalina.out"
cp "$WORK/b/logs"/catalina.*.log "$OUT/"
chmod 644 "$OUT"/*
grep -c "startInternal\|Failed\|chec" "$OUT/catalina.out" >&2 || die "no SEVERE record: the second Tomcat did not fail"
log "wrote $(ls "$OUT")"
