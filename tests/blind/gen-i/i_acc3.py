"""Examiner I: Campaign Classic / v8 articles, part 3, and the busy healthy instance."""
import datetime as dt
from lib import *

D = dt.timedelta


# ---------------------------------------------------------------- KA-22570
def ka22570():
    b = 'ka-22570-field-i1'; fresh(b); r = rng(b)
    j = Journal('iso', 'Z', newest_first=True, sep='  ')
    t = U('2024-07-09T12:41:05')
    tid = 'brandv8prod'
    n = 4471
    j.add(t, 'Analysis', 'Start of analysis of delivery (operator: h.meyer)')
    j.add(t + D(seconds=2), 'Analysis', "Target: external file 'spring_leads_0709.csv' (recipients not imported in the database), 12 480 line(s)")
    j.add(t + D(seconds=9), 'Analysis', "SOP-330011 Error while executing the method 'PrepareTargetImpl' of service 'nms:delivery'.")
    j.add(t + D(seconds=9), 'Analysis', "WDB-200001 SQL statement 'DROP TABLE wkDlv_%d_Excl' could not be executed." % n)
    j.add(t + D(seconds=9), 'Analysis', "ODB-240000 ODBC error: SQL compilation error: Table 'BRANDV8_DB.PUBLIC.WKDLV_%d_EXCL' does not exist or not authorized. SQLState: 42S02" % n)
    j.add(t + D(seconds=9), 'Analysis', "WDB-200001 SQL statement 'ALTER TABLE wkDlv_%d RENAME TO wkDlv_%d' could not be executed." % (n, n))
    j.add(t + D(seconds=9), 'Analysis', "ODB-240000 ODBC error: SQL compilation error: Table 'BRANDV8_DB.PUBLIC.WKDLV_%d' does not exist or not authorized. SQLState: 42S02" % n)
    j.add(t + D(seconds=9), 'Analysis', 'DLV-491034 Cannot prepare delivery for tenant %s: mid-sourcing service is setup for Full FDA deliveries only.' % tid)
    w(b, 'delivery-DM%d-audit.txt' % n, j.lines())
    w(b, 'ticket-77001.txt', [
        'Campaign v8 (FFDA). We want to send an email to leads that are not in the database: delivery > To > "Defined',
        'in an external file", target mapping External file, "Do not import the recipients in DB" checked, local CSV',
        'uploaded on the server. The analysis fails (delivery log attached, UTC).',
    ])
    expect(b, 'field', 'KA-22570', [E('KA-22570', 'confirmed')],
           'v8 delivery to an external file with "Do not import the recipients in DB": the delivery audit (ISO, newest first) has '
           'SOP-330011 PrepareTargetImpl, WDB-200001 DROP TABLE wkDlv_4471_Excl / ALTER TABLE wkDlv_4471 RENAME, ODB-240000 ... does '
           'not exist or not authorized SQLState 42S02 and DLV-491034 mid-sourcing service is setup for Full FDA deliveries only.')

    b = 'ka-22570-near-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+02:00', newest_first=False, sep='  ')
    t = U('2024-07-15T04:00:02')
    for d in range(3):
        tt = t + D(days=d, seconds=r.randint(0, 30))
        j.add(tt, 'start', 'Workflow started')
        j.add(tt + D(seconds=4), 'fileImport', '%d line(s) read from stores_%s.csv' % (r.randint(800, 900), (tt + D(hours=2)).strftime('%Y%m%d')))
        j.add(tt + D(seconds=6), 'writer', "WDB-200001 SQL statement 'INSERT INTO CusStore (sStoreCode, sLabel, sCity) SELECT sCode, sLabel, sCity FROM wkf88120_3_1' could not be executed.")
        j.add(tt + D(seconds=6), 'writer', "ODB-240000 ODBC error: SQL compilation error: Table 'BRANDV8_DB.PUBLIC.CUSSTORE' does not exist or not authorized. SQLState: 42S02")
        j.add(tt + D(seconds=6), 'writer', 'WKF-560020 The workflow has been paused.')
    w(b, 'cusStoreLoad-journal.txt', j.lines(), crlf=True)
    expect(b, 'near_miss', 'KA-22570', [E('KA-22570', 'not_confirmed')],
           'v8 (Snowflake) workflow cusStoreLoad fails three nights: ODB-240000 "Table ... CUSSTORE does not exist or not authorized. '
           'SQLState: 42S02" on the INSERT into a custom table that was never created; no delivery, no external-file target, no '
           'DLV-491034.', args=['--tz', 'Europe/Berlin'])


