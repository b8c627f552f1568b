#!/usr/bin/env python3
"""kbdiag against ripgrep on the same generated bundle; see docs/performance.md.

Usage: python3 bench/bench.py [SIZE] [RUNS]      (default 1G, 5)

Builds kbdiag and the generator in release mode, generates the bundle and the synthetic packs
(deterministic, cached under $BENCH_DIR, default /tmp/kbdiag-bench), writes the literals of the
loaded rules as ripgrep patterns, then runs every command RUNS times, alternating between them,
and prints the median wall time, the ratio to the ripgrep baseline and the peak memory.
Benchmarks are not tests: nothing in `cargo test` depends on timing.
"""
import json, os, statistics, subprocess, sys, time

size = sys.argv[1] if len(sys.argv) > 1 else "1G"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = os.environ.get("BENCH_DIR", "/tmp/kbdiag-bench")
os.makedirs(work, exist_ok=True)
os.chdir(root)
subprocess.run(["cargo", "build", "--release", "-q", "-p", "kbdiag", "--bin", "kbdiag", "--example", "genbundle", "--example", "inflate"], check=True)
inflate = os.path.join(root, "target/release/examples/inflate")
kb = os.path.join(root, "target/release/kbdiag")
gen = os.path.join(root, "target/release/examples/genbundle")
bundle = os.path.join(work, f"bundle-{size}")
if not os.path.isdir(bundle):
    subprocess.run([gen, "bundle", bundle, size], check=True)
for n in (1, 100, 1000):
    d = os.path.join(work, f"syn-{n}")
    if not os.path.isdir(d):
        subprocess.run([gen, "pack", d, str(n)], check=True)
files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(bundle) for f in fs)
# The same bundle as .gz files (how rotated logs arrive), made once with gzip -6.
gz_bundle = bundle + "-gz"
if not os.path.isdir(gz_bundle):
    for f in files:
        dst = os.path.join(gz_bundle, os.path.relpath(f, bundle)) + ".gz"
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as out:
            subprocess.run(["gzip", "-6", "-n", "-c", f], stdout=out, check=True)
gz_files = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(gz_bundle) for f in fs)

def literals(args):
    out = subprocess.run([kb, "rules", "list", "--format", "json"] + args, check=True, capture_output=True, text=True).stdout
    lits = sorted({l for r in json.loads(out)["rules"] for s in r["symptoms"] for l in s["literals"]})
    path = os.path.join(work, "patterns-" + ("default" if not args else os.path.basename(args[-1])) + ".txt")
    with open(path, "w") as f:
        f.write("\n".join(lits) + "\n")
    return path, len(lits)

pat_default, n_default = literals([])
pat_1000, n_1000 = literals(["--no-default-rules", "--rules", os.path.join(work, "syn-1000")])
commands = [
    ("cat, the files", ["sh", "-c", 'cat "$@" > /dev/null', "cat"] + files),
    ("rg, pack literals", ["rg", "-n", "-F", "-f", pat_default] + files),
    ("rg -i, pack literals", ["rg", "-n", "-i", "-F", "-f", pat_default] + files),
    ("kbdiag, default packs", [kb, "diagnose", "--format", "json", bundle]),
    ("inflate floor, .gz", [inflate] + gz_files),
    ("inflate + count lines, .gz", [inflate, "--lines"] + gz_files),
    ("kbdiag, default packs, .gz", [kb, "diagnose", "--format", "json", gz_bundle]),
    ("rg -z, pack literals, .gz", ["rg", "-z", "-n", "-F", "-f", pat_default] + gz_files),
    ("rg, 1000 synthetic literals", ["rg", "-n", "-F", "-f", pat_1000] + files),
    ("kbdiag, 1 synthetic rule", [kb, "diagnose", "--format", "json", "--no-default-rules", "--rules", os.path.join(work, "syn-1"), bundle]),
    ("kbdiag, 100 synthetic rules", [kb, "diagnose", "--format", "json", "--no-default-rules", "--rules", os.path.join(work, "syn-100"), bundle]),
    ("kbdiag, 1000 synthetic rules", [kb, "diagnose", "--format", "json", "--no-default-rules", "--rules", os.path.join(work, "syn-1000"), bundle]),
]
for f in files:  # warm the page cache
    with open(f, "rb") as fh:
        while fh.read(1 << 24):
            pass
times = {name: [] for name, _ in commands}
mem = {name: 0 for name, _ in commands}
for _ in range(runs):
    for name, cmd in commands:  # alternate, so that drift hits every command alike
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times[name].append(time.perf_counter() - t0)
        mem[name] = max(mem[name], int(p.stderr.strip().splitlines()[-1]))
check = json.loads(subprocess.run(dict(commands)["kbdiag, default packs"], capture_output=True, text=True).stdout)
check_gz = json.loads(subprocess.run(dict(commands)["kbdiag, default packs, .gz"], capture_output=True, text=True).stdout)
found = [(f["kb"], f["outcome"]) for f in check["findings"]]
total = sum(os.path.getsize(f) for f in files)
print(f"bundle: {len(files)} files, {total / 2**30:.2f} GiB; {runs} alternating runs; cpus: {os.cpu_count()}")
print(f"literals: default packs {n_default}, synthetic 1000-rule pack {n_1000}")
print(f"{'command':32} {'median s':>9} {'ratio':>7} {'peak MiB':>9}")
base = {"rg, pack literals": None}
med = {k: statistics.median(v) for k, v in times.items()}
ref = {
    "cat, the files": "rg, pack literals",
    "rg, pack literals": "rg, pack literals",
    "rg -i, pack literals": "rg, pack literals",
    "kbdiag, default packs": "rg, pack literals",
    "inflate floor, .gz": "inflate floor, .gz",
    "inflate + count lines, .gz": "inflate floor, .gz",
    "kbdiag, default packs, .gz": "inflate floor, .gz",
    "rg -z, pack literals, .gz": "inflate floor, .gz",
    "rg, 1000 synthetic literals": "rg, 1000 synthetic literals",
    "kbdiag, 1 synthetic rule": "kbdiag, 1 synthetic rule",
    "kbdiag, 100 synthetic rules": "kbdiag, 1 synthetic rule",
    "kbdiag, 1000 synthetic rules": "kbdiag, 1 synthetic rule",
}
for name, _ in commands:
    r = med[name] / med[ref[name]]
    print(f"{name:32} {med[name]:9.3f} {r:6.2f}x {mem[name] / 1024:9.1f}   (ratio to: {ref[name]})")
print(f"kbdiag, 1000 synthetic rules vs rg on the same literals: {med['kbdiag, 1000 synthetic rules'] / med['rg, 1000 synthetic literals']:.2f}x")
print(f"planted incident: {found}; from the .gz bundle: {[(f['kb'], f['outcome']) for f in check_gz['findings']]}")
