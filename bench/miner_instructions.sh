#!/usr/bin/env bash
# The miner's cost as instructions, not seconds (docs/performance.md, "twenty-fifth session").
#
# The 1.1x point is a ratio of times whose noise on this shared machine (a few percent from one
# minute to the next) is as large as the change a trim makes. Instruction counts under
# valgrind's cachegrind are the same from run to run within about 1.5 %, so a trim of the
# miner can be judged in seconds, then confirmed by the paired wall bench (bench/interleave.py).
#
# The sample: the first SAMPLE_BYTES (default 6 MB) of each log of a bench bundle (made by
# `genbundle`, as for the 1 GiB bench), so its mix of info, warning and error lines is the
# bench's. Each binary runs on one thread, with mining off (`--max-unexplained 0`) and on.
# Printed per binary: the instructions of both runs, the difference (the miner's cost, plus
# a fixed cost of a few million for its start and its report), and per line of the sample.
#
#   bash bench/miner_instructions.sh BUNDLE BINARY [BINARY ...]
#
# Needs valgrind (Debian: apt-get install -y valgrind). Function-level differences: run
# `cg_diff OFF ON > d; cg_annotate --auto=no d` on the files it leaves in $WORK.
set -euo pipefail
bundle=${1:?bundle (made by genbundle)}
shift
[ $# -gt 0 ] || { echo "usage: $0 BUNDLE BINARY [BINARY ...]" >&2; exit 2; }
work=${WORK:-/tmp/kbdiag-miner-instructions}
sample_bytes=${SAMPLE_BYTES:-6000000}
rm -rf "$work" && mkdir -p "$work/sample"
(cd "$bundle" && find . -type f) | while read -r f; do
    mkdir -p "$work/sample/$(dirname "$f")"
    # Whole lines only: the sample's last line is not cut.
    head -c "$sample_bytes" "$bundle/$f" | head -n -1 > "$work/sample/$f" || true
done
lines=$(find "$work/sample" -type f -exec cat {} + | wc -l)
count() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$1" "${@:2}" 2>&1 >/dev/null |
        sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}
k=0
for bin in "$@"; do
    k=$((k + 1))
    off=$(count "$work/off.$k" "$bin" diagnose --format json -q --threads 1 --max-unexplained 0 "$work/sample")
    on=$(count "$work/on.$k" "$bin" diagnose --format json -q --threads 1 "$work/sample")
    echo "$bin: off $off, on $on, miner $((on - off)) instructions, $(((on - off) / lines)) per line ($lines lines)"
done
