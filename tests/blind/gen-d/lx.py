from lib import *
import datetime as dt

def bg_secure(h, start, hours, n, off='Z'):
    out = []
    for i in range(n):
        t = rnd_time(start, hours); p = R.randint(2000, 60000); k = R.randint(0, 5)
        if k < 2:
            out.append((t, sysl(t, h, 'sshd[%d]' % p, "Accepted publickey for %s from 10.40.1.%d port %d ssh2: RSA SHA256:%s" % (R.choice(['ops', 'deploy', 'ansible']), R.randint(2, 40), R.randint(40000, 65000), 'x9Lq0Vb1cT7mZ2pD4hYfKw8sJ3nR6aUeG5iQ0oBvXc'), off)))
            out.append((t, sysl(t, h, 'sshd[%d]' % p, "pam_unix(sshd:session): session opened for user %s by (uid=0)" % R.choice(['ops', 'deploy']), off)))
        elif k < 3:
            out.append((t, sysl(t, h, 'sshd[%d]' % p, "pam_unix(sshd:session): session closed for user %s" % R.choice(['ops', 'deploy', 'ansible']), off)))
        elif k < 4:
            out.append((t, sysl(t, h, 'sudo', "    ops : TTY=pts/%d ; PWD=/home/ops ; USER=root ; COMMAND=/bin/systemctl status nginx" % R.randint(0, 3), off)))
        elif k < 5:
            out.append((t, sysl(t, h, 'CROND[%d]' % p, "pam_unix(crond:session): session opened for user root by (uid=0)", off)))
        else:
            out.append((t, sysl(t, h, 'polkitd[812]', "Registered Authentication Agent for unix-process:%d:%d (system bus name :1.%d [/usr/bin/pkttyagent --notify-fd 5 --fallback], object path /org/freedesktop/PolicyKit1/AuthenticationAgent, locale en_US.UTF-8)" % (p, R.randint(1000000, 9999999), R.randint(100, 999)), off)))
    return out

# ================= linux-ssh-brute-force field 1: RHEL 7 secure + rotated secure-20260301.gz
b = 'linux-ssh-brute-force-field-d1'
h = 'web-edge01'
old = bg_secure(h, U('2026-02-23 00:00:00'), 24 * 6, 200)
cur = bg_secure(h, U('2026-03-01 03:00:00'), 30, 120)
users = ['admin', 'oracle', 'test', 'postgres', 'ubuntu', 'git', 'user1', 'support', 'jenkins', 'ftpuser', 'guest', 'pi', 'hadoop', 'deploy1', 'www']
t = U('2026-03-01 14:22:03')
for i in range(140):
    ip = '203.0.113.45' if i % 3 else '198.51.100.23'
    p = 20000 + i * 7; port = R.randint(30000, 65000)
    t = t + dt.timedelta(seconds=R.randint(1, 4))
    if ip == '198.51.100.23':
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root" % ip)))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Failed password for root from %s port %d ssh2" % (ip, port))))
        if i % 6 == 0:
            cur.append((t, sysl(t, h, 'sshd[%d]' % p, "message repeated 5 times: [ Failed password for root from %s port %d ssh2]" % (ip, port))))
            cur.append((t, sysl(t, h, 'sshd[%d]' % p, "error: maximum authentication attempts exceeded for root from %s port %d ssh2 [preauth]" % (ip, port))))
            cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Disconnecting: Too many authentication failures [preauth]")))
            cur.append((t, sysl(t, h, 'sshd[%d]' % p, "PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root" % ip)))
            cur.append((t, sysl(t, h, 'sshd[%d]' % p, "PAM service(sshd) ignoring max retries; 6 > 3")))
    else:
        u = users[i % len(users)]
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Invalid user %s from %s port %d" % (u, ip, port))))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "input_userauth_request: invalid user %s [preauth]" % u)))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "pam_unix(sshd:auth): check pass; user unknown")))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s" % ip)))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Failed password for invalid user %s from %s port %d ssh2" % (u, ip, port))))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Received disconnect from %s port %d:11: Bye Bye [preauth]" % (ip, port))))
        cur.append((t, sysl(t, h, 'sshd[%d]' % p, "Disconnected from %s port %d [preauth]" % (ip, port))))
