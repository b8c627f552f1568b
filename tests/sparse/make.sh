#!/usr/bin/env bash
# Builds the sparse-tar fixtures of tests/honest_verdicts.rs (`sparse_tar_members_are_read`)
# with GNU tar: one PostgreSQL log with a 1 MiB hole (lines, `truncate -s +1M`, more lines
# written past the hole with dd), archived with `-S` in the four layouts GNU tar writes:
# the old GNU one (type S) and the PAX ones, 0.0, 0.1 and 1.0 (`--format=posix
# --sparse-version=...`). The lines after the hole hold a deadlock. Run from anywhere; the
# archives are committed (about 10 KiB each), so CI needs no GNU tar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
log=postgresql-2024-06-12_060000.log
for i in $(seq 10 29); do
  echo "2024-06-12 06:00:$i.000 UTC [5101] LOG:  checkpoint starting: time"
done > "$log"
truncate -s +1M "$log"
cat > after.txt <<'LINES'
2024-06-12 07:00:01.000 UTC [5360] ERROR:  deadlock detected
2024-06-12 07:00:01.000 UTC [5360] DETAIL:  Process 5360 waits for ShareLock on transaction 736; blocked by process 5361.
	Process 5361 waits for ShareLock on transaction 735; blocked by process 5360.
2024-06-12 07:00:01.000 UTC [5360] HINT:  See server log for query details.
2024-06-12 07:00:01.000 UTC [5360] CONTEXT:  while updating tuple (0,2) in relation "accounts"
2024-06-12 07:00:01.000 UTC [5360] STATEMENT:  UPDATE accounts SET balance = balance + 100 WHERE id = 2;
2024-06-12 07:00:02.000 UTC [5101] LOG:  checkpoint complete
LINES
dd if=after.txt of="$log" bs=1 seek="$(stat -c %s "$log")" conv=notrunc status=none
# A fixed time and owner; no atime/ctime in the PAX headers, so re-running changes little
# (the PAX layouts' GNUSparseFile.PID name still varies with the process id).
tarx=(--mtime='2024-06-13 00:00:00Z' --owner=0 --group=0 --numeric-owner -S)
tar "${tarx[@]}" --format=gnu -cf "$here/sparse-gnu.tar" "$log"
for v in 0.0 0.1 1.0; do
  tar "${tarx[@]}" --format=posix --pax-option=delete=atime,delete=ctime --sparse-version="$v" \
    -cf "$here/sparse-pax-$v.tar" "$log"
done
# Check: each archive gives back the file, hole included.
for t in "$here"/sparse-*.tar; do
  mkdir x && tar -xf "$t" -C x && cmp "$log" "x/$log" && rm -r x
done
ls -l "$here"/sparse-*.tar
