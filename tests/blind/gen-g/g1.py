"""Set G, part 1: KA-14384, KA-14877, KA-15253, KA-15353, KA-15953, KA-16945 (field + near miss each)."""
from lib import *
import datetime as dt, json

# ======================================================================= KA-14384 field
# ACS store-sync job (Python) calling the REST API; GET orgUnitBase fails with RST-360011 / rc=-2003
# after a custom resource extension of the org unit resource; profiles still work. Zone +09:00.
b = 'ka-14384-field-g1'
T = ["Ticket CS-50213  |  Adobe Campaign Standard  |  Priority: P3",
     "Organization: Kanazawa Retail Group (tenant: kanazawaretail-prod)",
     "Contact: Haruto Sato, CRM platform team",
     "",
     "Summary: REST API - GET of organizational units fails since 16 March",
     "",
     "Our nightly store sync job reads the organizational units through the REST API",
     "(GET /campaign/profileAndServices/orgUnitBase) and pushes them to our store system.",
     "Since 16 March it fails every time with HTTP 500:",
     "",
     "    RST-360011 An error has occurred - please get in touch with your administrator.",
     "    Error rc=-2003",
     "",
     "Reading profiles with the same technical account works fine. Last week (13 March) our agency",
     "extended the Organizational unit resource with a custom field 'storeRegion' (custom resource",
     "cusOrgUnitExt). Job log of the last days attached (times are JST).",
     "",
     "Regards, Haruto"]
w(b, 'ticket-CS-50213.txt', T, crlf=True)
L = []
base = 'https://mc.adobe.io/kanazawaretail-prod/campaign'
day0 = U('2026-03-11 17:00:00')  # 02:00 JST
for d in range(8):
    t = day0 + dt.timedelta(days=d, seconds=R.randint(0, 40))
    def log(lv, msg, dt_s=0.0):
        global t
        t = t + dt.timedelta(seconds=dt_s, milliseconds=R.randint(5, 400))
        L.append("%s [%s] store_sync: %s" % (fmt_ts(t, '+09:00', sep='T'), lv, msg))
    log('INFO', 'run %s started (pid %d)' % ((day0 + dt.timedelta(days=d)).astimezone(tz('+09:00')).strftime('%Y%m%d'), R.randint(20000, 60000)))
    log('INFO', 'POST https://ims-na1.adobelogin.com/ims/exchange/jwt -> 200 (token expires in 86399 s)', 0.4)
    for page in range(3):
        log('DEBUG', 'GET %s/profileAndServices/profile?_lineCount=500&_lineStart=%d -> 200 (%d items, %d ms)' % (base, page * 500, 500 if page < 2 else R.randint(100, 400), R.randint(200, 900)), 0.8)
    if d < 5:  # before 16 March JST
        log('INFO', 'GET %s/profileAndServices/orgUnitBase?_lineCount=100 -> 200 (%d items, %d ms)' % (base, 87, R.randint(150, 600)), 0.5)
        for k in range(R.randint(4, 9)):
            log('DEBUG', 'orgUnit %s (%s) -> upsert store system: unchanged' % ('OU%04d' % R.randint(100, 999), R.choice(['Kanazawa Station', 'Toyama Sogawa', 'Fukui Ekimae', 'Komatsu Airport', 'Nonoichi Mall', 'Takaoka Central'])), 0.1)
        log('INFO', 'run finished OK (profiles 1,%03d, org units 87)' % R.randint(0, 999), 0.3)
    else:
        for attempt in range(1, 4):
            log('WARN', 'GET %s/profileAndServices/orgUnitBase?_lineCount=100 -> 500 Internal Server Error (attempt %d/3)' % (base, attempt), 0.6 + 30 * (attempt > 1))
            body = {"code": 500, "message": "RST-360011 An error has occurred - please get in touch with your administrator.\nError rc=-2003"}
            log('WARN', 'response body: %s' % json.dumps(body), 0.0)
        log('ERROR', 'orgUnit sync failed after 3 attempts: RST-360011 An error has occurred - please get in touch with your administrator. Error rc=-2003', 0.1)
        log('INFO', 'run finished WITH ERRORS (profiles OK, org units FAILED)', 0.2)
w(b, 'store_sync.log', L)
expect(b, 'field', 'KA-14384', [E('KA-14384', 'confirmed')],
       "Campaign Standard: a customer job log (+09:00, ISO T times) shows GET .../profileAndServices/orgUnitBase answered 500 with 'RST-360011 An error has occurred - please get in touch with your administrator.' and 'Error rc=-2003' (in a JSON body, \\n escaped), three attempts a night from 16 March, while profile GETs keep working; before that the same GET returned 200. Ticket (CRLF) says the org unit resource was extended just before (data model not republished).")

