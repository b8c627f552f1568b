#!/usr/bin/env python3
"""Load on `kbdiag serve` over loopback with a realistic mix; see docs/performance.md.

Usage: python3 bench/load.py [SECONDS] [CLIENTS...]      (default 20; 1 8 64)

The mix, per client, in a fixed rotation: four small plain logs (the example bundle's two
files, 11-15 KiB, sent one per request with their names), then one tar.gz of a few MB (a
generated 24 MB bundle of six logs in the shipped formats); and once per run, from the first
client at the start, one 100 MB archive (a plain tar of a generated 100 MB bundle). Each client
count runs against a fresh server (release build, `--queue 64`, `--max-request-bytes 128M`),
so that its peak RSS (VmHWM from /proc) is that run's. Prints, per run: requests, requests/s,
p50/p99 (all requests, and per kind), errors (anything but 200, and socket errors), peak RSS.

Builds kbdiag and the bundle generator in release mode (SKIP_BUILD=1: use them as they are);
generated bundles are cached under $BENCH_DIR (default /tmp/kbdiag-load). Loopback only;
every run stops by itself. Benchmarks are not tests: nothing in `cargo test` depends on timing.
"""
import http.client
import io
import json
import os
import statistics
import subprocess
import sys
import tarfile
import threading
import time

secs = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
clients = [int(c) for c in sys.argv[2:]] or [1, 8, 64]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.environ.get("BENCH_DIR", "/tmp/kbdiag-load")
target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
os.makedirs(work, exist_ok=True)
os.chdir(root)
if not os.environ.get("SKIP_BUILD"):
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "kbdiag", "--bin", "kbdiag", "--example", "genbundle"], check=True)
kb = os.path.join(target, "release/kbdiag")
gen = os.path.join(target, "release/examples/genbundle")


def bundle(size, name, mode):
    """A generated bundle of `size`, as a tar ("w") or tar.gz ("w:gz") file; cached."""
    out = os.path.join(work, name)
    if not os.path.exists(out):
        d = os.path.join(work, f"bundle-{size}")
        if not os.path.isdir(d):
            subprocess.run([gen, "bundle", d, size], check=True, stdout=subprocess.DEVNULL)
        with tarfile.open(out + ".part", mode) as t:
            t.add(d, arcname=".")
        os.rename(out + ".part", out)
    with open(out, "rb") as f:
        return f.read()


small = [
    (n, open(os.path.join(root, "examples/ka-05406", n), "rb").read())
    for n in ("marketing/wfserver.log", "rt1/web.log")
]
medium = bundle("24M", "medium.tar.gz", "w:gz")
big = bundle("100M", "big.tar", "w")
token = os.urandom(16).hex()
with open(os.path.join(work, "tokens"), "w") as f:
    f.write(token + "\n")


def start_server():
    p = subprocess.Popen(
        [kb, "serve", "--listen", "127.0.0.1:0", "--token-file", os.path.join(work, "tokens"),
         "--queue", "64", "--max-request-bytes", "128M", "--timeout", "120"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    first = p.stderr.readline().decode().strip()
    if not first.startswith("listening on http://"):
        raise SystemExit(f"the server did not start: {first}")
    # Drain the access log so that the pipe never fills.
    threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
    host, port = first[len("listening on http://"):].split(":")
    return p, host, int(port)


def peak_rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def post(conn, name, body):
    conn.request("POST", f"/v1/diagnose?name={name}", body=body,
                 headers={"Authorization": f"Bearer {token}", "Content-Length": str(len(body))})
    r = conn.getresponse()
    data = r.read()
    return r.status, data


def client(i, host, port, deadline, out):
    conn = http.client.HTTPConnection(host, port, timeout=300)
    k = 0
    plan = [("big", "big.tar", big)] if i == 0 else []
    while time.monotonic() < deadline or plan:
        if plan:
            kind, name, body = plan.pop()
        elif k % 5 == 4:
            kind, name, body = "medium", "medium.tar.gz", medium
        else:
            kind, (name, body) = "small", small[k % 2]
        k += kind != "big"
        t0 = time.monotonic()
        try:
            status, data = post(conn, name, body)
            ok = status == 200 and data.startswith(b"{")
        except (OSError, http.client.HTTPException) as e:
            status, ok = str(e), False
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=300)
        out.append((kind, time.monotonic() - t0, ok, status))


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")


rows = []
for c in clients:
    p, host, port = start_server()
    try:
        out = []
        t0 = time.monotonic()
        deadline = t0 + secs
        threads = [threading.Thread(target=client, args=(i, host, port, deadline, out)) for i in range(c)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - t0
        rss = peak_rss(p.pid)
    finally:
        p.terminate()
        p.wait(30)
    lat = [d for _, d, _, _ in out]
    errors = [s for _, _, ok, s in out if not ok]
    row = {
        "clients": c, "requests": len(out), "secs": round(took, 1), "rps": round(len(out) / took, 1),
        "p50_ms": round(pct(lat, 50) * 1e3, 1), "p99_ms": round(pct(lat, 99) * 1e3, 1),
        "errors": len(errors), "peak_rss_mib": round(rss / 2**20, 1),
    }
    for kind in ("small", "medium", "big"):
        ks = [d for k, d, _, _ in out if k == kind]
        row[kind] = {"n": len(ks), "p50_ms": round(pct(ks, 50) * 1e3, 1), "p99_ms": round(pct(ks, 99) * 1e3, 1)}
    if errors:
        row["error_kinds"] = sorted(set(map(str, errors)))[:5]
    rows.append(row)
    print(json.dumps(row), flush=True)

print()
print(f"medium.tar.gz: {len(medium) / 2**20:.1f} MiB; big.tar: {len(big) / 2**20:.1f} MiB; run length {secs:g} s")
print("| clients | requests | requests/s | p50 | p99 | small p50 / p99 | medium p50 / p99 | big | errors | peak RSS |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['clients']} | {r['requests']} | {r['rps']} | {r['p50_ms']} ms | {r['p99_ms']} ms "
          f"| {r['small']['p50_ms']} / {r['small']['p99_ms']} ms | {r['medium']['p50_ms']} / {r['medium']['p99_ms']} ms "
          f"| {r['big']['p50_ms'] / 1e3:.1f} s | {r['errors']} | {r['peak_rss_mib']} MiB |")