old.sort(key=lambda x: x[0]); cur.sort(key=lambda x: x[0])
w(b, 'web-edge01/var/log/secure-20260301.gz', [l for _, l in old], gz=True)
w(b, 'web-edge01/var/log/secure', [l for _, l in cur])
expect(b, 'field', 'linux-ssh-brute-force', [E('linux-ssh-brute-force', 'confirmed')],
       "RHEL 7 /var/log/secure (syslog without year) and its rotated secure-20260301.gz: from 14:22 on 1 March, ~95 'Failed password for invalid user <admin|oracle|test|...>' from 203.0.113.45 (with Invalid user / pam_unix check pass; user unknown / Bye Bye [preauth]) and ~45 'Failed password for root' from 198.51.100.23 with 'message repeated 5 times', 'maximum authentication attempts exceeded', 'PAM 5 more authentication failures', within about 6 minutes. Background: publickey logins, sudo, cron sessions.")

# ================= linux-ssh-brute-force field 2: Ubuntu journald pasted newest first (journalctl -r -o short-iso), distributed
b = 'linux-ssh-brute-force-field-d2'
h = 'bastion-tyo'
J = []
ips = ['45.148.10.%d' % x for x in (12, 47, 88)] + ['194.165.16.%d' % x for x in (71, 9)] + ['218.92.0.%d' % x for x in (107, 112)]
t = U('2026-06-20 17:05:10')
def jl(t, prog, msg): return (t, "%s %s %s: %s" % (t.astimezone(tz('+09:00')).strftime('%Y-%m-%dT%H:%M:%S+0900'), h, prog, msg))
for i in range(25):
    tt = rnd_time(U('2026-06-20 15:00:00'), 4)
    J.append(jl(tt, 'sshd[%d]' % R.randint(1000, 9000), "Accepted publickey for ec2-user from 10.1.0.%d port %d ssh2: ED25519 SHA256:Qm3vXw9kLrT2pYc8NfB5sHj1aZu7eG4dKo6iVx0qWnE" % (R.randint(2, 60), R.randint(40000, 60000))))
for i in range(90):
    t = t + dt.timedelta(seconds=R.randint(2, 9)); ip = ips[i % len(ips)]; p = 31000 + i; port = R.randint(20000, 65000)
    if ip.startswith('218.'):
        J.append(jl(t, 'sshd[%d]' % p, "Failed password for root from %s port %d ssh2" % (ip, port)))
        J.append(jl(t + dt.timedelta(seconds=1), 'sshd[%d]' % p, "Connection closed by authenticating user root %s port %d [preauth]" % (ip, port)))
    else:
        u = ['admin', 'user', 'test', 'oracle', 'ubuntu', 'sol', 'validator', 'debian', 'es', 'minecraft'][i % 10]
        J.append(jl(t, 'sshd[%d]' % p, "Invalid user %s from %s port %d" % (u, ip, port)))
        J.append(jl(t, 'sshd[%d]' % p, "pam_unix(sshd:auth): check pass; user unknown"))
        J.append(jl(t, 'sshd[%d]' % p, "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s" % ip))
        J.append(jl(t + dt.timedelta(seconds=2), 'sshd[%d]' % p, "Failed password for invalid user %s from %s port %d ssh2" % (u, ip, port)))
        J.append(jl(t + dt.timedelta(seconds=3), 'sshd[%d]' % p, "Connection closed by invalid user %s %s port %d [preauth]" % (u, ip, port)))
