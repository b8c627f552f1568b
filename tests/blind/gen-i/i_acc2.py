"""Examiner I: Campaign Classic / v8 articles, part 2."""
import datetime as dt
from lib import *

D = dt.timedelta

TRK_SQL = ("SELECT T1.tsLog, T1.iDeliveryId, T1.iUrlId, T1.sSourceType, T3.dAmount, T3.iArticle, T2.iType FROM NmsTrackingUrl T2,  T1 "
           "LEFT OUTER JOIN NmsWebTrackingLog T3 ON iTrackingLogId = iWebTrackingLogId WHERE T1.tsLog < :#(1)# AND T1.tsLog >= :#(2)#  "
           "AND T1.iUrlId=T2.iTrackingUrlId ORDER BY T1.tsLog")


def us12(t, off):
    lt = t.astimezone(tz(off))
    return lt.strftime('%m/%d/%Y ') + str(int(lt.strftime('%I'))) + lt.strftime(':%M:%S %p')


# ---------------------------------------------------------------- KA-17530
def ka17530():
    b = 'ka-17530-field-i1'; fresh(b); r = rng(b)
    off = '+09:00'
    pu = ['%s 00003B10 1 info log Upgrading instance \'mkt_jp\' from build 9032 to build 9346' % fmt_ts(U('2024-03-09T16:02:11.301'), 'Z'),
          '%s 00003B10 1 info log =========Summary of the update==========' % fmt_ts(U('2024-03-09T16:03:40.022'), 'Z')]
    w(b, 'postupgrade/postupgrade_9346_20240310.log', pu)
    nl = NL(r, off=off)
    s = U('2024-03-11T00:00:00')
    for h in range(0, 12):
        t = s + D(hours=h, minutes=55, seconds=r.randint(0, 20))
        pe = t.replace(second=0, microsecond=0)
        nl.add(t, 'info', 'Consolidating tracking logs for the period [%s, %s[ ...' % (us12(pe - D(days=1), off), us12(pe, off)))
        for k in range(r.randint(4, 9)):
            nl.add(t + D(milliseconds=100 + k), 'info', 'Select: [%08X] SELECT iTrackingUrlId, sSource FROM NmsTrackingUrl WHERE iDeliveryId = %d' % (r.randint(1, 2 ** 30), r.randint(10000, 99999)), cat='wdbc')
        nl.add(t + D(seconds=2), 'info', 'Select: [00000000] ' + TRK_SQL, cat='wdbc')
        nl.add(t + D(seconds=2, milliseconds=1), 'info', 'Param(0)=%s' % us12(pe, off), cat='wdbc', depth=2)
        nl.add(t + D(seconds=2, milliseconds=1), 'info', 'Param(1)=%s' % us12(pe - D(days=1), off), cat='wdbc', depth=2)
        nl.add(t + D(seconds=2, milliseconds=9), 'error', 'PGS-220000 PostgreSQL error: ERROR:  relation "t1" does not exist\\nLINE 1: ...t, T3.iArticle, T2.iType FROM NmsTrackingUrl T2,  T1 LEFT OU...\\n \\n. (iRc=-2006)')
        nl.add(t + D(seconds=2, milliseconds=9), 'error', "WDB-200001 SQL statement '%s' could not be executed." % TRK_SQL)
        nl.add(t + D(seconds=2, milliseconds=10), 'error', "Attribute 'broadLog-id' unknown (see definition of schema 'Tracking logs (nms:trackingLog)').")
    w(b, 'var/mkt_jp/log/tracking.log', nl.lines())
    j = Journal('iso', off, newest_first=True, sep='    ')
    for h in range(6, 12):
        t = s + D(hours=h, minutes=55, seconds=3)
        j.add(t, 'nlmodule', 'PGS-220000 PostgreSQL error: ERROR:  relation "t1" does not exist LINE 1: ...t, T3.iArticle, T2.iType FROM NmsTrackingUrl T2,  T1 LEFT OU...')
        j.add(t, 'nlmodule', "WDB-200001 SQL statement '%s' could not be executed." % TRK_SQL)
        j.add(t, 'nlmodule', "Attribute 'broadLog-id' unknown (see definition of schema 'Tracking logs (nms:trackingLog)').")
    w(b, 'tracking-workflow-journal.txt', j.lines())
    expect(b, 'field', 'KA-17530', [E('KA-17530', 'confirmed')],
           'After the upgrade to build 9346 (postupgrade log), the verbose tracking log (wdbc trace, +09:00) fails every hour at '
           'the end of "Consolidating tracking logs": the SELECT ... FROM NmsTrackingUrl T2,  T1 LEFT OUTER JOIN NmsWebTrackingLog '
           'gives PGS-220000 relation "t1" does not exist, WDB-200001 and "Attribute \'broadLog-id\' unknown (... nms:trackingLog)"; '
           'the tracking workflow journal (nlmodule, newest first, no zone) shows the same.',
           args=['--tz', 'Asia/Tokyo'])

    b = 'ka-17530-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    s = U('2024-07-01T00:00:00')
    noise_wf(nl, r, s, 20, 1300)
    for d in range(3):
        t = U('2024-07-01T04:10:00') + D(hours=d * 7, seconds=r.randint(0, 59))
        nl.add(t, 'info', 'cusMonthlyKpi (id=80311) - Starting workflow')
        nl.add(t + D(seconds=1), 'error', 'cusMonthlyKpi (id=80311) - PGS-220000 PostgreSQL error: ERROR:  relation "t1" does not exist LINE 1: SELECT count(*) FROM T1 WHERE tsLog > now() - interval \'30 days\'')
        nl.add(t + D(seconds=1, milliseconds=1), 'error', "cusMonthlyKpi (id=80311) - WDB-200001 SQL statement 'SELECT count(*) FROM T1 WHERE tsLog > now() - interval '30 days'' could not be executed.")
        nl.add(t + D(seconds=1, milliseconds=3), 'error', 'cusMonthlyKpi (id=80311) - WKF-560020 The workflow has been paused.')
    w(b, 'wfserver.log', nl.lines())
    w(b, 'ticket-61455.txt', [
        'Our new KPI workflow cusMonthlyKpi has an SQL code activity copied from a colleague\'s script;',
        'it fails with relation "t1" does not exist. The tracking workflow itself runs fine.',
    ])
    expect(b, 'near_miss', 'KA-17530', [E('KA-17530', 'not_confirmed')],
           'PGS-220000 relation "t1" does not exist, but from a custom workflow\'s SQL code activity ("SELECT count(*) FROM T1 ..."), '
           'not the tracking workflow; tracking runs and finishes in the same wfserver.log; no target mapping, no nms:trackingLog.')


