#!/usr/bin/env python3
"""A variant of a generated bench bundle in which about 3% of the lines match one generic
symptom (KA-16411's "'Forbidden' type error (403)"): the shape of a busy instance where one
error repeats all day. Used by bench/bench.py's `generic` rows (docs/performance.md).

Usage: python3 bench/generic3.py SRC_BUNDLE DST_BUNDLE

Every 33rd line of each nlserver log is replaced by the same line with its message swapped for
the 403 error; times, layouts and line counts stay as they were. Deterministic.
"""
import os, re, sys

src, dst = sys.argv[1], sys.argv[2]
msg = "INT-150012 The HTTP query returned a 'Forbidden' type error (403) (iRc=-55)"
# nlserver layout: date time pid tid level kind log <message>
layout = re.compile(rb"^(\S+ \S+ \S+ \S+ \S+ )\S+( \S+ )")
for dp, _, fs in os.walk(src):
    for f in fs:
        s = os.path.join(dp, f)
        d = os.path.join(dst, os.path.relpath(s, src))
        os.makedirs(os.path.dirname(d), exist_ok=True)
        with open(s, "rb") as i, open(d, "wb") as o:
            for n, line in enumerate(i):
                if n % 33 == 17:
                    m = layout.match(line)
                    if m:
                        line = m.group(1) + b"error" + m.group(2) + msg.encode() + b"\n"
                o.write(line)