J.sort(key=lambda x: x[0], reverse=True)
L = ["Ticket 3377 - is our bastion being attacked? PasswordAuthentication is still 'yes' on bastion-tyo.", "", "$ journalctl -r -u ssh -o short-iso --since '2026-06-21 00:00'", ""] + [l for _, l in J]
w(b, 'ticket-3377.txt', L, crlf=True)
expect(b, 'field', 'linux-ssh-brute-force', [E('linux-ssh-brute-force', 'confirmed')],
       "Ubuntu OpenSSH 8.9 journal pasted in a CRLF ticket, newest first (journalctl -r -o short-iso, +0900): 90 password attempts in ~8 minutes from 7 addresses in three ranges, 'Failed password for invalid user <admin|oracle|sol|validator...>' with 'Connection closed by invalid user ... [preauth]' and 'Failed password for root' with 'Connection closed by authenticating user root'; legitimate publickey logins around.")

# ================= linux-ssh-brute-force near: scanners that never try a password, and one typo followed by success
b = 'linux-ssh-brute-force-near-d1'
h = 'app-db02'
ev = bg_secure(h, U('2026-07-02 00:00:00'), 24, 150)
for i in range(60):
    t = rnd_time(U('2026-07-02 00:00:00'), 24); ip = '%d.%d.%d.%d' % (R.choice([45, 80, 162, 185, 193]), R.randint(1, 254), R.randint(1, 254), R.randint(1, 254)); p = R.randint(3000, 60000); port = R.randint(1024, 65000)
    k = i % 5
    if k == 0: m = "Connection closed by %s port %d [preauth]" % (ip, port)
    elif k == 1: m = "Unable to negotiate with %s port %d: no matching key exchange method found. Their offer: diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1 [preauth]" % (ip, port)
    elif k == 2: m = "Did not receive identification string from %s port %d" % (ip, port)
    elif k == 3: m = "error: kex_exchange_identification: Connection closed by remote host"
    else: m = "Protocol major versions differ for %s port %d: SSH-2.0-OpenSSH_7.4 vs. SSH-1.5-Nmap-SSH1-Hostkey" % (ip, port)
    ev.append((t, sysl(h and t, h, 'sshd[%d]' % p, m)))
for k in range(12):
    t = U('2026-07-02 09:00:00') + dt.timedelta(minutes=5 * k); p = 41000 + k
    ev.append((t, sysl(t, h, 'sshd[%d]' % p, "Failed publickey for gitlab-runner from 10.40.7.15 port %d ssh2: RSA SHA256:Tz8hJq3mVn0xLk5cPa2dWs9eRf1yUo4bGi7tNl6vMQE" % R.randint(40000, 60000))))
    ev.append((t, sysl(t, h, 'sshd[%d]' % p, "Connection closed by authenticating user gitlab-runner 10.40.7.15 port %d [preauth]" % R.randint(40000, 60000))))
t = U('2026-07-02 10:14:02')
ev.append((t, sysl(t, h, 'sshd[52211]', "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.40.1.77  user=mkoch")))
ev.append((t, sysl(t, h, 'sshd[52211]', "Failed password for mkoch from 10.40.1.77 port 55312 ssh2")))
ev.append((t + dt.timedelta(seconds=6), sysl(t + dt.timedelta(seconds=6), h, 'sshd[52211]', "Accepted password for mkoch from 10.40.1.77 port 55312 ssh2")))
ev.append((t + dt.timedelta(seconds=6), sysl(t + dt.timedelta(seconds=6), h, 'sshd[52211]', "pam_unix(sshd:session): session opened for user mkoch by (uid=0)")))
ev.sort(key=lambda x: x[0])
w(b, 'app-db02/var/log/secure', [l for _, l in ev])
expect(b, 'near_miss', 'linux-ssh-brute-force', [E('linux-ssh-brute-force', 'not_confirmed')],
       "A day of RHEL secure with internet scanners that never send a password (Connection closed [preauth], no matching key exchange, no identification string, kex_exchange_identification, SSH-1 probe), a CI runner repeatedly failing *publickey* from an internal address, and one user mistyping a password once and logging in 6 s later. No password is being guessed.")