# ======================================================================= KA-14384 near miss
# RST-360011 on a POST of profiles (value too long, rc -2006); GET orgUnitBase works in the same log.
b = 'ka-14384-near-g1'
L = []
t = U('2026-04-22 13:00:00')
base = 'https://mc.adobe.io/brightwave-prod/campaign'
for i in range(260):
    t += dt.timedelta(seconds=R.randint(2, 20), milliseconds=R.randint(0, 999))
    k = i % 13
    if k == 0:
        L.append("%s INFO  formbridge GET %s/profileAndServices/orgUnitBase?_lineCount=50 -> 200 (12 items)" % (fmt_ts(t, '-05:00', sep='T'), base))
    elif k == 7 and i > 60:
        name = 'x' * 40 + 'CHEAP-PILLS-' + 'z' * 60
        L.append("%s INFO  formbridge POST %s/profileAndServices/profile {\"email\":\"promo%d@mailinator.example\",\"lastName\":\"%s\",\"orgUnit\":{\"PKey\":\"@Jk2...\"}}" % (fmt_ts(t, '-05:00', sep='T'), base, i, name))
        body = {"code": 500, "message": "RST-360011 An error has occurred - please get in touch with your administrator.\nPGS-220000 PostgreSQL error: ERROR:  value too long for type character varying(80)\nWDB-200001 SQL statement 'INSERT INTO NmsRecipient (...) VALUES (...)' could not be executed.\nError rc=-2006"}
        L.append("%s ERROR formbridge POST profile -> 500 %s" % (fmt_ts(t + dt.timedelta(milliseconds=310), '-05:00', sep='T'), json.dumps(body)))
    else:
        L.append("%s INFO  formbridge POST %s/profileAndServices/profile -> 201 Created (PKey @%s)" % (fmt_ts(t, '-05:00', sep='T'), base, ''.join(R.choice('abcdefghijkLMNOPQ0123456789') for _ in range(18))))
w(b, 'formbridge-2026-04-22.log', L)
w(b, 'ticket-7310.txt', ["Hi team,",
   "our web form bridge gets RST-360011 from the Campaign Standard REST API on some profile creations.",
   "Reading org units (GET orgUnitBase) works fine all day, see log; the data model was republished on 20 April after our last change.",
   "The failing posts all come from spam submissions with an absurdly long last name. Can the API return a 400 instead of a 500?",
   "Thanks, Dana (Brightwave IT)"])
expect(b, 'near_miss', 'KA-14384', [E('KA-14384', 'not_confirmed')],
       "Campaign Standard REST API: RST-360011 on POST profile creations (spam with a last name too long: PGS-220000 value too long, WDB-200001, 'Error rc=-2006'); GET orgUnitBase answers 200 every time in the same log and the customer says the data model was republished. Not the org unit GET with rc=-2003.")

