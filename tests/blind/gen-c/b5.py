from lib import *
import datetime as dt
def sysl(t, host, prog, msg):  # classic syslog, no year
    return "%s %2d %s %s %s: %s"%(t.strftime('%b'),t.day,t.strftime('%H:%M:%S'),host,prog,msg)
def noise_sys(host, start, hours, n):
    out=[]
    for i in range(n):
        t=start+dt.timedelta(seconds=R.randint(0,int(hours*3600)))
        k=R.randint(0,5)
        m=[('CRON[%d]'%R.randint(1000,9999),"(root) CMD (/usr/lib/sysstat/sa1 1 1)"),
           ('systemd[1]',"Started Session %d of user deploy."%R.randint(100,999)),
           ('sshd[%d]'%R.randint(1000,9999),"Accepted publickey for deploy from 10.0.3.%d port %d ssh2: ED25519 SHA256:q1w2e3r4"%(R.randint(2,50),R.randint(40000,60000))),
           ('chronyd[611]',"Selected source 169.254.169.123"),
           ('systemd[1]',"Starting Daily apt download activities..."),
           ('kernel',"[%d.%06d] IPv4: martian source 10.0.3.255 from 10.0.3.1, on dev eth0"%(R.randint(1000,90000),R.randint(0,999999)))][k]
        out.append((t,sysl(t,host,m[0],m[1])))
    return out
# ---------- linux-disk-full field: journalctl short-iso pasted in a ticket (+09:00) + df
b='linux-disk-full-field-c1'
h='nl-app02'; ev=noise_sys(h,U('2026-02-08 00:00:00'),10,40)
def iso(t): return t.astimezone(tz('+09:00')).strftime('%Y-%m-%dT%H:%M:%S+0900')
L=["Ticket 9012 - Campaign app server nl-app02 stopped writing logs, workflows stuck","journalctl -o short-iso --since today (excerpt):",""]
j=[("2026-02-08 03:11:02","nlserver[22014]","wfserver@jpprod: BAS-010015 Cannot open file '/usr/local/neolane/nl6/var/jpprod/workflow/wf-4410/export.csv' with write access (errno=28, No space left on device)"),
   ("2026-02-08 03:11:05","rsyslogd[712]","action 'action-1-builtin:omfile' suspended (module 'builtin:omfile'), retry 0. There should be messages before this one giving the reason for suspension. [v8.2112.0]"),
   ("2026-02-08 03:11:05","rsyslogd[712]","file '/var/log/syslog': write error - see https://www.rsyslog.com/solving-rsyslog-write-errors/ for help OS error: No space left on device [v8.2112.0 try https://www.rsyslog.com/e/2027 ]"),
   ("2026-02-08 03:12:40","systemd-journald[401]","Failed to open runtime journal: No space left on device"),
   ("2026-02-08 03:14:00","postfix/postdrop[23001]","warning: mail_queue_enter: create file maildrop/611012.23001: No space left on device"),
   ("2026-02-08 03:20:17","nlserver[22014]","syslogd@default: Cannot write to file '/usr/local/neolane/nl6/var/jpprod/log/wfserver.log' (No space left on device)")]
for ts,p,m in j: L.append("%s %s %s: %s"%(iso(U(ts)),h,p,m))
L+=["","$ df -h /","Filesystem      Size  Used Avail Use% Mounted on","/dev/nvme0n1p1   50G   50G     0 100% /"]
w(b,'ticket-9012.txt',L,crlf=True)
expect(b,'field','linux-disk-full',[E('linux-disk-full','confirmed',True),E('KA-16998','any')],
 "journalctl -o short-iso (+0900) pasted in a CRLF ticket: nlserver errno=28, rsyslog/journald/postfix 'No space left on device' within 10 minutes, df shows / at 100%. (KA-16998 names BAS-010015; any.)")