# ---------------------------------------------------------------- KA-22995
def ka22995():
    b = 'ka-22995-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00')
    s = U('2024-04-15T12:00:00')
    noise_web(nl, r, s, 9, 1800, inst='brandb_prod')
    t = U('2024-04-15T15:12:40')
    for k, (what, dm) in enumerate([('proof', 'DM310'), ('proof', 'DM310'), ('delivery', 'DM311')]):
        tt = t + D(minutes=k * 11, seconds=r.randint(0, 50))
        tid = '%08X' % r.randint(0x1000, 0xFFFF)
        nl.add(tt, 'info', "Start of the %s of delivery '%s' requested by operator 'r.patel'" % (what, dm), tid=tid)
        nl.add(tt + D(seconds=3), 'error', 'DLV-490032 The sender email address or error email address is not authorized (deliverability configuration not carried out).', tid=tid)
        nl.add(tt + D(seconds=3, milliseconds=2), 'error', "SOP-330011 Error while executing the method 'PrepareProof' of service 'nms:delivery'." if what == 'proof' else "SOP-330011 Error while executing the method 'PrepareMessageImpl' of service 'nms:delivery'.", tid=tid)
    w(b, 'web.log', nl.lines())
    w(b, 'ticket-45109.txt', ['New brand B instance. Any proof or delivery with the sender news@mail.brand-b.com fails with',
                              'DLV-490032 (web.log attached, EST). The Deployment wizard was copied from brand A.'])
    expect(b, 'field', 'KA-22995', [E('KA-22995', 'confirmed')],
           'Proofs and a delivery from the new sender domain fail in web.log (-05:00, 1800 noise lines) with "DLV-490032 The sender '
           'email address or error email address is not authorized (deliverability configuration not carried out)."; the ticket '
           'points to the Deployment wizard copied from another brand (authorized masks).')

    b = 'ka-22995-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+01:00')
    s = U('2024-11-04T07:00:00')
    noise_web(nl, r, s, 10, 1400, inst='mkt_prod')
    t = U('2024-11-04T10:03:00')
    for k in range(4):
        tt = t + D(minutes=k * 37, seconds=r.randint(0, 50))
        em = r.choice(['anna.k', 'tom.b', 'lea.m', 'ollie']) + '@' + r.choice(['gmail.com', 'gmx.de', 'outlook.fr'])
        nl.add(tt, 'info', "HTTP request 'POST /webApp/viral?id=%x' from '%s'" % (r.randint(10 ** 8, 10 ** 9), ip(r)))
        nl.add(tt + D(milliseconds=400), 'error', "The '%s' sender email address is not authorized (deliverability configuration not carried out)." % em)
    w(b, 'web.log', nl.lines())
    w(b, 'ticket-45377.txt', ['Hybrid set-up with a mid-sourcing instance hosted by Adobe. When a recipient uses "Forward to a friend"',
                              '(web app viral) and clicks Send, the page shows an error. Normal deliveries and proofs work.'])
    expect(b, 'near_miss', 'KA-22995', [E('KA-22995', 'not_confirmed', True), E('KA-22174', 'any')],
           'Forward to a friend (web app viral) on a mid-sourcing set-up: web.log (+01:00) shows "The \'<friend address>\' sender '
           'email address is not authorized (deliverability configuration not carried out)." for the friend\'s address; deliveries '
           'and proofs work. That is KA-22174\'s case (any), not a missing authorized mask in the Deployment wizard. Possible is '
           'acceptable for KA-22995 (nearly the same message).')


