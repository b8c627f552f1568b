#!/usr/bin/env python3
"""Measure `kbdiag kb import` against hand labels (tests/kb/labels-sample-7.yaml).

Usage (from the project root):
    python3 tests/kb/measure_sample.py --bin PATH/TO/kbdiag --kcs ../shared/kb/kcs
    python3 tests/kb/measure_sample.py --json importer-output.json   # reuse a saved run

Copies the labelled articles into a temporary folder, runs
`kbdiag kb import --dry-run --all --format json --out <tmp>/pack <tmp>/articles`
and compares each article's patterns with the labels. Standard library only.

Figures
  (a) articles with log text whose ACTIVE pattern (patterns[0]) contains the label's `essential`
      fragments, in order, each inside one literal piece of the pattern (a wildcard such as `.*`
      splits pieces; `\\d+` stands for a number). Target >= 90%.
      (a-strict) additionally: the active pattern, as a Python regex, matches the labelled best
      line (or one of the labelled lines) -- catches prose or HTML kept around the message.
  (b) articles with log text for which ANY pattern contains log text: it matches (re.search) one
      of the labelled lines or the best line, or one of its literal pieces shares a run of at
      least 20 normalised characters (or a whole shorter labelled line) with one. Literal text of
      at least 8 characters is required. Target >= 95%.
  (c) articles labelled without log text that got a pattern (a false draft: one that would be
      written without --all). Skeleton drafts made only because of --all are counted apart.

A fragment's final `.`, `!` or `?` is ignored (sentence punctuation; not an ellipsis).

Normalisation (used for every text comparison):
  HTML entities decoded; HTML tags removed; markdown markup removed (backticks, '*', backslash
  escapes); every quote character removed (' " and curly/angle quotes); casefolded; runs of two or
  more digits become '#'; all whitespace removed. So case, quoting, spacing and markup never
  decide, and numbers count as variable parts. A regex pattern is turned into text first: \\s+ and
  \\s* become a space, \\d+ becomes '#', escaped characters lose their backslash, and wildcards
  (. with a quantifier, character classes, alternation) split the text into pieces.
"""
import argparse
import difflib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LABELS = os.path.join(HERE, "labels-sample-7.yaml")

QUOTES = "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u00b4`"


# ---------------------------------------------------------------- labels (tiny YAML subset)

def _scalar(s):
    s = s.strip()
    if not s:
        return None
    if s.startswith('"'):
        return json.loads(s)
    if s.startswith("'") and s.endswith("'"):
        return s[1:-1].replace("''", "'")
    if s in ("true", "false"):
        return s == "true"
    if s.startswith("["):
        return _flow_list(s)
    return s


def _flow_list(s):
    inner = s.strip()[1:-1].strip()
    if not inner:
        return []
    try:
        return json.loads("[" + inner + "]")
    except ValueError:
        return [x.strip().strip("'\"") for x in inner.split(",") if x.strip()]


def load_labels(path):
    """Reads the subset of YAML the labels file uses: top-level scalars and flow lists, and
    `articles:` as a list of mappings whose values are scalars, flow lists or block lists."""
    top, articles, cur, cur_list = {}, [], None, None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            ind = len(line) - len(line.lstrip(" "))
            text = line.strip()
            if ind == 0:
                key, _, val = text.partition(":")
                top[key] = _scalar(val) if val.strip() else None
                cur = None
                continue
            if text.startswith("- ") and ind <= 2:          # new article
                cur = {}
                articles.append(cur)
                text = text[2:]
                key, _, val = text.partition(":")
                cur[key.strip()] = _scalar(val)
                cur_list = None
                continue
            if text.startswith("- ") and cur_list is not None:   # block list item
                cur[cur_list].append(_scalar(text[2:]))
                continue
            key, _, val = text.partition(":")
            key = key.strip()
            if val.strip():
                cur[key] = _scalar(val)
                cur_list = None
            else:
                cur[key] = []
                cur_list = key
    top["articles"] = articles
    return top


