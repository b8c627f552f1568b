#!/usr/bin/env python3
"""Measure the triage feature (docs/triage.md, docs/performance.md).

1. Leave-one-out retrieval: for every rule whose KB article is in ../shared/kb/kcs, run each
   must-fire fixture (case.yaml `expect: confirmed`) with `--no-rule ID --kb ../shared/kb/kcs`
   and look for the rule's article among the KB candidates of the unexplained templates:
   recall@5 (some template has it in its top 5) and MRR (1/best rank, 0 when absent).
2. Drain group accuracy on LogHub's 2k samples (fetched from GitHub; the data is for research
   use and is not committed), against the published Drain figures.
3. Mining cost: a generated bundle diagnosed with --max-unexplained 0 and with the default.

Usage: python3 bench/triage_eval.py [--kbdiag target/release/kbdiag] [--skip-loghub] [--speed SIZE]
"""
import argparse, glob, json, os, subprocess, sys, time, urllib.request, csv, io, collections

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KCS = os.path.join(ROOT, "..", "shared", "kb", "kcs")
PUBLISHED = {"HDFS": 0.998, "Hadoop": 0.948, "BGL": 0.963, "Zookeeper": 0.967, "Apache": 1.000,
             "OpenSSH": 0.789, "HPC": 0.887}

# The LogPAI Drain benchmark's own setting per data set (logparser's Drain benchmark): the
# preprocessing regexes replaced by <*>, the tree depth and the similarity threshold. Used for the
# "reference" column: the same Drain tree, fed as the published run fed it.
REFERENCE = {
    "HDFS": ([r"blk_-?\d+", r"(\d+\.){3}\d+(:\d+)?"], 4, 0.5),
    "Hadoop": ([r"(\d+\.){3}\d+"], 4, 0.5),
    "BGL": ([r"core\.\d+"], 4, 0.5),
    "Zookeeper": ([r"(/|)(\d+\.){3}\d+(:\d+)?"], 4, 0.5),
    "Apache": ([r"(\d+\.){3}\d+"], 4, 0.5),
    "OpenSSH": ([r"(\d+\.){3}\d+", r"([\w-]+\.){2,}[\w-]+"], 5, 0.6),
    "HPC": ([r"=\d+"], 4, 0.5),
}


def case_rule(path):
    rule = expect = None
    for line in open(path, encoding="utf-8"):
        if line.startswith("rule:"):
            rule = line.split(":", 1)[1].strip()
        if line.startswith("expect:"):
            expect = line.split(":", 1)[1].strip()
    return rule, expect


def loo(kbdiag):
    if not os.path.isdir(KCS):
        print("leave-one-out: skipped, ../shared/kb/kcs is absent")
        return
    have = {os.path.basename(p).split(".")[0] for p in glob.glob(os.path.join(KCS, "*.md"))}
    listing = json.loads(subprocess.run([kbdiag, "rules", "list", "--format", "json"], capture_output=True,
                                        text=True).stdout)
    rules = listing["rules"] if isinstance(listing, dict) else listing
    kb_of = {}
    for r in rules:
        kb = r.get("kb") if isinstance(r.get("kb"), str) else (r.get("kb") or {}).get("article")
        kb_of[r["id"].lower()] = kb
        if kb:
            kb_of[kb.lower()] = kb
    ranks = []
    for case in sorted(glob.glob(os.path.join(ROOT, "rules", "*", "fixtures", "*", "*", "case.yaml"))):
        rule, expect = case_rule(case)
        if expect != "confirmed" or not rule:
            continue
        art = kb_of.get(rule.lower())
        if art not in have:
            continue
        bundle = os.path.join(os.path.dirname(case), "bundle")
        t0 = time.time()
        p = subprocess.run([kbdiag, "diagnose", bundle, "--no-rule", rule, "--kb", KCS, "--format", "json",
                            "--year", "2026"], capture_output=True, text=True)
        try:
            rep = json.loads(p.stdout)
        except json.JSONDecodeError:
            print(f"  {rule} {case}: no JSON ({p.stderr.strip()[:200]})")
            continue
        best = None
        for u in rep.get("unexplained", []):
            for i, k in enumerate(u.get("kb", [])):
                if k["article"] == art and (best is None or i + 1 < best):
                    best = i + 1
        ranks.append((rule, os.path.relpath(os.path.dirname(case), ROOT), best, len(rep.get("unexplained", []))))
        print(f"  {art:>10} {os.path.relpath(os.path.dirname(case), ROOT)}: rank {best}, "
              f"{len(rep.get('unexplained', []))} template(s), {time.time() - t0:.1f}s", flush=True)
    n = len(ranks)
    if n == 0:
        print("leave-one-out: no must-fire fixture of a rule with a KCS article")
        return
    r5 = sum(1 for r in ranks if r[2] and r[2] <= 5) / n
    mrr = sum(1.0 / r[2] for r in ranks if r[2]) / n
    rules_n = len({r[0] for r in ranks})
    print(f"leave-one-out: {n} must-fire case(s) of {rules_n} rule(s): recall@5 {r5:.3f}, MRR {mrr:.3f}")


