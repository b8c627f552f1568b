#!/usr/bin/env bash
# Regenerates tests/real/logs/pgbouncer/<incident>/{pgbouncer.log,postgresql.log}: real logs of a
# real PgBouncer (Debian's package) in front of a real PostgreSQL 15 server, one fresh pair per
# incident.
#
#   sudo bash tests/real/pgbouncer.sh
#   KEEP=1 sudo bash tests/real/pgbouncer.sh        # keep the work dir (/tmp/kbpgb.*)
#
# Incidents:
#   client-wrong-password   a client logs in to PgBouncer 5 times with a wrong password (PgBouncer
#                           checks it against its auth_file: PostgreSQL never sees them), then
#                           once with the right one
#   stale-server-password   the role's password is changed in PostgreSQL but not in PgBouncer's
#                           auth_file: PgBouncer's own logins to the server fail (its log says
#                           "server login failed", PostgreSQL's log the failures from 127.0.0.1)
#   one-typo                one wrong password, then the right one (no incident)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/pgbouncer}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PORT=${PORT:-55432}
BPORT=${BPORT:-56432}
log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (the server runs as 'postgres' with runuser)"
if [[ ! -x $PGBIN/postgres ]] || ! command -v pgbouncer >/dev/null; then
  log "installing postgresql and pgbouncer from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql pgbouncer
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
export PGSSLMODE=disable PGGSSENCMODE=disable PGCONNECT_TIMEOUT=10
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS PGAPPNAME || true

# One incident, as user postgres: a fresh server and pooler, the clients, then both stopped.
incident() {
  local name=$1 w
  w=$(mktemp -d /tmp/kbpgb.XXXXXX)
  chown postgres "$w"
  runuser -u postgres -- env W="$w" PGBIN="$PGBIN" PORT="$PORT" BPORT="$BPORT" INCIDENT="$name" bash -s <<'EOS'
set -euo pipefail
export PATH=$PGBIN:$PATH
echo secret > "$W/pw"
initdb -D "$W/data" -U postgres --auth=scram-sha-256 --pwfile="$W/pw" >/dev/null
cat >> "$W/data/postgresql.conf" <<C
port = $PORT
unix_socket_directories = '$W'
listen_addresses = '127.0.0.1'
log_line_prefix = '%m [%p] %q%u@%d '
C
pg_ctl -D "$W/data" -l "$W/postgresql.log" start -w >/dev/null
PGPASSWORD=secret psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c "create role app login password 'apppw'"
printf '"app" "apppw"\n"postgres" "secret"\n' > "$W/userlist.txt"
cat > "$W/pgbouncer.ini" <<I
[databases]
shop = host=127.0.0.1 port=$PORT dbname=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BPORT
unix_socket_dir = $W
auth_type = scram-sha-256
auth_file = $W/userlist.txt
logfile = $W/pgbouncer.log
pidfile = $W/pgbouncer.pid
admin_users = postgres
I
pgbouncer -d "$W/pgbouncer.ini"
sleep 1
try() { PGPASSWORD=$1 psql -h 127.0.0.1 -p "$BPORT" -U app shop -qAt -c "select 1" >/dev/null 2>&1 || true; }
case $INCIDENT in
  client-wrong-password)
    for i in 1 2 3 4 5; do try "wrong$i"; sleep 2; done
    try apppw ;;
  stale-server-password)
    try apppw
    PGPASSWORD=secret psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c "alter role app password 'rotated'"
    # Drop the pooled server connection, so that the next client needs a new server login.
    PGPASSWORD=secret psql -h 127.0.0.1 -p "$BPORT" -U postgres pgbouncer -q -c "kill shop" >/dev/null 2>&1 || true
    PGPASSWORD=secret psql -h 127.0.0.1 -p "$BPORT" -U postgres pgbouncer -q -c "resume shop" >/dev/null 2>&1 || true
    for i in 1 2 3 4 5 6; do try apppw; sleep 1; done ;;
  one-typo)
    try wrong
    sleep 3
    try apppw ;;
esac
kill "$(cat "$W/pgbouncer.pid")"
sleep 1
pg_ctl -D "$W/data" stop -m fast >/dev/null
EOS
  mkdir -p "$OUT/$name"
  cp "$w/pgbouncer.log" "$w/postgresql.log" "$OUT/$name/"
  [[ -n ${KEEP:-} ]] || rm -rf "$w"
  log "$name: $(wc -l < "$OUT/$name/pgbouncer.log") pgbouncer lines, $(wc -l < "$OUT/$name/postgresql.log") postgresql lines"
}

for name in client-wrong-password stale-server-password one-typo; do
  incident "$name"
done
