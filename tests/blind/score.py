#!/usr/bin/env python3
"""Score a kbdiag binary against the blind evaluation set (tests/blind/expected-*.yaml|json).

Standard library only. Run from anywhere:

    python3 tests/blind/score.py [--bin target/debug/kbdiag] [--known tests/blind/known.yaml]
                                 [--only BUNDLE]... [--verbose] [--jobs N]
                                 [--rules-from-disk] [--arg ARG]...

For every entry of every expected file it runs

    kbdiag diagnose --format json [args] tests/blind/bundles/<bundle>

in the repository's root, maps each finding to ids (its `rule` id and its `kb` article, see
docs/json-output.md; folded `superseded` findings count too) and compares with the expectation.

Outcomes in an expectation:
  confirmed      the problem is there; a `possible` counts as a hit only with accept_possible: true
  possible       the evidence honestly allows only `possible`; `confirmed` is a false confirmation
  not_confirmed  must not be confirmed; a `possible` is acceptable only with accept_possible: true
  any            not scored (e.g. another article describing the same error); a confirmation is fine
Any id not listed in a bundle must not be confirmed (a confirmation is a FALSE CONFIRMATION).

Prints per bundle expected vs got, then
  recall        expected confirmed/possible ids found as confirmed or possible
  exact         entries whose outcome is the expected one (possible accepted where accept_possible)
  false confirmations (bundle + id)
Exit status: 1 if any false confirmation (without --known), or, with --known, if any miss or false
confirmation is not listed in the known file; 2 on a usage error; else 0.
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
RANK = {"confirmed": 3, "possible": 2, "ruled_out": 1, "none": 0}


# ----------------------------------------------------------------------------- tiny YAML
class YamlError(Exception):
    pass


def _strip_comment(s):
    out, q = [], None
    for i, c in enumerate(s):
        if q:
            out.append(c)
            if c == q and not (q == '"' and i > 0 and s[i - 1] == "\\"):
                q = None
        elif c in "'\"" and (i == 0 or s[i - 1] in " \t[,:{"):
            q = c
            out.append(c)
        elif c == "#" and (i == 0 or s[i - 1] in " \t"):
            break
        else:
            out.append(c)
    return "".join(out).rstrip()


def _scalar(s):
    s = s.strip()
    if s == "":
        return None
    if s[0] == '"':
        return json.loads(s)
    if s[0] == "'":
        if not s.endswith("'"):
            raise YamlError(f"unterminated string: {s}")
        return s[1:-1].replace("''", "'")
    if s[0] == "[":
        if not s.endswith("]"):
            raise YamlError(f"unterminated list: {s}")
        inner = s[1:-1].strip()
        if not inner:
            return []
        items, cur, q = [], "", None
        for c in inner:
            if q:
                cur += c
                if c == q:
                    q = None
            elif c in "'\"":
                q = c
                cur += c
            elif c == ",":
                items.append(_scalar(cur))
                cur = ""
            else:
                cur += c
        items.append(_scalar(cur))
        return items
    low = s.lower()
    if low in ("true", "yes"):
        return True
    if low in ("false", "no"):
        return False
    if low in ("null", "~"):
        return None
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    return s


def parse_yaml(text):
    """The subset used by expected-*.yaml and known.yaml: nested block sequences and mappings,
    plain/quoted scalars, flow lists of scalars, block scalars (| and >), # comments."""
    lines = []
    raw = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(raw):
        line = raw[i]
        if line.strip() == "" or line.lstrip().startswith("#") or line.strip() == "---":
            i += 1
            continue
        lines.append((len(line) - len(line.lstrip(" ")), line.strip(), i, raw))
        i += 1
    pos = [0]

    def block_scalar(style, indent_parent, line_no):
        # collect raw lines after line_no more indented than indent_parent
        out = []
        j = line_no + 1
        ind = None
        while j < len(raw):
            l = raw[j]
            if l.strip() == "":
                out.append("")
                j += 1
                continue
            li = len(l) - len(l.lstrip(" "))
            if li <= indent_parent:
                break
            if ind is None:
                ind = li
            out.append(l[ind:])
            j += 1
        # skip consumed lines in `lines`
        while pos[0] < len(lines) and lines[pos[0]][2] < j:
            pos[0] += 1
        while out and out[-1] == "":
            out.pop()
        if style.startswith("|"):
            return "\n".join(out) + "\n"
        paras, cur = [], []
        for l in out:
            if l == "":
                paras.append(" ".join(cur))
                cur = []
            else:
                cur.append(l.strip())
        paras.append(" ".join(cur))
        return "\n".join(paras) + "\n"

    def value_after(rest, indent, line_no):
        rest = _strip_comment(rest).strip()
        if rest in ("|", ">", "|-", ">-", "|+", ">+"):
            return block_scalar(rest, indent, line_no)
        if rest == "":
            if pos[0] < len(lines) and (lines[pos[0]][0] > indent or
                                        (lines[pos[0]][0] == indent and lines[pos[0]][1].startswith("- "))):
                return node(lines[pos[0]][0])
            return None
        # plain multi-line continuation
        v = rest
        while pos[0] < len(lines) and lines[pos[0]][0] > indent and not re.match(r"^[\w-]+:(\s|$)", lines[pos[0]][1]) \
                and not lines[pos[0]][1].startswith("- ") and v[:1] not in "\"'[":
            v += " " + _strip_comment(lines[pos[0]][1])
            pos[0] += 1
        return _scalar(v)

    def mapping(indent, first=None):
        m = {}
        while True:
            if first is not None:
                text, line_no = first
                first = None
            else:
                if pos[0] >= len(lines) or lines[pos[0]][0] != indent or lines[pos[0]][1].startswith("- "):
                    return m
                _, text, line_no, _ = lines[pos[0]]
                pos[0] += 1
            mm = re.match(r"^([^:]+?):(\s+(.*)|)$", text)
            if not mm:
                raise YamlError(f"line {line_no + 1}: expected 'key: value': {text}")
            m[mm.group(1).strip().strip("'\"")] = value_after(mm.group(3) or "", indent, line_no)

    def sequence(indent):
        seq = []
        while pos[0] < len(lines) and lines[pos[0]][0] == indent and lines[pos[0]][1].startswith("-"):
            _, text, line_no, _ = lines[pos[0]]
            pos[0] += 1
            rest = text[1:].strip()
            if rest == "":
                seq.append(node(lines[pos[0]][0]) if pos[0] < len(lines) and lines[pos[0]][0] > indent else None)
            elif re.match(r"^[^'\"\[][^:]*:(\s|$)", rest):
                seq.append(mapping(indent + 2, first=(rest, line_no)))
            else:
                seq.append(_scalar(_strip_comment(rest)))
        return seq

    def node(indent):
        if lines[pos[0]][1].startswith("- ") or lines[pos[0]][1] == "-":
            return sequence(indent)
        return mapping(indent)

    if not lines:
        return None
    return node(lines[0][0])


