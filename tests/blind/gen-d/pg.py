from lib import *
import datetime as dt

def ts_pg(t, zone='UTC', off='Z'):
    lt = t.astimezone(tz(off))
    return lt.strftime('%Y-%m-%d %H:%M:%S.') + '%03d %s' % (lt.microsecond // 1000, zone)

# ================= pg-password-auth-failed field: PG 15 Debian prefix '%m [%p] %q%u@%d ', brute force across user names, no client address
b = 'pg-password-auth-failed-field-d1'
ev = []
d0 = U('2026-09-03 00:00:00')
for i in range(120):
    t = rnd_time(d0, 20); p = R.randint(10000, 99999); k = R.randint(0, 3)
    if k == 0: ev.append((t, "%s [%d] LOG:  checkpoint starting: time" % (ts_pg(t, 'CEST', '+02:00'), 812)))
    elif k == 1: ev.append((t, "%s [%d] LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, 2 recycled; write=%.3f s, sync=0.003 s, total=%.3f s; sync files=41, longest=0.002 s, average=0.001 s; distance=%d kB, estimate=%d kB" % (ts_pg(t, 'CEST', '+02:00'), 812, R.randint(100, 4000), R.random() * 3, R.random() * 30, R.random() * 30, R.randint(1000, 90000), R.randint(1000, 90000))))
    elif k == 2: ev.append((t, "%s [%d] shopapp@shop LOG:  duration: %d.%03d ms  statement: SELECT o.id, o.total FROM orders o WHERE o.customer_id = $1" % (ts_pg(t, 'CEST', '+02:00'), p, R.randint(500, 3000), R.randint(0, 999))))
    else: ev.append((t, "%s [%d] LOG:  automatic analyze of table \"shop.public.order_items\"" % (ts_pg(t, 'CEST', '+02:00'), p)))
    if k == 3: ev.append((t, "\tavg read rate: 12.210 MB/s, avg write rate: 0.000 MB/s"))
users = ['postgres', 'admin', 'root', 'oracle', 'test', 'user', 'pgsql', 'sa', 'dbadmin', 'administrator', 'guest', 'backup', 'replication', 'odoo', 'demo', 'ubuntu', 'support', 'shopapp', 'web', 'mysql',
         'readonly', 'report', 'dev', 'app', 'gitlab', 'zabbix', 'grafana', 'postgres1', 'pguser', 'super', 'manager', 'db', 'data', 'etl', 'analytics', 'jira', 'confluence', 'nextcloud', 'keycloak', 'sonar']
existing = {'postgres', 'shopapp', 'readonly', 'replication'}
t = U('2026-09-03 13:47:21.104')
for i in range(64):
    t = t + dt.timedelta(milliseconds=R.randint(60, 180)); p = 40000 + i * 3
    u = users[i % len(users)]; db = 'postgres' if i % 4 else 'template1'
    ev.append((t, "%s [%d] %s@%s FATAL:  password authentication failed for user \"%s\"" % (ts_pg(t, 'CEST', '+02:00'), p, u, db, u)))
    if u in existing:
        ev.append((t, "%s [%d] %s@%s DETAIL:  Connection matched pg_hba.conf line 102: \"host    all             all             0.0.0.0/0               scram-sha-256\"" % (ts_pg(t, 'CEST', '+02:00'), p, u, db)))
    else:
        ev.append((t, "%s [%d] %s@%s DETAIL:  Role \"%s\" does not exist." % (ts_pg(t, 'CEST', '+02:00'), p, u, db, u)))
        ev.append((t, "\tConnection matched pg_hba.conf line 102: \"host    all             all             0.0.0.0/0               scram-sha-256\""))
ev.sort(key=lambda x: x[0])
# keep DETAIL continuation right after its record: stable sort keeps insertion order for equal times
w(b, 'var/log/postgresql/postgresql-15-main.log', [l for _, l in ev])
w(b, 'postgresql.conf-excerpt.txt', ["listen_addresses = '*'", "log_line_prefix = '%m [%p] %q%u@%d '", "log_connections = off", "log_timezone = 'Europe/Berlin'"])
expect(b, 'field', 'pg-password-auth-failed', [E('pg-password-auth-failed', 'confirmed')],
       "PostgreSQL 15 log with the Debian prefix '%m [%p] %q%u@%d ' (CEST), log_connections off so no client address anywhere: 64 'FATAL: password authentication failed for user \"...\"' for 40 different user names (postgres, admin, oracle, sa, mysql...) in about 8 seconds, DETAIL 'Role \"x\" does not exist.' with a tab-indented 'Connection matched pg_hba.conf line 102' continuation; background checkpoints, analyze, slow statements.")

# ================= pg-password-auth-failed near: peer / pg_hba rejections, one typo then success (PG 16, stock prefix)
b = 'pg-password-auth-failed-near-d1'
ev = []
d0 = U('2026-09-05 00:00:00')
for i in range(100):
    t = rnd_time(d0, 24); p = R.randint(10000, 99999)
    ev.append((t, "%s [%d] LOG:  connection received: host=10.20.%d.%d port=%d" % (ts_pg(t), p, R.randint(0, 5), R.randint(2, 200), R.randint(30000, 60000))))
    ev.append((t + dt.timedelta(milliseconds=4), "%s [%d] LOG:  connection authorized: user=%s database=%s application_name=%s" % (ts_pg(t + dt.timedelta(milliseconds=4)), p, *R.choice([('billing', 'billing', 'billing-api'), ('report', 'sales', 'metabase'), ('postgres', 'postgres', 'psql')]))))
for k in range(24):
    t = d0 + dt.timedelta(hours=k, minutes=5); p = 60000 + k
    ev.append((t, "%s [%d] LOG:  connection received: host=[local]" % (ts_pg(t), p)))
    ev.append((t, "%s [%d] FATAL:  Peer authentication failed for user \"postgres\"" % (ts_pg(t), p)))
    ev.append((t, "%s [%d] DETAIL:  Connection matched file \"/etc/postgresql/16/main/pg_hba.conf\" line 118: \"local   all             postgres                                peer\"" % (ts_pg(t), p)))
for k in range(6):
    t = U('2026-09-05 14:00:00') + dt.timedelta(minutes=10 * k); p = 61000 + k
    ev.append((t, "%s [%d] LOG:  connection received: host=172.31.9.44 port=%d" % (ts_pg(t), p, R.randint(30000, 60000))))
    ev.append((t, "%s [%d] FATAL:  no pg_hba.conf entry for host \"172.31.9.44\", user \"report\", database \"sales\", no encryption" % (ts_pg(t), p)))
t = U('2026-09-05 09:31:02.511')
ev.append((t, "%s [%d] LOG:  connection received: host=10.20.1.17 port=53302" % (ts_pg(t), 62001)))
ev.append((t, "%s [%d] FATAL:  password authentication failed for user \"jmeyer\"" % (ts_pg(t), 62001)))
ev.append((t, "%s [%d] DETAIL:  Connection matched file \"/etc/postgresql/16/main/pg_hba.conf\" line 121: \"host    all             all             10.20.0.0/16            scram-sha-256\"" % (ts_pg(t), 62001)))
t2 = t + dt.timedelta(seconds=7)
ev.append((t2, "%s [%d] LOG:  connection received: host=10.20.1.17 port=53310" % (ts_pg(t2), 62002)))
ev.append((t2, "%s [%d] LOG:  connection authorized: user=jmeyer database=sales application_name=psql" % (ts_pg(t2), 62002)))
ev.sort(key=lambda x: x[0])
w(b, 'postgresql-2026-09-05_000000.log', [l for _, l in ev])
w(b, 'crontab-backup.txt', ["# /etc/cron.d/pg-backup (runs as user 'backup', not 'postgres')", "5 * * * * backup psql -U postgres -c 'SELECT pg_backup_start(...)' ..."])
expect(b, 'near_miss', 'pg-password-auth-failed', [E('pg-password-auth-failed', 'not_confirmed')],
       "PostgreSQL 16, stock prefix '%m [%p] ' in UTC with log_connections: hourly 'Peer authentication failed for user \"postgres\"' from a cron job run as the wrong OS user (local socket, peer, no password), six 'no pg_hba.conf entry for host' rejections, and a single password typo by jmeyer followed by a successful login 7 s later. No repeated password failures.")

# ================= pg-deadlock field: csvlog (PG 14), several deadlocks between two workers
b = 'pg-deadlock-field-d1'
rows = []
def csvq(s): return '"' + s.replace('"', '""') + '"'
def rec(t, user, db, pid, host, sess, ln, tag, vxid, xid, sev, state, msg, detail='', hint='', context='', query='', app='', btype='client backend'):
    return (t, ','.join([ts_pg(t), csvq(user) if user else '', csvq(db) if db else '', str(pid), csvq(host) if host else '', sess, str(ln), csvq(tag) if tag else '',
                          ts_pg(t - dt.timedelta(minutes=3)).split('.')[0] + ' UTC', vxid, str(xid), sev, state, csvq(msg), csvq(detail) if detail else '', csvq(hint) if hint else '',
                          '', '', csvq(context) if context else '', csvq(query) if query else '', '', '', csvq(app) if app else '', csvq(btype), '', '0']))
d0 = U('2026-10-14 06:00:00')
for i in range(200):
    t = rnd_time(d0, 10); pid = R.randint(10000, 30000)
    k = R.randint(0, 3)
    if k == 0: rows.append(rec(t, '', '', 71, '', '6532a0f1.47', i, '', '', 0, 'LOG', '00000', 'checkpoint starting: time', btype='checkpointer'))
    elif k == 1: rows.append(rec(t, 'inventory', 'warehouse', pid, '10.8.0.%d:%d' % (R.randint(2, 40), R.randint(30000, 60000)), '6532a%03x.%x' % (R.randint(0, 4095), pid), 1, 'authentication', '3/%d' % i, 0, 'LOG', '00000', 'connection authorized: user=inventory database=warehouse application_name=stock-worker'))
    else: rows.append(rec(t, '', '', 80, '', '6532a0f2.50', i, '', '', 0, 'LOG', '00000', 'automatic vacuum of table "warehouse.public.stock_levels": index scans: 1\npages: 0 removed, 8812 remain, 3110 scanned (35.29% of total)', btype='autovacuum worker'))
for k in range(5):
    t = U('2026-10-14 09:12:40.331') + dt.timedelta(minutes=37 * k)
    pa, pb = 22110 + k * 13, 22117 + k * 13; xa, xb = 88123400 + k * 911, 88123407 + k * 911
    detail = ("Process %d waits for ShareLock on transaction %d; blocked by process %d.\nProcess %d waits for ShareLock on transaction %d; blocked by process %d.\n"
              "Process %d: UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3\nProcess %d: UPDATE stock_levels SET qty = qty + $1 WHERE sku = $2 AND warehouse_id = $3") % (pa, xb, pb, pb, xa, pa, pa, pb)
    rows.append(rec(t - dt.timedelta(seconds=1), 'inventory', 'warehouse', pa, '10.8.0.21:51022', '6532b1aa.%x' % pa, 14, 'UPDATE', '7/%d' % (900 + k), xa, 'LOG', '00000',
                    'process %d still waiting for ShareLock on transaction %d after 1000.118 ms' % (pa, xb), detail='Process holding the lock: %d. Wait queue: %d.' % (pb, pa),
                    context='while updating tuple (%d,%d) in relation "stock_levels"' % (4410 + k, 7), query='UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3', app='stock-worker'))
    rows.append(rec(t, 'inventory', 'warehouse', pa, '10.8.0.21:51022', '6532b1aa.%x' % pa, 15, 'UPDATE', '7/%d' % (900 + k), xa, 'ERROR', '40P01', 'deadlock detected',
                    detail=detail, hint='See server log for query details.', context='while updating tuple (%d,%d) in relation "stock_levels"' % (4410 + k, 7),
                    query='UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3', app='stock-worker'))
rows.sort(key=lambda x: x[0])
w(b, 'pg_log/postgresql-Wed.csv', [l for _, l in rows])
expect(b, 'field', 'pg-deadlock', [E('pg-deadlock', 'confirmed')],
       "PostgreSQL 14 csvlog (multi-line quoted DETAIL fields): five 'deadlock detected' ERRORs, SQLSTATE 40P01, between two stock-worker sessions updating stock_levels rows in opposite order, each with 'Process N waits for ShareLock on transaction M; blocked by process K.' both ways, HINT and CONTEXT, preceded by a log_lock_waits 'still waiting for ShareLock' LOG; background autovacuum, checkpoints, connections.")

# ================= pg-deadlock near: lock timeouts, serialization failures, long waits that resolve; no deadlock
b = 'pg-deadlock-near-d1'
ev = []
d0 = U('2026-10-15 07:00:00')
def pl(t, p, ud, sev, msg): return (t, "%s [%d] %s%s:  %s" % (ts_pg(t, 'EST', '-05:00'), p, ud, sev, msg))
for i in range(150):
    t = rnd_time(d0, 10)
    ev.append(pl(t, R.randint(10000, 30000), '', 'LOG', R.choice(['checkpoint starting: time', 'automatic analyze of table "ledger.public.entries"'])))
for k in range(6):
    t = U('2026-10-15 10:00:00') + dt.timedelta(minutes=11 * k); p = 33100 + k
    ev.append(pl(t, p, 'ledger@ledger ', 'LOG', 'process %d still waiting for RowExclusiveLock on relation 16442 of database 16390 after 1000.071 ms' % p))
    ev.append((t, "\tDETAIL:  Process holding the lock: 33001. Wait queue: %d." % p))
    ev.append(pl(t + dt.timedelta(seconds=2), p, 'ledger@ledger ', 'ERROR', 'canceling statement due to lock timeout'))
    ev.append(pl(t + dt.timedelta(seconds=2), p, 'ledger@ledger ', 'STATEMENT', 'UPDATE accounts SET balance = balance + $1 WHERE id = $2'))
for k in range(4):
    t = U('2026-10-15 13:20:00') + dt.timedelta(minutes=7 * k); p = 34100 + k
    ev.append(pl(t, p, 'ledger@ledger ', 'ERROR', 'could not serialize access due to concurrent update'))
    ev.append(pl(t, p, 'ledger@ledger ', 'STATEMENT', 'UPDATE accounts SET balance = balance - $1 WHERE id = $2'))
t = U('2026-10-15 15:02:00'); p = 35001
ev.append(pl(t, p, 'ledger@ledger ', 'LOG', 'process %d still waiting for ShareLock on transaction 99120031 after 1000.204 ms' % p))
ev.append((t, "\tDETAIL:  Process holding the lock: 35000. Wait queue: %d." % p))
ev.append((t, "\tCONTEXT:  while updating tuple (120,4) in relation \"accounts\""))
ev.append(pl(t + dt.timedelta(seconds=4), p, 'ledger@ledger ', 'LOG', 'process %d acquired ShareLock on transaction 99120031 after 4711.906 ms' % p))
ev.sort(key=lambda x: x[0])
w(b, 'postgresql-13-main.log', [l for _, l in ev])
w(b, 'show-locks-settings.txt', ["ledger=# SHOW deadlock_timeout;", " deadlock_timeout", "------------------", " 1s", "(1 row)", "ledger=# SHOW lock_timeout;", " lock_timeout", "--------------", " 2s",
                                 "ledger=# SELECT deadlocks FROM pg_stat_database WHERE datname = 'ledger';", " deadlocks", "-----------", "         0"])
expect(b, 'near_miss', 'pg-deadlock', [E('pg-deadlock', 'not_confirmed')],
       "PostgreSQL 13 log (Debian prefix, EST): lock waits ending in 'canceling statement due to lock timeout' (55P03), 'could not serialize access due to concurrent update', and one ShareLock wait that is acquired after 4.7 s; settings paste shows deadlock_timeout 1s and pg_stat_database.deadlocks = 0. Contention, not a deadlock.")

# ================= healthy busy PostgreSQL server (PG 16, Debian prefix, UTC)
b = 'pg-healthy-busy-d1'
ev = []
d0 = U('2026-11-18 00:00:00')
def hl(t, p, ud, sev, msg): return (t, "%s [%d] %s%s:  %s" % (ts_pg(t), p, ud, sev, msg))
for i in range(24 * 12):
    t = d0 + dt.timedelta(minutes=5 * i, seconds=R.randint(0, 30))
    ev.append(hl(t, 1021, '', 'LOG', 'checkpoint starting: time'))
    ev.append(hl(t + dt.timedelta(seconds=27), 1021, '', 'LOG', 'checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=26.%03d s, sync=0.004 s, total=27.%03d s; sync files=%d, longest=0.002 s, average=0.001 s; distance=%d kB, estimate=%d kB; lsn=5A/%08X, redo lsn=5A/%08X' % (R.randint(200, 9000), R.random() * 5, R.randint(0, 4), R.randint(0, 999), R.randint(0, 999), R.randint(10, 90), R.randint(1000, 90000), R.randint(1000, 90000), R.randint(0, 0xFFFFFFF), R.randint(0, 0xFFFFFFF))))
for i in range(1500):
    t = rnd_time(d0, 24); p = R.randint(20000, 99999)
    u, db, app = R.choice([('shop', 'shop', 'shop-api'), ('shop', 'shop', 'shop-worker'), ('metabase', 'shop', 'Metabase v0.49'), ('postgres', 'postgres', 'psql')])
    ev.append(hl(t, p, '[unknown]@[unknown] ', 'LOG', 'connection received: host=10.30.%d.%d port=%d' % (R.randint(0, 3), R.randint(2, 200), R.randint(30000, 60000))))
    ev.append(hl(t + dt.timedelta(milliseconds=5), p, '%s@%s ' % (u, db), 'LOG', 'connection authorized: user=%s database=%s application_name=%s' % (u, db, app)))
    d = dt.timedelta(seconds=R.randint(1, 900))
    ev.append(hl(t + d, p, '%s@%s ' % (u, db), 'LOG', 'disconnection: session time: 0:%02d:%02d.%03d user=%s database=%s host=10.30.1.%d port=%d' % (d.seconds // 60, d.seconds % 60, R.randint(0, 999), u, db, R.randint(2, 200), R.randint(30000, 60000))))
for i in range(60):
    t = rnd_time(d0, 24); p = R.randint(5000, 9999)
    tbl = R.choice(['orders', 'order_items', 'sessions', 'cart_lines'])
    ev.append(hl(t, p, '', 'LOG', 'automatic vacuum of table "shop.public.%s": index scans: 1' % tbl))
    ev.append((t, "\tpages: 0 removed, %d remain, %d scanned (%.2f%% of total)" % (R.randint(1000, 90000), R.randint(100, 9000), R.random() * 40)))
    ev.append((t, "\ttuples: %d removed, %d remain, 0 are dead but not yet removable" % (R.randint(100, 90000), R.randint(10000, 9000000))))
    ev.append((t, "\tavg read rate: %.3f MB/s, avg write rate: %.3f MB/s" % (R.random() * 50, R.random() * 20)))
for i in range(8):
    t = rnd_time(d0, 24); p = R.randint(20000, 99999)
    ev.append(hl(t, p, 'metabase@shop ', 'ERROR', 'canceling statement due to statement timeout'))
    ev.append(hl(t, p, 'metabase@shop ', 'STATEMENT', 'SELECT date_trunc(\'day\', created_at), sum(total) FROM orders GROUP BY 1 ORDER BY 1'))
for i in range(3):
    t = rnd_time(d0, 24); p = R.randint(20000, 99999)
    ev.append(hl(t, p, 'postgres@shop ', 'ERROR', 'canceling statement due to user request'))
for i in range(5):
    t = rnd_time(d0, 24); p = R.randint(20000, 99999); em = 'customer%d@example.org' % R.randint(1000, 9999)
    ev.append(hl(t, p, 'shop@shop ', 'ERROR', 'duplicate key value violates unique constraint "customers_email_key"'))
    ev.append(hl(t, p, 'shop@shop ', 'DETAIL', 'Key (email)=(%s) already exists.' % em))
    ev.append(hl(t, p, 'shop@shop ', 'STATEMENT', 'INSERT INTO customers (email, name, created_at) VALUES ($1, $2, now())'))
for i in range(4):
    t = rnd_time(d0, 24); p = R.randint(20000, 99999)
    ev.append(hl(t, p, 'shop@shop ', 'LOG', 'could not receive data from client: Connection reset by peer'))
    ev.append(hl(t + dt.timedelta(seconds=2), p, 'shop@shop ', 'LOG', 'temporary file: path "base/pgsql_tmp/pgsql_tmp%d.0", size %d' % (p, R.randint(10000000, 90000000))))
t = U('2026-11-18 08:41:10.220'); p = 70011
ev.append(hl(t, p, 'analyst@shop ', 'FATAL', 'password authentication failed for user "analyst"'))
ev.append(hl(t, p, 'analyst@shop ', 'DETAIL', 'Connection matched file "/etc/postgresql/16/main/pg_hba.conf" line 120: "host    all             all             10.30.0.0/16            scram-sha-256"'))
ev.append(hl(t + dt.timedelta(seconds=9), p + 1, 'analyst@shop ', 'LOG', 'connection authorized: user=analyst database=shop application_name=DBeaver 24.2.0 - Main'))
t = U('2026-11-18 11:15:00.000')
ev.append(hl(t, 33002, 'shop@shop ', 'LOG', 'process 33002 still waiting for ShareLock on transaction 771200031 after 1000.090 ms'))
ev.append((t, "\tDETAIL:  Process holding the lock: 33001. Wait queue: 33002."))
ev.append(hl(t + dt.timedelta(seconds=1, milliseconds=300), 33002, 'shop@shop ', 'LOG', 'process 33002 acquired ShareLock on transaction 771200031 after 2301.442 ms'))
ev.sort(key=lambda x: x[0])
lines = [l for _, l in ev]
half = len(lines) // 2
w(b, 'var/log/postgresql/postgresql-16-main.log.1.gz', lines[:half], gz=True)
w(b, 'var/log/postgresql/postgresql-16-main.log', lines[half:])
expect(b, 'healthy', 'healthy', [E('pg-password-auth-failed', 'not_confirmed'), E('pg-deadlock', 'not_confirmed'), E('pg-connections', 'not_confirmed'), E('pg-disk-full', 'not_confirmed')],
       "A busy healthy PostgreSQL 16 day (Debian prefix, UTC, split into .log.1.gz and .log): 5-minute checkpoints, 1,500 connections with log_connections/log_disconnections, autovacuum with tab-indented detail, 8 statement timeouts from Metabase, 3 canceled by user request, 5 duplicate key errors from the application, client connection resets, temp files, one mistyped password followed by a login 9 s later, one 2.3 s ShareLock wait that is acquired. Nothing may be confirmed.")
