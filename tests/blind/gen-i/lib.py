"""Helpers for the blind-i bundle generators (stdlib only, deterministic)."""
import os, gzip, io, json, random, tarfile, zlib, shutil, datetime as dt

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bundles'))
UTC = dt.timezone.utc
FIXED_MTIME = 1767225600  # 2026-01-01, for reproducible .gz/.tar.gz


def rng(name):
    """one Random per bundle, seeded by its name (independent of generation order)"""
    return random.Random(zlib.crc32(name.encode()) ^ 0x1A2B3C)


def U(s):
    return dt.datetime.fromisoformat(s).replace(tzinfo=UTC)


def tz(off):
    if off in ('Z', 'UTC'):
        return UTC
    sign = 1 if off[0] == '+' else -1
    h = int(off[1:3]); m = int(off[4:6]) if len(off) > 3 else 0
    return dt.timezone(sign * dt.timedelta(hours=h, minutes=m))


def fresh(bundle):
    p = os.path.join(ROOT, bundle)
    if os.path.isdir(p):
        shutil.rmtree(p)
    os.makedirs(p)


def _data(lines, crlf):
    nl = '\r\n' if crlf else '\n'
    return (nl.join(lines) + nl).encode('utf-8')


def w(bundle, rel, lines, crlf=False, gz=False, mtime=None):
    p = os.path.join(ROOT, bundle, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    data = _data(lines, crlf)
    if gz:
        with open(p, 'wb') as f:
            with gzip.GzipFile(filename=os.path.basename(p)[:-3], mode='wb', fileobj=f, mtime=FIXED_MTIME) as g:
                g.write(data)
    else:
        with open(p, 'wb') as f:
            f.write(data)
    if mtime is not None:
        os.utime(p, (mtime, mtime))


def wtar(bundle, rel, members):
    """members: list of (name, lines, crlf, mtime or None)"""
    p = os.path.join(ROOT, bundle, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w') as t:
        for name, lines, crlf, mt in members:
            data = _data(lines, crlf)
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = mt or FIXED_MTIME; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    with open(p, 'wb') as f:
        with gzip.GzipFile(filename=os.path.basename(p)[:-3], mode='wb', fileobj=f, mtime=FIXED_MTIME) as g:
            g.write(buf.getvalue())


def fmt_ts(t, off, sep=' ', ms=True, short_off=False):
    """nlserver time: local time with its offset (Z, +02:00, or a bare -05)"""
    lt = t.astimezone(tz(off))
    s = lt.strftime('%Y-%m-%d' + sep + '%H:%M:%S')
    if ms:
        s += '.%03d' % (lt.microsecond // 1000)
    if off == 'Z':
        return s + 'Z'
    if short_off and off.endswith(':00'):
        return s + off[:3]
    return s + off


class NL:
    """nlserver process log, layout B: ts pid tid 1 level cat msg (events sorted by time on output)"""

    def __init__(s, r, off='Z', pid=None, short_off=False):
        s.r = r; s.off = off; s.short_off = short_off
        s.pid = pid or '%08X' % r.randint(0x1000, 0x3FFFFF); s.ev = []

    def add(s, t, level, msg, tid=None, cat='log', depth=1):
        tid = tid or '%08X' % (int(s.pid, 16) + s.r.randint(1, 40))
        s.ev.append((t, len(s.ev), '%s %s %s %d %s %s %s' % (fmt_ts(t, s.off, short_off=s.short_off), s.pid, tid, depth, level, cat, msg)))

    def cont(s, t, text):
        """continuation line kept right after the previous record (stack trace)"""
        s.ev.append((t, len(s.ev), text))

    def lines(s):
        return [l for t, i, l in sorted(s.ev, key=lambda x: (x[0], x[1]))]


def rt(r, start, hours):
    return start + dt.timedelta(seconds=r.randint(0, int(hours * 3600)), milliseconds=r.randint(0, 999))


OPS = ['a.moreau', 'k.tanaka', 'webapp', 'mc', 'svc_crm', 'p.novak', 'j.smith', 'm.garcia', 'integration']
WFS = [('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017),
       ('billing', 1040), ('stockMgt', 1029), ('aliasCleansing', 1016)]


def ip(r):
    return '10.%d.%d.%d' % (r.randint(1, 40), r.randint(0, 9), r.randint(2, 250))


def noise_web(nl, r, start, hours, n, inst='prod'):
    for _ in range(n):
        t = rt(r, start, hours); k = r.randint(0, 13)
        if k < 4:
            nl.add(t, 'info', "Log in of '%s' from '%s' (instance '%s')" % (r.choice(OPS), ip(r), inst))
        elif k < 6:
            nl.add(t, 'info', "Logoff of operator '%s'" % r.choice(OPS))
        elif k < 9:
            nl.add(t, 'info', "HTTP request 'POST /nl/jsp/soaprouter.jsp' from '%s' processed in %d ms" % (ip(r), r.randint(3, 900)))
        elif k < 10:
            nl.add(t, 'warning', "XSV-350008 Session has expired or is invalid. Please reconnect.")
        elif k < 11:
            nl.add(t, 'info', "Loading schema '%s' in the cache" % r.choice(['nms:recipient', 'nms:delivery', 'xtk:workflow', 'nms:webApp', 'nms:broadLogRcp']))
        else:
            nl.add(t, 'info', "HTTP request 'GET /r/%d?id=h%x' processed in %d ms" % (r.randint(1, 99), r.randint(0x1000, 0xfffff), r.randint(1, 40)))


def noise_wf(nl, r, start, hours, n, wfs=None):
    wfs = wfs or WFS
    for _ in range(n):
        t = rt(r, start, hours)
        name, i2 = r.choice(wfs); k = r.randint(0, 5)
        if k < 2:
            nl.add(t, 'info', "%s (id=%d) - Starting workflow" % (name, i2))
        elif k < 4:
            nl.add(t, 'info', "%s (id=%d) - Workflow finished (state=Finished)" % (name, i2))
        elif k < 5:
            nl.add(t, 'info', "Workflow '%s' (%d) has been scheduled for %s" % (name, i2, (t + dt.timedelta(hours=1)).strftime('%Y-%m-%d %H:%M:%S')))
        else:
            nl.add(t, 'info', "%s (id=%d) - %d record(s) processed (step 'Update')" % (name, i2, r.randint(0, 5000)))


def jdate(t, style, off):
    """workflow journal date as the console shows it (no zone)"""
    lt = t.astimezone(tz(off))
    if style == 'eu':
        return lt.strftime('%d/%m/%Y %H:%M:%S')
    if style == 'us':
        return lt.strftime('%m/%d/%Y ') + str(int(lt.strftime('%I'))) + lt.strftime(':%M:%S %p')
    return lt.strftime('%Y-%m-%d %H:%M:%S')


class Journal:
    """pasted workflow journal lines: '<date> <activity>  <message>'"""

    def __init__(s, style, off, newest_first=False, sep='  '):
        s.style = style; s.off = off; s.nf = newest_first; s.sep = sep; s.ev = []

    def add(s, t, act, msg):
        s.ev.append((t, len(s.ev), '%s %s%s%s' % (jdate(t, s.style, s.off), act, s.sep, msg)))

    def lines(s):
        ev = sorted(s.ev, key=lambda x: (x[0], x[1]))
        if s.nf:
            ev = list(reversed(ev))
        return [l for _, _, l in ev]


PG_ZONE = {'Z': 'UTC', '+01:00': 'CET', '+02:00': 'CEST', '-05:00': 'EST', '+09:00': 'JST', '+08:00': 'HKT', '-04:00': 'EDT'}


def pg(t, off, pid, level, msg, user=None, db=None, zone=None):
    """PostgreSQL: Debian prefix '%m [%p] %q%u@%d ' when user given, else stock '%m [%p] '"""
    lt = t.astimezone(tz(off))
    head = '%s.%03d %s [%d] ' % (lt.strftime('%Y-%m-%d %H:%M:%S'), lt.microsecond // 1000, zone or PG_ZONE.get(off, 'UTC'), pid)
    if user:
        head += '%s@%s ' % (user, db)
    return head + '%s:  %s' % (level, msg)


def sysl(t, host, prog, msg, off='Z'):
    lt = t.astimezone(tz(off))
    return "%s %2d %s %s %s: %s" % (lt.strftime('%b'), lt.day, lt.strftime('%H:%M:%S'), host, prog, msg)


EXP = []


def expect(bundle, kind, frm, exp, note, args=None):
    assert os.path.isdir(os.path.join(ROOT, bundle)), bundle
    EXP.append(dict(bundle=bundle, kind=kind, written_from=frm, args=args or [], expect=exp, note=note))


def E(i, o, ap=False):
    return dict(id=i, outcome=o, accept_possible=ap)


def write_expected(path, header):
    out = [header, '']
    for e in EXP:
        out.append('- bundle: %s' % e['bundle'])
        out.append('  kind: %s' % e['kind'])
        out.append('  written_from: %s' % e['written_from'])
        out.append('  args: [%s]' % ', '.join(json.dumps(a) for a in e['args']))
        if e['expect']:
            out.append('  expect:')
            for x in e['expect']:
                out.append('    - id: %s' % x['id'])
                out.append('      outcome: %s' % x['outcome'])
                out.append('      accept_possible: %s' % ('true' if x['accept_possible'] else 'false'))
        else:
            out.append('  expect: []')
        out.append('  note: %s' % json.dumps(e['note'], ensure_ascii=False))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')
