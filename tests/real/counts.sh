#!/usr/bin/env bash
# Prints the hand-check counts of tests/real/README.md for the logs now in tests/real/logs/:
# plain grep/awk over the files, nothing from kbdiag. Run after postgres.sh / linux.sh.
set -uo pipefail
cd "$(dirname "$0")/logs" || exit 1

c() { grep -c -- "$1" "$2" 2>/dev/null || true; }   # lines (csv: rows start on one line)

if [[ -d postgresql ]]; then
  echo "== PostgreSQL: one row per layout; columns are grep -c of the text shown"
  printf '%-13s %8s %8s | %8s %8s | %6s %6s %6s | %6s | %7s %7s %5s | %7s %7s %5s | %5s %5s %5s %5s\n' \
    layout deadlock CONTEXT toomany reserved authfl connrx authzd ckptfq \
    arch-f tooMany cp: rec-f recOK arch1 ext-f nospc PANIC sig6
  for d in postgresql/*/; do
    l=$(basename "$d"); e=log; [[ $l == csvlog ]] && e=csv; [[ $l == jsonlog ]] && e=json
    f() { echo "$d$1.$e"; }
    printf '%-13s %8s %8s | %8s %8s | %6s %6s %6s | %6s | %7s %7s %5s | %7s %7s %5s | %5s %5s %5s %5s\n' "$l" \
      "$(c 'deadlock detected' "$(f deadlock)")" \
      "$(c 'while [a-z]* tuple' "$(f deadlock)")" \
      "$(c 'sorry, too many clients already' "$(f too-many-connections)")" \
      "$(c 'remaining connection slots are reserved' "$(f too-many-connections)")" \
      "$(c 'password authentication failed for user' "$(f auth-failed)")" \
      "$(c 'connection received: host=' "$(f auth-failed)")" \
      "$(c 'connection authorized: user=' "$(f auth-failed)")" \
      "$(c 'checkpoints are occurring too frequently' "$(f checkpoints-too-frequent)")" \
      "$(c 'archive command failed with exit code 1' "$(f archive-failing)")" \
      "$(c 'failed too many times, will try again later' "$(f archive-failing)")" \
      "$(cat "$d"archive-failing.{log,stderr.log} 2>/dev/null | grep -c '^cp: cannot create')" \
      "$(c 'archive command failed with exit code 1' "$(f archive-recovered)")" \
      "$(grep -E '^archived_count' "$d"archive-recovered.pg_stat_archiver.txt 2>/dev/null | cut -d'|' -f2)" \
      "$(c 'archived write-ahead log file' "$(f archive-recovered)")" \
      "$(c 'could not extend file' "$(f disk-full)")" \
      "$(c 'No space left on device' "$(f disk-full-wal)")" \
      "$(c 'PANIC' "$(f disk-full-wal)")" \
      "$(c 'terminated by signal 6' "$(f disk-full-wal)")"
  done
  echo
  echo "== PostgreSQL auth-failed, stock layout: failures per user"
  grep -o 'password authentication failed for user "[^"]*"' postgresql/stock/auth-failed.log | sort | uniq -c
  echo "== ... per client address (stderr layouts log it only on 'connection received', joined by pid)"
  for l in stock debian pgbadger rds old-debian dubai paris paris-summer; do
    printf '%-13s ' "$l"
    awk '
      match($0, /\[[0-9]+(-[0-9]+)?\]/) { pid = substr($0, RSTART + 1, RLENGTH - 2); sub(/-.*/, "", pid) }
      /connection received: host=/ { h = $0; sub(/.*host=/, "", h); sub(/ .*/, "", h); host[pid] = h }
      /password authentication failed for user/ { n[host[pid]]++ }
      END { for (h in n) printf "%s=%d ", h, n[h]; print "" }' "postgresql/$l/auth-failed.log"
  done
  echo "== csvlog: rows that span lines (deadlock DETAIL has newlines inside a quoted field)"
  echo "physical lines $(wc -l <postgresql/csvlog/deadlock.csv), rows starting with a timestamp $(grep -c '^20[0-9][0-9]-' postgresql/csvlog/deadlock.csv)"
  echo "== jsonlog keys used"
  grep -oh '"[a-z_]*":' postgresql/jsonlog/*.json | sort | uniq -c | sort -rn | awk '{printf "%s%s", sep, $2 "" $1; sep=" "} END {print ""}'
  echo "== checkpoints-too-frequent: distinct 'N seconds apart' values, stock"
  grep -o 'occurring too frequently ([0-9]* seconds\? apart)' postgresql/stock/checkpoints-too-frequent.log | sort | uniq -c
fi

if [[ -d linux ]]; then
  echo
  echo "== Linux (same counts in auth.log, auth-iso.log, auth-rfc5424.log)"
  for f in linux/auth.log linux/auth-iso.log linux/auth-rfc5424.log; do
    printf '%-24s failed=%s invalid-user-lines=%s failed-invalid=%s accepted=%s max-exceeded=%s too-many-disconnect=%s pam-authfail=%s pam-more=%s\n' "$f" \
      "$(c 'Failed password for' "$f")" "$(c ' Invalid user ' "$f")" "$(c 'Failed password for invalid user' "$f")" \
      "$(c 'Accepted password for' "$f")" "$(c 'maximum authentication attempts exceeded' "$f")" \
      "$(c 'Too many authentication failures' "$f")" "$(c 'pam_unix(sshd:auth): authentication failure' "$f")" \
      "$(c 'more authentication failures' "$f")"
  done
  echo "== Failed password per user (auth.log)"
  grep -oE 'Failed password for (invalid user )?[^ ]+' linux/auth.log | sed 's/Failed password for //' | sort | uniq -c
  echo "== Failed password per source address"
  grep -oE 'Failed password for .* from [^ ]+' linux/auth.log | awk '{print $NF}' | sort | uniq -c
  echo "== kernel"
  printf 'segfault lines: %s, Code: lines: %s\n' "$(c 'segfault at' linux/kern.log)" "$(c 'Code: ' linux/kern.log)"
fi
