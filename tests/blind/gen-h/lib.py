"""Helpers for the blind-h bundle generators (stdlib only, deterministic)."""
import os, gzip, io, json, random, tarfile, datetime as dt
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'bundles')
R = random.Random(20260611)
UTC = dt.timezone.utc
FIXED_MTIME = 1767225600  # 2026-01-01, for reproducible .gz/.tar.gz

def U(s):
    return dt.datetime.fromisoformat(s).replace(tzinfo=UTC)

def tz(off):
    if off in ('Z', 'UTC'): return UTC
    sign = 1 if off[0] == '+' else -1
    h = int(off[1:3]); m = int(off[4:6]) if len(off) > 3 else 0
    return dt.timezone(sign * dt.timedelta(hours=h, minutes=m))

def _data(lines, crlf):
    nl = '\r\n' if crlf else '\n'
    return (nl.join(lines) + nl).encode('utf-8')

def w(bundle, rel, lines, crlf=False, gz=False):
    p = os.path.join(ROOT, bundle, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    data = _data(lines, crlf)
    if gz:
        with open(p, 'wb') as f:
            with gzip.GzipFile(filename=os.path.basename(p)[:-3], mode='wb', fileobj=f, mtime=FIXED_MTIME) as g:
                g.write(data)
    else:
        with open(p, 'wb') as f: f.write(data)

def wtar(bundle, rel, members):
    """members: list of (name, lines, crlf)"""
    p = os.path.join(ROOT, bundle, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w') as t:
        for name, lines, crlf in members:
            data = _data(lines, crlf)
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mtime = FIXED_MTIME; ti.mode = 0o644
            t.addfile(ti, io.BytesIO(data))
    with open(p, 'wb') as f:
        with gzip.GzipFile(filename=os.path.basename(p)[:-3], mode='wb', fileobj=f, mtime=FIXED_MTIME) as g:
            g.write(buf.getvalue())

def fmt_ts(t, off, sep=' ', ms=True):
    lt = t.astimezone(tz(off))
    s = lt.strftime('%Y-%m-%d' + sep + '%H:%M:%S')
    if ms: s += '.%03d' % (lt.microsecond // 1000)
    if off == 'Z': return s + 'Z'
    return s + off

class NL:
    """nlserver log, layout B: ts pid tid 1 level cat msg"""
    def __init__(s, off='Z', pid=None):
        s.off = off; s.pid = pid or '%08X' % R.randint(0x1000, 0x3FFFFF); s.ev = []
    def add(s, t, level, msg, tid=None, cat='log', raw=None):
        tid = tid or '%08X' % (int(s.pid, 16) + R.randint(1, 40))
        s.ev.append((t, len(s.ev), '%s %s %s 1 %s %s %s' % (fmt_ts(t, s.off), s.pid, tid, level, cat, msg)))
    def cont(s, t, text):
        """continuation line (e.g. Java stack trace) kept right after the previous record"""
        s.ev.append((t, len(s.ev), text))
    def lines(s):
        return [l for t, i, l in sorted(s.ev, key=lambda x: (x[0], x[1]))]

def rnd_time(start, hours):
    return start + dt.timedelta(seconds=R.randint(0, int(hours * 3600)), milliseconds=R.randint(0, 999))

OPS = ['b.keller', 'l.martin', 'webapp', 'mc', 'svc_api', 's.ito', 'r.alvarez']

def noise_web(nl, start, hours, n=40, inst='prod'):
    for i in range(n):
        t = rnd_time(start, hours); k = R.randint(0, 11)
        if k < 4: nl.add(t, 'info', "Log in of '%s' from '10.%d.%d.%d' (instance '%s')" % (R.choice(OPS), R.randint(1, 30), R.randint(0, 9), R.randint(2, 250), inst))
        elif k < 6: nl.add(t, 'info', "Logoff of operator '%s'" % R.choice(OPS))
        elif k < 8: nl.add(t, 'info', "HTTP request 'POST /nl/jsp/soaprouter.jsp' from '10.%d.%d.%d' processed in %d ms" % (R.randint(1, 30), R.randint(0, 9), R.randint(2, 250), R.randint(3, 900)))
        elif k < 9: nl.add(t, 'warning', "XSV-350008 Session has expired or is invalid. Please reconnect.")
        elif k < 10: nl.add(t, 'info', "Loading schema '%s' in the cache" % R.choice(['nms:recipient', 'nms:delivery', 'xtk:workflow', 'nms:webApp']))
        else: nl.add(t, 'info', "HTTP request 'GET /r/%d?id=h%x' processed in %d ms" % (R.randint(1, 99), R.randint(0x1000, 0xfffff), R.randint(1, 40)))

def noise_wf(nl, start, hours, n=40, wfs=None):
    wfs = wfs or [('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017), ('billing', 1040)]
    for i in range(n):
        t = rnd_time(start, hours)
        name, i2 = R.choice(wfs); k = R.randint(0, 5)
        if k < 2: nl.add(t, 'info', "%s (id=%d) - Starting workflow" % (name, i2))
        elif k < 4: nl.add(t, 'info', "%s (id=%d) - Workflow finished (state=Finished)" % (name, i2))
        elif k < 5: nl.add(t, 'info', "Workflow '%s' (%d) has been scheduled for %s" % (name, i2, (t + dt.timedelta(hours=1)).strftime('%Y-%m-%d %H:%M:%S')))
        else: nl.add(t, 'info', "%s (id=%d) - %d record(s) processed (step 'Update')" % (name, i2, R.randint(0, 5000)))

def jdate(t, style, off):
    lt = t.astimezone(tz(off))
    if style == 'eu': return lt.strftime('%d/%m/%Y %H:%M:%S')
    if style == 'us': return lt.strftime('%m/%d/%Y ') + str(int(lt.strftime('%I'))) + lt.strftime(':%M:%S %p')
    return lt.strftime('%Y-%m-%d %H:%M:%S')

def sysl(t, host, prog, msg, off='Z'):
    lt = t.astimezone(tz(off))
    return "%s %2d %s %s %s: %s" % (lt.strftime('%b'), lt.day, lt.strftime('%H:%M:%S'), host, prog, msg)

EXP = []
def expect(bundle, kind, frm, exp, note, args=None):
    assert os.path.isdir(os.path.join(ROOT, bundle)), bundle
    EXP.append(dict(bundle=bundle, kind=kind, written_from=frm, args=args or [], expect=exp, note=note))
def E(i, o, ap=False): return dict(id=i, outcome=o, accept_possible=ap)

def busy_web(nl, start, hours, n, inst='prod'):
    """thousands of unrelated web.log lines"""
    noise_web(nl, start, hours, n, inst)

def busy_wf(nl, start, hours, n, wfs=None):
    noise_wf(nl, start, hours, n, wfs)

def pgline(t, off, pid, user, db, level, msg):
    """PostgreSQL Debian prefix %m [%p] %q%u@%d"""
    lt = t.astimezone(tz(off))
    z = {'Z': 'UTC', '+01:00': 'CET', '+02:00': 'CEST', '-05:00': 'EST', '+09:00': 'JST', '+08:00': 'CST'}.get(off, 'UTC')
    return '%s.%03d %s [%d] %s@%s %s:  %s' % (lt.strftime('%Y-%m-%d %H:%M:%S'), lt.microsecond // 1000, z, pid, user, db, level, msg)
