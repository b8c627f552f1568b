#!/usr/bin/env python3
"""Derive the csvlog of older PostgreSQL versions from the real PostgreSQL 15 csvlog files.

PostgreSQL only ever appended columns to csvlog: 12 and older write 23 (up to application_name),
13 adds backend_type (24), 14 adds leader_pid and query_id (26). Debian here ships 15 only, so
the older layouts are the real 15 records with the newer columns cut off, every remaining field
kept byte for byte (quoting, embedded newlines).

    python3 tests/real/older-csvlog.py IN.csv OUT.csv 24
"""
import sys


def records(text):
    """Split csvlog text into records, each a list of raw fields (quotes kept)."""
    rec, field, quoted, i = [], [], False, 0
    while i < len(text):
        c = text[i]
        if quoted:
            field.append(c)
            if c == '"':
                if i + 1 < len(text) and text[i + 1] == '"':
                    field.append('"')
                    i += 1
                else:
                    quoted = False
        elif c == '"':
            quoted = True
            field.append(c)
        elif c == ',':
            rec.append(''.join(field))
            field = []
        elif c == '\n':
            rec.append(''.join(field))
            yield rec
            rec, field = [], []
        else:
            field.append(c)
        i += 1
    if field or rec:
        rec.append(''.join(field))
        yield rec


def main():
    src, dst, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src, encoding='utf-8', newline='') as f:
        text = f.read()
    with open(dst, 'w', encoding='utf-8', newline='') as out:
        for rec in records(text):
            if len(rec) != 26:
                sys.exit(f'{src}: a record with {len(rec)} columns, expected 26')
            out.write(','.join(rec[:width]) + '\n')


main()
