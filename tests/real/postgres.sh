#!/usr/bin/env bash
# Regenerates tests/real/logs/postgresql/<layout>/<incident>.{log,csv,json}: real logs written
# by a real PostgreSQL 15 server (Debian's package), one fresh server per layout and incident.
#
#   bash tests/real/postgres.sh                       # everything (about 6-8 minutes)
#   LAYOUTS="stock rds" INCIDENTS="deadlock auth-failed" bash tests/real/postgres.sh
#   KEEP=1 bash tests/real/postgres.sh                # keep the work dir (/tmp/kbpg.*)
#
# Layouts:   stock debian pgbadger rds old-debian dubai paris paris-summer csvlog jsonlog
#            redhat custom (prefixes no sniffing reads: --param postgresql.prefix)
#            (paris-summer: the server runs under libfaketime, its clock moved to 15 July, so
#            that Europe/Paris prints CEST; Debian package faketime, installed if missing)
# Incidents: deadlock too-many-connections auth-failed checkpoints-too-frequent
#            archive-failing archive-recovered archive-recovered-reload disk-full disk-full-wal
#            raise-deadlock (an application's exception worded as a deadlock: no deadlock)
#            backend-killed backend-segfault (a backend killed by SIGKILL, by SIGSEGV: the
#            postmaster's crash and recovery) backend-oom (the kernel's OOM killer in a
#            64 MB memory cgroup; its dmesg -T lines kept as <incident>.dmesg) backend-terminated
#            (pg_terminate_backend and a fast shutdown: no crash) raise-crash (a RAISE LOG
#            worded as a crash, the log going on 4 s past it: no crash)
#            (+ archive-recovered-debug1, stock layout only)
# disk-full* need root (they mount a small tmpfs); without it they are skipped.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/postgresql}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
JOBS=${JOBS:-3}                        # short cases run this many at a time
PORT_BASE=${PORT_BASE:-54330}
ARCHIVE_FAIL_SECS=${ARCHIVE_FAIL_SECS:-75}      # archive-failing: how long it fails
ARCHIVE_FIX_AFTER=${ARCHIVE_FIX_AFTER:-120}     # archive-recovered*: fixed after this many s
ARCHIVE_AFTER_FIX=${ARCHIVE_AFTER_FIX:-40}      # ... and kept running this long after
PGBENCH_SECS=${PGBENCH_SECS:-20}                 # checkpoints-too-frequent: load duration
ALL_LAYOUTS="stock debian pgbadger rds old-debian dubai paris paris-summer csvlog jsonlog"
ALL_INCIDENTS="deadlock too-many-connections auth-failed checkpoints-too-frequent archive-failing archive-recovered archive-recovered-reload disk-full disk-full-wal raise-deadlock backend-killed backend-oom backend-segfault backend-terminated raise-crash"
LAYOUTS=${LAYOUTS:-$ALL_LAYOUTS}
INCIDENTS=${INCIDENTS:-$ALL_INCIDENTS}

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# --- PostgreSQL 15 from Debian, if missing --------------------------------------------------
if [[ ! -x $PGBIN/postgres || ! -x $PGBIN/pgbench || ! -x $PGBIN/psql ]]; then
  [[ $(id -u) -eq 0 ]] || die "PostgreSQL 15 is not installed in $PGBIN and we are not root"
  log "installing PostgreSQL from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi
[[ -x $PGBIN/postgres ]] || die "no $PGBIN/postgres after install (not PostgreSQL 15?)"
FAKETIME_LIB=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
if [[ " $LAYOUTS " == *" paris-summer "* && ! -e $FAKETIME_LIB ]]; then
  [[ $(id -u) -eq 0 ]] || die "paris-summer needs libfaketime (apt-get install faketime)"
  log "installing faketime from Debian packages"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y faketime
fi
export PATH=$PGBIN:$PATH
export PGSSLMODE=disable PGGSSENCMODE=disable PGCONNECT_TIMEOUT=10
unset PGHOST PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS PGAPPNAME || true

