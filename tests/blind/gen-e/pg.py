from lib import *
import datetime as dt

def pgts(t, off='+02:00', name='CEST'):
    lt = t.astimezone(tz(off)); return lt.strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % (lt.microsecond // 1000) + ' ' + name

def bg_pg(start, hours, n, off, name, prefix):
    out = []
    for i in range(n):
        t = rnd_time(start, hours); k = R.randint(0, 4); pid = R.randint(1000, 90000)
        if k == 0: out.append((t, prefix(t, pid, 'app', 'shop') + 'LOG:  duration: %d.%03d ms  statement: SELECT o.id, o.total FROM orders o WHERE o.customer_id = %d' % (R.randint(500, 4000), R.randint(0, 999), R.randint(1, 99999))))
        elif k == 1: out.append((t, prefix(t, pid, '', '') + 'LOG:  automatic vacuum of table "shop.public.order_lines": index scans: 1'))
        elif k == 2: out.append((t, prefix(t, pid, 'app', 'shop') + 'LOG:  connection authorized: user=app database=shop application_name=PostgreSQL JDBC Driver'))
        elif k == 3: out.append((t, prefix(t, pid, 'app', 'shop') + 'ERROR:  duplicate key value violates unique constraint "cart_items_pkey"'))
        else: out.append((t, prefix(t, pid, '', '') + 'LOG:  automatic analyze of table "shop.public.sessions"'))
    return out

# ================= pg-checkpoints-too-frequent field: PG 14 Debian prefix, nightly bulk load
b = 'pg-checkpoints-too-frequent-field-e1'
deb = lambda t, pid, u, d: '%s [%d] %s' % (pgts(t), pid, ('%s@%s ' % (u, d)) if u else '')
L = bg_pg(U('2026-05-11 00:00:00'), 24, 1500, '+02:00', 'CEST', deb)
t = U('2026-05-11 00:30:00')
for i in range(50):
    gap = R.randint(14, 40); t = t + dt.timedelta(seconds=gap)
    L.append((t, deb(t, 812, '', '') + 'LOG:  checkpoints are occurring too frequently (%d seconds apart)' % gap))
    L.append((t, deb(t, 812, '', '') + 'HINT:  Consider increasing the configuration parameter "max_wal_size".'))
    L.append((t, deb(t, 812, '', '') + 'LOG:  checkpoint starting: wal'))
    t2 = t + dt.timedelta(seconds=gap - 2)
    L.append((t2, deb(t2, 812, '', '') + 'LOG:  checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled; write=%d.%03d s, sync=0.%03d s, total=%d.%03d s; sync files=%d, longest=0.0%02d s, average=0.00%d s; distance=%d kB, estimate=%d kB' % (R.randint(20000, 60000), R.uniform(10, 40), R.randint(30, 66), gap - 4, R.randint(0, 999), R.randint(0, 999), gap - 3, R.randint(0, 999), R.randint(40, 300), R.randint(10, 99), R.randint(1, 9), 1048000 + R.randint(0, 9000), 1049000)))
L.sort(key=lambda x: x[0])
w(b, 'postgresql-14-main.log', [l for _, l in L])
w(b, 'postgresql.conf.excerpt', ["max_wal_size = 1GB", "min_wal_size = 80MB", "checkpoint_timeout = 5min", "log_checkpoints = on", "# nightly ETL loads ~40 GB into staging between 00:30 and 01:00"])
expect(b, 'field', 'pg-checkpoints-too-frequent', [E('pg-checkpoints-too-frequent', 'confirmed')],
       "PostgreSQL 14 log with the Debian prefix ('%m [%p] %q%u@%d ', CEST, ~1,500 noise lines): during the nightly ETL, 50 'checkpoints are occurring too frequently (14-40 seconds apart)' with the HINT on max_wal_size, each with 'checkpoint starting: wal' and 'checkpoint complete ... distance=~1 GB'; max_wal_size = 1GB.")

# ================= pg-checkpoints-too-frequent near: PG 16 jsonlog, time checkpoints, forced/immediate ones
b = 'pg-checkpoints-too-frequent-near-e1'
J = []
t = U('2026-06-02 00:00:00')
def jrec(t, pid, sev, msg, bt='checkpointer', extra=None):
    d = {"timestamp": t.astimezone(tz('-05:00')).strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % (t.microsecond // 1000) + ' EST', "pid": pid, "session_id": "6655%04x.%x" % (R.randint(0, 65535), pid), "line_num": R.randint(1, 200), "session_start": "2026-06-01 22:00:01 EST", "txid": 0, "error_severity": sev, "message": msg, "backend_type": bt}
    if extra: d.update(extra)
    return (t, json.dumps(d))
for i in range(24 * 12):
    tt = t + dt.timedelta(minutes=5 * i, seconds=R.randint(0, 2))
    J.append(jrec(tt, 1190, 'LOG', 'checkpoint starting: time'))
    J.append(jrec(tt + dt.timedelta(seconds=150), 1190, 'LOG', 'checkpoint complete: wrote %d buffers (0.%d%%); 0 WAL file(s) added, 0 removed, 1 recycled; write=149.%03d s, sync=0.0%02d s, total=150.%03d s; sync files=%d, longest=0.004 s, average=0.001 s; distance=%d kB, estimate=%d kB; lsn=3A/%08X, redo lsn=3A/%08X' % (R.randint(100, 3000), R.randint(1, 9), R.randint(0, 999), R.randint(1, 99), R.randint(0, 999), R.randint(5, 60), R.randint(2000, 60000), R.randint(20000, 60000), R.randint(0, 0xFFFFFFF), R.randint(0, 0xFFFFFFF))))
for tt in [U('2026-06-02 02:00:03'), U('2026-06-02 02:00:41'), U('2026-06-02 14:10:00')]:
    J.append(jrec(tt, 1190, 'LOG', 'checkpoint starting: immediate force wait'))
J.append(jrec(U('2026-06-02 02:00:02'), 33012, 'LOG', 'connection authorized: user=replicator database=replication=true application_name=pg_basebackup', bt='walsender'))
J.append(jrec(U('2026-06-02 14:09:59'), 40110, 'LOG', 'statement: CREATE DATABASE reporting_tmp TEMPLATE reporting', bt='client backend', extra={"user": "dba", "dbname": "postgres", "application_name": "psql"}))
J.sort(key=lambda x: x[0])
w(b, 'pg16/log/postgresql-Tue.json', [l for _, l in J])
expect(b, 'near_miss', 'pg-checkpoints-too-frequent', [E('pg-checkpoints-too-frequent', 'not_confirmed')],
       "PostgreSQL 16 jsonlog (EST) with log_checkpoints on: a checkpoint every 5 minutes 'checkpoint starting: time' with small distances, plus three 'immediate force wait' checkpoints from pg_basebackup (02:00) and CREATE DATABASE (14:10), two of them 38 s apart. No 'checkpoints are occurring too frequently', no 'starting: wal': checkpoints are timed or requested, not forced by WAL volume.")

# ================= pg-too-many-connections field: PG 14 csvlog (26 columns), 53300 storm
b = 'pg-too-many-connections-field-e1'
def csvq(v):
    v = '' if v is None else str(v)
    return '"' + v.replace('"', '""') + '"' if (',' in v or '"' in v or '\n' in v or v == '') and v != '' else v
def crow(t, user, db, pid, host, sev, state, msg, app='', bt='client backend', detail='', hint=''):
    lt = t.astimezone(tz('+09:00'))
    ts = lt.strftime('%Y-%m-%d %H:%M:%S.') + '%03d JST' % (lt.microsecond // 1000)
    f = [ts, user, db, pid, host, '%x.%x' % (int(t.timestamp()), pid), 1, 'authentication' if state == '53300' else 'idle', ts, '', 0, sev, state, msg, detail, hint, '', '', '', '', '', '', app, bt, '', 0]
    return ','.join(csvq(x) for x in f)
C = []
for i in range(2000):
    t = rnd_time(U('2026-09-01 00:00:00'), 20); pid = R.randint(1000, 90000)
    if R.random() < 0.5: C.append((t, crow(t, 'orders_app', 'orders', pid, '10.4.1.%d:%d' % (R.randint(2, 40), R.randint(30000, 60000)), 'LOG', '00000', 'connection authorized: user=orders_app database=orders application_name=PostgreSQL JDBC Driver', app='PostgreSQL JDBC Driver')))
    else: C.append((t, crow(t, 'orders_app', 'orders', pid, '10.4.1.%d:%d' % (R.randint(2, 40), R.randint(30000, 60000)), 'LOG', '00000', 'disconnection: session time: 0:%02d:%02d.%03d user=orders_app database=orders host=10.4.1.%d port=%d' % (R.randint(0, 59), R.randint(0, 59), R.randint(0, 999), R.randint(2, 40), R.randint(30000, 60000)), app='PostgreSQL JDBC Driver')))
t = U('2026-09-01 09:40:00')
for i in range(300):
    t = t + dt.timedelta(milliseconds=R.randint(50, 900)); pid = R.randint(1000, 90000)
    host = '10.4.1.%d:%d' % (R.randint(2, 40), R.randint(30000, 60000))
    if i % 7 == 0:
        C.append((t, crow(t, 'orders_app', 'orders', pid, host, 'FATAL', '53300', 'remaining connection slots are reserved for non-replication superuser connections')))
    else:
        C.append((t, crow(t, 'orders_app', 'orders', pid, host, 'FATAL', '53300', 'sorry, too many clients already')))
C.sort(key=lambda x: x[0])
w(b, 'pg-orders/log/postgresql-2026-09-01_000000.csv', [l for _, l in C], crlf=False)
w(b, 'pg-orders/settings.txt', ['max_connections = 200', 'superuser_reserved_connections = 3', 'SELECT count(*) FROM pg_stat_activity; -> 200 (197 idle in transaction from orders_app)'])
expect(b, 'field', 'pg-too-many-connections', [E('pg-too-many-connections', 'confirmed')],
       "PostgreSQL 14 csvlog (26 columns, JST, ~2,000 connection/disconnection records): from 09:40, 300 FATAL 53300 'sorry, too many clients already' and 'remaining connection slots are reserved for non-replication superuser connections' in about two minutes; max_connections 200 all used (idle in transaction).")

# ================= pg-too-many-connections near: per-role CONNECTION LIMIT and per-db limit, pgbouncer client limit
b = 'pg-too-many-connections-near-e1'
pre = lambda t, pid, u, d: '%s [%d] %s' % (pgts(t, 'Z', 'UTC'), pid, ('%s@%s ' % (u, d)) if u else '')
L = bg_pg(U('2026-10-05 00:00:00'), 20, 600, 'Z', 'UTC', pre)
for i in range(60):
    t = U('2026-10-05 08:00:00') + dt.timedelta(seconds=30 * i); pid = R.randint(1000, 90000)
    L.append((t, pre(t, pid, 'report_ro', 'shop') + 'FATAL:  too many connections for role "report_ro"'))
for i in range(5):
    t = U('2026-10-05 12:00:00') + dt.timedelta(seconds=10 * i); pid = R.randint(1000, 90000)
    L.append((t, pre(t, pid, 'etl', 'staging') + 'FATAL:  too many connections for database "staging"'))
L.sort(key=lambda x: x[0])
w(b, 'postgresql-15-main.log', [l for _, l in L])
B = []
for i in range(20):
    t = U('2026-10-05 08:00:00') + dt.timedelta(seconds=90 * i)
    B.append('%s UTC [2201] WARNING C-0x55d6%06x: (nodb)/(nouser)@10.9.0.%d:%d pooler error: no more connections allowed (max_client_conn)' % (t.strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % R.randint(0, 999), R.randint(0, 0xffffff), R.randint(2, 200), R.randint(30000, 60000)))
    B.append('%s UTC [2201] LOG stats: 41 xacts/s, 310 queries/s, in 51022 B/s, out 420110 B/s, xact 2411 us, query 301 us, wait 12 us' % (t + dt.timedelta(seconds=30)).strftime('%Y-%m-%d %H:%M:%S.000'))
w(b, 'pgbouncer.log', B)
w(b, 'settings.txt', ['max_connections = 300; SELECT count(*) FROM pg_stat_activity -> 74', 'ALTER ROLE report_ro CONNECTION LIMIT 10; ALTER DATABASE staging CONNECTION LIMIT 5;', 'pgbouncer max_client_conn = 500'])
expect(b, 'near_miss', 'pg-too-many-connections', [E('pg-too-many-connections', 'not_confirmed')],
       "PostgreSQL 15 (stock '%m [%p] ' with user@db, UTC): FATAL 'too many connections for role \"report_ro\"' (CONNECTION LIMIT 10) and 'for database \"staging\"' (limit 5), and pgbouncer refusing clients at max_client_conn, while the server uses 74 of 300 slots. Per-role/per-database/pooler limits, not all connection slots in use.")

# ================= pg-archive-command-failing field: PG 12, stock prefix, hours of failures, cp stderr, pg_wal growing
b = 'pg-archive-command-failing-field-e1'
pre12 = lambda t, pid, u, d: '%s [%d] ' % (pgts(t, '+01:00', 'CET'), pid)
L = bg_pg(U('2026-01-19 00:00:00'), 30, 1200, '+01:00', 'CET', pre12)
t = U('2026-01-19 03:00:00'); seg = 0x2A000000C4
for i in range(240):
    t = t + dt.timedelta(seconds=60 if i % 3 else 62)
    f = '%024X' % (0x000000010000000000000000 + (0x2A << 32) + 0xC4)
    f = '000000010000002A000000C4'
    L.append((t, pre12(t, 1533, '', '') + "cp: cannot create regular file '/mnt/walarchive/pg12main/%s': Permission denied" % f))
    L.append((t, pre12(t, 1533, '', '') + 'LOG:  archive command failed with exit code 1'))
    L.append((t, pre12(t, 1533, '', '') + 'DETAIL:  The failed archive command was: test ! -f /mnt/walarchive/pg12main/%s && cp pg_wal/%s /mnt/walarchive/pg12main/%s' % (f, f, f)))
    if i % 3 == 2:
        L.append((t, pre12(t, 1533, '', '') + 'WARNING:  archiving write-ahead log file "%s" failed too many times, will try again later' % f))
L.sort(key=lambda x: x[0])
w(b, 'log/postgresql-Mon.log', [l for _, l in L])
w(b, 'du.txt', ['$ du -sh /var/lib/postgresql/12/main/pg_wal', '61G\t/var/lib/postgresql/12/main/pg_wal', '$ ls -ld /mnt/walarchive/pg12main', 'drwxr-x--- 2 root root 4096 Jan 18 22:10 /mnt/walarchive/pg12main'])
expect(b, 'field', 'pg-archive-command-failing', [E('pg-archive-command-failing', 'confirmed')],
       "PostgreSQL 12 (stock '%m [%p] ', CET, ~1,200 noise lines): for four hours every minute 'archive command failed with exit code 1' with the DETAIL of the failed command and cp's 'Permission denied' (the archive directory became root-owned), 'failed too many times, will try again later' every third try; pg_wal at 61 GB.")

# ================= pg-archive-command-failing near: archiver interrupted at shutdown, one transient failure that recovers
b = 'pg-archive-command-failing-near-e1'
pre13 = lambda t, pid, u, d: '%s [%d]: [%d-1] user=%s,db=%s,app=%s,client=%s ' % (t.astimezone(tz('+02:00')).strftime('%Y-%m-%d %H:%M:%S CEST'), pid, R.randint(1, 30), u, d, '[unknown]' if not u else 'psql', '[local]' if u else '')
L = bg_pg(U('2026-06-15 00:00:00'), 24, 500, '+02:00', 'CEST', pre13)
t = U('2026-06-15 02:14:05')
L.append((t, pre13(t, 2210, '', '') + 'LOG:  archive command failed with exit code 255'))
L.append((t, pre13(t, 2210, '', '') + 'DETAIL:  The failed archive command was: rsync -a pg_wal/00000001000000B10000003E backup01:/srv/wal/00000001000000B10000003E'))
t = t + dt.timedelta(seconds=1)
L.append((t, pre13(t, 2210, '', '') + 'LOG:  archive command failed with exit code 255'))
L.append((t, pre13(t, 2210, '', '') + 'DETAIL:  The failed archive command was: rsync -a pg_wal/00000001000000B10000003E backup01:/srv/wal/00000001000000B10000003E'))
t = U('2026-06-15 22:00:00')
for m in ['LOG:  received fast shutdown request', 'LOG:  aborting any active transactions', 'LOG:  archive command was terminated by signal 2: Interrupt', 'DETAIL:  The failed archive command was: rsync -a pg_wal/00000001000000B2000000A1 backup01:/srv/wal/00000001000000B2000000A1', 'LOG:  background worker "logical replication launcher" (PID 2214) exited with exit code 1', 'LOG:  shutting down', 'LOG:  database system is shut down']:
    L.append((t, pre13(t, 2201, '', '') + m)); t = t + dt.timedelta(milliseconds=300)
L.sort(key=lambda x: x[0])
w(b, 'postgresql-13.log', [l for _, l in L])
w(b, 'pg_stat_archiver.txt', [' archived_count | last_archived_wal        | last_archived_time            | failed_count | last_failed_wal          | last_failed_time',
                              '----------------+--------------------------+-------------------------------+--------------+--------------------------+-------------------------------',
                              '          18233 | 00000001000000B2000000A0 | 2026-06-15 23:59:40.118+02    |            3 | 00000001000000B2000000A1 | 2026-06-16 00:00:00.301+02'])
expect(b, 'near_miss', 'pg-archive-command-failing', [E('pg-archive-command-failing', 'not_confirmed', True)],
       "PostgreSQL 13 (pgBadger-style prefix): two 'archive command failed with exit code 255' at 04:14 CEST for one segment (backup host blip), then archiving resumes; at 00:00 CEST a fast shutdown terminates the running archive command by signal 2 (normal). pg_stat_archiver shows 18,233 archived, last archived seconds before shutdown. Archiving does not keep failing. Possible accepted: there are failure lines.")

# ================= pg-disk-full field: PG 15 prefix '%t [%p]: [%l-1] user=,db=', data disk full, PANIC and recovery
b = 'pg-disk-full-field-e1'
pre15 = lambda t, pid, u, d: '%s [%d]: [%d-1] user=%s,db=%s ' % (t.astimezone(tz('-05:00')).strftime('%Y-%m-%d %H:%M:%S EST'), pid, R.randint(1, 9), u, d)
L = bg_pg(U('2026-11-20 00:00:00'), 16, 1000, '-05:00', 'EST', pre15)
t = U('2026-11-20 15:02:11')
for i in range(12):
    t = t + dt.timedelta(seconds=R.randint(5, 30)); pid = R.randint(10000, 60000)
    L.append((t, pre15(t, pid, 'neolane', 'nl_prod') + 'ERROR:  could not extend file "base/16402/%d": No space left on device' % (2619874 + i % 3)))
    L.append((t, pre15(t, pid, 'neolane', 'nl_prod') + 'HINT:  Check free disk space.'))
    L.append((t, pre15(t, pid, 'neolane', 'nl_prod') + 'STATEMENT:  INSERT INTO wkf51022_14_1 (iId, sEmail) SELECT iRecipientId, sEmail FROM NmsRecipient WHERE ...'))
t = t + dt.timedelta(seconds=20)
for pid, m in [(4411, 'PANIC:  could not write to file "pg_wal/xlogtemp.4411": No space left on device'),
               (1002, 'LOG:  WAL writer process (PID 4411) was terminated by signal 6: Aborted'),
               (1002, 'LOG:  terminating any other active server processes'),
               (1002, 'LOG:  all server processes terminated; reinitializing'),
               (5120, 'LOG:  database system was interrupted; last known up at 2026-11-20 15:01:58 EST'),
               (5120, 'LOG:  database system was not properly shut down; automatic recovery in progress'),
               (5121, 'FATAL:  the database system is in recovery mode'),
               (5120, 'FATAL:  could not write to file "pg_wal/xlogtemp.5120": No space left on device'),
               (1002, 'LOG:  startup process (PID 5120) exited with exit code 1'),
               (1002, 'LOG:  aborting startup due to startup process failure'),
               (1002, 'LOG:  database system is shut down')]:
    L.append((t, pre15(t, pid, '', '') + m)); t = t + dt.timedelta(milliseconds=400)
L.sort(key=lambda x: x[0])
w(b, 'pgdata/log/postgresql-2026-11-20.log', [l for _, l in L])
w(b, 'df.txt', ['Filesystem      Size  Used Avail Use% Mounted on', '/dev/sdb1       500G  500G     0 100% /pgdata'])
expect(b, 'field', 'pg-disk-full', [E('pg-disk-full', 'confirmed'), E('linux-disk-full', 'any')],
       "PostgreSQL 15 log (prefix '%t [%p]: [%l-1] user=%u,db=%d ', EST, Campaign database): 'could not extend file ... No space left on device' with HINT Check free disk space, then PANIC could not write to file pg_wal/xlogtemp: No space left on device, crash, recovery that fails again on the same error, shut down; df shows /pgdata 100%. linux-disk-full is the same truth at OS level: any.")

# ================= pg-disk-full near: Docker /dev/shm too small for parallel query (DSM resize ENOSPC)
b = 'pg-disk-full-near-e1'
pre16 = lambda t, pid, u, d: '%s [%d] ' % (pgts(t, 'Z', 'UTC'), pid)
L = bg_pg(U('2026-12-03 00:00:00'), 12, 400, 'Z', 'UTC', pre16)
for i in range(9):
    t = U('2026-12-03 06:00:00') + dt.timedelta(minutes=20 * i, seconds=R.randint(0, 59)); pid = R.randint(100, 900)
    L.append((t, pre16(t, pid, '', '') + 'ERROR:  could not resize shared memory segment "/PostgreSQL.%d" to %d bytes: No space left on device' % (R.randint(100000000, 2000000000), R.choice([8388608, 16777216, 33554432]))))
    L.append((t, pre16(t, pid, '', '') + 'STATEMENT:  SELECT region, sum(amount) FROM sales_2026 GROUP BY region'))
L.sort(key=lambda x: x[0])
w(b, 'docker-logs-pg16.txt', [l for _, l in L])
w(b, 'inspect.txt', ['$ docker exec pg16 df -h /var/lib/postgresql/data /dev/shm', 'Filesystem      Size  Used Avail Use% Mounted on', '/dev/nvme1n1    200G   71G  130G  36% /var/lib/postgresql/data', 'shm              64M   64M     0 100% /dev/shm', '# container started without --shm-size; parallel hash joins need more'])
expect(b, 'near_miss', 'pg-disk-full', [E('pg-disk-full', 'not_confirmed', True), E('linux-disk-full', 'any')],
       "PostgreSQL 16 in Docker: 'could not resize shared memory segment \"/PostgreSQL.N\" to N bytes: No space left on device' for parallel queries, because the container's /dev/shm is the 64 MB default; the data volume is 36% used and no write to the data files or WAL fails. PostgreSQL's disk is not full (possible accepted: ENOSPC text). The /dev/shm tmpfs is literally full, so linux-disk-full is any.")