# ---------------------------------------------------------------- KA-17657
def ka17657():
    b = 'ka-17657-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+02:00')
    s = U('2025-04-07T00:00:00')
    noise_wf(nl, r, s, 24, 1700)
    for d in (U('2025-04-07T03:15:02.118'), U('2025-04-07T15:15:01.774')):
        nl.add(d, 'info', 'Import_Stores_Daily (id=88214) - Starting workflow')
        nl.add(d + D(seconds=5), 'info', "Import_Stores_Daily (id=88214) - 1204 record(s) processed (step 'Data loading (file)')")
        nl.add(d + D(seconds=7), 'error', "Import_Stores_Daily (id=88214) - QUE-370030 You do not have the rights needed on folder of identifier 85948572 (documents of type 'Workflow (workflow)') to complete the operation.")
        nl.add(d + D(seconds=7, milliseconds=4), 'error', 'Import_Stores_Daily (id=88214) - WKF-560020 The workflow has been paused.')
    w(b, 'wfserver.log', nl.lines())
    w(b, 'wfserver_2.log', [l.replace('2025-04-07', '2025-04-06').replace('1 error log', '1 info log') for l in noise_lines(r)])
    j = Journal('eu', '+02:00', newest_first=True, sep='\t')
    for d in (U('2025-04-07T03:15:09.122'), U('2025-04-07T15:15:08.778')):
        j.add(d, 'createWorkflow', "QUE-370030 You do not have the rights needed on folder of identifier 85948572 (documents of type 'Workflow (workflow)') to complete the operation.")
    w(b, 'ticket-90112.txt', [
        'Workflow Import_Stores_Daily fails since its operator was changed to svc_import last week. Journal:'] + j.lines(), crlf=True)
    expect(b, 'field', 'KA-17657', [E('KA-17657', 'confirmed')],
           "Workflow Import_Stores_Daily fails twice a day with \"QUE-370030 You do not have the rights needed on folder of identifier "
           "85948572 (documents of type 'Workflow (workflow)') to complete the operation.\" then pauses (wfserver.log +02:00, busy; "
           "a rotated wfserver_2.log of the day before); the CRLF ticket pastes the journal and says the workflow's operator changed.")

    b = 'ka-17657-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    s = U('2025-02-11T07:00:00')
    noise_web(nl, r, s, 10, 1500, inst='prod')
    t = U('2025-02-11T10:22:41')
    for k in range(3):
        tt = t + D(minutes=k * 2, seconds=r.randint(0, 30))
        nl.add(tt, 'info', "Log in of 'c.weber' from '10.14.2.77' (instance 'prod')")
        nl.add(tt + D(seconds=40), 'error', "QUE-370030 You do not have the rights needed on folder of identifier 20117 (documents of type 'Lists (group)') to complete the operation.")
        nl.add(tt + D(seconds=40, milliseconds=2), 'error', "SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
    w(b, 'web.log', nl.lines())
    w(b, 'ticket-90230.txt', ['New marketer c.weber cannot save a list in the folder "Lists > Spring campaign" from the client console.'])
    expect(b, 'near_miss', 'KA-17657', [E('KA-17657', 'not_confirmed', True)],
           "QUE-370030 in web.log when an operator saves a list (documents of type 'Lists (group)') from the console (SOP-330011 Write "
           "of xtk:session); no workflow fails. Possible is acceptable: the code and the folder-rights cause are the article's, "
           "only the workflow context is missing.")


def noise_lines(r):
    nl = NL(r, off='+02:00')
    noise_wf(nl, r, U('2025-04-06T00:00:00'), 24, 600)
    return nl.lines()


# ---------------------------------------------------------------- KA-19394
def ka19394():
    b = 'ka-19394-field-i1'; fresh(b); r = rng(b)
    seq = 'wkf19482_4968_1_irecprocstate_seq'
    ins = ("INSERT INTO wkf19482_4968_1 (iRecTrnState, iPKey1, iPKey_1, iFld87021, tsFld87022, iSrc7, iSrc6, iSrc5, tsSrc4, mSrc3, iSrc2, iSrc1) "
           "SELECT 0, case when W0.iId <> 0 then W0.iId else NULL end, R1.iRecipientID, 14, AddDays(GetDate() , 1), W0.iId1, W0.iType, W0.iStatus, "
           "W0.tsCreated, W0.mQuarantineText, W0.iQuarantineReason, W0.iId FROM wkf19482_4962_1 W0 JOIN NmsRecipient R3 ON (R3.iRecipientId = W0.iId) "
           "LEFT JOIN SsgRecipientsProfile R1 LEFT JOIN NmsRecipient R2 ON (R2.iRecipientId = R1.iRecipientID) ON (R2.sEmail = R3.sEmail)")
    j = Journal('eu', '+01:00', newest_first=False, sep=' ')
    t = U('2024-01-29T05:30:12')
    j.add(t, 'start', 'Workflow started')
    j.add(t + D(seconds=40), 'query', '3 880 412 record(s) targeted')
    j.add(t + D(minutes=3), 'writer', "WDB-200001 SQL statement '%s' could not be executed." % ins)
    j.add(t + D(minutes=3), 'writer', 'PGS-220000 PostgreSQL error: ERROR:  nextval: reached maximum value of sequence "%s" (2147483647)' % seq)
    w(b, 'SSG_profile_update-journal.txt', j.lines())
    L = []
    pid = 41877
    tt = U('2024-01-29T05:33:12.448')
    for k in range(300):
        tx = tt - D(hours=3) + D(seconds=k * 36 + r.randint(0, 30))
        if k % 50 == 0:
            L.append(pg(tx, '+01:00', r.randint(30000, 40000), 'LOG', 'checkpoint starting: time'))
        else:
            L.append(pg(tx, '+01:00', r.randint(30000, 40000), 'LOG', 'duration: %d.%03d ms  statement: SELECT iRecipientId FROM NmsRecipient WHERE sEmail = $1' % (r.randint(1000, 4000), r.randint(0, 999))))
    L.append(pg(tt, '+01:00', pid, 'ERROR', 'nextval: reached maximum value of sequence "%s" (2147483647)' % seq))
    L.append(pg(tt, '+01:00', pid, 'STATEMENT', ins))
    L.sort()
    w(b, 'postgresql-Mon.log', L)
    w(b, 'ticket-40331.txt', [
        'Workflow SSG_profile_update (update of our custom table SsgRecipientsProfile from the recipients) fails in the writer',
        'step. Running it on a handful of recipients given by hand works. PostgreSQL log attached (CET).',
    ])
    expect(b, 'field', 'KA-19394', [E('KA-19394', 'confirmed')],
           'Writer activity of a workflow updating SsgRecipientsProfile: journal (DD/MM/YYYY) and PostgreSQL log (stock prefix, CET) '
           'show WDB-200001 on INSERT INTO wkf19482_4968_1 (iRecTrnState, ...) and "nextval: reached maximum value of sequence '
           '"wkf19482_4968_1_irecprocstate_seq" (2147483647)"; it works with a few recipients, as the article describes.',
           args=['--tz', 'Europe/Paris'])

    b = 'ka-19394-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00')
    s = U('2024-08-05T10:00:00')
    noise_wf(nl, r, s, 10, 1100)
    t = U('2024-08-05T14:02:00')
    wfs = [('deliveryMgt', 1022), ('cusWelcomeJourney', 50021), ('operationMgt', 1021), ('cusSurveyImport', 50077)]
    for k in range(14):
        name, wid = r.choice(wfs)
        tt = t + D(minutes=k * 9 + r.randint(0, 5), seconds=r.randint(0, 59))
        nl.add(tt, 'error', '%s (id=%d) - PGS-220000 PostgreSQL error: ERROR:  nextval: reached maximum value of sequence "xtknewid" (2147483647)' % (name, wid))
        nl.add(tt + D(milliseconds=2), 'error', "%s (id=%d) - WDB-200001 SQL statement 'SELECT GetNewId()' could not be executed." % (name, wid))
    w(b, 'wfserver.log', nl.lines())
    expect(b, 'near_miss', 'KA-19394', [E('KA-19394', 'not_confirmed')],
           'Many workflows (deliveryMgt, operationMgt, custom ones) fail on "nextval: reached maximum value of sequence "xtknewid"": '
           'the instance-wide id sequence is exhausted, not the irecprocstate sequence of one workflow\'s temporary table; '
           'a different problem with a different fix.')