# ======================================================================= KA-14877 field
# Busy runwf.log (layout B, -05:00) + runwf_2.log; LINE post-processing JS reads a 41k-line file and fails
# with 'allocation size overflow' twice; serverConf.xml excerpt shows maxMB 64.
b = 'ka-14877-field-g1'
inst = 'crmprod'
d0 = U('2026-02-10 05:00:00')
cur = NL('-05:00'); old = NL('-05:00', pid=cur.pid)
wfs = [('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017), ('billing', 1040),
       ('WKF_DAILY_LOYALTY', 51233), ('WKF_LINE_POSTPROC', 48812), ('mcSynch_rtexec01', 1190)]
noise_wf(old, d0 - dt.timedelta(days=1), 24, n=1500, wfs=wfs)
noise_wf(cur, d0, 30, n=2600, wfs=wfs)
for day, nrec in ((0, 41233), (1, 41870)):
    t = U('2026-02-10 14:05:12') + dt.timedelta(days=day, seconds=R.randint(0, 90))
    dm = 'DM%d' % (10455 + day)
    cur.add(t, 'info', "WKF_LINE_POSTPROC (id=48812) - Starting workflow")
    cur.add(t + dt.timedelta(seconds=1), 'info', "WKF_LINE_POSTPROC (id=48812) - delivery1 Delivery '%s' ('LINE_Coupon_Feb') finished, %d message(s) prepared" % (dm, nrec))
    cur.add(t + dt.timedelta(seconds=3), 'info', "WKF_LINE_POSTPROC (id=48812) - js4 Reading file '/usr/local/neolane/nl6/var/%s/export/line_%s_%s.txt' (%d lines)" % (inst, dm, (t.date() + dt.timedelta(0)).strftime('%Y%m%d'), nrec))
    te = t + dt.timedelta(seconds=47, milliseconds=R.randint(0, 999))
    cur.add(te, 'error', "WKF_LINE_POSTPROC (id=48812) - js4 WKF_LINE_POSTPROC/js4 line 37: allocation size overflow")
    cur.add(te + dt.timedelta(milliseconds=2), 'error', "WKF_LINE_POSTPROC (id=48812) - js4 SCR-160012 JavaScript: error while evaluating script 'WKF_LINE_POSTPROC/js4'.")
    cur.add(te + dt.timedelta(milliseconds=9), 'warning', "WKF_LINE_POSTPROC (id=48812) - Workflow paused after an error in activity 'js4'")
w(b, 'app01/var/%s/log/runwf.log' % inst, cur.lines())
w(b, 'app01/var/%s/log/runwf_2.log' % inst, old.lines())
w(b, 'app01/conf/serverConf.xml.excerpt', [
    '<!-- extracted from /usr/local/neolane/nl6/conf/serverConf.xml on app01, 2026-02-11 -->',
    '<serverConf>',
    '  <shared>',
    '    <!-- maxMB :  Maximum size in megabytes before running the garbage collector Default: 64',
    '         stackSizeKB :  Size of each stack chunk in kilo octets Default: 8 -->',
    '    <javaScript maxMB="64" stackSizeKB="8"/>',
    '    <dataStore hosts="*" lang="en_GB">',
    '      <dataSource name="default"><dbcnx login="neolane:crmprod" provider="PostgreSQL" server="pgprod01"/></dataSource>',
    '    </dataStore>',
    '  </shared>',
    '</serverConf>'])
w(b, 'case-notes.txt', [
    "Case 11940 - WKF_LINE_POSTPROC paused two days in a row",
    "After the LINE coupon delivery (about 41,000 recipients) the post-processing JavaScript (activity js4) reads the",
    "export file into variables to build the LINE push file. Worked with 8,000 recipients in January.",
    "Times in runwf.log are server time (US Eastern)."])
expect(b, 'field', 'KA-14877', [E('KA-14877', 'confirmed')],
       "On-premise v7, busy runwf.log (~2,600 unrelated workflow lines, -05:00) plus runwf_2.log: WKF_LINE_POSTPROC's JavaScript activity reading a 41k-line LINE export fails on two days with 'allocation size overflow' followed by SCR-160012; serverConf.xml excerpt shows javaScript maxMB=\"64\" (the default). The article's own LINE example with other names and sizes.")

# ======================================================================= KA-14877 near miss
# 'allocation size overflow' in the browser (Firefox console) on a web application page; server logs clean; maxMB already 512.
b = 'ka-14877-near-g1'
C = ["Firefox 125.0.2 - Web Console export (Persist Logs on) - https://mkt.ostwind-reisen.example/webApp/STORELOC",
     "",
     "Navigated to https://mkt.ostwind-reisen.example/webApp/STORELOC?lang=de",
     "GET https://mkt.ostwind-reisen.example/webApp/STORELOC?lang=de [HTTP/1.1 200 OK 212ms]",
     "GET https://mkt.ostwind-reisen.example/xtk/js/jquery.js [HTTP/1.1 200 OK 18ms]",
     "GET https://mkt.ostwind-reisen.example/res/ostwind/js/storegrid.js [HTTP/1.1 200 OK 21ms]",
     "POST https://mkt.ostwind-reisen.example/webApp/STORELOC [HTTP/1.1 200 OK 344ms]",
     "Uncaught InternalError: allocation size overflow",
     "    padCells https://mkt.ostwind-reisen.example/res/ostwind/js/storegrid.js:212",
     "    buildGrid https://mkt.ostwind-reisen.example/res/ostwind/js/storegrid.js:188",
     "    <anonymous> https://mkt.ostwind-reisen.example/webApp/STORELOC?lang=de:144",
     "storegrid.js:212:31",
     "Source map error: Error: request failed with status 404",
     "Resource URL: https://mkt.ostwind-reisen.example/res/ostwind/js/storegrid.js",
     "Source Map URL: storegrid.js.map"]
w(b, 'firefox-console-export.txt', C)
web = NL('+02:00')
d0 = U('2026-05-06 07:00:00')
noise_web(web, d0, 6, n=600, inst='ostwind')
for i in range(40):
    t = rnd_time(d0, 6)
    web.add(t, 'info', "HTTP request 'GET /webApp/STORELOC?lang=de' from '192.0.2.%d' processed in %d ms" % (R.randint(2, 250), R.randint(40, 400)))
w(b, 'var/default/log/web.log', web.lines())
w(b, 'ticket.txt', [
    "Store locator web application (Campaign Classic v7, on premise): the page stays blank in Firefox only.",
    "Chrome shows 'RangeError: Invalid string length' at the same line of our storegrid.js, Edge too.",
    "The server side is fine: no error in web.log, the SOAP/JSSP calls answer 200. Our serverConf.xml already has",
    "<javaScript maxMB=\"512\" stackSizeKB=\"8\"/> since 2024. We think padCells() loops with a negative width when the",
    "store list is empty - it is our own client-side script. Just asking whether you have seen it before."])
expect(b, 'near_miss', 'KA-14877', [E('KA-14877', 'not_confirmed')],
       "'InternalError: allocation size overflow' appears only in a Firefox web console export of a web application page (client-side storegrid.js; Chrome reports 'RangeError: Invalid string length'); the Campaign web.log is clean and serverConf already has maxMB=512. Not server-side Campaign JavaScript hitting the javaScript memory limit.")

# ======================================================================= KA-15253 field
# .tar.gz sent by the customer: journal of the FTPS download (EU dates, CET) + wfserver.log showing build 9032; ticket outside.
b = 'ka-15253-field-g1'
tj = U('2026-01-14 08:12:04')
J = []
for day in range(3):
    t = tj + dt.timedelta(days=day, seconds=R.randint(0, 30))
    rows = [(0, '', "Workflow 'WKF_HOLLMANN_STOCK' is being run"),
            (0, '', "Starting workflow (operator 'Integration user (svc_integ)')"),
            (1, 'fileTransfer2', "Starting file listing 'ftps://ftp.hollmann-logistik.example:21/out/stock_%s.csv'" % (t + dt.timedelta(hours=1)).strftime('%Y%m%d')),
            (2, 'fileTransfer2', "CRL-290002 Download error in cURL"),
            (2, 'fileTransfer2', "URL-140005 Unable to decode URLs of schema 'ftps'. Not implemented."),
            (2, '', "Workflow 'WKF_HOLLMANN_STOCK' paused after an error in activity 'fileTransfer2'.")]
    for s, act, m in rows:
        J.append("%s\t%s\t%s" % (jdate(t + dt.timedelta(seconds=s), 'eu', '+01:00'), act, m))
wf = NL('+01:00')
wf.add(U('2025-12-02 05:00:01'), 'info', "Application server for Adobe Campaign Classic (7.0 19.1.7 build 9032@7e4a1c5) of 10/26/2020")
wf.add(U('2025-12-02 05:00:01.300'), 'info', "Running task 'wfserver@stockprod' ('nlserver wfserver -tracefile:wfserver@stockprod -instance:stockprod -detach') in a new process")
noise_wf(wf, U('2026-01-13 00:00:00'), 72, n=400, wfs=[('operationMgt', 1021), ('WKF_HOLLMANN_STOCK', 30177), ('cleanup', 1017), ('tracking', 1033)])
for day in range(3):
    t = tj + dt.timedelta(days=day, seconds=R.randint(0, 30))
    wf.add(t + dt.timedelta(seconds=2), 'error', "WKF_HOLLMANN_STOCK (id=30177) - fileTransfer2 URL-140005 Unable to decode URLs of schema 'ftps'. Not implemented.")
members = [("WKF_HOLLMANN_STOCK-journal.txt", J, True),
           ("stockprod/log/wfserver.log", wf.lines(), False)]
wtar(b, 'logs-hollmann-ftps.tar.gz', members)
w(b, 'ticket-22871.txt', [
    "Ticket 22871 - FTP with SSL cannot download from partner Hollmann Logistik",
    "Version: Campaign Classic 19.1 GS5 (build 9032), on premise.",
    "External account 'Hollmann FTP' (type FTP, server ftp.hollmann-logistik.example, port 21) with",
    "'Enable SSL' ticked, because the partner switched off plain FTP on 12 January.",
    "Without SSL it used to work. Journal export and wfserver.log attached (server time CET).",
], crlf=True)
expect(b, 'field', 'KA-15253', [E('KA-15253', 'confirmed')],
       "Campaign Classic build 9032 (19.1 GS5; banner in wfserver.log inside the .tar.gz, and the ticket): the file transfer with an FTP external account with SSL enabled fails three days in a row with 'CRL-290002 Download error in cURL' and 'URL-140005 Unable to decode URLs of schema 'ftps'. Not implemented.' (journal with DD/MM/YYYY dates, CRLF, inside the archive).")

# ======================================================================= KA-15253 near miss
# Same codes on build 9032, but the URL schema is 'scp' typed by hand; the customer does not use FTPS.
b = 'ka-15253-near-g1'
J = ["Journal of workflow 'WKF_PRICEFEED_IN' (copied from the console, server time)", ""]
t = U('2026-03-03 16:40:10')
for s, act, m in [(0, '', "Workflow 'WKF_PRICEFEED_IN' is being run"),
                  (0, '', "Starting workflow (operator 'Marta Quintero (mquintero)')"),
                  (1, 'fileTransfer', "Starting file listing 'scp://files.quintana-dist.example:22/feeds/prices_latest.csv'"),
                  (1, 'fileTransfer', "CRL-290002 Download error in cURL"),
                  (1, 'fileTransfer', "URL-140005 Unable to decode URLs of schema 'scp'. Not implemented."),
                  (2, '', "Workflow 'WKF_PRICEFEED_IN' paused after an error in activity 'fileTransfer'.")]:
    J.append("%s %s %s" % (jdate(t + dt.timedelta(seconds=s), 'us', '-05:00'), act, m) if act else "%s %s" % (jdate(t + dt.timedelta(seconds=s), 'us', '-05:00'), m))
J += ["",
      "Our setup: Campaign Classic 19.1.7 build 9032, on premise. We do not use FTPS (no SSL on our FTP accounts).",
      "In the File transfer activity I selected 'Quick configuration' and typed the URL myself with scp:// because",
      "the partner told us they offer SCP. Their SFTP on the same host works with an SFTP external account."]
w(b, 'journal-WKF_PRICEFEED_IN.txt', J)
expect(b, 'near_miss', 'KA-15253', [E('KA-15253', 'not_confirmed')],
       "Build 9032 and the same CRL-290002 / URL-140005 'Unable to decode URLs of schema ... Not implemented.' pair, but for schema 'scp' typed by hand in a quick-configuration URL; the customer states they do not use FTPS. Not the ftps/SSL defect of GS5.")

# ======================================================================= KA-15353 field
# mtachild.log (+02:00) + mtachild_2.log, mta.log with build 9032 banner; delivery log export and quarantine export.
b = 'ka-15353-field-g1'
inst = 'mkt_de'
mta = NL('+02:00'); ch = NL('+02:00'); ch2 = NL('+02:00', pid=ch.pid)
mta.add(U('2026-06-02 04:00:02'), 'info', "Application server for Adobe Campaign Classic (7.0 19.1.8 build 9032@b1f0e37) of 02/11/2021")
mta.add(U('2026-06-02 04:00:02.410'), 'info', "Running task 'mta@%s' ('nlserver mta -tracefile:mta@%s -instance:%s -detach') in a new process" % (inst, inst, inst))
d0 = U('2026-06-02 07:30:00')
noise_wf(ch2, d0 - dt.timedelta(hours=20), 18, n=300, wfs=[('DM20877', 20877), ('DM20880', 20880)])
rows = []; quarantined = []
fn = ['lena', 'jonas', 'mia', 'paul', 'emilia', 'felix', 'hanna', 'lukas', 'sofie', 'ben']
ln = ['schmidt', 'weber', 'becker', 'koch', 'richter', 'wolf', 'braun', 'zimmer']
for i in range(700):
    t = d0 + dt.timedelta(seconds=2 * i, milliseconds=R.randint(0, 999))
    rid = 4417000 + i * 7; bl = 91344000 + i
    addr = '%s.%s%d@%s' % (R.choice(fn), R.choice(ln), i, R.choice(['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'outlook.de']))
    if i % 5 == 2:
        ch.add(t, 'error', "DM20931 - SCR-160012 JavaScript: error while evaluating script content htmlContent (recipient id=%d, broadLog id=%d)" % (rid, bl))
        ch.add(t + dt.timedelta(milliseconds=1), 'error', "DM20931 - TypeError: recipient.cusLoyaltyCard is null (htmlContent line 412)")
        ch.add(t + dt.timedelta(milliseconds=3), 'warning', "DM20931 - Recipient id=%d marked as unreachable (address '%s')" % (rid, addr))
        ch.add(t + dt.timedelta(milliseconds=4), 'info', "Address '%s' added to the quarantine (status 'Quarantine', reason 'Unreachable')" % addr)
        rows.append((t, addr, 'Failed', 'Unreachable', 'SCR-160012 JavaScript: error while evaluating script content htmlContent'))
        quarantined.append((t, addr))
    else:
        ch.add(t, 'info', "DM20931 - Message sent to '%s' (broadLog id=%d)" % (addr, bl))
        rows.append((t, addr, 'Sent', '', ''))
for h in range(4):
    mta.add(d0 + dt.timedelta(minutes=6 * h + 5), 'info', "Delivery DM20931 ('NL_Sommerschlussverkauf_DE'): %d message(s) processed, %d failed" % (120 * (h + 1), 28 * (h + 1)))
w(b, 'mta01/var/%s/log/mtachild.log' % inst, ch.lines())
w(b, 'mta01/var/%s/log/mtachild_2.log' % inst, ch2.lines())
w(b, 'mta01/var/%s/log/mta.log' % inst, mta.lines())
csv = ["Date;Address;Status;Reason;Message"]
for t, a, s, r, m in rows:
    csv.append("%s;%s;%s;%s;%s" % (t.astimezone(tz('+02:00')).strftime('%d.%m.%Y %H:%M:%S'), a, s, r, m))
w(b, 'exports/DM20931_delivery_logs.csv', csv, crlf=True)
q = ["Address;Status;Error reason;Error text;Created"]
for t, a in quarantined:
    q.append("%s;Quarantine;Unreachable;SCR-160012 JavaScript: error while evaluating script content htmlContent;%s" % (a, t.astimezone(tz('+02:00')).strftime('%d.%m.%Y %H:%M')))
w(b, 'exports/quarantine_2026-06-02.csv', q, crlf=True)
w(b, 'ticket.txt', [
    "Our summer newsletter DM20931 (build 9032) showed a personalisation error for customers without a loyalty card",
    "(the HTML uses recipient.cusLoyaltyCard.points). Those customers were not only skipped: their addresses are now in",
    "quarantine as 'Unreachable' (140 addresses), so they will not get the next newsletters either. Exports attached."])
expect(b, 'field', 'KA-15353', [E('KA-15353', 'confirmed')],
       "Campaign Classic build 9032 (mta.log banner): mtachild.log (+02:00) shows 'SCR-160012 JavaScript: error while evaluating script content htmlContent' for 140 recipients of DM20931, each followed by 'marked as unreachable' and 'added to the quarantine (... reason 'Unreachable')'; the delivery log export and the quarantine export (CRLF, ';', DD.MM.YYYY) show the same. mtachild_2.log is unrelated noise.")

# ======================================================================= KA-15353 near miss
# SCR-160012 htmlContent during delivery analysis of a proof, build 9330: analysis stops, nothing sent, no quarantine.
b = 'ka-15353-near-g1'
web = NL('Z')
d0 = U('2026-05-18 09:00:00')
web.add(d0 - dt.timedelta(hours=3), 'info', "Application server for Adobe Campaign Classic (7.0 21.1.3 build 9330@3d8f1a2) of 06/02/2021")
noise_web(web, d0, 4, n=900, inst='retailuk')
t = d0 + dt.timedelta(hours=1, minutes=12, seconds=8)
for k in range(2):
    tt = t + dt.timedelta(minutes=19 * k)
    web.add(tt, 'info', "Delivery 'DM7714' ('Proof - Spring offers UK'): analysis started by operator 'c.hughes'")
    web.add(tt + dt.timedelta(seconds=4), 'error', "SCR-160012 JavaScript: error while evaluating script content htmlContent")
    web.add(tt + dt.timedelta(seconds=4, milliseconds=2), 'error', "ReferenceError: formatPrice is not defined (htmlContent line 88)")
    web.add(tt + dt.timedelta(seconds=4, milliseconds=5), 'error', "DM7714 - Delivery analysis stopped: 1 error(s) during the personalisation of the content. No message was prepared.")
w(b, 'var/default/log/web.log', web.lines())
w(b, 'ticket-4491.txt', [
    "Proof of DM7714 fails in the analysis with SCR-160012 ... htmlContent. We know why: the personalisation block",
    "formatPrice was renamed by our agency. Nothing was sent (it is a proof to 3 seed addresses) and we checked",
    "Administration > Campaign Management > Non deliverables Management > Non deliverables and addresses:",
    "no new quarantine. Build 9330. Just want to confirm nothing else needs to be cleaned."], crlf=True)
expect(b, 'near_miss', 'KA-15353', [E('KA-15353', 'not_confirmed', True)],
       "SCR-160012 JavaScript: error while evaluating script content htmlContent, but during the analysis of a proof on build 9330: the analysis stops, no message is prepared or sent, no recipient marked unreachable, the customer checked the quarantine (none). possible accepted: the article's error line is present word for word and only its consequence (recipients quarantined) and build are missing or different; confirmed would be wrong.")

# ======================================================================= KA-15953 field
# Journal pasted newest first, US dates, CRLF ticket; upgrade to 20.2; Windows SFTP server (OpenSSH for Windows).
b = 'ka-15953-field-g1'
def sftp_run(t, host, ip, path, ok_tail=None):
    rows = [(0, None, "Workflow 'WKF_MERIDIAN_CUST' is being run"),
            (0, None, "Starting workflow (operator 'Administrator (admin)')"),
            (0, 'fileTransfer', "Starting file listing '%s'" % path),
            (0, 'fileTransfer', "* Trying %s..." % ip),
            (0, 'fileTransfer', "* TCP_NODELAY set"),
            (0, 'fileTransfer', "* Connected to %s (%s) port 22 (#0)" % (host, ip)),
            (0, 'fileTransfer', "* SSH MD5 fingerprint: 4f0e9ab27c16d3e85a0b9c41f2d7e630"),
            (0, 'fileTransfer', "* SSH authentication methods available: publickey,password"),
            (0, 'fileTransfer', "* Using SSH public key file '/usr/local/neolane/.ssh/id_rsa.pub'"),
            (0, 'fileTransfer', "* Using SSH private key file '/usr/local/neolane/.ssh/id_rsa'"),
            (0, 'fileTransfer', "* Initialized SSH public key authentication"),
            (1, 'fileTransfer', "* Authentication complete"),
            (1, 'fileTransfer', "* Could not open directory for reading: No such file or directory"),
            (1, 'fileTransfer', "* Connection #0 to host %s left intact" % host),
            (1, 'fileTransfer', "Remote file not found"),
            (1, 'fileTransfer', "CRL-290002 Download error in cURL")]
    return [(t + dt.timedelta(seconds=s), a, m) for s, a, m in rows]
ev = []
for day, hh in ((0, '2026-04-13 12:30:41'), (1, '2026-04-14 12:30:39')):
    ev += sftp_run(U(hh), 'sftp.meridianpartners.example', '198.51.100.23', 'sftp://sftp.meridianpartners.example:22/Exports/CUSTOMERS_DAILY.CSV')
ev = [e for i, e in sorted(enumerate(ev), key=lambda x: (x[1][0], x[0]), reverse=True)]
T = ["Ticket 6620 - SFTP download stopped working after upgrade",
     "",
     "Hi, since our upgrade of last weekend (Campaign Classic 19.1.4 build 9032 -> 20.2.3) the workflow",
     "WKF_MERIDIAN_CUST cannot download the daily customer file from our partner Meridian anymore.",
     "The connection works: the external account 'Meridian SFTP' test is OK and the log shows the authentication",
     "is complete. The file is there (our partner checked, and WinSCP from my PC downloads it from folder Exports).",
     "Meridian runs their SFTP server on Windows Server 2019 (OpenSSH for Windows).",
     "",
     "Workflow log (Tasks tab, newest first, our console is in US format, server time US Eastern, EDT):",
     ""]
for t, a, m in ev:
    T.append("%s\t%s\t%s" % (jdate(t, 'us', '-04:00'), a or '', m))
T += ["", "Thanks, Kevin Osei - Marketing Ops"]
w(b, 'ticket-6620.txt', T, crlf=True)
expect(b, 'field', 'KA-15953', [E('KA-15953', 'confirmed')],
       "Journal pasted newest first (US M/D/YYYY h:mm:ss AM/PM, CRLF) for two days: SFTP connection and 'Authentication complete', then '* Could not open directory for reading: No such file or directory', 'Remote file not found', 'CRL-290002 Download error in cURL' on a relative path (Exports/...); ticket: after a build upgrade (9032 -> 20.2.3, before the 20.3.1 fix), partner SFTP server on Windows, the file exists.")

# ======================================================================= KA-15953 near miss
# Same cURL lines on a Linux SFTP server with an absolute path to a dated folder not created yet; no upgrade;
# the same workflow downloads the file an hour later.
b = 'ka-15953-near-g1'
host, ip = 'files.norrland-data.example', '203.0.113.77'
ev = sftp_run(U('2026-05-12 04:00:07'), host, ip, 'sftp://%s:22//srv/sftp/campaign/outbound/2026-05-12/ORDERS.CSV' % host)
ev = [(t, a, m.replace('WKF_MERIDIAN_CUST', 'WKF_ORDERS_IMPORT')) for t, a, m in ev]
t2 = U('2026-05-12 05:00:07')
ok = [(0, None, "Workflow 'WKF_ORDERS_IMPORT' is being run"),
      (0, 'fileTransfer', "Starting file listing 'sftp://%s:22//srv/sftp/campaign/outbound/2026-05-12/ORDERS.CSV'" % host),
      (0, 'fileTransfer', "* Connected to %s (%s) port 22 (#0)" % (host, ip)),
      (1, 'fileTransfer', "* Authentication complete"),
      (2, 'fileTransfer', "File 'ORDERS.CSV' downloaded (2341004 bytes)"),
      (2, 'fileTransfer', "1 file(s) to process"),
      (9, 'dataLoading', "48211 record(s) loaded from file 'ORDERS.CSV'"),
      (12, None, "Workflow 'WKF_ORDERS_IMPORT' finished (state=Finished)")]
ev += [(t2 + dt.timedelta(seconds=s), a, m) for s, a, m in ok]
J = ["%s %s" % (jdate(t, 'eu', '+02:00'), (a + '\t' + m) if a else m) for t, a, m in ev]
w(b, 'WKF_ORDERS_IMPORT-log.txt', J)
w(b, 'mail.txt', [
    "Subject: SFTP import failed at 06:00, OK at 07:00",
    "",
    "Hej, the 06:00 run of WKF_ORDERS_IMPORT failed with 'Remote file not found'. No upgrade on our side (still",
    "Campaign Classic 7.3.5 since January), and the SFTP server is our own Linux box (Ubuntu 22.04, OpenSSH).",
    "The ERP creates the dated folder /srv/sftp/campaign/outbound/2026-05-12 only when the export is done, and",
    "on 12 May the export finished at 06:41. The 07:00 run downloaded the file. Can we add a retry?",
    "/Elin"])
expect(b, 'near_miss', 'KA-15953', [E('KA-15953', 'not_confirmed', True)],
       "The failing run shows the article's cURL sequence (Authentication complete, Could not open directory for reading, Remote file not found, CRL-290002), but on a Linux OpenSSH server with an absolute path to a dated folder the ERP had not created yet; no build upgrade; the same workflow and URL download the file an hour later. possible accepted: the failing run's lines are the article's own, only the successful rerun and the mail exclude it; confirmed would be wrong.")

# ======================================================================= KA-16945 field
# Upgrade pre-check report (CRLF) with several sections; 0 id record missing for four schemas; ticket.
b = 'ka-16945-field-g1'
P = ["Adobe Campaign - Upgrade Pre-Check report",
     "Instance: lumio_mkt (Campaign Classic v7, build 9360) - database: PostgreSQL 13.14",
     "Generated: 2026-02-24 10:41:17 +01:00 by precheck.js (operator 'admin')",
     "",
     "-------  Schemas with modified built-in SQL names",
     "",
     "+++++++++++  OK : no action required.",
     "",
     "-------  Workflows in 'Paused' state for more than 30 days",
     "",
     "+++++++++++  Warning : review before the upgrade.",
     "",
     "_____ | workflow                 | paused since",
     "      | WKF_TEST_IMPORT_OLD      | 2025-09-03",
     "      | copyOfBirthdayCampaign   | 2025-11-18",
     "",
     "-------  0 id record is missing from the following schemas",
     "",
     "+++++++++++  Contact Consultant : Fix and regenerate specified schemas.",
     "",
     "_____ | schema                   ",
     "",
     "      | cus:loyaltyMember        ",
     "",
     "      | cus:shop                 ",
     "",
     "      | cus:purchaseLine     ",
     "",
     "      | nms:seedMember        ",
     "",
     "-------  Custom JavaScript libraries overriding built-in libraries",
     "",
     "+++++++++++  OK : no action required.",
     "",
     "-------  Pending deliveries (start pending / to be started)",
     "",
     "+++++++++++  Info : 3 deliveries will be resumed after the upgrade.",
     "",
     "End of report: 5 checks, 1 warning(s), 1 action(s) for a consultant."]
w(b, 'precheck_lumio_mkt_20260224.txt', P, crlf=True)
w(b, 'ticket-90412.txt', [
    "We plan the upgrade to 7.4.1 in March and ran the pre-check. It says the 0 id record is missing from four",
    "schemas (report attached). In December our data team emptied cus_loyaltymember, cus_shop and cus_purchaseline",
    "with SQL (DELETE without WHERE) before reloading them, and someone purged the seed members the same way.",
    "How do we get the 0 record back?"])
expect(b, 'field', 'KA-16945', [E('KA-16945', 'confirmed')],
       "Upgrade pre-check report (CRLF) among other checks: '0 id record is missing from the following schemas' / 'Contact Consultant : Fix and regenerate specified schemas.' listing cus:loyaltyMember, cus:shop, cus:purchaseLine and nms:seedMember (blank lines between rows, as in the article); the ticket says the tables were emptied with direct SQL.")

# ======================================================================= KA-16945 near miss
# Same pre-check report layout, the 0 id section is clean; other warnings only.
b = 'ka-16945-near-g1'
P = ["Adobe Campaign - Upgrade Pre-Check report",
     "Instance: fjell_prod (Campaign Classic v7, build 9356) - database: Oracle 19c",
     "Generated: 2026-03-09 14:02:55 +01:00 by precheck.js (operator 'admin')",
     "",
     "-------  Schemas with modified built-in SQL names",
     "",
     "+++++++++++  OK : no action required.",
     "",
     "-------  0 id record is missing from the following schemas",
     "",
     "+++++++++++  OK : no action required.",
     "",
     "_____ | schema                   ",
     "      (0 rows)",
     "",
     "-------  Workflows in 'Paused' state for more than 30 days",
     "",
     "+++++++++++  Warning : review before the upgrade.",
     "",
     "_____ | workflow                 | paused since",
     "      | WKF_NO_SEGMENT_2024      | 2024-12-11",
     "      | cusFeedRetry             | 2025-10-30",
     "      | copyOfWelcomeJourney     | 2026-01-02",
     "",
     "-------  Custom JavaScript libraries overriding built-in libraries",
     "",
     "+++++++++++  Warning : review before the upgrade.",
     "",
     "_____ | library",
     "      | cus:nms-overrides.js",
     "",
     "End of report: 5 checks, 2 warning(s), 0 action(s) for a consultant."]
w(b, 'precheck_fjell_prod.txt', P)
w(b, 'ticket-90577.txt', [
    "Pre-check done for the upgrade of fjell_prod. Two warnings: old paused workflows and our override library.",
    "The 0 id record check is clean (no schema listed), so we did not restore anything. Is the override library",
    "a blocker for the upgrade?"])
expect(b, 'near_miss', 'KA-16945', [E('KA-16945', 'not_confirmed')],
       "Same pre-check report layout, and the header '0 id record is missing from the following schemas' is printed, but the check is 'OK : no action required.' with '(0 rows)'; the warnings are about paused workflows and an override library. No schema lacks its 0 id record.")
