#!/usr/bin/env python3
"""Print the texts of rules/postgresql/rules/log-translated.yaml's `contains` list: what a
PostgreSQL server writes in other languages than English (lc_messages), taken from its own
message catalogues (Debian's postgresql-15 package: /usr/share/locale/*/LC_MESSAGES/postgres-15.mo,
dumped with gettext's msgunfmt).

- Each translated level word that differs from the English one (ERROR is FEHLER in German), as
  ' WORD:  ' (PostgreSQL writes two blanks after the colon).
- The longest fixed part of the translated messages the other PostgreSQL rules read (too many
  clients, failed password, deadlock, archive command failed, checkpoints too frequent, could
  not write or extend a file): Spanish and Japanese keep the English level words and translate
  only the messages.

    python3 rules/postgresql/tools/translated.py [CATALOGUE_DIR]            the texts
    python3 rules/postgresql/tools/translated.py --levels [CATALOGUE_DIR]   level words
"""
import glob
import os
import re
import subprocess
import sys

LEVELS = ["ERROR", "FATAL", "PANIC", "WARNING", "NOTICE", "LOG", "DETAIL", "HINT", "CONTEXT", "STATEMENT"]
MESSAGES = [
    "sorry, too many clients already",
    'password authentication failed for user \\"%s\\"',
    "deadlock detected",
    "archive command failed with exit code %d",
    "checkpoints are occurring too frequently (%d second apart)",
    'could not write to file \\"%s\\": %m',
    'could not extend file \\"%s\\": %m',
]


def entries(po):
    """msgid -> first msgstr, from msgunfmt's output."""
    out = {}
    for m in re.finditer(r'msgid "((?:[^"\\]|\\.)*)"\n(?:msgid_plural "(?:[^"\\]|\\.)*"\n)?msgstr(?:\[0\])? "((?:[^"\\]|\\.)*)"', po):
        out[m.group(1)] = m.group(2)
    return out


def longest_fixed(t):
    parts = re.split(r'%[a-z]|\\"|«|»|“|”|„', t)
    parts = [p.strip(" :.,()") for p in parts]
    return max(parts, key=len) if parts else ""


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else "/usr/share/locale"
    texts = set()
    words = {}
    for mo in sorted(glob.glob(os.path.join(root, "*", "LC_MESSAGES", "postgres-*.mo"))):
        po = subprocess.run(["msgunfmt", mo], capture_output=True, text=True, check=True).stdout
        e = entries(po)
        for lv in LEVELS:
            if e.get(lv, lv) != lv:
                texts.add(f" {e[lv]}:  ")
                words.setdefault(lv, set()).add(e[lv])
            if e.get(lv + ":  ", lv + ":  ") != lv + ":  ":
                texts.add(" " + e[lv + ":  "])
        for msg in MESSAGES:
            t = e.get(msg)
            if t:
                f = longest_fixed(t)
                if len(f.encode()) >= 10 and f != longest_fixed(msg):
                    texts.add(f)
    if "--levels" in sys.argv:
        # The level words for the formats' `level` alternation, and per English level.
        for lv, ws in sorted(words.items()):
            print(lv, "|".join(sorted(ws)))
        return
    for t in sorted(texts):
        print(t)


if __name__ == "__main__":
    main()
