#!/usr/bin/env bash
# Folder walking at scale (docs/performance.md): 50,000 sibling folders, and a chain 10,000
# folders deep, each with a small log; the time kbdiag takes to find and read them all.
#   bash bench/walk.sh            (builds kbdiag in release mode)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release -q -p kbdiag --bin kbdiag --manifest-path "$root/Cargo.toml"
kb="$root/target/release/kbdiag"
work="${BENCH_DIR:-/tmp/kbdiag-walk}"
rm -rf "$work" && mkdir -p "$work/wide" "$work/deep"
line='2024-06-12 06:00:00.000Z 00003A1F 00003A2B 1 info log nothing to see'
python3 - "$work" "$line" <<'PY'
import os, sys
work, line = sys.argv[1], sys.argv[2]
for i in range(50000):
    d = os.path.join(work, "wide", f"d{i:05}")
    os.mkdir(d)
    if i % 5000 == 0:
        open(os.path.join(d, "web.log"), "w").write(line + "\n")
# 10,000 levels: beyond PATH_MAX (4096) for the deepest files, which must then be reported,
# not lost silently. Built with relative mkdirs.
os.chdir(os.path.join(work, "deep"))
for i in range(10000):
    os.mkdir("d")
    os.chdir("d")
    if i % 1000 == 999:
        open("web.log", "w").write(line + "\n")
PY
for what in wide deep; do
  start=$(date +%s.%N)
  "$kb" diagnose --format json "$work/$what" > "$work/$what.json" 2>/dev/null || true
  end=$(date +%s.%N)
  python3 - "$work/$what.json" "$what" "$start" "$end" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
inputs = r["inputs"]
read = sum(1 for i in inputs if i["format"] not in ("none",))
problems = [i for i in inputs if i["format"] == "none"]
print(f"{sys.argv[2]}: {float(sys.argv[4]) - float(sys.argv[3]):.2f} s, {len(inputs)} input(s), {read} read, {len(problems)} reported as unreadable" + (f" (e.g. {problems[0]['warnings'][0][:80]})" if problems else ""))
PY
done