# ---------------------------------------------------------------- KA-23365
STACK = [
    'com.adobe.nl.core.NlException: Bad mirror page; rc=400 at ',
    'org.apache.jsp.m_jsp._jspService(m_jsp.java:180) at ',
    'org.apache.jasper.runtime.HttpJspBase.service(HttpJspBase.java:70) at ',
    'javax.servlet.http.HttpServlet.service(HttpServlet.java:765) at ',
    'org.apache.jasper.servlet.JspServletWrapper.service(JspServletWrapper.java:465) at ',
    'org.apache.jasper.servlet.JspServlet.serviceJspFile(JspServlet.java:383) at ',
    'org.apache.jasper.servlet.JspServlet.service(JspServlet.java:331) at ',
    'javax.servlet.http.HttpServlet.service(HttpServlet.java:765) at ',
    'org.apache.catalina.core.ApplicationFilterChain.internalDoFilter(ApplicationFilterChain.java:231)',
]


def ka23365():
    b = 'ka-23365-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    s = U('2024-10-21T00:00:00')
    noise_web(nl, r, s, 24, 2200, inst='brand_mkt_prod')
    for k in range(26):
        t = rt(r, U('2024-10-21T08:00:00'), 14)
        h = '%x' % r.randint(0x10000000, 0xffffffff)
        nl.add(t, 'info', "HTTP request 'GET /m/?d=%s&id=%d' from '%s'" % (h, r.randint(10 ** 6, 10 ** 7), '%d.%d.%d.%d' % (r.randint(60, 200), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254))))
        nl.add(t + D(milliseconds=30), 'error', 'A technical error has occurred: Bad mirror page; rc=400')
        for sl in STACK:
            nl.cont(t + D(milliseconds=30), sl)
    for k in range(40):
        t = rt(r, U('2024-10-21T08:00:00'), 14)
        nl.add(t, 'info', "HTTP request 'GET /m/?d=%x&id=%d' processed in %d ms (delivery on routing 'Email delivery (defaultEmailBulk)')" % (r.randint(0x10000000, 0xffffffff), r.randint(10 ** 6, 10 ** 7), r.randint(20, 300)))
    w(b, 'web.log', nl.lines())
    w(b, 'ticket-88810.txt', [
        'Since our upgrade to Campaign v8 the mirror page link in the delivery logs does not load for the new deliveries:',
        '"A technical error has occurred: Bad mirror page; rc=400". Those deliveries use the routing',
        '"Email routing using MID sourcing tmg prod5" created during the 11.10 multi-cell mid set-up. Older deliveries',
        'on the default routing open fine. web.log from our ops team attached (UTC).',
    ])
    expect(b, 'field', 'KA-23365', [E('KA-23365', 'confirmed')],
           'v8 after the upgrade: web.log (Z, 2200 noise lines) shows 26 mirror-page requests failing with "A technical error has '
           'occurred: Bad mirror page; rc=400" and the NlException stack through m_jsp._jspService, while mirror pages of deliveries '
           'on the default routing work; the ticket names the MID-sourcing routing "Email routing using MID sourcing tmg prod5".')

    b = 'ka-23365-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+02:00')
    s = U('2024-06-03T00:00:00')
    noise_web(nl, r, s, 24, 2000, inst='prod')
    nl.add(s + D(hours=4, minutes=0, seconds=2), 'info', 'Application server for Adobe Campaign Classic (7.3.4 build 9356@7f1b2c0 R) of 12/01/2023')
    for k in range(300):
        t = rt(r, s, 24)
        nl.add(t, 'info', "HTTP request 'GET /m/?d=%x&id=%d' processed in %d ms" % (r.randint(0x10000000, 0xffffffff), r.randint(10 ** 6, 10 ** 7), r.randint(20, 300)))
    scan = U('2024-06-03T02:17:40')
    for k, junk in enumerate(["/m/?d=%27%20OR%201%3D1--", "/m/?d=../../etc/passwd", "/m/?id=%3Cscript%3E", "/m/?d=${jndi:ldap://x}"]):
        t = scan + D(seconds=k * 3, milliseconds=r.randint(0, 999))
        nl.add(t, 'info', "HTTP request 'GET %s' from '185.220.101.%d'" % (junk, r.randint(2, 250)))
        nl.add(t + D(milliseconds=8), 'error', 'A technical error has occurred: Bad mirror page; rc=400')
        for sl in STACK[:3]:
            nl.cont(t + D(milliseconds=8), sl.replace('com.adobe.nl.core', 'com.neolane.nl.core'))
    w(b, 'web.log', nl.lines())
    expect(b, 'near_miss', 'KA-23365', [E('KA-23365', 'not_confirmed', True)],
           'Campaign Classic v7 (build 9356 banner, +02:00): 300 mirror pages served normally all day; four requests of a scanner '
           '(SQL injection, path traversal, log4shell probes on /m/) at 02:17 get "Bad mirror page; rc=400". No upgrade to v8, no '
           'routing problem. Possible is acceptable (the message is the article\'s).')