def load_doc(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text)
    return parse_yaml(text)


# ----------------------------------------------------------------------------- running
def run_bundle(binary, bundles_dir, entry, timeout, extra=()):
    path = os.path.join(bundles_dir, entry["bundle"])
    rel = os.path.relpath(path, REPO)
    cmd = [binary, "diagnose", "--format", "json"] + list(extra) + [str(a) for a in (entry.get("args") or [])] + [rel]
    try:
        p = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=timeout, env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        return None, f"timeout after {timeout}s"
    except OSError as e:
        return None, f"cannot run {binary}: {e}"
    try:
        return json.loads(p.stdout.decode("utf-8", "replace")), None if p.returncode in (0, 1) else \
            f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace').strip()[:300]}"
    except ValueError:
        return None, f"exit {p.returncode}, no JSON: {p.stderr.decode('utf-8', 'replace').strip()[:300]}"


def finding_ids(f):
    ids = set()
    for k in ("rule", "kb"):
        v = f.get(k)
        if isinstance(v, str) and v:
            ids.add(v.lower())
    return ids


def outcomes(report):
    """[(ids, outcome, rule)] for every finding (with folded superseded ones) and ruled_out entry."""
    out = []
    for f in report.get("findings") or []:
        out.append((finding_ids(f), f.get("outcome"), f.get("rule")))
        for s in f.get("superseded") or []:
            out.append((finding_ids(s), s.get("outcome"), s.get("rule")))
    for r in report.get("ruled_out") or []:
        out.append((finding_ids(r), "ruled_out", r.get("rule")))
    return out


