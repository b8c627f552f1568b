#!/usr/bin/env python3
"""Judging every event: the bench bundle and a variant where about 3% of the lines match one
generic symptom (KA-16411's 403, also read by two sibling rules), side by side, each against
ripgrep with the same literals on the same files (see docs/performance.md, "Every event").

Usage: python3 bench/generic.py [SIZE] [RUNS]      (default 1G, 3)

Needs target/release/kbdiag and target/release/examples/genbundle (cargo build --release -p
kbdiag --bin kbdiag --example genbundle) and rg on PATH. Bundles are cached under $BENCH_DIR
(default /tmp/kbdiag-bench). Prints median wall time, the ratio to rg and the peak memory.
"""
import json, os, statistics, subprocess, sys, time

size = sys.argv[1] if len(sys.argv) > 1 else "1G"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.environ.get("BENCH_DIR", "/tmp/kbdiag-bench")
os.makedirs(work, exist_ok=True)
kb = os.path.join(root, "target/release/kbdiag")
gen = os.path.join(root, "target/release/examples/genbundle")
plain = os.path.join(work, f"bundle-{size}")
generic = os.path.join(work, f"bundle-{size}-generic3")
if not os.path.isdir(plain):
    subprocess.run([gen, "bundle", plain, size], check=True)
if not os.path.isdir(generic):
    subprocess.run([sys.executable, os.path.join(root, "bench/generic3.py"), plain, generic], check=True)
out = subprocess.run([kb, "rules", "list", "--format", "json"], check=True, capture_output=True, text=True).stdout
lits = sorted({l for r in json.loads(out)["rules"] for s in r["symptoms"] for l in s["literals"]})
pat = os.path.join(work, "patterns-default.txt")
with open(pat, "w") as f:
    f.write("\n".join(lits) + "\n")

def files(d):
    return sorted(os.path.join(dp, f) for dp, _, fs in os.walk(d) for f in fs)

rows = []
for label, d in (("bench bundle", plain), ("3% generic", generic)):
    fs = files(d)
    for f in fs:
        with open(f, "rb") as fh:
            while fh.read(1 << 24):
                pass
    cmds = [("rg -n -F -f", ["rg", "-n", "-F", "-f", pat] + fs), ("kbdiag", [kb, "diagnose", "--format", "json", d])]
    t = {n: [] for n, _ in cmds}
    mem = {n: 0 for n, _ in cmds}
    for _ in range(runs):
        for n, c in cmds:
            t0 = time.perf_counter()
            p = subprocess.run(["/usr/bin/time", "-f", "%M"] + c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            t[n].append(time.perf_counter() - t0)
            mem[n] = max(mem[n], int(p.stderr.strip().splitlines()[-1]))
    rep = json.loads(subprocess.run([kb, "diagnose", "--format", "json", d], capture_output=True, text=True).stdout)
    found = [(f["kb"], f["outcome"], f["evidence_total"]) for f in rep["findings"]]
    med = {n: statistics.median(v) for n, v in t.items()}
    rows.append((label, med, mem, found, rep["complete"]))
print(f"{size}, {runs} alternating runs, cpus {os.cpu_count()}, {len(lits)} literals")
print(f"{'bundle':14} {'rg s':>7} {'kbdiag s':>9} {'ratio':>6} {'rg MiB':>7} {'kbdiag MiB':>11}  findings")
for label, med, mem, found, complete in rows:
    print(f"{label:14} {med['rg -n -F -f']:7.3f} {med['kbdiag']:9.3f} {med['kbdiag'] / med['rg -n -F -f']:5.2f}x "
          f"{mem['rg -n -F -f'] / 1024:7.1f} {mem['kbdiag'] / 1024:11.1f}  {found} complete={complete}")
