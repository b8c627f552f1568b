"""Regenerate every bundle of set F and expected-f.yaml (stdlib only, deterministic)."""
import os, sys, json, shutil, importlib
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import lib
if os.path.isdir(lib.ROOT): shutil.rmtree(lib.ROOT)
os.makedirs(lib.ROOT)
for m in ('f1', 'f2', 'healthy'):
    importlib.import_module(m)
def q(s): return json.dumps(s, ensure_ascii=False)
out = ["# Examiner F: blind bundles written from the KB articles and the Campaign log formats only.", ""]
for e in lib.EXP:
    out.append("- bundle: %s" % e['bundle'])
    out.append("  kind: %s" % e['kind'])
    out.append("  written_from: %s" % e['written_from'])
    out.append("  args: %s" % q(e['args']))
    if e['expect']:
        out.append("  expect:")
        for x in e['expect']:
            out.append("    - id: %s" % x['id'])
            out.append("      outcome: %s" % x['outcome'])
            out.append("      accept_possible: %s" % ('true' if x['accept_possible'] else 'false'))
    else:
        out.append("  expect: []")
    out.append("  note: %s" % q(e['note']))
with open(os.path.join(HERE, '..', 'expected-f.yaml'), 'w') as f:
    f.write('\n'.join(out) + '\n')
print(len(lib.EXP), 'bundles')
