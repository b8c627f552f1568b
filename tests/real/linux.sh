#!/usr/bin/env bash
# Regenerates tests/real/logs/linux/: real sshd (OpenSSH, Debian package) on 127.0.0.1:2222
# logging through syslog(3) to a private rsyslogd, which writes each message in three layouts;
# and the kernel's report of a crashing C program, read by rsyslog's imklog.
#
#   sudo bash tests/real/linux.sh        # about 2 minutes; needs root
#   KEEP=1 bash tests/real/linux.sh      # keep the work dir (/tmp/kblinux.*)
#
# Needs root: sshd with PAM, /dev/log (created by our rsyslogd; the script stops if some other
# syslog daemon owns it), a test account 'deploy' (created, and removed at the end).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/logs/linux}
SSH_PORT=${SSH_PORT:-2222}
TEST_USER=deploy
TEST_PW='Deploy-2026-ok'

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (sshd, PAM, /dev/log, a test account)"
need=()
command -v /usr/sbin/sshd >/dev/null || need+=(openssh-server)
command -v rsyslogd >/dev/null || need+=(rsyslog)
command -v sshpass >/dev/null || need+=(sshpass)
command -v ssh >/dev/null || need+=(openssh-client)
command -v cc >/dev/null || need+=(gcc)
if ((${#need[@]})); then
  log "installing ${need[*]} from Debian packages"
  apt-get update
  # policy-rc.d in a container keeps the packaged services from starting
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
[[ -e /dev/log ]] && die "/dev/log exists: another syslog daemon (or journald) owns it; stop it first"
id "$TEST_USER" >/dev/null 2>&1 && die "user $TEST_USER exists already; this script creates and removes it"

WORK=$(mktemp -d /tmp/kblinux.XXXXXX)
mkdir -p "$WORK/out" "$WORK/spool" /run/sshd
CREATED_USER=0
cleanup() {
  local f
  for f in "$WORK/sshd.pid" "$WORK/rsyslogd.pid"; do
    [[ -s $f ]] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  rm -f /dev/log
  if [[ $CREATED_USER == 1 ]]; then userdel -r "$TEST_USER" >/dev/null 2>&1 || true; fi
  if [[ ${KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- rsyslogd: /dev/log (+ the kernel log) into files, three layouts ------------------------
KLOG=0
if [[ -r /proc/kmsg ]] && dd if=/proc/kmsg of=/dev/null bs=1 count=0 status=none 2>/dev/null; then KLOG=1; fi
{
  cat <<EOF
global(workDirectory="$WORK/spool")
module(load="imuxsock" SysSock.Name="/dev/log" SysSock.RateLimit.Interval="0")
EOF
  ((KLOG)) && echo 'module(load="imklog")'
  cat <<EOF
# auth.log as in rsyslog's and Debian <= 11's default (RFC 3164 style: 'Nov 26 08:30:01 host sshd[1]: ...')
auth,authpriv.*  action(type="omfile" file="$WORK/out/auth.log" template="RSYSLOG_TraditionalFileFormat")
# Debian 12's default (rsyslog.conf sets no template): RFC 3339 time with microseconds
auth,authpriv.*  action(type="omfile" file="$WORK/out/auth-iso.log" template="RSYSLOG_FileFormat")
# RFC 5424 ('<38>1 2026-11-26T08:30:01.123456+00:00 host sshd 1 - - ...')
auth,authpriv.*  action(type="omfile" file="$WORK/out/auth-rfc5424.log" template="RSYSLOG_SyslogProtocol23Format")
# Kernel: only our crash. The ring buffer also holds this VM's boot log, which imklog reads
# at start and which does not belong in a committed file.
if \$syslogfacility-text == "kern" and (\$msg contains "crashme[" or \$msg contains "Code: ") then {
  action(type="omfile" file="$WORK/out/kern.log" template="RSYSLOG_TraditionalFileFormat")
  action(type="omfile" file="$WORK/out/kern-iso.log" template="RSYSLOG_FileFormat")
}
EOF
} >"$WORK/rsyslog.conf"
rsyslogd -N1 -f "$WORK/rsyslog.conf" >"$WORK/rsyslogd-check.out" 2>&1 || { cat "$WORK/rsyslogd-check.out" >&2; die "bad rsyslog config"; }
rsyslogd -n -f "$WORK/rsyslog.conf" -i "$WORK/rsyslogd.pid" >"$WORK/rsyslogd.out" 2>&1 &
for _ in $(seq 1 50); do [[ -S /dev/log ]] && break; sleep 0.1; done
[[ -S /dev/log ]] || die "rsyslogd did not create /dev/log"

# --- sshd on 127.0.0.1:$SSH_PORT, own host key and config, Debian's PAM stack -----------------
ssh-keygen -q -t ed25519 -N '' -C '' -f "$WORK/ssh_host_ed25519_key"
cat >"$WORK/sshd_config" <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $WORK/ssh_host_ed25519_key
PidFile $WORK/sshd.pid
SyslogFacility AUTH
LogLevel INFO
UsePAM yes
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
MaxAuthTries 6
PrintMotd no
EOF
/usr/sbin/sshd -t -f "$WORK/sshd_config"
/usr/sbin/sshd -f "$WORK/sshd_config"     # daemonizes; pid in $WORK/sshd.pid
for _ in $(seq 1 50); do [[ -s $WORK/sshd.pid ]] && break; sleep 0.1; done

useradd -m -s /bin/bash "$TEST_USER"
CREATED_USER=1
echo "$TEST_USER:$TEST_PW" | chpasswd

SSH_OPTS=(-p "$SSH_PORT" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
  -o PubkeyAuthentication=no -o GSSAPIAuthentication=no -o PreferredAuthentications=password
  -o ConnectTimeout=10)
# one connection, one password
try_once() { sshpass -p "$2" ssh "${SSH_OPTS[@]}" -o NumberOfPasswordPrompts=1 "$1@127.0.0.1" true </dev/null >>"$WORK/client.out" 2>&1; }
# one connection, wrong passwords until the server gives up (MaxAuthTries 6)
try_many() {
  printf '#!/bin/sh\necho "guess-$$"\n' >"$WORK/askpass"; chmod 755 "$WORK/askpass"
  SSH_ASKPASS="$WORK/askpass" SSH_ASKPASS_REQUIRE=force \
    ssh "${SSH_OPTS[@]}" -o NumberOfPasswordPrompts=10 "$1@127.0.0.1" true </dev/null >>"$WORK/client.out" 2>&1
}

log "sshd $(dpkg-query -W -f '${Version}' openssh-server) on 127.0.0.1:$SSH_PORT; driving logins"
n=0
for u in admin oracle test ubuntu; do          # no such users
  for _ in 1 2; do try_once "$u" "password$n" && die "login as $u succeeded"; n=$((n + 1)); done
done
for _ in 1 2 3; do try_once root "toor$n" && die "login as root succeeded"; n=$((n + 1)); done
try_once backup "backup$n" && die "login as backup succeeded"   # exists, locked, nologin shell
n=$((n + 1))
for _ in 1 2 3 4 5; do try_once "$TEST_USER" "deploy$n" && die "login as $TEST_USER succeeded"; n=$((n + 1)); done
try_many admin && die "login as admin succeeded"
try_many root && die "login as root succeeded"
sshpass -p "$TEST_PW" ssh "${SSH_OPTS[@]}" "$TEST_USER@127.0.0.1" 'id -un' </dev/null >>"$WORK/client.out" 2>&1 ||
  die "the good login as $TEST_USER failed: $(tail -3 "$WORK/client.out")"
sleep 2

# --- a segfaulting program: the kernel reports it (debug.exception-trace = 1) ----------------
cat >"$WORK/crashme.c" <<'EOF'
#include <stdio.h>
int main(void) { volatile int *p = NULL; puts("about to crash"); *p = 42; return 0; }
EOF
cc -O0 -o "$WORK/crashme" "$WORK/crashme.c"
(ulimit -c 0; cd "$WORK" && ./crashme) >>"$WORK/client.out" 2>&1 || log "crashme exited with $? (139 = SIGSEGV)"
sleep 2

kill "$(cat "$WORK/sshd.pid")"; sleep 1
kill "$(cat "$WORK/rsyslogd.pid")"; sleep 1
: >"$WORK/sshd.pid"; : >"$WORK/rsyslogd.pid"

mkdir -p "$OUT"
for f in auth.log auth-iso.log auth-rfc5424.log kern.log kern-iso.log; do
  if [[ -s $WORK/out/$f ]]; then cp "$WORK/out/$f" "$OUT/$f"; log "$f: $(wc -l <"$OUT/$f") lines"
  else log "no $f written"; rm -f "$OUT/$f"; fi
done
((KLOG)) || log "kernel log not readable (/proc/kmsg): no kern.log"
if [[ -d /run/systemd/journal ]]; then log "journald runs here"; else log "no journald here (no /run/systemd/journal)"; fi
