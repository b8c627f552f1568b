#!/usr/bin/env bash
# Load on `kbdiag serve` over loopback: POST /v1/diagnose with the example bundle
# (examples/ka-05406 as a .tar.gz) at 1, 8 and 64 concurrent clients; see docs/performance.md.
#
# Usage: bash bench/serve_load.sh [SECONDS] [CLIENTS...]     (default 15; 1 8 64)
#
# Needs wrk (Debian: apt-get install -y wrk). Loopback only; every run is bounded in time
# (SECONDS) and in count (MAX_REQUESTS per wrk thread), and stops by itself. Prints, per run:
# requests/s, p50/p99 latency, errors (socket errors and non-200 answers), and the server's
# peak resident memory (VmHWM) since it started. SKIP_BUILD=1 uses target/release/kbdiag as it is.
set -euo pipefail
secs=${1:-15}
shift || true
clients=("$@")
[ ${#clients[@]} -gt 0 ] || clients=(1 8 64)
max_requests=${MAX_REQUESTS:-200000}
queue=${QUEUE:-64}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$root"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -q -p kbdiag --bin kbdiag
tar -czf "$work/bundle.tar.gz" -C examples/ka-05406 marketing/wfserver.log rt1/web.log
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/tokens"
token=$(cat "$work/tokens")

target/release/kbdiag serve --listen 127.0.0.1:0 --token-file "$work/tokens" --queue "$queue" \
    2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do
    grep -q '^listening on ' "$work/server.log" 2>/dev/null && break
    sleep 0.05
done
base=$(head -1 "$work/server.log" | sed 's/^listening on //')
case "$base" in http://127.*) ;; *) echo "server did not start: $(cat "$work/server.log")" >&2; exit 1 ;; esac

# The check: one request, KA-05406 confirmed.
curl -sf -H "Authorization: Bearer $token" --data-binary @"$work/bundle.tar.gz" \
    "$base/v1/diagnose?name=bundle.tar.gz" | grep -q '"outcome":"confirmed"'

cat >"$work/post.lua" <<EOF
local f = assert(io.open("$work/bundle.tar.gz", "rb"))
wrk.method = "POST"
wrk.body = f:read("*all")
f:close()
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "application/gzip"
local n, bad = 0, 0
function response(status, headers, body)
    n = n + 1
    if status ~= 200 then bad = bad + 1 end
    if n >= $max_requests then wrk.thread:stop() end
end
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d secs=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f socket_errors=%d non200=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.connect + e.read + e.write + e.timeout, e.status))
end
EOF

echo "server: $(sed -n 2p "$work/server.log")"
for c in "${clients[@]}"; do
    t=$(( c < 2 ? c : 2 ))
    line=$(wrk -t"$t" -c"$c" -d"${secs}s" --timeout 30s -s "$work/post.lua" "$base/v1/diagnose?name=bundle.tar.gz" | grep '^RESULT')
    hwm=$(awk '/VmHWM/ {print $2 / 1024 " MiB"}' "/proc/$pid/status")
    echo "clients=$c ${line#RESULT } peak_rss=$hwm"
done
echo "metrics: $(curl -s -H "Authorization: Bearer $token" "$base/metrics" | grep -E '^kbdiag_requests_total\{endpoint="/v1/diagnose"' | tr '\n' ' ')"