# ---------------------------------------------------------------- KA-19425
def ka19425():
    b = 'ka-19425-field-i1'; fresh(b); r = rng(b)
    off = '+08:00'
    nl = NL(r, off=off)
    s = U('2024-05-27T00:30:00')
    noise_web(nl, r, s, 9, 1500, inst='sg_prod')
    t = U('2024-05-27T06:48:20.331')
    for k in range(2):
        tt = t + D(minutes=k * 4, seconds=r.randint(0, 20))
        tid = '%08X' % r.randint(0x1000, 0xFFFF)
        nl.add(tt, 'info', "Deleting web application 'Closed form log (WEBAPP58)' (id=5818632) requested by operator 'l.tan'", tid=tid)
        nl.add(tt + D(milliseconds=95), 'error', 'PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint "xtkdictionarystring_name"\\nDETAIL:  Key (iobjectid, ssourceid, slocale)=(0, del_5818632_closedFormLog, en) already exists.\\n (iRc=-2006)', tid=tid)
        nl.add(tt + D(milliseconds=96), 'error', "SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.", tid=tid)
    w(b, 'web.log', nl.lines())
    w(b, 'web_2.log.gz', NL_noise(r, off), gz=True)
    L = []
    for k in range(400):
        tx = s + D(seconds=k * 80 + r.randint(0, 60), milliseconds=r.randint(0, 999))
        L.append(pg(tx, off, r.randint(20000, 29000), 'LOG', 'duration: %d.%03d ms  execute <unnamed>: SELECT W0.iWebAppId, W0.sLabel FROM NmsWebApp W0 WHERE W0.iWebAppId = $1' % (r.randint(1, 900), r.randint(0, 999)), user='neolane', db='sg_prod', zone='+08'))
    for k in range(2):
        tt = t + D(minutes=k * 4, milliseconds=90)
        p = r.randint(20000, 29000)
        L.append(pg(tt, off, p, 'ERROR', 'duplicate key value violates unique constraint "xtkdictionarystring_name"', user='neolane', db='sg_prod', zone='+08'))
        L.append('\tDETAIL:  Key (iobjectid, ssourceid, slocale)=(0, del_5818632_closedFormLog, en) already exists.')
        L.append('\tSTATEMENT:  UPDATE XtkDictionaryString SET sSourceId=\'del_5818632_closedFormLog\', iObjectId=0 WHERE iObjectId=5818632 AND sSourceId=\'closedFormLog\'')
    L2 = []
    i = 0
    main = [l for l in L if not l.startswith('\t')]
    # keep DETAIL/STATEMENT after their ERROR line
    errs = {}
    for idx, l in enumerate(L):
        if 'ERROR:' in l:
            errs[l] = L[idx + 1:idx + 3]
    for l in sorted(main):
        L2.append(l)
        L2.extend(errs.get(l, []))
    w(b, 'postgresql-2024-05-27_000000.log', L2)
    w(b, 'ticket-33874.txt', ['We cannot delete the web application "Closed form log" (WEBAPP58); the console shows a',
                              'duplicate key error on xtkdictionarystring_name. Logs of the web server and the database attached (SGT).'])
    expect(b, 'field', 'KA-19425', [E('KA-19425', 'confirmed')],
           'Deleting web application WEBAPP58 fails twice: web.log (+08:00, busy, plus a rotated web_2.log.gz) has PGS-220000 '
           'duplicate key value violates unique constraint "xtkdictionarystring_name" with DETAIL Key (iobjectid, ssourceid, slocale)=(0, '
           'del_5818632_closedFormLog, en) then SOP-330011 Write; the PostgreSQL log (Debian prefix, zone +08, tab-indented DETAIL/STATEMENT) '
           'shows the same on the UPDATE of XtkDictionaryString.', args=['--tz', 'Asia/Singapore'])

    b = 'ka-19425-near-i1'; fresh(b); r = rng(b)
    c = []
    t = U('2024-10-02T09:14:00')
    def con(tt, msg):
        c.append('%s >   %s' % (tt.astimezone(tz('+02:00')).strftime('%H:%M:%S'), msg))
    con(t, 'Application server for Adobe Campaign Classic (7.3.5 build 9364@a1b2c3d R) of 03/11/2024')
    con(t, "Importing package 'cus_translations_fr_2024_10.xml' into instance 'eu_prod'...")
    for k in range(12):
        con(t + D(seconds=2 + k), "Loading entity 'xtk:dictionaryString' (%d/40)" % (k + 1))
    con(t + D(seconds=15), 'PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint "xtkdictionarystring_name"')
    con(t + D(seconds=15), 'DETAIL:  Key (iobjectid, ssourceid, slocale)=(0, nms:recipient/@cusTier, fr) already exists.')
    con(t + D(seconds=15), "XSV-350122 An error occurred and the process has been stopped.")
    con(t + D(seconds=15), "Package 'cus_translations_fr_2024_10.xml' not imported.")
    w(b, 'package-import-console.txt', c)
    w(b, 'ticket-34002.txt', ['nlserver package -import of our French translation package fails on the second try (the first import',
                              'was interrupted yesterday and left half of the strings). Console output attached.'])
    expect(b, 'near_miss', 'KA-19425', [E('KA-19425', 'not_confirmed', True)],
           'The same unique constraint "xtkdictionarystring_name" violated, but by a translation package import re-run after a partial '
           'import (key nms:recipient/@cusTier, fr) in the nlserver console output; no web application is deleted. Possible is acceptable: '
           'constraint and message are the article\'s.')