def got_for(allout, ident):
    best = "none"
    for ids, oc, _ in allout:
        if ident.lower() in ids and RANK.get(oc, 0) > RANK[best]:
            best = oc
    return best


def judge(exp, got):
    """-> (scored, hit_for_recall_or_None, exact)"""
    want = exp.get("outcome")
    acc = bool(exp.get("accept_possible"))
    if want == "any":
        return False, None, True
    if want == "confirmed":
        return True, got in ("confirmed", "possible"), got == "confirmed" or (got == "possible" and acc)
    if want == "possible":
        return True, got in ("confirmed", "possible"), got == "possible"
    if want == "not_confirmed":
        return True, None, got in ("none", "ruled_out") or (got == "possible" and acc)
    raise ValueError(f"unknown outcome {want!r} in {exp}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(REPO, "target", "debug", "kbdiag"))
    ap.add_argument("--expected", action="append", help="expected file(s); default tests/blind/expected-*.yaml|json")
    ap.add_argument("--bundles", default=os.path.join(HERE, "bundles"))
    ap.add_argument("--known", help="known.yaml|json: [{bundle, id, reason}] misses/false confirmations accepted for now")
    ap.add_argument("--only", action="append", help="score only these bundles (repeatable)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 4)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--arg", action="append", default=[], metavar="ARG",
                    help="extra kbdiag argument before the bundle's own (repeatable), e.g. "
                         "--arg=--no-default-rules --arg=--rules --arg=rules/linux: score packs on disk")
    ap.add_argument("--rules-from-disk", action="store_true",
                    help="shorthand: --no-default-rules and --rules DIR for every pack under rules/")
    ap.add_argument("--verbose", "-v", action="store_true", help="also list every finding of every bundle")
    a = ap.parse_args()

    binary = a.bin if os.path.isabs(a.bin) else os.path.abspath(a.bin)
    if not os.path.exists(binary):
        print(f"score.py: no kbdiag binary at {binary} (use --bin)", file=sys.stderr)
        return 2
    files = a.expected or sorted(glob.glob(os.path.join(HERE, "expected-*.yaml")) + glob.glob(os.path.join(HERE, "expected-*.json")))
    if not files:
        print("score.py: no expected-*.yaml|json", file=sys.stderr)
        return 2
    entries = []
    for fp in files:
        try:
            doc = load_doc(fp)
        except (YamlError, ValueError) as e:
            print(f"score.py: {fp}: {e}", file=sys.stderr)
            return 2
        for e in doc or []:
            e["_file"] = os.path.basename(fp)
            e["expect"] = e.get("expect") or []
            entries.append(e)
    if a.only:
        entries = [e for e in entries if e["bundle"] in a.only]
    known = {}
    if a.known:
        for k in load_doc(a.known) or []:
            known[(k["bundle"], str(k["id"]).lower())] = k.get("reason", "")

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        extra = list(a.arg)
        if a.rules_from_disk:
            extra.append("--no-default-rules")
            for d in sorted(glob.glob(os.path.join(REPO, "rules", "*", "pack.yaml"))):
                extra += ["--rules", os.path.relpath(os.path.dirname(d), REPO)]
        results = list(ex.map(lambda e: run_bundle(binary, a.bundles, e, a.timeout, extra), entries))

    n_scored = n_exact = n_recall = n_recall_hit = n_strict = 0
    false_conf, misses, unexpected_possible, run_errors = [], [], [], []
    kinds = {}
    for e, (rep, err) in zip(entries, results):
        b = e["bundle"]
        print(f"\n== {b}  [{e.get('kind')}, from {e.get('written_from')}, {e['_file']}]"
              + (f"  args {e.get('args')}" if e.get("args") else ""))
        if rep is None:
            print(f"   RUN ERROR: {err}")
            run_errors.append((b, err))
            for x in e["expect"]:
                sc, hit, _ = judge(x, "none")
                if sc:
                    n_scored += 1
                    if x["outcome"] in ("confirmed", "possible"):
                        n_recall += 1
                    misses.append((b, x["id"], x["outcome"], "error"))
            continue
        if err:
            print(f"   warning: {err}")
        allout = outcomes(rep)
        listed = {x["id"].lower(): x for x in e["expect"]}
        ok_conf = {i for i, x in listed.items() if x["outcome"] in ("confirmed", "any")}
        kb = kinds.setdefault(e.get("kind", "?"), [0, 0])
        for x in e["expect"]:
            got = got_for(allout, x["id"])
            scored, hit, exact = judge(x, got)
            mark = "ok " if exact else "MISS"
            if not scored:
                mark = "n/s"
            want = x["outcome"] + ("(possible ok)" if x.get("accept_possible") and x["outcome"] != "any" else "")
            print(f"   {mark} {x['id']:<36} expected {want:<30} got {got}")
            if scored:
                n_scored += 1
                kb[0] += 1
                if exact:
                    n_exact += 1
                    kb[1] += 1
                else:
                    misses.append((b, x["id"], x["outcome"], got))
                if x["outcome"] in ("confirmed", "possible"):
                    n_recall += 1
                    if hit:
                        n_recall_hit += 1
                    if got == x["outcome"]:
                        n_strict += 1
        if e.get("kind") == "healthy" and not e["expect"]:
            kb[0] += 1
            if not any(oc in ("confirmed", "possible") for _, oc, _ in allout):
                kb[1] += 1
        for ids, oc, rule in allout:
            if oc == "confirmed" and not (ids & ok_conf):
                false_conf.append((b, rule, sorted(ids)))
                print(f"   FALSE CONFIRMATION {rule} ({', '.join(sorted(ids))})")
            elif oc == "possible" and not (ids & set(listed)):
                unexpected_possible.append((b, rule))
                print(f"   note: unexpected possible {rule} ({', '.join(sorted(ids))})")
        if a.verbose:
            for ids, oc, rule in allout:
                print(f"      [{oc}] {rule} {sorted(ids)}")

    def pct(x, y):
        return f"{x}/{y} = {100.0 * x / y:.1f}%" if y else "n/a"

    print("\n" + "=" * 78)
    print(f"bundles: {len(entries)} from {', '.join(os.path.basename(f) for f in files)}; binary {binary}")
    print(f"recall (expected confirmed/possible found as confirmed or possible): {pct(n_recall_hit, n_recall)}")
    print(f"strict recall (found with exactly the expected outcome):             {pct(n_strict, n_recall)}")
    print(f"exact outcome (scored entries, possible accepted where allowed):     {pct(n_exact, n_scored)}")
    for k, (t, x) in sorted(kinds.items()):
        print(f"   {k:<10} {pct(x, t)}" + ("   (healthy: bundles without any finding)" if k == "healthy" else ""))
    print(f"false confirmations: {len(false_conf)}")
    for b, rule, ids in false_conf:
        print(f"   {b}: {rule} ({', '.join(ids)})")
    if unexpected_possible:
        print(f"unexpected possibles (not scored): {len(unexpected_possible)}")
        for b, rule in unexpected_possible:
            print(f"   {b}: {rule}")
    print(f"misses (scored entries with another outcome): {len(misses)}")
    for b, i, w, g in misses:
        print(f"   {b}: {i} expected {w}, got {g}" + (f"   [known: {known[(b, i.lower())]}]" if (b, i.lower()) in known else ""))
    if run_errors:
        print(f"run errors: {len(run_errors)}")

    if a.known:
        problems = [(b, i.lower()) for b, i, _, _ in misses]
        for b, rule, ids in false_conf:
            keys = [(b, x) for x in ids]
            problems.append(next((k for k in keys if k in known), keys[0] if keys else (b, str(rule).lower())))
        problems = list(dict.fromkeys(problems))
        unknown = [p for p in problems if p not in known]
        stale = [k for k in known if k not in problems]
        if stale:
            print(f"known entries that now pass (remove them): {len(stale)}")
            for b, i in stale:
                print(f"   {b}: {i}")
        if unknown:
            print(f"NOT KNOWN: {len(unknown)}")
            for b, i in unknown:
                print(f"   {b}: {i}")
            return 1
        return 0
    return 1 if false_conf else 0


if __name__ == "__main__":
    sys.exit(main())