# ---------- linux-disk-full near: ENOSPC from IPC/keyring limits, disk at 38%
b='linux-disk-full-near-c1'
h='db-etl01'; ev=noise_sys(h,U('2026-02-09 00:00:00'),12,60)
t=U('2026-02-09 04:10:00')
ev.append((t,sysl(t,h,'etl-runner[3301]',"mq_open(/etl_jobs): No space left on device (fs.mqueue.queues_max=256 reached)")))
ev.append((t+dt.timedelta(seconds=5),sysl(t+dt.timedelta(seconds=5),h,'etl-runner[3301]',"semget(IPC_PRIVATE, 32): No space left on device")))
ev.append((t+dt.timedelta(seconds=9),sysl(t+dt.timedelta(seconds=9),h,'sssd[be[corp]][889]',"add_key(user, krb_ccache): Disk quota exceeded")))
ev.sort(); w(b,'syslog',[l for _,l in ev])
w(b,'df.txt',["Filesystem      Size  Used Avail Use% Mounted on","/dev/sda1       100G   38G   62G  38% /","tmpfs           7.8G  1.1M  7.8G   1% /dev/shm","","Filesystem      Inodes IUsed IFree IUse% Mounted on","/dev/sda1         6.4M  410K  6.0M    7% /"])
expect(b,'near_miss','linux-disk-full',[E('linux-disk-full','not_confirmed',True)],
 "ENOSPC from POSIX message-queue and SysV semaphore limits (and a keyring quota), df shows 38% used and 7% inodes: no file system is full. A possible is acceptable (the words are there), a confirmation is wrong.")
# ---------- linux-segfault field: kern.log rotated .gz with repeated segfaults + syslog coredump
b='linux-segfault-field-c1'
h='acc-mta03'; ev=noise_sys(h,U('2026-07-19 00:00:00'),20,70)
for k in range(3):
    t=U('2026-07-19 06:00:41')+dt.timedelta(hours=3*k,seconds=17*k)
    pid=31000+k*211
    ev.append((t,sysl(t,h,'kernel',"[%d.%06d] nlserver[%d]: segfault at 18 ip 00007f3b2c41d2a7 sp 00007ffd5e2a91c0 error 4 in libnlmta.so[7f3b2c380000+1d4000]"%(88120+10800*k,412331,pid))))
    ev.append((t,sysl(t,h,'kernel',"[%d.%06d] Code: 48 8b 47 08 48 85 c0 74 0d 48 8b 50 18 48 85 d2 <48> 8b 42 18 c3 0f 1f 40 00"%(88120+10800*k,412340))))
    t2=t+dt.timedelta(seconds=1)
    ev.append((t2,sysl(t2,h,'systemd-coredump[%d]'%(pid+9),"Process %d (nlserver) of user 1001 dumped core."%pid)))
ev.sort(); w(b,'var/log/kern.log.1.gz',[l for _,l in ev],gz=True)
expect(b,'field','linux-segfault',[E('linux-segfault','confirmed')],
 "kern.log.1.gz (syslog stamps + kernel monotonic): nlserver (mta child) 'segfault at 18 ip ... error 4 in libnlmta.so' three times, each with 'Code:' and systemd-coredump 'dumped core'. Shape: .gz rotation, noise.")
# ---------- linux-segfault near: SIGABRT cores and a package named libSegFault
b='linux-segfault-near-c1'
h='web07'; ev=noise_sys(h,U('2026-07-20 00:00:00'),10,50)
t=U('2026-07-20 02:14:09')
ev.append((t,sysl(t,h,'python3[5120]',"free(): double free detected in tcache 2")))
ev.append((t+dt.timedelta(seconds=1),sysl(t+dt.timedelta(seconds=1),h,'systemd-coredump[5131]',"Process 5120 (python3) of user 1000 dumped core.#012#012Stack trace of thread 5120:#012#0  0x00007f1e8a29e9fc __pthread_kill_implementation (libc.so.6 + 0x969fc)#012#1  0x00007f1e8a24a476 raise (libc.so.6 + 0x42476)#012#2  0x00007f1e8a2307f3 abort (libc.so.6 + 0x287f3)")))
ev.append((t+dt.timedelta(seconds=2),sysl(t+dt.timedelta(seconds=2),h,'systemd[1]',"etl-worker.service: Main process exited, code=dumped, status=6/ABRT")))
ev.append((t+dt.timedelta(minutes=9),sysl(t+dt.timedelta(minutes=9),h,'CRON[6002]',"(qa) CMD (/opt/qa/bin/run-tests --suite segfault_handler_tests >/dev/null 2>&1)")))
ev.sort(); w(b,'syslog',[l for _,l in ev])
w(b,'dpkg.log',["2026-07-20 01:02:11 install glibc-tools:amd64 <none> 2.35-0ubuntu3.8","2026-07-20 01:02:11 status unpacked glibc-tools:amd64 2.35-0ubuntu3.8","2026-07-20 01:02:12 status installed glibc-tools:amd64 2.35-0ubuntu3.8 (provides /usr/lib/x86_64-linux-gnu/libSegFault.so)"])
expect(b,'near_miss','linux-segfault',[E('linux-segfault','not_confirmed',True)],
 "A crash that is no segmentation fault: python3 double free -> abort, core dumped with status=6/ABRT; plus the word 'segfault' only in a cron test-suite name and a libSegFault.so package line. No 'segfault at', no SIGSEGV/signal 11.")