# ================= linux-oom-killer field 1: raw dmesg (RHEL 9 kernel 5.14) + messages with systemd OOM notice
b = 'linux-oom-killer-field-d1'
up = 1812004.0
D = []
def dm(sec, msg): D.append("[%12.6f] %s" % (sec, msg))
for i in range(30):
    dm(up - 5000 + i * 150.3, R.choice(["IPv6: ADDRCONF(NETDEV_CHANGE): ens192: link becomes ready", "xfs filesystem being remounted at /tmp supports timestamps until 2038 (0x7fffffff)",
                                         "audit: type=1130 audit(1773100000.%03d:%d): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='unit=sysstat-collect comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'" % (i, 4000 + i)]))
s = up
dm(s, "nlserver invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0, oom_score_adj=0")
dm(s, "CPU: 3 PID: 22001 Comm: nlserver Kdump: loaded Not tainted 5.14.0-362.8.1.el9_3.x86_64 #1")
dm(s, "Hardware name: VMware, Inc. VMware7,1/440BX Desktop Reference Platform, BIOS VMW71.00V.21100432.B64.2301110304 01/11/2023")
dm(s, "Call Trace:")
for fn in [" <TASK>", " dump_stack_lvl+0x34/0x48", " dump_header+0x4a/0x201", " oom_kill_process.cold+0xb/0x10", " out_of_memory+0xed/0x2e0", " __alloc_pages_slowpath.constprop.0+0x6e8/0x960", " __alloc_pages+0x21d/0x250", " folio_alloc+0x17/0x50", " __filemap_get_folio+0x1cd/0x330", " filemap_fault+0x404/0x700", " __do_fault+0x36/0x130", " do_fault+0x1da/0x440", " exc_page_fault+0x62/0x150", " asm_exc_page_fault+0x22/0x30", " </TASK>"]:
    dm(s, fn)