# ---------------------------------------------------------------- KA-23951
def ka23951():
    b = 'ka-23951-field-i1'; fresh(b); r = rng(b)
    off = '-05:00'
    sql = ("SELECT B0.iBroadLogId, B0.iRecipientId FROM NmsBroadLogRcp B0 WHERE (TruncDate(B0.tsEvent, 86400, 'America/New_York') = "
           "TruncDate(GetDate(), 86400, 'America/New_York') - interval '1 day') AND B0.iStatus = 1")
    j = Journal('us', off, newest_first=True)
    t = U('2024-02-20T11:00:02')
    for d in range(2):
        tt = t + D(days=d)
        j.add(tt, 'start', 'Workflow started')
        j.add(tt + D(hours=1, seconds=1), 'query', 'PGS-220000 PostgreSQL error: ERROR: canceling statement due to user request CONTEXT: PL/pgSQL function truncdate(timestamp with time zone,integer,text) line 2 at statement block .')
        j.add(tt + D(hours=1, seconds=1), 'query', "WDB-200001 SQL statement '%s' could not be executed." % sql)
    w(b, 'cusYesterdayOpeners-journal.txt', j.lines())
    L = []
    s = U('2024-02-20T09:00:00')
    for k in range(700):
        tx = s + D(seconds=k * 20 + r.randint(0, 19), milliseconds=r.randint(0, 999))
        c = r.random()
        if c < 0.05:
            L.append(pg(tx, off, r.randint(50000, 60000), 'LOG', 'checkpoint complete: wrote %d buffers (%.1f%%); 0 WAL file(s) added, 0 removed, %d recycled' % (r.randint(100, 9000), r.random() * 5, r.randint(1, 9)), user='', db='').replace(' @ ', ' '))
        else:
            L.append(pg(tx, off, r.randint(50000, 60000), 'LOG', 'duration: %d.%03d ms  execute <unnamed>: SELECT iWorkflowId, iState FROM XtkWorkflow WHERE iWorkflowId = $1' % (r.randint(0, 60), r.randint(0, 999)), user='neolane', db='acc_us'))
    for d in range(2):
        tt = t + D(days=d, hours=1, seconds=1, milliseconds=r.randint(0, 900))
        p = r.randint(50000, 60000)
        L.append((pg(tt, off, p, 'ERROR', 'canceling statement due to user request', user='neolane', db='acc_us'),
                  ['\tCONTEXT:  PL/pgSQL function truncdate(timestamp with time zone,integer,text) line 2 at statement block',
                   '\tSTATEMENT:  ' + sql.replace('TruncDate', 'truncdate')]))
    recs = []
    for x in sorted(L, key=lambda x: x if isinstance(x, str) else x[0]):
        recs.append([x] if isinstance(x, str) else [x[0]] + x[1])
    half = len(recs) // 2
    w(b, 'pg/postgresql-13-main.log.1', [l for rc in recs[:half] for l in rc])
    w(b, 'pg/postgresql-13-main.log', [l for rc in recs[half:] for l in rc])
    w(b, 'ticket-56012.txt', ['Workflow cusYesterdayOpeners (query on delivery logs with DateOnly(@eventDate) = DaysAgo(1)) runs for',
                              'an hour and then fails. Journal and PostgreSQL logs attached.'])
    expect(b, 'field', 'KA-23951', [E('KA-23951', 'confirmed')],
           'A query on NmsBroadLogRcp with DateOnly() (TruncDate(B0.tsEvent, 86400, ...)) runs an hour (statement timeout) and fails '
           'on two days: journal (US dates, newest first) with "PGS-220000 ... canceling statement due to user request CONTEXT: PL/pgSQL '
           'function truncdate(timestamp with time zone,integer,text) line 2 at statement block"; the PostgreSQL log (Debian prefix, '
           'EST, tab-indented CONTEXT/STATEMENT, split over a rotated .1 file) shows the same.', args=['--tz', 'America/New_York'])

    b = 'ka-23951-near-i1'; fresh(b); r = rng(b)
    off = '+01:00'
    L = []
    s = U('2024-12-09T13:00:00')
    for k in range(600):
        tx = s + D(seconds=k * 12 + r.randint(0, 11), milliseconds=r.randint(0, 999))
        L.append((pg(tx, off, r.randint(7000, 9000), 'LOG', 'duration: %d.%03d ms  execute <unnamed>: SELECT iDeliveryId, iState FROM NmsDelivery WHERE iDeliveryId = $1' % (r.randint(0, 40), r.randint(0, 999)), user='neolane', db='acc_fr'), []))
    tt = U('2024-12-09T14:11:48.201')
    L.append((pg(tt, off, 8123, 'ERROR', 'canceling statement due to user request', user='neolane', db='acc_fr'),
              ['\tSTATEMENT:  INSERT INTO wkf99412_2_1 (iId, sEmail) SELECT R0.iRecipientId, R0.sEmail FROM NmsRecipient R0 LEFT JOIN NmsBroadLogRcp B1 ON (B1.iRecipientId = R0.iRecipientId) WHERE B1.iBroadLogId IS NULL']))
    flat = []
    for x in sorted(L):
        flat.append(x[0]); flat.extend(x[1])
    w(b, 'postgresql-14-main.log', flat)
    j = Journal('eu', off, sep='  ')
    j.add(U('2024-12-09T13:52:10'), 'start', 'Workflow started')
    j.add(tt - D(seconds=1), 'query', "Workflow stop requested by operator 'n.roux'")
    j.add(tt, 'query', 'PGS-220000 PostgreSQL error: ERROR:  canceling statement due to user request')
    j.add(tt + D(seconds=1), 'end', 'Workflow stopped')
    w(b, 'cusNeverSent-journal.txt', j.lines())
    expect(b, 'near_miss', 'KA-23951', [E('KA-23951', 'not_confirmed')],
           'An operator stops a workflow whose query (recipients never sent, LEFT JOIN NmsBroadLogRcp) was running: PostgreSQL logs '
           '"canceling statement due to user request" without any truncdate CONTEXT, the journal shows the stop request. No '
           'DateOnly(), no truncdate.', args=['--tz', 'Europe/Paris'])