# ---------- pg-disk-full field: Debian prefix, pg_wal full -> PANIC
b='pg-disk-full-field-c1'
L=[]
def pg(t,pid,user_db,lvl,msg,off='+01:00'):
    lt=t.astimezone(tz(off)); s=lt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(lt.microsecond//1000)+(' CET' if off=='+01:00' else ' UTC')
    return "%s [%d] %s%s:  %s"%(s,pid,user_db,lvl,msg)
t=U('2026-01-12 01:40:00')
for i in range(20):
    tt=t+dt.timedelta(minutes=R.randint(0,30))
    L.append((tt,pg(tt,R.randint(9000,9999),'','LOG','checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 1 removed, 3 recycled; write=26.9 s, sync=0.004 s, total=27.0 s'%(R.randint(100,3000),R.random()*5))))
t1=U('2026-01-12 02:14:22.118')
L.append((t1,pg(t1,12011,'neolane@acc_prod ','ERROR','could not extend file "base/16400/2214570": No space left on device')))
L.append((t1,"\tHINT:  Check free disk space."))
L.append((t1,pg(t1,12011,'neolane@acc_prod ','STATEMENT','INSERT INTO NmsBroadLogRcp (iBroadLogId, iDeliveryId, iRecipientId, tsEvent) VALUES ($1,$2,$3,$4)')))
t2=t1+dt.timedelta(seconds=40)
L.append((t2,pg(t2,8812,'','PANIC','could not write to file "pg_wal/xlogtemp.8812": No space left on device')))
L.append((t2+dt.timedelta(seconds=1),pg(t2+dt.timedelta(seconds=1),8790,'','LOG','WAL writer process (PID 8812) was terminated by signal 6: Aborted')))
L.append((t2+dt.timedelta(seconds=1),pg(t2+dt.timedelta(seconds=1),8790,'','LOG','terminating any other active server processes')))
L.append((t2+dt.timedelta(seconds=2),pg(t2+dt.timedelta(seconds=2),8790,'','LOG','all server processes terminated; reinitializing')))
L.append((t2+dt.timedelta(seconds=3),pg(t2+dt.timedelta(seconds=3),12100,'','FATAL','could not write lock file "postmaster.pid": No space left on device')))
L.sort(key=lambda x:x[0])
w(b,'pgsql/postgresql-14-main.log',[l for _,l in L])
expect(b,'pg-disk-full',[],"") if False else None
expect(b,'field','pg-disk-full',[E('pg-disk-full','confirmed'),E('linux-disk-full','any')],
 "PostgreSQL 14 log with the Debian prefix in CET: ERROR could not extend file ... No space left on device + tab-indented HINT Check free disk space, then PANIC could not write to file pg_wal/xlogtemp: No space left on device, WAL writer killed by signal 6, reinitializing. linux-disk-full any.")
# ---------- pg-disk-full near: docker /dev/shm too small
b='pg-disk-full-near-c1'
L=[]
t=U('2026-01-13 10:00:00')
for i in range(25):
    tt=t+dt.timedelta(seconds=R.randint(0,7200))
    L.append((tt,"%s [%d] LOG:  checkpoint starting: time"%(tt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d UTC'%R.randint(0,999),27)))
for k in range(3):
    tt=U('2026-01-13 11:02:10')+dt.timedelta(minutes=4*k)
    s=tt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d UTC'%R.randint(0,999)
    L.append((tt,"%s [%d] ERROR:  could not resize shared memory segment \"/PostgreSQL.%d\" to 50438144 bytes: No space left on device"%(s,140+k,1804289383+k)))
    L.append((tt,"%s [%d] STATEMENT:  SELECT s.store_id, count(*) FROM sales s JOIN items i USING (item_id) GROUP BY 1"%(s,140+k)))
L.sort(key=lambda x:x[0])
w(b,'docker-logs-postgres.txt',[l for _,l in L])
w(b,'df-in-container.txt',["Filesystem      Size  Used Avail Use% Mounted on","overlay         200G   71G  130G  36% /","shm              64M   64M     0 100% /dev/shm","/dev/sdb1       500G  122G  379G  25% /var/lib/postgresql/data"])
expect(b,'near_miss','pg-disk-full',[E('pg-disk-full','not_confirmed',True),E('linux-disk-full','not_confirmed',True)],
 "PostgreSQL in Docker with the default 64 MB /dev/shm: parallel query 'could not resize shared memory segment ... No space left on device'. Data and WAL disks have plenty of room (25%/36%); only the shm tmpfs is small. A possible is tolerable, a confirmation wrong.")
# ---------- pg-connections field: csvlog-ish? use stock prefix %m [%p] and -05:00 (EST)
b='pg-too-many-connections-field-c1'
L=[]
t=U('2026-03-02 14:00:00')
for i in range(30):
    tt=t+dt.timedelta(seconds=R.randint(0,3600))
    L.append((tt,"%s [%d] LOG:  connection authorized: user=neolane database=acc_prod application_name=nlserver"%(tt.astimezone(tz('-05:00')).strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]+' EST',R.randint(20000,29999))))
for k in range(45):
    tt=U('2026-03-02 14:31:00')+dt.timedelta(seconds=4*k+R.randint(0,3))
    s=tt.astimezone(tz('-05:00')).strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]+' EST'
    if k%9==4: L.append((tt,"%s [%d] FATAL:  remaining connection slots are reserved for non-replication superuser connections"%(s,30000+k)))
    else: L.append((tt,"%s [%d] FATAL:  sorry, too many clients already"%(s,30000+k)))
tt=U('2026-03-02 14:33:00'); L.append((tt,"%s [%d] LOG:  could not send data to client: Broken pipe"%(tt.astimezone(tz('-05:00')).strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]+' EST',28811)))
L.sort(key=lambda x:x[0])
w(b,'postgresql.log.1.gz',[l for _,l in L],gz=True)
w(b,'ticket-1402.txt',["max_connections = 200; nlserver web + wfserver pools on 3 app servers (3 x 80). Since 14:30 EST the app servers report PGS-220000 PostgreSQL error: FATAL: sorry, too many clients already."])
expect(b,'field','pg-connections',[E('pg-connections','confirmed')],
 "postgresql.log.1.gz with the stock '%m [%p] ' prefix in EST: 40 'FATAL: sorry, too many clients already' and 5 'remaining connection slots are reserved for non-replication superuser connections' in 3 minutes; ticket gives max_connections 200 vs 240 pooled connections.")
# ---------- pg-connections near: per-role / per-database limit
b='pg-too-many-connections-near-c1'
L=[]
t=U('2026-03-03 09:00:00')
for i in range(30):
    tt=t+dt.timedelta(seconds=R.randint(0,3600))
    L.append((tt,"%s [%d] neolane@acc_prod LOG:  connection authorized: user=neolane database=acc_prod"%(tt.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]+' UTC',R.randint(20000,29999))))
for k in range(12):
    tt=U('2026-03-03 09:20:00')+dt.timedelta(seconds=20*k)
    s=tt.strftime('%Y-%m-%d %H:%M:%S.%f')[:-3]+' UTC'
    L.append((tt,"%s [%d] bi_reader@acc_prod FATAL:  too many connections for role \"bi_reader\""%(s,40100+k)))
L.append((tt,"%s [%d] etl@staging FATAL:  too many connections for database \"staging\""%(s,40200)))
L.sort(key=lambda x:x[0])
w(b,'postgresql-2026-03-03.log',[l for _,l in L])
w(b,'notes.txt',["ALTER ROLE bi_reader CONNECTION LIMIT 5; ALTER DATABASE staging CONNECTION LIMIT 10. max_connections = 300, 61 connections in use at 09:20 (pg_stat_activity)."])
expect(b,'near_miss','pg-connections',[E('pg-connections','not_confirmed',True)],
 "Connections refused by a per-role limit (bi_reader CONNECTION LIMIT 5) and a per-database limit, while only 61 of 300 server slots are used: not all connection slots in use. A possible is tolerable.")
