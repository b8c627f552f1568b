from lib import *
import datetime as dt

# ================= healthy: a busy day of a Campaign v7 marketing instance (web, wfserver, mta) with usual noise
b = 'acc-healthy-busy-e1'
day = U('2026-10-20 22:00:00')  # local +02:00 day 2026-10-21
web = NL('+02:00'); wf = NL('+02:00'); mta = NL('+02:00')
noise_web(web, day, 24, n=9000, inst='mkt_prod')
for i in range(40):
    t = rnd_time(day, 24)
    web.add(t, 'warning', "XSV-350012 Invalid login or password. Connection denied. (login '%s')" % R.choice(['b.keller', 'l.martin', 'intern01']))
for i in range(15):
    t = rnd_time(day, 24)
    web.add(t, 'error', "Unable to find delivery with id %d (tracking URL 'https://t.brightlane.example/r/%x')" % (R.randint(1000, 90000), R.randint(0x1000, 0xffffff)))
# daily restart at 06:00 local
rt = U('2026-10-21 04:00:00')
web.add(rt, 'info', "Stop requested (pid=%d)" % 2231)
web.add(rt + dt.timedelta(seconds=2), 'info', "Web server stopped (pid=2231, tid=-1224824320)...")
web.add(rt + dt.timedelta(seconds=6), 'info', "Starting Web server module (pid=30411, tid=-1225184768)...")
web.add(rt + dt.timedelta(seconds=9), 'info', "Tomcat started")
web.add(rt + dt.timedelta(seconds=9), 'info', "Server started")
noise_wf(wf, day, 24, n=6000, wfs=[('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017), ('billing', 1040), ('mcSynch_mcExec1', 2210), ('wkfDailyImport', 48211), ('aggregate', 1029)])
for i in range(24):
    t = day + dt.timedelta(hours=i, minutes=12, seconds=R.randint(0, 30))
    wf.add(t, 'info', "mcSynch_mcExec1 (id=2210) - Logon to the execution instance 'https://rt1.brightlane.example' succeeded")
    wf.add(t + dt.timedelta(seconds=20), 'info', "mcSynch_mcExec1 (id=2210) - %d event(s) synchronized" % R.randint(100, 9000))
for i in range(3):
    t = day + dt.timedelta(hours=7 + i * 5)
    wf.add(t, 'warning', "wkfDailyImport (id=48211) - No file matching 'crm_export_*.csv' found in '/sftp/incoming', the activity will be retried")
wf.add(day + dt.timedelta(hours=13, minutes=5), 'warning', "wkfNewsletterWeekly (id=50117) - 3 recipient(s) excluded by the typology rule 'Address not specified'")
for i in range(8000):
    t = rnd_time(day, 24); k = R.randint(0, 9)
    dom = R.choice(['gmail.com', 'orange.fr', 'gmx.de', 'yahoo.com', 'hotmail.com', 'free.fr', 'web.de'])
    if k < 6: mta.add(t, 'info', "Message %d sent to '%s' (MX %s)" % (R.randint(10000000, 99999999), dom, 'mx%d.%s' % (R.randint(1, 3), dom)))
    elif k < 8: mta.add(t, 'warning', "Temporary failure for '%s': 421 4.7.0 Try again later, closing connection. (message will be retried)" % dom)
    elif k < 9: mta.add(t, 'info', "Delivery 'DM%d': %d message(s) sent, %d in error" % (R.randint(40000, 49999), R.randint(1000, 90000), R.randint(0, 40)))
    else: mta.add(t, 'warning', "Address '%s%d@%s' quarantined: 550 5.1.1 User unknown" % (R.choice(['anna', 'j.doe', 'info', 'contact']), R.randint(1, 999), dom))
w(b, 'mkt-prod/var/default/log/web.log', web.lines())
w(b, 'mkt-prod/var/mkt_prod/log/wfserver.log', wf.lines())
w(b, 'mkt-prod/var/mkt_prod/log/mta.log.1.gz', mta.lines(), gz=True)
expect(b, 'healthy', 'healthy', [E('KA-05406', 'not_confirmed'), E('KA-14724', 'not_confirmed'), E('KA-19458', 'not_confirmed'), E('KA-21165', 'not_confirmed'), E('KA-16998', 'not_confirmed'), E('KA-19400', 'not_confirmed'), E('KA-14457', 'not_confirmed')],
       "A day of a healthy v7 marketing instance (+02:00): web.log ~9,000 lines (logins, SOAP calls, XSV-350008 session expired, 40 XSV-350012 bad passwords from operators, tracking of unknown delivery ids, the daily 06:00 restart), wfserver.log ~6,000 lines (technical workflows, mcSynch_mcExec1 succeeding every hour incl. 06:12, billing finishing, a missing import file retried), mta.log.1.gz ~8,000 lines (sends, 421 temporary failures, quarantines 550 5.1.1). Nothing is broken.")