def NL_noise(r, off):
    nl = NL(r, off=off)
    noise_web(nl, r, U('2024-05-26T00:30:00'), 20, 700, inst='sg_prod')
    return nl.lines()


# ---------------------------------------------------------------- KA-21165
def ka21165():
    b = 'ka-21165-field-i1'; fresh(b); r = rng(b)
    off = '+02:00'
    nl = NL(r, off=off)
    s = U('2024-09-16T06:00:00')
    doms_ok = ['gmx.de', 'web.de', 'outlook.com', 'orange.fr', 'free.fr', 'icloud.com', 't-online.de']
    for _ in range(2500):
        t = rt(r, s, 12)
        k = r.random()
        if k < 0.75:
            nl.add(t, 'info', "Message %d sent to '%s' (delivery 'DM%d')" % (r.randint(10 ** 7, 10 ** 8), r.choice(doms_ok), r.choice([8812, 8813])))
        elif k < 0.85:
            nl.add(t, 'info', 'Connection to %s established (%s)' % (r.choice(['mx00.t-online.de', 'mx-in.gmx.net', 'mx1.orange.fr']), ip(r)))
        else:
            nl.add(t, 'warning', "Message %d: 550 5.1.1 <%s@%s>: Recipient address rejected: User unknown" % (r.randint(10 ** 7, 10 ** 8), r.choice(['max', 'anna', 'k.berg', 'info']) + str(r.randint(1, 99)), r.choice(doms_ok)))
    t = U('2024-09-16T09:10:00')
    for k in range(380):
        tt = t + D(seconds=r.randint(0, 5 * 3600), milliseconds=r.randint(0, 999))
        dom = r.choice(['yahoo.com', 'yahoo.de', 'aol.com', 'gmail.com'])
        if dom == 'gmail.com':
            smtp = '421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited.'
        else:
            smtp = '421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes'
        nl.add(tt, 'warning', "Message %d to '%s': %s" % (r.randint(10 ** 7, 10 ** 8), dom, smtp))
        if k % 3 == 0:
            nl.add(tt + D(milliseconds=5), 'warning', "Messages queued (dynamic flow control) for domain '%s'" % dom)
    w(b, 'mtachild.log', nl.lines())
    w(b, 'mtachild_2.log.gz', [l.replace('2024-09-16', '2024-09-15') for l in nl.lines()[:900]], gz=True)
    csv = ['Domain;Failure reason;Messages']
    for dom, n in (('yahoo.com', 4120), ('gmail.com', 2284), ('yahoo.de', 1390), ('aol.com', 655), ('gmx.de', 88), ('orange.fr', 41)):
        csv.append('%s;Messages queued (dynamic flow control);%d' % (dom, n))
    csv.append('gmx.de;User unknown;311')
    csv.append('orange.fr;Mailbox full;57')
    w(b, 'delivery-failures-by-domain.csv', csv, crlf=True)
    w(b, 'ticket-59920.txt', ['We collated the failure reasons of the last deliveries per domain (CSV attached). Most of the volume',
                              'is "Messages queued (dynamic flow control)", mainly Yahoo/AOL and Gmail. mtachild logs attached.'])
    expect(b, 'field', 'KA-21165', [E('KA-21165', 'confirmed')],
           'MTA child log (+02:00, 2500 noise lines, a rotated .gz): from 09:10 Yahoo/AOL (421 TSS04 deferred) and Gmail (421-4.7.28 '
           'rate limited) defer messages and the MTA logs "Messages queued (dynamic flow control)" for those domains; the CRLF '
           'CSV of failure reasons per domain is dominated by that message, as in the article.')

    b = 'ka-21165-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    s = U('2024-10-21T07:00:00')
    for _ in range(1800):
        t = rt(r, s, 9)
        k = r.random()
        dom = r.choice(['orange.fr', 'wanadoo.fr', 'free.fr', 'sfr.fr', 'laposte.net'])
        if k < 0.8:
            nl.add(t, 'info', "Message %d sent to '%s' (delivery 'DM%d')" % (r.randint(10 ** 7, 10 ** 8), dom, r.choice([9120, 9121])))
        elif k < 0.9:
            nl.add(t, 'warning', "Message %d: 552 5.2.2 Mailbox full (%s)" % (r.randint(10 ** 7, 10 ** 8), dom))
        else:
            nl.add(t, 'warning', "Message %d: 550 5.1.1 Recipient address rejected: User unknown (%s)" % (r.randint(10 ** 7, 10 ** 8), dom))
    w(b, 'mtachild.log', nl.lines())
    w(b, 'ticket-60144.txt', [
        'Open rates on orange.fr dropped. We followed the KB about dynamic flow control: we checked the delivery logs and',
        'we do not see "Messages queued (dynamic flow control)" anywhere; the failures are Mailbox full and User unknown.',
        'Can you help?',
    ])
    expect(b, 'near_miss', 'KA-21165', [E('KA-21165', 'not_confirmed')],
           'French ISP deliveries with the usual hard/soft bounces (552 mailbox full, 550 user unknown) in mtachild.log (Z); the '
           'ticket names "Messages queued (dynamic flow control)" only to say it is NOT in the logs. No MTA backoff.')


