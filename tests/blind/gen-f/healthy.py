from lib import *
import datetime as dt

# ================= healthy: a busy day of a healthy v7 marketing instance (web / wfserver / mta / mtachild), +02:00
b = 'acc-healthy-f1'
d0 = U('2026-06-16 22:00:00')   # 00:00 local (+02:00)
web_prev = NL('+02:00'); web = NL('+02:00', pid=web_prev.pid)
noise_web(web_prev, d0 - dt.timedelta(hours=6), 6, 7000, inst='eu_mkt')
noise_web(web, d0, 24, 8000, inst='eu_mkt')
web.add(d0 + dt.timedelta(hours=4), 'info', "Stop requested (pid=%d)" % int(web.pid, 16))
web.add(d0 + dt.timedelta(hours=4, seconds=3), 'info', "Web server stopped (pid=%d, tid=%d)..." % (int(web.pid, 16), 140221))
web.add(d0 + dt.timedelta(hours=4, seconds=9), 'info', "Starting Web server module (pid=%d, tid=%d)..." % (int(web.pid, 16) + 12, 140402))
web.add(d0 + dt.timedelta(hours=4, seconds=15), 'info', "Tomcat started")
web.add(d0 + dt.timedelta(hours=4, seconds=15), 'info', "Server started")
web.add(d0 + dt.timedelta(hours=9, minutes=12), 'warning', "XSV-350012 Invalid login or password. Connection denied.")
web.add(d0 + dt.timedelta(hours=9, minutes=12, seconds=20), 'info', "Log in of 'c.dubois' from '10.4.2.77' (instance 'eu_mkt')")
for k in range(5):
    web.add(d0 + dt.timedelta(hours=10 + k * 2, minutes=R.randint(0, 59)), 'warning', "Web application 'LP_NEWSLETTER_SIGNUP': CAPTCHA validation failed for a submission from '%d.%d.%d.%d'" % (R.randint(40, 200), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254)))
w(b, 'eu-mkt01/var/default/log/web_2.log.gz', web_prev.lines(), gz=True)
w(b, 'eu-mkt01/var/default/log/web.log', web.lines())

wf = NL('+02:00')
noise_wf(wf, d0, 24, 2600, WFS + [('WKF_NEWSLETTER_WEEKLY', 30110), ('WKF_CRM_IMPORT', 30120), ('importSharedAudience', 1877), ('scheduledEnhancedMTATypologyRule', 1301)])
for h in range(24):
    for k, (name, i) in enumerate([('mcSynch_rtEu1', 2301), ('mcSynch_rtEu2', 2302)]):
        t = d0 + dt.timedelta(hours=h, minutes=10 + 25 * k, seconds=R.randint(0, 20))
        wf.add(t, 'info', "%s (id=%d) - Starting workflow" % (name, i))
        wf.add(t + dt.timedelta(seconds=R.randint(40, 140)), 'info', "%s (id=%d) - Workflow finished (state=Finished)" % (name, i))
for h in (1, 7, 13, 19):
    t = d0 + dt.timedelta(hours=h, minutes=3)
    wf.add(t, 'info', "scheduledEnhancedMTATypologyRule (id=1301) - js - Updating typology rules of typology 'enhancedMTATypology' (9 rule(s))")
    wf.add(t + dt.timedelta(seconds=4), 'info', "scheduledEnhancedMTATypologyRule (id=1301) - js - All typologies were updated successfully")
for h in (2, 14):
    t = d0 + dt.timedelta(hours=h, minutes=30)
    wf.add(t, 'warning', "WKF_CRM_IMPORT (id=30120) - fileCollector - No file found in directory '/sftp/in/crm' matching 'crm_delta_*.csv'")
t = d0 + dt.timedelta(hours=11, minutes=2)
wf.add(t, 'error', "WKF_WEBHOOK_TEST (id=30199) - js - INT-150012 The HTTP query returned a 'Gateway Timeout' type error (504) (iRc=-53)")
wf.add(t + dt.timedelta(seconds=1), 'warning', "WKF_WEBHOOK_TEST (id=30199) - Workflow paused after an error in activity 'js'")
wf.add(t + dt.timedelta(minutes=9), 'info', "WKF_WEBHOOK_TEST (id=30199) - Workflow restarted by 'p.singh'")
wf.add(t + dt.timedelta(minutes=9, seconds=5), 'info', "WKF_WEBHOOK_TEST (id=30199) - Workflow finished (state=Finished)")
w(b, 'eu-mkt01/var/eu_mkt/log/wfserver.log', wf.lines())

mta = NL('+02:00'); ch = NL('+02:00'); ch_old = NL('+02:00', pid=ch.pid)
noise_mta(mta, d0, 24, 1500)
noise_mta(ch_old, d0 - dt.timedelta(hours=8), 8, 5000)
noise_mta(ch, d0, 24, 5000)
for k in range(8):
    t = d0 + dt.timedelta(hours=6 + k, minutes=R.randint(0, 59))
    ch.add(t, 'warning', "Message to <n%d@gmx.de> temporarily refused: 421 4.7.0 Too many concurrent connections from this IP, try again later" % R.randint(1000, 99999))
w(b, 'eu-mkt01/var/eu_mkt/log/mta.log', mta.lines())
w(b, 'eu-mkt01/var/eu_mkt/log/mtachild.log', ch.lines())
w(b, 'eu-mkt01/var/eu_mkt/log/mtachild_2.log.gz', ch_old.lines(), gz=True)
expect(b, 'healthy', 'healthy', [],
       "A healthy v7 marketing instance (+02:00), one day: web.log + rotated web_2.log.gz (~15,000 lines: logons, SOAP, redirections, session-expired warnings, one mistyped password, CAPTCHA warnings, the 06:00 web restart), wfserver.log (technical workflows; two mcSynch workflows staggered at :10 and :35 finishing; scheduledEnhancedMTATypologyRule 'All typologies were updated successfully'; a fileCollector 'no file' warning; one 504 on a test webhook, restarted), mta.log and mtachild logs with ordinary bounces, greylisting and 421 throttling. Nothing any article describes.")