# The server refuses to run as root: run it as 'postgres' when we are root.
if [[ $(id -u) -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
  AS=(runuser -u postgres --)
  CAN_MOUNT=1
else
  AS=()
  CAN_MOUNT=0
fi
V6=0
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then V6=1; fi

WORK=$(mktemp -d /tmp/kbpg.XXXXXX)   # short: unix socket paths must stay < 108 bytes
chmod 755 "$WORK"
[[ $(id -u) -eq 0 ]] && chown postgres: "$WORK"

cleanup() {
  local pidf d m
  for pidf in "$WORK"/c/*/data/postmaster.pid "$WORK"/template/postmaster.pid; do
    [[ -e $pidf ]] || continue
    d=$(dirname "$pidf")
    "${AS[@]}" pg_ctl -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
  done
  for m in $(awk -v w="$WORK" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- template cluster: roles, database, tables ----------------------------------------------
log "initdb template ($(postgres --version))"
"${AS[@]}" initdb -D "$WORK/template" -U postgres --no-locale -E UTF8 \
  --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$WORK/initdb.out"
cat >"$WORK/template/pg_hba.conf" <<'EOF'
# TYPE  DATABASE  USER      ADDRESS         METHOD
local   all       postgres                  trust
local   all       all                       scram-sha-256
host    all       all       127.0.0.1/32    scram-sha-256
host    all       all       ::1/128         scram-sha-256
EOF
cat >>"$WORK/template/postgresql.conf" <<EOF

# ---- kbdiag tests/real/postgres.sh: template ----
port = $PORT_BASE
listen_addresses = ''
unix_socket_directories = '$WORK'
EOF
"${AS[@]}" pg_ctl -D "$WORK/template" -l "$WORK/template.out" -w start >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -h "$WORK" -p "$PORT_BASE" -U postgres -d postgres <<'EOF'
CREATE ROLE app LOGIN PASSWORD 'app-secret';
CREATE ROLE alice LOGIN PASSWORD 'alice-secret';
CREATE ROLE bob LOGIN PASSWORD 'bob-secret';
CREATE ROLE carol LOGIN PASSWORD 'carol-secret';
CREATE DATABASE shop OWNER app;
\c shop
SET ROLE app;
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL);
INSERT INTO accounts VALUES (1, 'acme', 1000), (2, 'globex', 1000);
CREATE TABLE orders (id int PRIMARY KEY, status text NOT NULL);
INSERT INTO orders VALUES (1, 'new'), (2, 'new');
CREATE TABLE events (id bigint, at timestamptz DEFAULT now(), payload text);
GRANT ALL ON ALL TABLES IN SCHEMA public TO alice, bob, carol;
EOF
"${AS[@]}" pg_ctl -D "$WORK/template" -m fast -w stop >/dev/null
sed -i '/^# ---- kbdiag tests\/real\/postgres.sh: template ----$/,$d' "$WORK/template/postgresql.conf"

# --- layouts ---------------------------------------------------------------------------------
# prints the postgresql.conf lines of a layout
layout_conf() {
  local prefix="%m [%p] " tz=UTC dest=stderr
  case $1 in
    stock) ;;
    debian) prefix="%m [%p] %q%u@%d " ;;
    pgbadger) prefix="%t [%p]: user=%u,db=%d,app=%a,client=%h " ;;
    rds) prefix="%t:%r:%u@%d:[%p]:" ;;
    old-debian) prefix="%t [%p-%l] %q%u@%d " ;;
    redhat) prefix="< %m >" ;;                      # RHEL/CentOS packages of 9.x
    custom) prefix="%m pid=%p %q%u@%d:%h app=%a %e " ;; # read with --param postgresql.prefix
    dubai) tz=Asia/Dubai ;;
    paris | paris-summer) tz=Europe/Paris ;;
    csvlog) dest=csvlog ;;
    jsonlog) dest=jsonlog ;;
    *) die "unknown layout $1" ;;
  esac
  printf "log_line_prefix = '%s'\nlog_timezone = '%s'\nlog_destination = '%s'\n" "$prefix" "$tz" "$dest"
}
layout_ext() { case $1 in csvlog) echo csv ;; jsonlog) echo json ;; *) echo log ;; esac; }

# --- one case: a fresh server for one layout and one incident --------------------------------
# Globals inside a case (a subshell): LAYOUT INCIDENT PORT C (case dir) DATA
# paris-summer: pg_ctl and the server (it inherits the environment) see a clock moved to
# 15 July of this year; a relative offset, so every process agrees and time still runs.
CLOCK=()
if [[ " $LAYOUTS " == *" paris-summer "* ]]; then
  SUMMER_DAYS=$((($(date -u -d "$(date -u +%Y)-07-15" +%s) - $(date -u +%s)) / 86400))
fi
pg_start() { "${AS[@]}" "${CLOCK[@]}" pg_ctl -D "$DATA" -l "$C/pg_ctl.out" -w -t 120 start >/dev/null; }
pg_stop() {
  "${AS[@]}" "${CLOCK[@]}" pg_ctl -D "$DATA" -m fast -w -t 120 stop >/dev/null 2>&1 ||
    "${AS[@]}" "${CLOCK[@]}" pg_ctl -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
}
# admin session over the unix socket (trust)
q() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$C" -p "$PORT" -U postgres -d shop "$@"; }
# application session over TCP with a password: tcp HOST USER PASSWORD APPNAME [psql args]
tcp() {
  local host=$1 user=$2 pw=$3 app=$4; shift 4
  psql -X -q -At -v ON_ERROR_STOP=1 -w \
    "host=$host port=$PORT dbname=shop user=$user password=$pw application_name=$app" "$@"
}
as_pg_mkdir() { mkdir -p "$@"; [[ $(id -u) -ne 0 ]] || chown postgres: "$@"; }
mount_tmpfs() { # DIR SIZE
  as_pg_mkdir "$1"
  mount -t tmpfs -o "size=$2,mode=0700" tmpfs "$1"
  chown postgres: "$1"
}

inc_deadlock() {
  # Two transactions take the same two row locks in opposite order, twice: once with UPDATE
  # on accounts, once with SELECT ... FOR UPDATE on orders (deadlock_timeout is 1s).
  pg_start
  tcp 127.0.0.1 app app-secret billing-worker >>"$C/client.out" 2>&1 <<'EOF' &
BEGIN;
UPDATE accounts SET balance = balance - 100 WHERE id = 1;
SELECT pg_sleep(2);
UPDATE accounts SET balance = balance + 100 WHERE id = 2;
COMMIT;
EOF
  tcp 127.0.0.1 app app-secret billing-worker >>"$C/client.out" 2>&1 <<'EOF' &
BEGIN;
UPDATE accounts SET balance = balance - 50 WHERE id = 2;
SELECT pg_sleep(2);
UPDATE accounts SET balance = balance + 50 WHERE id = 1;
COMMIT;
EOF
  wait || true; wait || true
  tcp 127.0.0.1 app app-secret order-sync >>"$C/client.out" 2>&1 <<'EOF' &
BEGIN;
SELECT * FROM orders WHERE id = 1 FOR UPDATE;
SELECT pg_sleep(2);
SELECT * FROM orders WHERE id = 2 FOR UPDATE;
COMMIT;
EOF
  tcp 127.0.0.1 app app-secret order-sync >>"$C/client.out" 2>&1 <<'EOF' &
BEGIN;
SELECT * FROM orders WHERE id = 2 FOR UPDATE;
SELECT pg_sleep(2);
SELECT * FROM orders WHERE id = 1 FOR UPDATE;
COMMIT;
EOF
  wait || true; wait || true
  pg_stop
}

# wait until the server takes connections again (after a crash it resets and recovers)
wait_ready() { local i; for i in $(seq 1 120); do pg_isready -q -h "$C" -p "$PORT" && return 0; sleep 0.5; done; return 1; }
# the pid of the backend that runs a statement of 'app' (by its process title)
app_backend() {
  local pm i pid; pm=$(head -1 "$DATA/postmaster.pid")
  for i in $(seq 1 100); do
    pid=$(pgrep -P "$pm" -f '^postgres: app shop .*SELECT' | head -1 || true)
    [[ -n $pid ]] && { echo "$pid"; return 0; }
    sleep 0.1
  done
  return 1
}
inc_backend_killed() {
  # A backend running a report query gets SIGKILL (what the kernel's OOM killer sends): the
  # postmaster logs "server process (PID n) was terminated by signal 9: Killed", ends every
  # other session, reinitializes and recovers. A second session was idle in another database
  # connection and is cut too.
  pg_start
  tcp 127.0.0.1 app app-secret nightly-report -c 'SELECT count(*) FROM generate_series(1, 1000000) g, pg_sleep(30)' >>"$C/client.out" 2>&1 &
  tcp 127.0.0.1 app app-secret webapp -c 'SELECT pg_sleep(30)' >>"$C/client.out" 2>&1 &
  local pid; pid=$(app_backend)
  sleep 1
  kill -KILL "$pid"
  wait || true; wait || true
  wait_ready
  tcp 127.0.0.1 app app-secret webapp -c 'SELECT 1' >>"$C/client.out" 2>&1
  pg_stop
}

inc_backend_oom() {
  # The kernel's OOM killer, for real: the backend of a query that builds a huge array is
  # moved into a memory cgroup limited to 64 MB (cgroup v1 or v2), and the kernel kills it
  # there. The postmaster logs signal 9 as for any SIGKILL; the kernel's own lines (dmesg -T,
  # wall-clock times of this machine, UTC) say it was the OOM killer and name the pid.
  local cg
  if [[ -d /sys/fs/cgroup/memory ]]; then
    cg=/sys/fs/cgroup/memory/kbdiag-pg-oom.$BASHPID; mkdir -p "$cg"; echo $((64 << 20)) >"$cg/memory.limit_in_bytes"
    [[ ! -e $cg/memory.memsw.limit_in_bytes ]] || echo $((64 << 20)) >"$cg/memory.memsw.limit_in_bytes"
  else
    cg=/sys/fs/cgroup/kbdiag-pg-oom.$BASHPID; mkdir -p "$cg"; echo $((64 << 20)) >"$cg/memory.max"; echo 0 >"$cg/memory.swap.max" || true
  fi
  pg_start
  local since; since=$(date +%s)
  tcp 127.0.0.1 app app-secret nightly-report >>"$C/client.out" 2>&1 <<'EOF2' &
SELECT pg_sleep(2);
SELECT sum(length(t)) FROM (SELECT string_agg(md5(g::text), ',') t FROM generate_series(1, 20000000) g) x;
EOF2
  local pid; pid=$(app_backend)
  echo "$pid" >"$cg/cgroup.procs"
  wait || true
  wait_ready
  tcp 127.0.0.1 app app-secret webapp -c 'SELECT 1' >>"$C/client.out" 2>&1
  pg_stop
  rmdir "$cg" 2>/dev/null || true
  # the kernel's lines of this kill: from the OOM report that names our pid to the kill line
  dmesg -T | awk -v pid="$pid" '/invoked oom-killer/ {buf = ""; on = 1} on {buf = buf $0 "\n"} on && $0 ~ ("Killed process " pid " ") {printf "%s", buf; exit}' | grep -v '^$' >"$C/$INCIDENT.dmesg" || true
  [[ -s $C/$INCIDENT.dmesg ]] || die "no OOM kill of pid $pid in dmesg"
}

inc_backend_segfault() {
  # A backend dies of SIGSEGV (a crash in the server or an extension): "was terminated by
  # signal 11: Segmentation fault", then the same reset and recovery.
  pg_start
  tcp 127.0.0.1 app app-secret billing-worker -c 'SELECT pg_sleep(30)' >>"$C/client.out" 2>&1 &
  local pid; pid=$(app_backend)
  sleep 1
  kill -SEGV "$pid"
  wait || true
  wait_ready
  tcp 127.0.0.1 app app-secret billing-worker -c 'SELECT 1' >>"$C/client.out" 2>&1
  pg_stop
}

inc_backend_terminated() {
  # No crash: an administrator ends a session with pg_terminate_backend (SIGTERM), and the
  # server is stopped with a fast shutdown. The session's FATAL line and the shutdown's lines
  # are no crash.
  pg_start
  tcp 127.0.0.1 app app-secret webapp -c 'SELECT pg_sleep(30)' >>"$C/client.out" 2>&1 &
  local pid; pid=$(app_backend)
  q -c "SELECT pg_terminate_backend($pid)" >>"$C/client.out" 2>&1
  wait || true
  pg_stop
}

inc_raise_crash() {
  # An application's own LOG line worded as a crash: no crash, no reset follows it.
  pg_start
  tcp 127.0.0.1 app app-secret billing-worker >>"$C/client.out" 2>&1 <<'EOF2' || true
DO $$ BEGIN RAISE LOG 'server process (PID %) was terminated by signal 9: Killed', pg_backend_pid(); END $$;
EOF2
  # the log goes on past it (a log that ends at a line cannot show what follows it)
  sleep 4
  tcp 127.0.0.1 app app-secret webapp -c 'SELECT 1' >>"$C/client.out" 2>&1
  pg_stop
}

inc_raise_deadlock() {
  # Not a deadlock: an application's function raises its own exception with the text
  # (SQLSTATE P0001), and an application logs it at LOG. A real deadlock is 40P01.
  pg_start
  tcp 127.0.0.1 app app-secret billing-worker >>"$C/client.out" 2>&1 <<'EOF' || true
CREATE OR REPLACE FUNCTION transfer(a int, b int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE LOG 'deadlock detected while moving % to %, retrying', a, b;
  RAISE EXCEPTION 'deadlock detected';
END $$;
SELECT transfer(1, 2);
EOF
  pg_stop
}

inc_too_many_connections() {
  # max_connections = 5 with 2 slots reserved for superusers: 3 'app' sessions fill the
  # ordinary slots, 4 more 'app' logins are refused; 2 'postgres' sessions fill the reserved
  # slots, 3 more 'postgres' logins are refused.
  printf 'max_connections = 5\nsuperuser_reserved_connections = 2\n' >>"$DATA/postgresql.conf"
  pg_start
  local i n
  for i in 1 2 3; do
    tcp 127.0.0.1 app app-secret webapp -c 'SELECT pg_sleep(20)' >>"$C/client.out" 2>&1 &
  done
  # wait for them by their process titles: a polling connection of our own would take a slot
  # and could get one of the three refused
  local pm; pm=$(head -1 "$DATA/postmaster.pid")
  for i in $(seq 1 100); do
    n=$(pgrep -c -P "$pm" -f '^postgres: app shop .*SELECT' || true)
    [[ $n -ge 3 ]] && break
    sleep 0.2
  done
  [[ $n -ge 3 ]] || die "$LAYOUT/$INCIDENT: the 3 app sessions did not start"
  for i in 1 2 3 4; do
    tcp 127.0.0.1 app app-secret webapp -c 'SELECT 1' >>"$C/client.out" 2>&1 && die "app login $i was not refused"
    sleep 0.5
  done
  for i in 1 2; do
    q -c 'SELECT pg_sleep(10)' >>"$C/client.out" 2>&1 &
  done
  sleep 3
  for i in 1 2 3; do
    q -c 'SELECT 1' >>"$C/client.out" 2>&1 && die "postgres login $i was not refused"
    sleep 0.5
  done
  wait || true
  pg_stop
}

inc_auth_failed() {
  # log_connections = on; 16 logins with wrong passwords over 8 user names (alice, bob, carol,
  # postgres exist; mallory, admin, root, oracle do not), then one good login as alice.
  printf 'log_connections = on\n' >>"$DATA/postgresql.conf"
  pg_start
  local v6=::1; [[ $V6 == 1 ]] || v6=127.0.0.1
  local attempt user host i=0
  for attempt in alice@127.0.0.1 alice@127.0.0.1 alice@127.0.0.1 alice@$v6 alice@$v6 \
                 bob@127.0.0.1 bob@127.0.0.1 bob@127.0.0.1 \
                 postgres@127.0.0.1 postgres@$v6 carol@$v6 \
                 mallory@127.0.0.1 mallory@127.0.0.1 admin@$v6 root@127.0.0.1 oracle@127.0.0.1; do
    user=${attempt%%@*} host=${attempt#*@} i=$((i + 1))
    tcp "$host" "$user" "wrong-password-$i" psql -c 'SELECT 1' >>"$C/client.out" 2>&1 &&
      die "login $attempt with a wrong password succeeded"
    sleep 0.3
  done
  tcp 127.0.0.1 alice alice-secret psql -c 'SELECT 1' >>"$C/client.out" 2>&1
  pg_stop
}

inc_checkpoints_too_frequent() {
  # max_wal_size at its minimum (2 segments); pgbench -i -s 10 writes ~200 MB of WAL in a few
  # seconds, then 20 s of pgbench's TPC-B-like load: checkpoints are requested by WAL volume
  # well under checkpoint_warning (30 s) apart.
  printf 'max_wal_size = 32MB\nmin_wal_size = 32MB\ncheckpoint_warning = 30s\n' >>"$DATA/postgresql.conf"
  pg_start
  pgbench -i -s 10 -q -h "$C" -p "$PORT" -U postgres shop >>"$C/client.out" 2>&1
  pgbench -n -c 4 -j 2 -T "$PGBENCH_SECS" -h "$C" -p "$PORT" -U postgres shop >>"$C/client.out" 2>&1
  pg_stop
}

archive_conf() { # archive_command as in the PostgreSQL docs, into $C/archivedir
  printf "archive_mode = on\narchive_command = 'test ! -f %s/archivedir/%%f && cp %%p %s/archivedir/%%f'\n" \
    "$C" "$C" >>"$DATA/postgresql.conf"
}
# write a little WAL and switch to a new segment, once every 15 s, for $1 seconds
wal_switches() {
  local end=$((SECONDS + $1))
  while ((SECONDS < end)); do
    q -c "INSERT INTO events (id, payload) SELECT g, 'archive test' FROM generate_series(1, 1000) g" \
      -c 'SELECT pg_switch_wal()' >>"$C/client.out"
    sleep 15
  done
}
archiver_stats() {
  q -P footer=off -x -c 'SELECT archived_count, last_archived_wal, failed_count, last_failed_wal FROM pg_stat_archiver' \
    >"$C/$INCIDENT.pg_stat_archiver.txt"
}

inc_archive_failing() {
  # archivedir does not exist: cp fails (exit code 1) on every segment, for ~75 s.
  archive_conf
  pg_start
  wal_switches "$ARCHIVE_FAIL_SECS"
  archiver_stats
  pg_stop
}

inc_archive_recovered() {
  # Fails for ~2 minutes, then the target directory appears (the mount is back) and the
  # pending segments are archived.
  archive_conf
  pg_start
  wal_switches "$ARCHIVE_FIX_AFTER"
  as_pg_mkdir "$C/archivedir"
  wal_switches "$ARCHIVE_AFTER_FIX"
  archiver_stats
  pg_stop
}

inc_archive_recovered_reload() {
  # Fails for ~2 minutes, then an admin fixes archive_command with ALTER SYSTEM + reload.
  archive_conf
  pg_start
  wal_switches "$ARCHIVE_FIX_AFTER"
  as_pg_mkdir "$C/archive-new"
  q -c "ALTER SYSTEM SET archive_command = 'cp %p $C/archive-new/%f'" -c 'SELECT pg_reload_conf()' >>"$C/client.out"
  wal_switches "$ARCHIVE_AFTER_FIX"
  archiver_stats
  pg_stop
}

inc_archive_recovered_debug1() {
  # archive-recovered with log_min_messages = debug1, the level the archiver reports success at.
  printf 'log_min_messages = debug1\n' >>"$DATA/postgresql.conf"
  inc_archive_recovered
}

inc_disk_full() {
  # A tablespace on a 40 MB tmpfs; a bulk insert fills it, then a retry fails at once.
  mount_tmpfs "$C/tbs" 40m
  pg_start
  q -c "CREATE TABLESPACE scratch OWNER app LOCATION '$C/tbs'" >>"$C/client.out"
  tcp 127.0.0.1 app app-secret importer -c 'CREATE TABLE import_rows (id bigint, payload text) TABLESPACE scratch' >>"$C/client.out"
  tcp 127.0.0.1 app app-secret importer -c "INSERT INTO import_rows SELECT g, repeat('x', 200) FROM generate_series(1, 1000000) g" \
    >>"$C/client.out" 2>&1 && die "insert into the full tablespace succeeded"
  sleep 1
  tcp 127.0.0.1 app app-secret importer -c "INSERT INTO import_rows SELECT g, repeat('y', 200) FROM generate_series(1, 10000) g" \
    >>"$C/client.out" 2>&1 && die "retry into the full tablespace succeeded"
  pg_stop
  umount "$C/tbs"
}

inc_disk_full_wal() {
  # pg_wal on a 40 MB tmpfs (room for two 16 MB segments): WAL fills it, the server PANICs.
  mount_tmpfs "$C/walfs" 40m
  cp -a "$DATA/pg_wal/." "$C/walfs/"
  rm -rf "$DATA/pg_wal"
  ln -s "$C/walfs" "$DATA/pg_wal"
  [[ $(id -u) -ne 0 ]] || chown -h postgres: "$DATA/pg_wal"
  printf 'max_wal_size = 1GB\n' >>"$DATA/postgresql.conf"
  pg_start
  tcp 127.0.0.1 app app-secret importer -c "INSERT INTO events (id, payload) SELECT g, repeat('z', 200) FROM generate_series(1, 1000000) g" \
    >>"$C/client.out" 2>&1 && die "insert with a full pg_wal succeeded"
  sleep 5   # let the postmaster try crash recovery, and give up
  "${AS[@]}" "${CLOCK[@]}" pg_ctl -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 50); do [[ -e $DATA/postmaster.pid ]] || break; sleep 0.2; done
  umount "$C/walfs"
}

run_case() { # LAYOUT INCIDENT PORT
  LAYOUT=$1 INCIDENT=$2 PORT=$3
  C=$WORK/c/$LAYOUT.$INCIDENT DATA=$WORK/c/$LAYOUT.$INCIDENT/data
  local ext; ext=$(layout_ext "$LAYOUT")
  if [[ $LAYOUT == paris-summer ]]; then
    CLOCK=(env LD_PRELOAD="$FAKETIME_LIB" FAKETIME="$(printf '%+dd' "$SUMMER_DAYS")")
  fi
  as_pg_mkdir "$C" "$C/log"
  cp -a "$WORK/template" "$DATA"
  {
    printf '\n# ---- kbdiag tests/real/postgres.sh: %s / %s ----\n' "$LAYOUT" "$INCIDENT"
    printf "port = %s\n" "$PORT"
    if [[ $V6 == 1 ]]; then echo "listen_addresses = '127.0.0.1,::1'"; else echo "listen_addresses = '127.0.0.1'"; fi
    printf "unix_socket_directories = '%s'\n" "$C"
    printf "logging_collector = on\nlog_directory = '%s/log'\nlog_filename = '%s.log'\n" "$C" "$INCIDENT"
    printf "log_rotation_age = 0\nlog_rotation_size = 0\nlog_file_mode = 0644\n"
    layout_conf "$LAYOUT"
  } >>"$DATA/postgresql.conf"
  log "start $LAYOUT/$INCIDENT (port $PORT)"
  "inc_${INCIDENT//-/_}"
  mkdir -p "$OUT/$LAYOUT"
  [[ -s $C/log/$INCIDENT.$ext ]] || die "$LAYOUT/$INCIDENT: no $C/log/$INCIDENT.$ext"
  cp "$C/log/$INCIDENT.$ext" "$OUT/$LAYOUT/$INCIDENT.$ext"
  # csvlog/jsonlog: the collector still writes a plain stderr file next to it, which gets
  # what child processes (archive_command) print on stderr; keep it when it has that.
  if [[ $ext != log ]] && grep -qv -e 'ending log output to stderr' -e 'Future log output will go to' "$C/log/$INCIDENT.log"; then
    cp "$C/log/$INCIDENT.log" "$OUT/$LAYOUT/$INCIDENT.stderr.log"
  fi
  if [[ -e $C/$INCIDENT.dmesg ]]; then
    cp "$C/$INCIDENT.dmesg" "$OUT/$LAYOUT/"
  fi
  if [[ -e $C/$INCIDENT.pg_stat_archiver.txt ]]; then
    cp "$C/$INCIDENT.pg_stat_archiver.txt" "$OUT/$LAYOUT/"
  fi
  log "done  $LAYOUT/$INCIDENT: $(wc -l <"$OUT/$LAYOUT/$INCIDENT.$ext") lines"
}

# --- schedule: the long archive cases all at once (they mostly sleep), the rest $JOBS at a time
mkdir -p "$WORK/c"
declare -a LONG=() SHORT=()
for L in $LAYOUTS; do
  for I in $INCIDENTS; do
    if [[ $I == disk-full* && $CAN_MOUNT == 0 ]]; then log "skip $L/$I: mounting a tmpfs needs root"; continue; fi
    if [[ $I == backend-oom && $CAN_MOUNT == 0 ]]; then log "skip $L/$I: a memory cgroup needs root"; continue; fi
    case $I in archive-*) LONG+=("$L $I") ;; *) SHORT+=("$L $I") ;; esac
  done
  if [[ $L == stock && " $INCIDENTS " == *" archive-recovered "* ]]; then LONG+=("$L archive-recovered-debug1"); fi
done
port=$((PORT_BASE + 1))
declare -A PORT_OF=()
for x in "${LONG[@]}" "${SHORT[@]}"; do PORT_OF[$x]=$port; port=$((port + 1)); done

start_case() { # "LAYOUT INCIDENT"; sets LAST_PID
  local l=${1% *} i=${1#* }
  # not 'run_case && touch': errexit must stay on inside run_case
  ( run_case "$l" "$i" "${PORT_OF[$1]}"; touch "$WORK/c/$l.$i/ok" ) >>"$WORK/c/$l.$i.out" 2>&1 &
  LAST_PID=$!
  log "started $1 (port ${PORT_OF[$1]})"
}
running_short() { local p n=0; for p in "${SHORT_PIDS[@]}"; do kill -0 "$p" 2>/dev/null && n=$((n + 1)); done; echo $n; }
declare -a SHORT_PIDS=()
for x in "${LONG[@]}"; do start_case "$x"; sleep 1; done
for x in "${SHORT[@]}"; do
  while (($(running_short) >= JOBS)); do wait -n || true; done
  start_case "$x"; SHORT_PIDS+=("$LAST_PID")
done
while (($(jobs -rp | wc -l) > 0)); do wait -n || true; done

failed=0
for x in "${LONG[@]}" "${SHORT[@]}"; do
  l=${x% *} i=${x#* }
  if [[ ! -e $WORK/c/$l.$i/ok ]]; then
    failed=$((failed + 1))
    log "FAILED $l/$i:"; sed 's/^/    /' "$WORK/c/$l.$i.out" >&2 || true
  fi
done
log "$(postgres --version); $((${#LONG[@]} + ${#SHORT[@]} - failed)) cases ok, $failed failed; logs in $OUT"
((failed == 0))