# ---------------------------------------------------------------- KA-22353
def ka22353():
    b = 'ka-22353-field-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+01:00', newest_first=True, sep='  ')
    t1 = U('2025-03-03T07:00:04')
    t2 = U('2025-03-04T07:00:03')
    j.add(t1, 'start', 'Workflow started')
    j.add(t1 + D(seconds=20), 'query', '18 522 record(s) targeted')
    j.add(t1 + D(minutes=2), 'delivery', "Delivery 'DailyEmail1' (DM5571) prepared and approved")
    j.add(t1 + D(minutes=31), 'delivery', "Delivery 'DailyEmail1' (DM5571): 18 522 message(s) sent")
    j.add(t1 + D(minutes=31), 'end', 'Workflow finished')
    j.add(t2, 'start', 'Workflow started')
    j.add(t2 + D(seconds=19), 'query', '17 904 record(s) targeted')
    j.add(t2 + D(seconds=25), 'delivery', "DLV-490002 Cannot start a new analysis of the delivery since current state ('Finished') does not allow it.")
    j.add(t2 + D(seconds=25), 'delivery', "WKF-560038 Error when performing action 'Prepare and approve' on delivery 'DailyEmail1' (of primary key 2871101). Please refer to the log of this delivery for more information (object associated with the workflow task).")
    w(b, 'ticket-83301.txt', ['Simple workflow query > delivery > end, scheduled daily. The delivery was sent yesterday, but today',
                              'the workflow shows an error on the delivery activity. Journal (CET):', ''] + j.lines(), crlf=True)
    nl = NL(r, off='+01:00')
    noise_wf(nl, r, U('2025-03-03T00:00:00'), 36, 1500)
    nl.add(t2 + D(seconds=25, milliseconds=311), 'error', "WKF_DailyEmail (id=92210) - WKF-560038 Error when performing action 'Prepare and approve' on delivery 'DailyEmail1' (of primary key 2871101). Please refer to the log of this delivery for more information (object associated with the workflow task).")
    nl.add(t2 + D(seconds=25, milliseconds=300), 'error', "WKF_DailyEmail (id=92210) - DLV-490002 Cannot start a new analysis of the delivery since current state ('Finished') does not allow it.")
    w(b, 'wfserver.log', nl.lines())
    expect(b, 'field', 'KA-22353', [E('KA-22353', 'confirmed')],
           "Daily workflow with a (non-recurring) delivery activity: the first run sends DailyEmail1, the next day's run fails with "
           "DLV-490002 current state ('Finished') and WKF-560038 'Prepare and approve' on 'DailyEmail1'; journal pasted in a CRLF ticket "
           "(newest first, DD/MM/YYYY) and the same two errors in wfserver.log (+01:00, busy).", args=['--tz', 'Europe/Paris'])

    b = 'ka-22353-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+01:00')
    noise_wf(nl, r, U('2025-03-10T00:00:00'), 24, 1400)
    t = U('2025-03-10T08:30:03')
    nl.add(t, 'info', 'cusFlashSale (id=92544) - Starting workflow')
    nl.add(t + D(seconds=40), 'error', "cusFlashSale (id=92544) - DLV-490002 Cannot start a new analysis of the delivery since current state ('Start pending') does not allow it.")
    nl.add(t + D(seconds=40, milliseconds=2), 'error', "cusFlashSale (id=92544) - WKF-560038 Error when performing action 'Prepare and approve' on delivery 'Flash sale March' (of primary key 2873390). Please refer to the log of this delivery for more information (object associated with the workflow task).")
    w(b, 'wfserver.log', nl.lines())
    w(b, 'ticket-83420.txt', ['An operator clicked "Send" on the delivery Flash sale March in the console while the workflow',
                              'cusFlashSale was starting it; the workflow then failed.'])
    expect(b, 'near_miss', 'KA-22353', [E('KA-22353', 'not_confirmed')],
           "DLV-490002 + WKF-560038 'Prepare and approve', but the state is ('Start pending'): an operator started the delivery by hand "
           "while the workflow was preparing it; the delivery was not already finished, nothing about recurring deliveries.")


def run():
    ka17530(); ka17657(); ka19394(); ka19425(); ka21165(); ka22353()