dm(s, "Mem-Info:")
dm(s, "active_anon:3822112 inactive_anon:120331 isolated_anon:0 active_file:112 inactive_file:87 isolated_file:0 unevictable:0 dirty:0 writeback:0 slab_reclaimable:20110 slab_unreclaimable:31002 mapped:1022 shmem:4410 pagetables:30011 bounce:0 free:33122 free_pcp:0 free_cma:0")
dm(s, "Free swap  = 0kB")
dm(s, "Total swap = 0kB")
dm(s, "4194174 pages RAM")
dm(s, "Tasks state (memory values in pages):")
dm(s, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name")
for pid, uid, vm, rss, name in [(812, 0, 61234, 2011, 'systemd-journal'), (1544, 26, 1123311, 40211, 'postmaster'), (21870, 1001, 612331, 120334, 'nlserver'), (22001, 1001, 4512331, 3701220, 'nlserver'), (22040, 1001, 412331, 80233, 'nlserver')]:
    dm(s, "[%7d] %5d %5d %8d %8d %14d %8d %13d %s" % (pid, uid, pid, vm, rss, rss * 8, 0, 0, name))
dm(s, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/nlserver.service,task=nlserver,pid=22001,uid=1001")
dm(s, "Out of memory: Killed process 22001 (nlserver) total-vm:18049324kB, anon-rss:14804880kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:29500kB oom_score_adj:0")
dm(s + 0.31, "oom_reaper: reaped process 22001 (nlserver), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB")
w(b, 'acc-wf03/dmesg.txt', D)
t = U('2026-03-10 02:41:17')
M = [sysl(t, 'acc-wf03', 'systemd[1]', "nlserver.service: A process of this unit has been killed by the OOM killer.", off='+01:00'),
     sysl(t + dt.timedelta(seconds=2), 'acc-wf03', 'nlserver[21870]', "watchdog@default: process 'wfserver@prd' (pid=22001) ended abnormally, restarting it", off='+01:00'),
     sysl(t + dt.timedelta(seconds=2), 'acc-wf03', 'kernel', "Out of memory: Killed process 22001 (nlserver) total-vm:18049324kB, anon-rss:14804880kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:29500kB oom_score_adj:0", off='+01:00')]
w(b, 'acc-wf03/messages-excerpt.txt', M)
expect(b, 'field', 'linux-oom-killer', [E('linux-oom-killer', 'confirmed')],
       "Raw dmesg (seconds since boot) of a RHEL 9 host, kernel 5.14: 'nlserver invoked oom-killer', call trace, Mem-Info with no swap, task table, 'oom-kill:constraint=CONSTRAINT_NONE ... global_oom', 'Out of memory: Killed process 22001 (nlserver)', oom_reaper; a messages excerpt (+01:00) has systemd's 'A process of this unit has been killed by the OOM killer.' and the watchdog restart.")

# ================= linux-oom-killer field 2: RHEL 7 kernel 3.10 wording in rotated messages .gz
b = 'linux-oom-killer-field-d2'
h = 'tomcat-bo1'
ev = []
for i in range(150):
    t = rnd_time(U('2026-03-14 00:00:00'), 24)
    ev.append((t, sysl(t, h, R.choice(['systemd', 'systemd-logind', 'crond[%d]' % R.randint(1000, 9000)]), R.choice(["Started Session %d of user root." % R.randint(1, 900), "Removed session %d." % R.randint(1, 900), "(root) CMD (/usr/lib64/sa/sa1 1 1)"]), off='+08:00')))
t = U('2026-03-14 11:52:40')
K = ["java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0",
     "java cpuset=/ mems_allowed=0",
     "CPU: 1 PID: 4411 Comm: java Not tainted 3.10.0-1160.108.1.el7.x86_64 #1",
     "Hardware name: Microsoft Corporation Virtual Machine/Virtual Machine, BIOS 090008  12/07/2018",
     "Call Trace:",
     " [<ffffffff9b381fba>] dump_stack+0x19/0x1b",
     " [<ffffffff9b37c8fa>] dump_header+0x90/0x229",
     " [<ffffffff9adc25fd>] oom_kill_process+0x2cd/0x490",
     " [<ffffffff9adc2ced>] out_of_memory+0x31d/0x500",
     "Mem-Info:",
     "[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name",
     "[ 4411]   995  4411  3086419  1753086    3560        0             0 java",
     "[ 5120]    26  5120    58101     1211      49        0         -1000 postmaster",
     "Out of memory: Kill process 4411 (java) score 873 or sacrifice child",
     "Killed process 4411 (java), UID 995, total-vm:12345676kB, anon-rss:7012344kB, file-rss:0kB, shmem-rss:0kB"]
for i, k in enumerate(K):
    ev.append((t, sysl(t, h, 'kernel', k, off='+08:00')))
ev.append((t + dt.timedelta(seconds=1), sysl(t + dt.timedelta(seconds=1), h, 'systemd', "tomcat.service: main process exited, code=killed, status=9/KILL", off='+08:00')))
ev.append((t + dt.timedelta(seconds=1), sysl(t + dt.timedelta(seconds=1), h, 'systemd', "Unit tomcat.service entered failed state.", off='+08:00')))
ev.sort(key=lambda x: x[0])
w(b, 'var/log/messages-20260315.gz', [l for _, l in ev], gz=True)
expect(b, 'field', 'linux-oom-killer', [E('linux-oom-killer', 'confirmed')],
       "RHEL 7 (kernel 3.10.0-1160) messages rotated as messages-20260315.gz (syslog without year, +08:00): 'java invoked oom-killer: gfp_mask=0x201da', task table, 'Out of memory: Kill process 4411 (java) score 873 or sacrifice child', 'Killed process 4411 (java), UID 995, total-vm:...'; systemd (219 wording) reports tomcat.service killed, status=9/KILL.")

# ================= linux-oom-killer near: memory errors that are not the kernel OOM killer
b = 'linux-oom-killer-near-d1'
h = 'etl-node4'
ev = []
for i in range(120):
    t = rnd_time(U('2026-04-02 00:00:00'), 20)
    ev.append((t, sysl(t, h, 'systemd[1]', R.choice(["Started Session %d of user etl." % R.randint(1, 900), "Starting dnf makecache...", "dnf-makecache.service: Deactivated successfully."]))))
t = U('2026-04-02 06:10:11')
ev.append((t, sysl(t, h, 'java[7712]', "Exception in thread \"pool-3-thread-7\" java.lang.OutOfMemoryError: Java heap space")))
ev.append((t, sysl(t, h, 'java[7712]', "#011at java.base/java.util.Arrays.copyOf(Arrays.java:3537)")))
ev.append((t + dt.timedelta(seconds=1), sysl(t + dt.timedelta(seconds=1), h, 'java[7712]', "Terminating due to java.lang.OutOfMemoryError: Java heap space (-XX:+ExitOnOutOfMemoryError)")))
ev.append((t + dt.timedelta(seconds=1), sysl(t + dt.timedelta(seconds=1), h, 'systemd[1]', "etl-loader.service: Main process exited, code=exited, status=3/NOTIMPLEMENTED")))
t2 = U('2026-04-02 09:30:00')
ev.append((t2, sysl(t2, h, 'kernel', "kworker/u16:2: page allocation failure: order:4, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,mems_allowed=0")))
ev.append((t2, sysl(t2, h, 'kernel', "CPU: 5 PID: 31002 Comm: kworker/u16:2 Not tainted 5.14.0-362.8.1.el9_3.x86_64 #1")))
t3 = U('2026-04-02 12:00:00')
ev.append((t3, sysl(t3, h, 'systemd[1]', "report-builder.service: State 'stop-sigterm' timed out. Killing.")))
ev.append((t3, sysl(t3, h, 'systemd[1]', "report-builder.service: Killing process 9921 (python3) with signal SIGKILL.")))
ev.append((t3, sysl(t3, h, 'systemd[1]', "report-builder.service: Main process exited, code=killed, status=9/KILL")))
ev.append((t3 + dt.timedelta(minutes=30), sysl(t3 + dt.timedelta(minutes=30), h, 'postgres[4100]', "[4100] ERROR:  out of memory")))
ev.append((t3 + dt.timedelta(minutes=30), sysl(t3 + dt.timedelta(minutes=30), h, 'postgres[4100]', "[4100] DETAIL:  Failed on request of size 268435456 in memory context \"ExecutorState\".")))
ev.sort(key=lambda x: x[0])
w(b, 'var/log/messages', [l for _, l in ev])
w(b, 'free-m.txt', ["$ free -m", "               total        used        free      shared  buff/cache   available", "Mem:           31842       11210        2013         410       18618       19811", "Swap:           4095           0        4095"])
expect(b, 'near_miss', 'linux-oom-killer', [E('linux-oom-killer', 'not_confirmed')],
       "Memory trouble that is not the kernel's OOM killer: a JVM 'OutOfMemoryError: Java heap space' exiting on its own, a kernel 'page allocation failure: order:4' warning (no oom-killer, nothing killed), systemd SIGKILL after a stop timeout, PostgreSQL 'ERROR: out of memory' for one query; free -m shows 19 GB available. No 'invoked oom-killer' / 'Killed process'.")

# ================= healthy busy Linux host
b = 'linux-healthy-busy-d1'
h = 'app-prod07'
d0 = U('2026-05-12 00:00:00')
sec = bg_secure(h, d0, 24, 400, off='+02:00')
msgs = []
for i in range(24 * 12):
    t = d0 + dt.timedelta(minutes=5 * i, seconds=R.randint(0, 3))
    msgs.append((t, sysl(t, h, 'CROND[%d]' % R.randint(1000, 60000), "(root) CMD (/usr/lib64/sa/sa1 1 1)", off='+02:00')))
for i in range(24):
    t = d0 + dt.timedelta(hours=i, minutes=1)
    msgs.append((t, sysl(t, h, 'CROND[%d]' % R.randint(1000, 60000), "(root) CMD (run-parts /etc/cron.hourly)", off='+02:00')))
    msgs.append((t, sysl(t, h, 'systemd[1]', "Starting app-metrics-push.service - Push application metrics (oneshot)...", off='+02:00')))
    msgs.append((t + dt.timedelta(seconds=2), sysl(t + dt.timedelta(seconds=2), h, 'systemd[1]', "app-metrics-push.service: Deactivated successfully.", off='+02:00')))
    msgs.append((t + dt.timedelta(seconds=2), sysl(t + dt.timedelta(seconds=2), h, 'systemd[1]', "Finished app-metrics-push.service - Push application metrics (oneshot).", off='+02:00')))
for i in range(3):
    t = d0 + dt.timedelta(hours=3 + 7 * i, minutes=30)
    msgs.append((t, sysl(t, h, 'systemd[1]', "Starting dnf-makecache.service - dnf makecache...", off='+02:00')))
    msgs.append((t + dt.timedelta(seconds=20), sysl(t + dt.timedelta(seconds=20), h, 'dnf[%d]' % R.randint(1000, 60000), "Metadata cache created.", off='+02:00')))
    msgs.append((t + dt.timedelta(seconds=20), sysl(t + dt.timedelta(seconds=20), h, 'systemd[1]', "dnf-makecache.service: Deactivated successfully.", off='+02:00')))
t = d0 + dt.timedelta(hours=1, minutes=14)
msgs.append((t, sysl(t, h, 'systemd[1]', "report-sync.service: Main process exited, code=exited, status=1/FAILURE", off='+02:00')))
msgs.append((t, sysl(t, h, 'systemd[1]', "report-sync.service: Failed with result 'exit-code'.", off='+02:00')))
msgs.append((t + dt.timedelta(seconds=30), sysl(t + dt.timedelta(seconds=30), h, 'systemd[1]', "report-sync.service: Scheduled restart job, restart counter is at 1.", off='+02:00')))
msgs.append((t + dt.timedelta(seconds=31), sysl(t + dt.timedelta(seconds=31), h, 'systemd[1]', "Finished report-sync.service - Sync reports to S3.", off='+02:00')))
t = d0 + dt.timedelta(hours=2)
msgs.append((t, sysl(t, h, 'systemd[1]', "Starting logrotate.service - Rotate log files...", off='+02:00')))
msgs.append((t + dt.timedelta(seconds=3), sysl(t + dt.timedelta(seconds=3), h, 'systemd[1]', "logrotate.service: Deactivated successfully.", off='+02:00')))
msgs.append((t + dt.timedelta(seconds=4), sysl(t + dt.timedelta(seconds=4), h, 'rsyslogd[1203]', "[origin software=\"rsyslogd\" swVersion=\"8.2102.0-117.el9\" x-pid=\"1203\" x-info=\"https://www.rsyslog.com\"] rsyslogd was HUPed", off='+02:00')))
t = d0 + dt.timedelta(hours=4, minutes=2)
msgs.append((t, sysl(t, h, 'kernel', "xfs filesystem being remounted at /var/tmp supports timestamps until 2038 (0x7fffffff)", off='+02:00')))
msgs.append((t, sysl(t, h, 'systemd[1]', "postgresql.service: Setting oom_score_adj for the postmaster is not supported in this unit, use OOMScoreAdjust= instead.", off='+02:00')))
msgs.append((t, sysl(t, h, 'kernel', "nf_conntrack: nf_conntrack: table full, dropping packet", off='+02:00')))
for i in range(4):
    t = rnd_time(d0, 24)
    msgs.append((t, sysl(t, h, 'chronyd[902]', "System clock wrong by %.6f seconds, adjustment started" % (R.random() / 10), off='+02:00')))
# secure: failed sudo (twice), one mistyped ssh password then success, a few scanner disconnects
for who, hh in (('bob', 9), ('carla', 15)):
    t = d0 + dt.timedelta(hours=hh, minutes=12)
    sec.append((t, sysl(t, h, 'sudo[%d]' % R.randint(1000, 60000), "pam_unix(sudo:auth): authentication failure; logname=%s uid=1002 euid=0 tty=/dev/pts/1 ruser=%s rhost=  user=%s" % (who, who, who), off='+02:00')))
    sec.append((t + dt.timedelta(seconds=9), sysl(t + dt.timedelta(seconds=9), h, 'sudo', "     %s : 1 incorrect password attempt ; TTY=pts/1 ; PWD=/home/%s ; USER=root ; COMMAND=/bin/systemctl restart nginx" % (who, who), off='+02:00')))
    sec.append((t + dt.timedelta(seconds=15), sysl(t + dt.timedelta(seconds=15), h, 'sudo', "     %s : TTY=pts/1 ; PWD=/home/%s ; USER=root ; COMMAND=/bin/systemctl restart nginx" % (who, who), off='+02:00')))
t = d0 + dt.timedelta(hours=10, minutes=3)
sec.append((t, sysl(t, h, 'sshd[44120]', "pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.40.1.88  user=dana", off='+02:00')))
sec.append((t, sysl(t, h, 'sshd[44120]', "Failed password for dana from 10.40.1.88 port 51022 ssh2", off='+02:00')))
sec.append((t + dt.timedelta(seconds=5), sysl(t + dt.timedelta(seconds=5), h, 'sshd[44120]', "Accepted password for dana from 10.40.1.88 port 51022 ssh2", off='+02:00')))
sec.append((t + dt.timedelta(seconds=5), sysl(t + dt.timedelta(seconds=5), h, 'sshd[44120]', "pam_unix(sshd:session): session opened for user dana by (uid=0)", off='+02:00')))
for i in range(6):
    t = rnd_time(d0, 24)
    sec.append((t, sysl(t, h, 'sshd[%d]' % R.randint(1000, 60000), "Connection closed by 162.142.125.%d port %d [preauth]" % (R.randint(1, 250), R.randint(1024, 65000)), off='+02:00')))
msgs.sort(key=lambda x: x[0]); sec.sort(key=lambda x: x[0])
w(b, 'app-prod07/var/log/messages', [l for _, l in msgs])
w(b, 'app-prod07/var/log/secure', [l for _, l in sec])
J = []
for i in range(80):
    t = rnd_time(d0, 24)
    J.append((t, "%s %s nginx[%d]: %s" % (t.astimezone(tz('+02:00')).strftime('%Y-%m-%dT%H:%M:%S+0200'), h, 1733, R.choice([
        "2026/05/12 %s [warn] 1733#1733: *%d an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000%d while reading upstream" % (t.astimezone(tz('+02:00')).strftime('%H:%M:%S'), R.randint(1000, 99999), R.randint(10, 99)),
        "2026/05/12 %s [error] 1733#1733: *%d upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.40.3.%d, server: app-prod07, request: \"GET /api/report HTTP/1.1\"" % (t.astimezone(tz('+02:00')).strftime('%H:%M:%S'), R.randint(1000, 99999), R.randint(2, 200))]))))
J.sort(key=lambda x: x[0])
w(b, 'journal-nginx-short-iso.txt', [l for _, l in J])
expect(b, 'healthy', 'healthy', [E('linux-ssh-brute-force', 'not_confirmed'), E('linux-oom-killer', 'not_confirmed'), E('linux-disk-full', 'not_confirmed'), E('linux-segfault', 'not_confirmed')],
       "A busy healthy RHEL 9 day (+02:00): 5-minute sa1 cron, hourly oneshot app-metrics-push, dnf makecache, logrotate, one failed oneshot restarted by systemd, chrony adjustments, a conntrack-table-full kernel line, a systemd note mentioning oom_score_adj; secure has publickey logins, two failed sudo attempts (1 incorrect password, then success), one mistyped SSH password followed by success 5 s later, a few scanner [preauth] disconnects; nginx journal with upstream timeouts. Nothing may be confirmed.")