# ---------------------------------------------------------------- KA-24054
def ka24054():
    b = 'ka-24054-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+01:00')
    s = U('2024-02-05T00:00:00')
    noise_wf(nl, r, s, 10, 900, wfs=[('operationMgt', 1021), ('deliveryMgt', 1022), ('cleanup', 1017), ('billing', 1040)])
    t = U('2024-02-05T09:10:02')
    nl.add(t, 'info', 'tracking (id=1033) - Starting workflow')
    nl.add(t + D(seconds=14), 'error', "tracking (id=1033) - Attribute 'broadLog-id' unknown (see definition of schema 'Delivery recipient logs (nms:broadLogRcp)').")
    nl.add(t + D(seconds=14, milliseconds=3), 'error', 'tracking (id=1033) - ORA-210000 Oracle Error: ORA-00904: "ITRACKINGLOGID": invalid identifier')
    nl.add(t + D(seconds=14, milliseconds=6), 'error', 'tracking (id=1033) - WKF-560020 The workflow has been paused.')
    wtar(b, 'logs-app01.tar.gz', [('var/prod/log/wfserver.log', nl.lines(), True, None)])
    j = Journal('eu', '+01:00', newest_first=True, sep='  ')
    j.add(t + D(seconds=14), 'nlmodule', "Attribute 'broadLog-id' unknown (see definition of schema 'Recipient delivery log (nms:broadLogRcp)').")
    j.add(t + D(seconds=14), 'nlmodule', 'ORA-210000 Oracle Error: ORA-00904: "ITRACKINGLOGID": invalid identifier')
    w(b, 'ticket-41980.txt', ['The tracking workflow is paused since this morning (Oracle database). Audit log of the workflow:'] + j.lines()
      + ['', 'Last week we created two target mappings for our new schema cus:member.'], crlf=True)
    expect(b, 'field', 'KA-24054', [E('KA-24054', 'confirmed')],
           "Oracle instance: the tracking workflow pauses with \"Attribute 'broadLog-id' unknown (see definition of schema 'Delivery "
           "recipient logs (nms:broadLogRcp)')\" and ORA-210000 ORA-00904 \"ITRACKINGLOGID\": invalid identifier (wfserver.log, CRLF, "
           "+01:00, inside logs-app01.tar.gz; the ticket pastes the audit log and mentions new target mappings).")

    b = 'ka-24054-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00')
    s = U('2024-03-18T10:00:00')
    noise_wf(nl, r, s, 12, 1200)
    for d in range(3):
        t = U('2024-03-18T12:30:00') + D(hours=d * 3, seconds=r.randint(0, 59))
        nl.add(t, 'info', 'cusSegmentRefresh (id=77102) - Starting workflow')
        nl.add(t + D(seconds=5), 'error', "cusSegmentRefresh (id=77102) - WDB-200001 SQL statement 'SELECT R0.iRecipientId, R0.sCusSegment FROM NmsRecipient R0 WHERE R0.iBlackList = 0' could not be executed.")
        nl.add(t + D(seconds=5, milliseconds=2), 'error', 'cusSegmentRefresh (id=77102) - ORA-210000 Oracle Error: ORA-00904: "R0"."SCUSSEGMENT": invalid identifier')
        nl.add(t + D(seconds=5, milliseconds=4), 'error', 'cusSegmentRefresh (id=77102) - WKF-560020 The workflow has been paused.')
    for h in range(12):
        t = s + D(hours=h, minutes=5)
        nl.add(t, 'info', 'tracking (id=1033) - Starting workflow')
        nl.add(t + D(seconds=40), 'info', 'tracking (id=1033) - Workflow finished (state=Finished)')
    w(b, 'wfserver.log', nl.lines())
    expect(b, 'near_miss', 'KA-24054', [E('KA-24054', 'not_confirmed')],
           'Oracle instance: a custom workflow fails with ORA-00904 "R0"."SCUSSEGMENT": invalid identifier (a column dropped from the '
           'database but still in the schema); the tracking workflow runs and finishes every hour; no broadLog-id, no ITRACKINGLOGID.')