# ---------------------------------------------------------------- normalisation

def norm(s):
    s = html.unescape(s)
    s = re.sub(r"</?[A-Za-z][^>]*>", "", s)        # HTML tags
    s = s.replace("\\", "")                         # markdown escapes
    s = s.replace("*", "")                          # emphasis / masking asterisks
    s = "".join(ch for ch in s if ch not in QUOTES)
    s = s.casefold()
    s = re.sub(r"\d{2,}", "#", s)
    return re.sub(r"\s+", "", s)


WILD = "\x00"


def regex_text(p):
    """Literal text of a regex, with WILD where the regex has a wildcard."""
    out, i, n = [], 0, len(p)
    while i < n:
        c = p[i]
        if c == "\\" and i + 1 < n:
            d = p[i + 1]
            i += 2
            if d in "sS":
                out.append(" ")
            elif d == "d":
                out.append("0")
            elif d in "wWbB":
                out.append(WILD if d in "wW" else "")
            else:
                out.append(d)
            while i < n and p[i] in "+*?":
                if p[i] in "*+" and out and out[-1] == "0":
                    out[-1] = "00"                 # \d+ -> a number (>= 2 digits -> '#')
                i += 1
            if i < n and p[i] == "{":
                j = p.find("}", i)
                i = j + 1 if j > 0 else i + 1
            continue
        if c == "[":                                # character class
            j = i + 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            while j < n and p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            out.append(WILD)
            i = j + 1
            while i < n and p[i] in "+*?":
                i += 1
            continue
        if c == "(":
            if p.startswith("(?", i):
                j = i + 2
                while j < n and p[j] not in ":)":
                    j += 1
                i = j + 1
            else:
                i += 1
            continue
        if c == ")":
            i += 1
            while i < n and p[i] in "+*?":
                out.append(WILD)
                i += 1
            continue
        if c == "|":
            out.append(WILD)
            i += 1
            continue
        if c in "^$":
            i += 1
            continue
        if c == ".":
            out.append(WILD)
            i += 1
            while i < n and p[i] in "+*?":
                i += 1
            continue
        if c in "+*?":                              # quantifier on a literal
            if c in "*?":
                out.append(WILD)
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def pieces(pattern):
    return [norm(x) for x in regex_text(pattern).split(WILD) if norm(x)]


def contains_in_order(pattern, fragments):
    ps = pieces(pattern)
    pi, pos = 0, 0
    for frag in fragments:
        # A fragment's final sentence punctuation (`... processing was stopped.`) is the
        # sentence's, not the message's: importers drop it so the pattern also matches a line
        # without it. An ellipsis is kept.
        f = re.sub(r"(?<=[^.!?])[.!?]$", "", norm(frag))
        while pi < len(ps):
            k = ps[pi].find(f, pos)
            if k >= 0:
                pos = k + len(f)
                break
            pi, pos = pi + 1, 0
        else:
            return False
    return True


def py_regex(p):
    try:
        return re.compile(p)
    except re.error:
        return None


def regex_hits(pattern, texts):
    rx = py_regex(pattern)
    if rx is not None:
        return any(rx.search(t) for t in texts)
    longest = max(pieces(pattern), key=len, default="")
    return len(longest) >= 8 and any(longest in norm(t) for t in texts)


def is_log_candidate(pattern, texts):
    """A candidate holds log text when it matches a labelled line, or when one literal piece
    shares a run of at least 20 normalised characters (or a whole shorter line) with one."""
    lit = "".join(pieces(pattern))
    if len(lit) < 8:
        return False
    if regex_hits(pattern, texts):
        return True
    for t in texts:
        nt = norm(t)
        need = min(20, len(nt))
        for pc in pieces(pattern):
            m = difflib.SequenceMatcher(None, pc, nt, autojunk=False).find_longest_match(
                0, len(pc), 0, len(nt))
            if need >= 8 and m.size >= need:
                return True
    return False


# ---------------------------------------------------------------- run

