#!/usr/bin/env python3
"""Score every labelled sample at once, and test by leave-one-sample-out whether ranking
features fitted on the labels would generalise.

Usage (from the project root):
    python3 tests/kb/loso_rank.py --bin target/release/kbdiag --kcs ../shared/kb/kcs [--save-json out.json]
    python3 tests/kb/loso_rank.py --json out.json      # reuse a saved run

Runs `kbdiag kb import --dry-run --all --format json` once over the articles of every label file
(tests/kb/labels-sample-*.yaml), prints (a), (a-strict), (b) and (c) per file as
measure_sample.py does, then the fit: each log line the importer ranks gets a few binary
features (a warning level, an exception's class name, first in the article, an error code, its
source); weights from -30 to 30 added to the importer's score are chosen by coordinate ascent
to maximise (a) on the training files. With one file held out at a time, the weights are fitted
on the others and scored on it: the sum over the held-out files estimates what the fitted
ranking would give on a sample it never saw. A weight is kept only when it wins at least
--min-gain articles more than without it (2 by default: one article is an anecdote, not
evidence; --min-gain 1 takes any gain). Standard library only.
"""
import argparse
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import measure_sample as M  # noqa: E402


def sample_names():
    names = [os.path.basename(p)[len("labels-sample-"):-len(".yaml")]
             for p in glob.glob(os.path.join(HERE, "labels-sample-*.yaml"))]
    return sorted(names, key=lambda s: (int(re.match(r"\d+", s).group()), s))


def measure(arts, got):
    wl = [a for a in arts if a.get("log_text")]
    r = dict(n=len(wl), a=0, s=0, b=0, fd=0, nwo=len(arts) - len(wl))
    for a in wl:
        pats = got.get(a["id"], {}).get("patterns") or []
        texts = [a["best"]] + list(a.get("lines") or [])
        ok = bool(pats) and M.contains_in_order(pats[0], a.get("essential") or [a["best"]])
        r["a"] += ok
        r["s"] += ok and M.regex_hits(pats[0], texts)
        r["b"] += any(M.is_log_candidate(p, texts) for p in pats)
    for a in arts:
        g = got.get(a["id"], {})
        if not a.get("log_text") and (g.get("patterns") or g.get("log_lines")):
            r["fd"] += 1
    return r


EXC = re.compile(r"\b(?:[a-z_]\w*\.)*[A-Z][A-Za-z0-9]*(?:Exception|Error)\b")
WARN = re.compile(r"(?:^|[\s\[*|])\*?WARN(?:ING)?\*?(?:[\s\]|:]|$)")
NAMES = ["warn", "exc", "first", "code", "block", "inline", "lead"]


def features(q, i):
    t = q["text"]
    return {
        "warn": int(bool(WARN.search(t[:80]) or t.lower().startswith("warning:"))),
        "exc": int(bool(EXC.search(t))),
        "first": int(i == 0),
        "code": int(bool(re.search(r"\b[A-Z]{3}-\d{6}\b", t))),
        "block": int(q["source"] == "code_block"),
        "inline": int(q["source"] == "inline_code"),
        "lead": int(q["source"].startswith("lead_in")),
    }


def candidates(arts, got):
    rows = []
    for a in arts:
        if not a.get("log_text"):
            continue
        g = got.get(a["id"], {})
        pattern = dict(zip(g.get("log_lines") or [], g.get("patterns") or []))
        ess = a.get("essential") or [a["best"]]
        logs = [q for q in g.get("quotes", []) if q["kind"] == "log" and q["text"] in pattern]
        rows.append([(q["score"], features(q, i), M.contains_in_order(pattern[q["text"]], ess))
                     for i, q in enumerate(logs)])
    return rows


def hits(rows, w):
    n = 0
    for c in rows:
        if c:
            k = max(range(len(c)), key=lambda k: (c[k][0] + sum(w[f] * c[k][1][f] for f in NAMES), -k))
            n += c[k][2]
    return n


def fit(rows, min_gain):
    w = {f: 0 for f in NAMES}
    for _ in range(4):
        changed = False
        for f in NAMES:
            base = hits(rows, dict(w, **{f: 0}))
            best, best_v = base, 0
            for v in range(-30, 31, 5):
                h = hits(rows, dict(w, **{f: v}))
                if v and h >= base + min_gain and (h > best or (h == best and abs(v) < abs(best_v))):
                    best, best_v = h, v
            if best_v != w[f]:
                w[f], changed = best_v, True
        if not changed:
            break
    return w


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="target/release/kbdiag")
    ap.add_argument("--kcs", default=os.path.join(HERE, "..", "..", "..", "shared", "kb", "kcs"))
    ap.add_argument("--json")
    ap.add_argument("--save-json")
    ap.add_argument("--min-gain", type=int, default=2)
    args = ap.parse_args()
    names = sample_names()
    labels = {s: M.load_labels(os.path.join(HERE, "labels-sample-%s.yaml" % s))["articles"] for s in names}
    if args.json:
        with open(args.json, encoding="utf-8") as f:
            got = json.load(f)
    else:
        if not os.path.isdir(args.kcs):
            # A clone without ../shared: nothing to measure (as measure_sample.py does).
            print("skip: no article folder at %s (give --kcs DIR, or --json a saved run)" % args.kcs)
            return
        ids = sorted({a["id"] for arts in labels.values() for a in arts})
        got = {a["article"]: a for a in M.run_importer(args.bin, args.kcs, ids)["articles"]}
    if args.save_json:
        with open(args.save_json, "w", encoding="utf-8") as f:
            json.dump(got, f, ensure_ascii=False)
    print("| Sample | (a) | (a-strict) | (b) | (c) false drafts |\n|---|---|---|---|---|")
    tot = dict(n=0, a=0, s=0, b=0, fd=0, nwo=0)
    for s in names:
        r = measure(labels[s], got)
        for k in tot:
            tot[k] += r[k]
        print("| %s | %d/%d | %d/%d | %d/%d | %d of %d |" % (s, r["a"], r["n"], r["s"], r["n"], r["b"], r["n"], r["fd"], r["nwo"]))
    print("| all | %d/%d | %d/%d | %d/%d | %d of %d |" % (tot["a"], tot["n"], tot["s"], tot["n"], tot["b"], tot["n"], tot["fd"], tot["nwo"]))
    data = {s: candidates(labels[s], got) for s in names}
    zero = {f: 0 for f in NAMES}
    every = [r for s in names for r in data[s]]
    w = fit(every, args.min_gain)
    print("\nranking features, fitted on all files: (a) %d -> %d of %d, weights %s"
          % (hits(every, zero), hits(every, w), len(every), {f: v for f, v in w.items() if v} or "none"))
    before = after = 0
    for s in names:
        wf = fit([r for t in names if t != s for r in data[t]], args.min_gain)
        b, a = hits(data[s], zero), hits(data[s], wf)
        before, after = before + b, after + a
        print("  held out %-4s (a) %2d -> %2d of %2d  weights %s" % (s, b, a, len(data[s]), {f: v for f, v in wf.items() if v} or "none"))
    print("leave-one-sample-out (a): %d -> %d of %d" % (before, after, len(every)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