# ---------------------------------------------------------------- KA-24392
def ka24392():
    b = 'ka-24392-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+09:00')
    s = U('2024-04-01T00:00:00')
    nl.add(s + D(hours=-3, seconds=2), 'info', 'Application server for Adobe Campaign Classic (7.2.2 build 9349@3e4d5f1 R) of 06/13/2022')
    noise_web(nl, r, s, 12, 1500, inst='jp_prod')
    for k in range(480):
        t = rt(r, s, 12)
        nl.add(t, 'info', "HTTP request 'POST /interaction/cusWebEnv/inbound' from '%s' processed in %d ms" % (ip(r), r.randint(20, 300)))
        nl.add(t + D(milliseconds=4), 'error', "JST-310034 Function logonEscalation used by 'Anonymous account' to become 'Interaction account (interaction)' (context=rvletContext).")
    w(b, 'web.log', nl.lines())
    w(b, 'web_2.log.gz', [l.replace('2024-04-01', '2024-03-31') for l in nl.lines()[:1200]], gz=True)
    w(b, 'ticket-30077.txt', ['Campaign Classic 7.2.2. Our web.log is full of JST-310034 errors (logonEscalation to the Interaction account).',
                              'Offers are displayed correctly on the web site. Is this a problem?'])
    expect(b, 'field', 'KA-24392', [E('KA-24392', 'confirmed')],
           "Build 7.2.2 (banner): web.log (+09:00) and its rotated .gz repeat \"JST-310034 Function logonEscalation used by 'Anonymous "
           "account' to become 'Interaction account (interaction)' (context=rvletContext).\" on every inbound interaction call (480 "
           "times in 12 h); offers work.")

    b = 'ka-24392-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    s = U('2024-09-23T06:00:00')
    nl.add(s + D(seconds=2), 'info', 'Application server for Adobe Campaign Classic (7.3.5 build 9364@a1b2c3d R) of 03/11/2024')
    noise_web(nl, r, s, 10, 1600, inst='prod')
    for k in range(6):
        t = rt(r, s, 10)
        nl.add(t, 'info', "HTTP request 'POST /cus/jssp/partnerExport.jssp' from '%s'" % ('203.0.113.%d' % r.randint(2, 250)))
        nl.add(t + D(milliseconds=7), 'error', "JST-310034 Function logonEscalation used by 'Anonymous account' to become 'Administrator (admin)' (context=jsspContext).")
    w(b, 'web.log', nl.lines())
    expect(b, 'near_miss', 'KA-24392', [E('KA-24392', 'not_confirmed')],
           "JST-310034 logonEscalation from 'Anonymous account', but to 'Administrator (admin)' from a custom JSSP called from an "
           "outside address, on build 9364 (7.3.5, where the interaction message is no longer written): a security finding about a "
           "custom page, not the harmless interaction-account noise of builds before 7.3.2.")