def loghub(root_bin, local=None):
    ex = os.path.join(root_bin, "examples", "drain_groups")
    if not os.path.exists(ex):
        print(f"loghub: build the miner first: cargo build --release --example drain_groups ({ex} missing)")
        return
    base = "https://raw.githubusercontent.com/logpai/loghub/master/{0}/{0}_2k.log_structured.csv"
    for name, pub in PUBLISHED.items():
        try:
            if local:  # a checkout of logpai/loghub (e.g. brought by a mirror): no network
                with open(os.path.join(local, name, f"{name}_2k.log_structured.csv"), encoding="utf-8", errors="replace") as f:
                    data = f.read()
            else:
                data = urllib.request.urlopen(base.format(name), timeout=20).read().decode("utf-8", "replace")
        except Exception as e:  # network unavailable: say so and skip
            print(f"loghub {name}: skipped, cannot fetch ({e})")
            continue
        rows = list(csv.DictReader(io.StringIO(data)))
        msgs = "\n".join(r["Content"].replace("\n", " ") for r in rows) + "\n"
        truth = [r["EventId"] for r in rows]
        regexes, depth, sim = REFERENCE[name]
        ref_args = ["--reference", "--depth", str(depth), "--sim", str(sim)]
        for r in regexes:
            ref_args += ["--regex", r]
        got = {}
        for mode, args in (("kbdiag", []), ("reference", ref_args)):
            out = subprocess.run([ex] + args, input=msgs, capture_output=True, text=True, check=True).stdout.split()
            got[mode] = group_accuracy(out, truth)
        print(f"loghub {name}: group accuracy with kbdiag's masks {got['kbdiag']:.3f}, "
              f"with the benchmark's preprocessing {got['reference']:.3f} "
              f"(published Drain {pub:.3f}, diff {got['reference'] - pub:+.3f})")


def group_accuracy(pred, truth):
    """A line is right when its predicted group holds exactly the lines of its true group."""
    pg, tg = collections.defaultdict(set), collections.defaultdict(set)
    for i, (p, t) in enumerate(zip(pred, truth)):
        pg[p].add(i)
        tg[t].add(i)
    ok = sum(len(s) for s in pg.values() if s == tg[truth[next(iter(s))]])
    return ok / len(truth)


def speed(kbdiag, size):
    gen = os.path.join(os.path.dirname(kbdiag), "examples", "genbundle")
    d = f"/tmp/kbdiag-triage-speed-{size}"
    if not os.path.isdir(d):
        subprocess.run([gen, "bundle", d, size], check=True)
    for label, extra in (("off", ["--max-unexplained", "0"]), ("on", [])):
        best = None
        for _ in range(3):
            t0 = time.time()
            subprocess.run([kbdiag, "diagnose", d, "--format", "json", "-q"] + extra, capture_output=True)
            el = time.time() - t0
            best = el if best is None else min(best, el)
        print(f"speed {size} mining {label}: best of 3 {best:.2f}s")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--kbdiag", default=os.path.join(ROOT, "target", "release", "kbdiag"))
    ap.add_argument("--skip-loghub", action="store_true")
    ap.add_argument("--loghub-dir", help="read the 2k samples from a local loghub checkout instead of GitHub")
    ap.add_argument("--skip-loo", action="store_true")
    ap.add_argument("--speed", default=None, help="bundle size for the mining cost, e.g. 256M")
    a = ap.parse_args()
    if not a.skip_loo:
        loo(a.kbdiag)
    if not a.skip_loghub:
        loghub(os.path.dirname(a.kbdiag), a.loghub_dir)
    if a.speed:
        speed(a.kbdiag, a.speed)