def run_importer(binary, kcs, ids):
    tmp = tempfile.mkdtemp(prefix="kbsample-")
    try:
        arts = os.path.join(tmp, "articles")
        os.makedirs(arts)
        for a in ids:
            src = os.path.join(kcs, a + ".md")
            if not os.path.exists(src):
                sys.exit("missing article %s" % src)
            shutil.copy(src, arts)
        cmd = [binary, "kb", "import", "--dry-run", "--all", "--format", "json",
               "--out", os.path.join(tmp, "pack"), arts]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            sys.exit("importer failed (%d): %s" % (res.returncode, res.stderr))
        return json.loads(res.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def pct(n, d):
    return "%d/%d (%.0f%%)" % (n, d, 100.0 * n / d) if d else "0/0"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default="/tmp/kbdiag-bin/kbdiag")
    ap.add_argument("--kcs", default=os.path.join(HERE, "..", "..", "..", "shared", "kb", "kcs"))
    ap.add_argument("--labels", default=DEFAULT_LABELS)
    ap.add_argument("--json", help="use this saved importer JSON instead of running --bin")
    ap.add_argument("--save-json", help="write the importer JSON here")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every article")
    args = ap.parse_args()

    labels = load_labels(args.labels)
    arts = labels["articles"]
    ids = [a["id"] for a in arts]
    if args.json:
        with open(args.json, encoding="utf-8") as f:
            out = json.load(f)
    else:
        if not os.path.isdir(args.kcs):
            print("skip: no article folder at %s" % args.kcs)
            return 0
        out = run_importer(args.bin, args.kcs, ids)
    if args.save_json:
        with open(args.save_json, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=1)
    got = {a["article"]: a for a in out.get("articles", [])}

    with_log = [a for a in arts if a.get("log_text")]
    without = [a for a in arts if not a.get("log_text")]
    a_hit, a_strict, b_hit, misses = 0, 0, 0, []
    for a in with_log:
        g = got.get(a["id"], {})
        pats = g.get("patterns") or []
        active = pats[0] if pats else ""
        texts = [a["best"]] + list(a.get("lines") or [])
        ess = a.get("essential") or [a["best"]]
        ok_a = bool(active) and contains_in_order(active, ess)
        ok_strict = ok_a and regex_hits(active, texts)
        ok_b = any(is_log_candidate(p, texts) for p in pats)
        a_hit += ok_a
        a_strict += ok_strict
        b_hit += ok_b
        if args.verbose or not (ok_a and ok_strict and ok_b):
            flag = "ok" if ok_a and ok_strict and ok_b else "MISS"
            misses.append("%s %s a=%s a-strict=%s b=%s\n    best:   %s\n    active: %s" % (
                flag, a["id"], int(ok_a), int(ok_strict), int(ok_b), a["best"][:160],
                active[:160] or "(none)"))
    false_drafts, skeletons = [], 0
    for a in without:
        g = got.get(a["id"], {})
        if g.get("patterns") or g.get("log_lines"):
            false_drafts.append("%s: %s" % (a["id"], (g.get("patterns") or g.get("log_lines"))[0][:120]))
        elif g.get("status") in ("would_write", "written"):
            skeletons += 1

    print("labelled articles: %d (with log text %d, without %d); importer reported %d"
          % (len(arts), len(with_log), len(without), len(got)))
    print("(a) active pattern contains the best line's essential part: %s  [target >= 90%%]"
          % pct(a_hit, len(with_log)))
    print("    (a-strict) ... and the active regex matches the labelled line: %s"
          % pct(a_strict, len(with_log)))
    print("(b) any candidate is log text: %s  [target >= 95%%]" % pct(b_hit, len(with_log)))
    print("(c) false drafts (no log text, but a pattern): %d of %d; skeleton drafts from --all: %d"
          % (len(false_drafts), len(without), skeletons))
    for m in misses:
        print(m)
    for fd in false_drafts:
        print("FALSE DRAFT " + fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