# ---------------------------------------------------------------- healthy
def healthy():
    b = 'acc-healthy-busy-i1'; fresh(b); r = rng(b)
    off = '+01:00'
    day = U('2024-11-27T23:00:00')  # local 2024-11-28 00:00 CET
    rs = day + D(hours=5)  # 06:00 CET daily restart
    # web.log
    web = NL(r, off=off)
    noise_web(web, r, day, 24, 4200, inst='fr_prod')
    for k in range(30):
        t = rt(r, day, 24)
        web.add(t, 'warning', "Logon failed for operator 'k.tanaka' from '%s': XSV-350012 Invalid login or password. Connection denied." % ip(r)) if k % 10 == 0 else \
            web.add(t, 'info', "HTTP request 'GET /nl/jsp/logon.jsp' from '%s' processed in %d ms" % (ip(r), r.randint(3, 60)))
    web.add(rs, 'info', "Stop requested for 'web@default' ('nlserver web -tracefile:web@default -instance:default -detach -tomcat -autorepair', pid=21877, tid=-1224824320)...")
    web.add(rs + D(seconds=1), 'info', 'Web server stopped (pid=21877, tid=-1224824320)...')
    web.add(rs + D(seconds=6), 'info', 'Web server start (pid=30512, tid=-1225184768)...')
    web.add(rs + D(seconds=9), 'info', 'Tomcat started')
    web.add(rs + D(seconds=9), 'info', 'Server started')
    for k in range(8):
        t = rt(r, day, 24)
        web.add(t, 'warning', "Unable to find the tracking URL id %d of delivery %d (redirection to the default page)" % (r.randint(1, 999), r.randint(10 ** 6, 10 ** 7)))
    w(b, 'var/default/log/web.log', web.lines())
    w(b, 'var/default/log/web_2.log', NLday(r, off, day - D(days=1)))
    # wfserver.log
    wf = NL(r, off=off)
    wfs = [('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017), ('billing', 1040),
           ('mcSynch_rtfr1', 12011), ('mcSynch_rtfr2', 12012), ('cusDailyImport', 40210), ('cusNightlyReport', 40355), ('agg_messageCenter_full', 1311)]
    noise_wf(wf, r, day, 24, 2600, wfs=wfs)
    t = day + D(hours=2, minutes=10)
    wf.add(t, 'info', 'cusNightlyReport (id=40355) - Starting workflow')
    wf.add(t + D(seconds=3), 'error', "cusNightlyReport (id=40355) - SCR-160012 JavaScript: error while evaluating script 'cusNightlyReport/js'.")
    wf.add(t + D(seconds=3, milliseconds=1), 'error', 'cusNightlyReport (id=40355) - ReferenceError: totl is not defined')
    wf.add(t + D(seconds=3, milliseconds=3), 'error', 'cusNightlyReport (id=40355) - WKF-560020 The workflow has been paused.')
    wf.add(t + D(hours=6, minutes=20), 'info', "cusNightlyReport (id=40355) - Workflow restarted by operator 'a.moreau'")
    wf.add(t + D(hours=6, minutes=21), 'info', 'cusNightlyReport (id=40355) - Workflow finished (state=Finished)')
    wf.add(day + D(hours=9, minutes=2), 'warning', "cusDailyImport (id=40210) - The file 'stores_20241128.csv' contains 3 line(s) rejected (see the rejects)")
    wf.add(rs + D(seconds=2), 'info', "Stop requested for 'wfserver@fr_prod' (pid=21901)")
    wf.add(rs + D(seconds=8), 'info', "Running task 'wfserver@fr_prod' in a new process")
    w(b, 'var/fr_prod/log/wfserver.log', wf.lines())
    # mta / mtachild
    mta = NL(r, off=off)
    doms = ['orange.fr', 'free.fr', 'gmail.com', 'laposte.net', 'sfr.fr', 'hotmail.fr', 'yahoo.fr']
    for _ in range(3200):
        t = rt(r, day + D(hours=7), 14)
        k = r.random()
        d = r.choice(doms)
        if k < 0.86:
            mta.add(t, 'info', "Message %d sent to '%s' (delivery 'DM%d')" % (r.randint(10 ** 7, 10 ** 8), d, r.choice([7712, 7713, 7720])))
        elif k < 0.93:
            mta.add(t, 'warning', "Message %d: 550 5.1.1 <%s%d@%s>: Recipient address rejected: User unknown" % (r.randint(10 ** 7, 10 ** 8), r.choice(['jean', 'marie', 'paul', 'c.dupont']), r.randint(1, 99), d))
        elif k < 0.97:
            mta.add(t, 'warning', "Message %d: 552 5.2.2 Mailbox full (%s)" % (r.randint(10 ** 7, 10 ** 8), d))
        elif k < 0.99:
            mta.add(t, 'warning', "DNS query failed for domain '%s' (no MX record)" % r.choice(['gmial.com', 'hotmial.fr', 'orange.frr', 'wanadoo.f']))
        else:
            mta.add(t, 'warning', 'Connection to %s lost, retrying in 60 s' % r.choice(['smtp-in.orange.fr', 'mx1.free.fr']))
    w(b, 'var/fr_prod/log/mtachild.log', mta.lines())
    # PostgreSQL
    L = []
    for k in range(1500):
        tx = day + D(seconds=k * 57 + r.randint(0, 50), milliseconds=r.randint(0, 999))
        c = r.random()
        if c < 0.06:
            L.append(pg(tx, off, r.randint(1000, 1999), 'LOG', 'checkpoint starting: time'))
        elif c < 0.12:
            L.append(pg(tx, off, r.randint(1000, 1999), 'LOG', 'automatic vacuum of table "acc_fr.public.nmsbroadlogrcp": index scans: 1'))
        else:
            L.append(pg(tx, off, r.randint(20000, 29000), 'LOG', 'duration: %d.%03d ms  statement: SELECT iDeliveryId FROM NmsDelivery WHERE iState = 45' % (r.randint(1000, 3000), r.randint(0, 999))))
    L.append(pg(day + D(hours=14, minutes=3, seconds=5), off, 27111, 'ERROR', 'duplicate key value violates unique constraint "nmsrecipient_email"'))
    L.sort()
    w(b, 'pg/postgresql-2024-11-28.log', L)
    expect(b, 'healthy', 'acc-healthy-busy-i1', [],
           'A day of a busy healthy French marketing instance (CET): web.log 4200 lines and the previous day\'s web_2.log, '
           'wfserver.log 2600 lines with mcSynch and technical workflows, mtachild.log 3200 lines with ordinary bounces and DNS '
           'typos, a PostgreSQL log; the 06:00 daily restart; background errors: session expired, a few wrong passwords, one '
           'custom workflow JS typo fixed and restarted, a rejected import line, one duplicate email insert. Nothing to confirm.')


def NLday(r, off, start):
    nl = NL(r, off=off)
    noise_web(nl, r, start, 24, 2500, inst='fr_prod')
    return nl.lines()


def run():
    ka22570(); ka22995(); ka23365(); ka23951(); ka24054(); ka24392(); healthy()
