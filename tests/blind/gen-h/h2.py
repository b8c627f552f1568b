from lib import *
import datetime as dt

# ================= KA-17895 field: newRcpDeliveryLogReplication, duplicate key nmstrackingurl_tagid, wfserver + PostgreSQL log
b = 'ka-17895-field-h1'
nl = NL('-05:00')
wfs = [('operationMgt', 1021), ('newRcpDeliveryLogReplication', 2204), ('tracking', 1033), ('cleanup', 1017), ('deliveryMgt', 1022)]
busy_wf(nl, U('2026-02-09 05:00:00'), 30, 2200, wfs)
pg = []
for k, tag in enumerate(['5fa91c0e', 'd03b7a12', '77e2c9b4']):
    t = U('2026-02-09 14:10:22') + dt.timedelta(hours=8 * k, seconds=R.randint(0, 90))
    nl.add(t, 'info', "newRcpDeliveryLogReplication (id=2204) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=12), 'info', "newRcpDeliveryLogReplication (id=2204) - writerTrackingUrls - Update tracking URLs: %d record(s) to insert" % R.randint(40, 300))
    nl.add(t + dt.timedelta(seconds=13), 'error', "newRcpDeliveryLogReplication (id=2204) - writerTrackingUrls - PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"nmstrackingurl_tagid\"\\nDETAIL:  Key (stagid)=(%s) already exists.\\n (iRc=-2006)" % tag)
    nl.add(t + dt.timedelta(seconds=13), 'error', "newRcpDeliveryLogReplication (id=2204) - writerTrackingUrls - WDB-200001 SQL statement 'INSERT INTO NmsTrackingUrl (iUrlId, iDeliveryId, iType, sLabel, sSource, sTagId, sUrl, tsLastModified) VALUES (...)' could not be executed.")
    nl.add(t + dt.timedelta(seconds=13, milliseconds=25), 'error', "newRcpDeliveryLogReplication (id=2204) - Workflow 'newRcpDeliveryLogReplication' paused after an error in activity 'writerTrackingUrls'")
    pg.append((t + dt.timedelta(seconds=13), 'ERROR', 'duplicate key value violates unique constraint "nmstrackingurl_tagid"'))
    pg.append((t + dt.timedelta(seconds=13), 'DETAIL', 'Key (stagid)=(%s) already exists.' % tag))
    pg.append((t + dt.timedelta(seconds=13), 'STATEMENT', 'INSERT INTO NmsTrackingUrl (iUrlId, iDeliveryId, iType, sLabel, sSource, sTagId, sUrl, tsLastModified) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)'))
for i in range(600):
    t = rnd_time(U('2026-02-09 05:00:00'), 30)
    pg.append((t, 'LOG', R.choice(['checkpoint starting: time', 'automatic vacuum of table "orion.public.nmsbroadlogrcp": index scans: 1',
                                   'checkpoint complete: wrote 2113 buffers (1.6%); 0 WAL file(s) added, 0 removed, 2 recycled; write=210.114 s, sync=0.012 s, total=210.170 s',
                                   'duration: 1532.114 ms  statement: SELECT iDeliveryId FROM NmsDelivery WHERE iState=45'])))
pg.sort(key=lambda x: x[0])
wtar(b, 'orion-logs-2026-02-10.tar.gz', [
    ('mkt01/var/orion/log/wfserver.log', nl.lines(), False),
    ('db01/var/log/postgresql/postgresql-2026-02-09_000000.log', [pgline(t, '-05:00', 44120 if lv != 'LOG' else 1211, 'neolane' if lv != 'LOG' else '', 'orion' if lv != 'LOG' else '', lv, m).replace(' @ ', ' ') for t, lv, m in pg], False)])
w(b, 'ticket-ORN-742.txt', ["We send emails from both Campaign Classic (this instance) and Campaign Standard; the Prime connector workflow newRcpDeliveryLogReplication",
                           "stops several times a day on the tracking URLs step. Logs attached (server time EST)."])
expect(b, 'field', 'KA-17895', [E('KA-17895', 'confirmed')],
       "Prime connector workflow newRcpDeliveryLogReplication pauses three times in the writerTrackingUrls activity on PGS-220000 duplicate key value violates unique constraint \"nmstrackingurl_tagid\" / Key (stagid)=(...) already exists (wfserver.log -05:00, ~2200 unrelated lines, DETAIL flattened with \\n); the PostgreSQL log (Debian prefix, EST), both inside a .tar.gz, shows the same ERROR/DETAIL/STATEMENT; the ticket says ACC and ACS both send.")

# ================= KA-17895 near: same workflow and activity, duplicate key on the primary key nmstrackingurl_id (sequence)
b = 'ka-17895-near-h1'
nl = NL('+01:00')
busy_wf(nl, U('2026-02-16 06:00:00'), 8, 500, [('operationMgt', 1021), ('newRcpDeliveryLogReplication', 3310), ('tracking', 1033)])
for k in range(2):
    t = U('2026-02-16 09:31:40') + dt.timedelta(hours=3 * k)
    nl.add(t, 'error', "newRcpDeliveryLogReplication (id=3310) - writerTrackingUrls - PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"nmstrackingurl_id\"\\nDETAIL:  Key (iurlid)=(%d) already exists.\\n (iRc=-2006)" % (18842207 + k))
    nl.add(t + dt.timedelta(milliseconds=30), 'error', "newRcpDeliveryLogReplication (id=3310) - Workflow 'newRcpDeliveryLogReplication' paused after an error in activity 'writerTrackingUrls'")
w(b, 'var/tessar/log/wfserver.log', nl.lines())
w(b, 'ticket.txt', ["After restoring the database from last week's dump onto the new server, the sequence XtkNewId was reset by our DBA (SELECT setval(...)).",
                   "Since then the replication workflow fails on the tracking URL id. We do not use Campaign Standard, only Classic."])
expect(b, 'near_miss', 'KA-17895', [E('KA-17895', 'not_confirmed')],
       "Same workflow (newRcpDeliveryLogReplication) and activity (writerTrackingUrls), same PGS-220000 duplicate key, but on the primary key nmstrackingurl_id (iurlid) after a sequence reset, not on nmstrackingurl_tagid; no ACS in the set-up.")

# ================= KA-19487 field: mcSynch archiving workflow, bigint out of range, -verbose wdbc lines, journal pasted
b = 'ka-19487-field-h1'
nl = NL('Z')
busy_wf(nl, U('2026-01-26 00:00:00'), 24, 1500, [('operationMgt', 1021), ('mcSynch_rtPool3', 14412), ('tracking', 1033), ('cleanup', 1017)])
for h in range(0, 24, 1):
    t = U('2026-01-26 00:05:00') + dt.timedelta(hours=h, seconds=R.randint(0, 9))
    if h < 14:
        nl.add(t, 'info', "mcSynch_rtPool1 (id=14410) - connectionInfo - vars.CELL_OFFSET=72057594037927936, vars.cellId=1")
        nl.add(t + dt.timedelta(seconds=25), 'info', "mcSynch_rtPool1 (id=14410) - Workflow finished (state=Finished)")
        continue
    nl.add(t, 'info', "mcSynch_rtPool3 (id=14412) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=1), 'info', "mcSynch_rtPool3 (id=14412) - connectionInfo - vars.CELL_OFFSET=72057594037927936, vars.cellId=7304211")
    nl.add(t + dt.timedelta(seconds=2), 'info', "mcSynch_rtPool3 (id=14412) - batchEvent - SELECT  :#(1)# * :#(2)# + B0.iBatchEventId, B0.iBatchEventId, B0.iStatus, B0.iRetry, B0.tsSubmit FROM NmsBatchEvent B0 WHERE ((B0.iBatchEventId > :#(3)#) AND (B0.tsLastModified < :#(4)#)) ORDER BY B0.iBatchEventId LIMIT 501", cat='wdbc')
    nl.ev.append((t + dt.timedelta(seconds=2), len(nl.ev), "%s %s %s 2 info wdbc Param(0)=72057594037927936" % (fmt_ts(t + dt.timedelta(seconds=2), 'Z'), nl.pid, nl.pid)))
    nl.ev.append((t + dt.timedelta(seconds=2), len(nl.ev), "%s %s %s 2 info wdbc Param(1)=7304211" % (fmt_ts(t + dt.timedelta(seconds=2), 'Z'), nl.pid, nl.pid)))
    nl.add(t + dt.timedelta(seconds=2, milliseconds=80), 'error', "mcSynch_rtPool3 (id=14412) - batchEvent - PGS-220000 PostgreSQL error: ERROR:  bigint out of range\\n (iRc=-2006)")
    nl.add(t + dt.timedelta(seconds=2, milliseconds=90), 'error', "mcSynch_rtPool3 (id=14412) - Workflow 'mcSynch_rtPool3' paused after an error in activity 'batchEvent'")
w(b, 'marketing/var/halden_mkt/log/wfserver.log', nl.lines())
L = ["Message Center archiving on the marketing instance fails since we added the new RT pool (external account rtPool3, execution instance ID 7304211).",
     "Journal of 'Message Center rtPool3 (mcSynch_rtPool3)':", ""]
t = U('2026-01-26 16:05:02')
for i, (act, m) in enumerate([("connectionInfo", "Connection to the execution instance 'rtPool3' OK"),
                              ("batchEvent", "PGS-220000 PostgreSQL error: ERROR:  bigint out of range"),
                              ("batchEvent", "Error while executing the SQL query"),
                              ("", "Workflow paused after an error in activity 'batchEvent'")]):
    L.append("%s %s %s" % (jdate(t + dt.timedelta(seconds=i), 'eu', '+01:00'), act.ljust(16), m))
w(b, 'ticket-HLD-119.txt', L, crlf=True)
expect(b, 'field', 'KA-19487', [E('KA-19487', 'confirmed')],
       "Marketing wfserver.log (UTC, -verbose wdbc): mcSynch_rtPool3 fails every hour from 14:05 with PGS-220000 PostgreSQL error: ERROR: bigint out of range in the batch-event select, whose SQL multiplies Param(0)=72057594037927936 by Param(1)=7304211 (the execution instance id); the CRLF ticket (DD/MM/YYYY journal) names the new execution instance ID 7304211.")

# ================= KA-19487 near: bigint out of range in a custom loyalty workflow; mcSynch fine with small cellId
b = 'ka-19487-near-h1'
nl = NL('+02:00')
busy_wf(nl, U('2026-05-05 00:00:00'), 12, 600, [('operationMgt', 1021), ('mcSynch_rt1', 12001), ('WKF_LOYALTY_TIERING', 55120), ('tracking', 1033)])
for h in range(12):
    t = U('2026-05-05 00:10:00') + dt.timedelta(hours=h)
    nl.add(t, 'info', "mcSynch_rt1 (id=12001) - connectionInfo - vars.CELL_OFFSET=72057594037927936, vars.cellId=2")
    nl.add(t + dt.timedelta(seconds=20), 'info', "mcSynch_rt1 (id=12001) - Workflow finished (state=Finished)")
t = U('2026-05-05 07:45:12')
nl.add(t, 'info', "WKF_LOYALTY_TIERING (id=55120) - sql2 - Executing: UPDATE CusLoyalty SET iScore = iPoints * 1000000000000 * iMultiplier WHERE iTier >= 3", cat='wdbc')
nl.add(t + dt.timedelta(seconds=3), 'error', "WKF_LOYALTY_TIERING (id=55120) - sql2 - PGS-220000 PostgreSQL error: ERROR:  bigint out of range\\n (iRc=-2006)")
nl.add(t + dt.timedelta(seconds=3, milliseconds=10), 'error', "WKF_LOYALTY_TIERING (id=55120) - Workflow 'WKF_LOYALTY_TIERING' paused after an error in activity 'sql2'")
w(b, 'var/mkt/log/wfserver.log', nl.lines())
w(b, 'ticket.txt', ["Our loyalty tiering workflow (SQL code activity written by the agency) stopped with bigint out of range after the new multiplier campaign.",
                   "Message Center is not involved; the mcSynch workflow runs fine."])
expect(b, 'near_miss', 'KA-19487', [E('KA-19487', 'not_confirmed')],
       "PGS-220000 ERROR: bigint out of range, but in a custom SQL code activity of WKF_LOYALTY_TIERING (points x 1e12 x multiplier); the mcSynch_rt1 workflow finishes every hour with cellId=2. Not the execution-instance-id overflow.")

# ================= KA-22067 field: iOS certificate test, web.log with [iOS Connector] Integrity check failed + console error
b = 'ka-22067-field-h1'
nl = NL('+09:00')
busy_web(nl, U('2026-04-06 00:00:00'), 10, 1500, inst='mkt')
for k in range(2):
    t = U('2026-04-06 05:12:31') + dt.timedelta(minutes=14 * k)
    for j, msg in enumerate(["[iOS Connector] doTestConnection", "[iOS Connector] clear cache", "[iOS Connector] validateCertificates",
                             "[iOS Connector] p12 creation: IOException Integrity check failed:"]):
        nl.add(t + dt.timedelta(milliseconds=j * 2 + (1 if j == 3 else 0)), 'info', msg, tid='%08X' % (0x3A10 + k))
    nl.cont(t + dt.timedelta(milliseconds=7), "java.security.InvalidAlgorithmParameterException: IterationCount must be a positive number")
    nl.cont(t + dt.timedelta(milliseconds=7), "\tat java.base/com.sun.crypto.provider.PBES2Core.engineInit(PBES2Core.java:282)")
    nl.add(t + dt.timedelta(milliseconds=12), 'error', "Cannot test the connection.\\nError: Invalid password.. INT-150012 The HTTP query returned a '' type error (500) (iRc=-53)")
w(b, 'web/var/default/log/web.log', nl.lines())
w(b, 'ticket-JP-5530.txt', [
    "件名: iOS certificate test fails / Invalid password",
    "Instance: sakura-mkt (Campaign Classic v8, JST)",
    "When we create the iOS mobile application 'Sakura Points iOS' and click 'Test the connection' after uploading the .p12 exported",
    "from the new Mac (password checked twice, openssl pkcs12 -info accepts it), the console shows:",
    "",
    "  Cannot test the connection.",
    "  Error: Invalid password.. INT-150012 The HTTP query returned a '' type error (500) (iRc=-53)",
    "", "web.log attached."], crlf=True)
expect(b, 'field', 'KA-22067', [E('KA-22067', 'confirmed')],
       "iOS certificate test: web.log (+09:00, busy) shows [iOS Connector] doTestConnection / clear cache / validateCertificates / p12 creation: IOException Integrity check failed: followed by InvalidAlgorithmParameterException: IterationCount must be a positive number, twice, then 'Error: Invalid password.. INT-150012 ... (500)'; the ticket says the password is right (openssl accepts it), i.e. the p12's integrity, not the password.")

# ================= KA-22067 near: really a wrong password (keystore password was incorrect), works with the right one
b = 'ka-22067-near-h1'
nl = NL('-05:00')
busy_web(nl, U('2026-04-14 12:00:00'), 6, 400, inst='prod')
t = U('2026-04-14 15:20:08')
for j, msg in enumerate(["[iOS Connector] doTestConnection", "[iOS Connector] clear cache", "[iOS Connector] validateCertificates",
                         "[iOS Connector] p12 creation: IOException keystore password was incorrect"]):
    nl.add(t + dt.timedelta(milliseconds=j * 2), 'info', msg, tid='00002F11')
nl.cont(t + dt.timedelta(milliseconds=7), "java.security.UnrecoverableKeyException: failed to decrypt safe contents entry: javax.crypto.BadPaddingException: Given final block not properly padded. Such issues can arise if a bad key is used during decryption.")
nl.add(t + dt.timedelta(milliseconds=12), 'error', "Cannot test the connection.\\nError: Invalid password.. INT-150012 The HTTP query returned a '' type error (500) (iRc=-53)")
t2 = U('2026-04-14 15:31:40')
for j, msg in enumerate(["[iOS Connector] doTestConnection", "[iOS Connector] clear cache", "[iOS Connector] validateCertificates",
                         "[iOS Connector] p12 creation: OK", "[iOS Connector] Connection to api.push.apple.com:443 OK"]):
    nl.add(t2 + dt.timedelta(milliseconds=j * 40), 'info', msg, tid='00002F19')
w(b, 'var/default/log/web.log', nl.lines())
w(b, 'ticket.txt', ["First test failed with 'Invalid password'. The mobile team had sent us the password of the old certificate.",
                   "With the right password the test passes (15:31). Just want to confirm nothing else is wrong."])
expect(b, 'near_miss', 'KA-22067', [E('KA-22067', 'not_confirmed', True)],
       "Same console error 'Error: Invalid password.. INT-150012 ... (500)', but the connector log says 'keystore password was incorrect' (UnrecoverableKeyException / BadPaddingException: a real wrong password), not 'Integrity check failed' / IterationCount, and the test passes 11 minutes later with the right password. A possible is tolerable because the console error is the article's exact text.")

# ================= KA-22417 field: DCE 'source' component error, ticket (CRLF) + options export with WebView2Mode=0
b = 'ka-22417-field-h1'
w(b, 'ticket-77310.txt', [
    "From: Ines Carvalho <ines.carvalho@portomar.example>",
    "Subject: Email editor in delivery activity cut off - error 'graphical component source'",
    "Date: Wed, 20 May 2026 11:04:52 +0100",
    "",
    "Hello,",
    "since yesterday evening, when we open an email delivery inside a workflow (delivery activity) in the Digital Content Editor,",
    "the editor area has its own scroll bar and we cannot see the bottom half of the email. When we close the delivery window",
    "the client console shows this message:",
    "",
    "    The graphical component 'source' has generated an error.",
    "",
    "It happens for every operator, on every PC (console 7.3.5 build 9364). Nothing was changed on our side.",
    "Adobe did a maintenance on our instance on Tuesday night. Export of the server options attached.",
    "Thanks, Ines"], crlf=True)
w(b, 'options-export.csv', ["Name;Label;Type;Value",
                            "NmsTracking_Pointer;Tracking pointer;Integer;88412093",
                            "NmsEmail_DefaultErrorAddr;Default error address;String;bounce@portomar.example",
                            "WebView2Mode;WebView2 mode;Integer;0",
                            "XtkKey;Key;String;********",
                            "NmsBroadcast_DefaultRetryPeriod;Retry period;Integer;3600"], crlf=True)
nl = NL('Z')
busy_web(nl, U('2026-05-20 07:00:00'), 4, 300, inst='portomar')
w(b, 'web.log', nl.lines())
expect(b, 'field', 'KA-22417', [E('KA-22417', 'confirmed', True)],
       "Client-side problem: an e-mail ticket (CRLF) quotes the console message The graphical component 'source' has generated an error. after the DCE editor in a delivery activity is cut off by its own scroll bar, for every operator after an Adobe maintenance; the options export shows WebView2Mode = 0; the web.log is unrelated noise. accept_possible because the evidence is only the customer's text and an export (no server log line), so an honest tool may keep it at possible.")

# ================= KA-22417 near: same message, WebView2Mode already 1; one PC without the WebView2 runtime
b = 'ka-22417-near-h1'
w(b, 'ticket-77402.txt', [
    "Subject: Console error 'The graphical component 'source' has generated an error.' on one laptop",
    "",
    "Only the new laptop of our trainee (Windows 11 LTSC image) shows 'The graphical component 'source' has generated an error.'",
    "as soon as she opens any email content. All other operators work fine, including in delivery activities.",
    "We checked with Adobe: the WebView2Mode option is 1 on the server and was never changed. We do not see any scroll bar issue.",
    "The laptop's Application event log is attached."])
w(b, 'laptop-application-eventlog.txt', [
    "Level\tDate and Time\tSource\tEvent ID\tTask Category",
    "Error\t5/26/2026 9:14:02 AM\tApplication Error\t1000\tApplication Crashing Events\tFaulting application name: nlclient.exe, version: 7.3.5.9364; Faulting module name: EmbeddedBrowserWebView.dll",
    "Warning\t5/26/2026 9:14:01 AM\tMicrosoft Edge WebView2\t0\tNone\tWebView2 Runtime not found. Install the Evergreen WebView2 Runtime to use this application.",
    "Information\t5/26/2026 9:10:44 AM\tMsiInstaller\t1033\tNone\tWindows Installer installed the product. Product Name: Adobe Campaign Client Console. Product Version: 7.3.5."], crlf=True)
w(b, 'options-export.csv', ["Name;Label;Type;Value", "WebView2Mode;WebView2 mode;Integer;1", "NmsTracking_Pointer;Tracking pointer;Integer;77120044"], crlf=True)
expect(b, 'near_miss', 'KA-22417', [E('KA-22417', 'not_confirmed', True)],
       "Same console message, but on a single laptop without the WebView2 runtime (event log), while the server option WebView2Mode is 1 (options export and ticket) and no DCE scroll-bar symptom: the article's cause (WebView2Mode reset to 0) is excluded. A possible is tolerable because the quoted message is the article's only log text.")

# ================= KA-23137 field: alert activity, varchar = integer, typology rule on a retyped field; wfserver -verbose
b = 'ka-23137-field-h1'
nl = NL('+02:00')
busy_wf(nl, U('2026-07-01 04:00:00'), 10, 1100, [('operationMgt', 1021), ('WKF_STORE_ALERTS', 61877), ('tracking', 1033), ('cleanup', 1017)])
for k in range(2):
    t = U('2026-07-01 07:00:04') + dt.timedelta(hours=3 * k)
    nl.add(t, 'info', "WKF_STORE_ALERTS (id=61877) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=3), 'info', "WKF_STORE_ALERTS (id=61877) - alert - Applying typology 'TY_STORE_OPS' (rule 'TR_SAME_STORE_ONLY' - filtering)")
    nl.add(t + dt.timedelta(seconds=3), 'info', "WKF_STORE_ALERTS (id=61877) - alert - SELECT O0.iOperatorId FROM XtkOperator O0 LEFT JOIN CusStoreManager S1 ON (S1.iOperatorId = O0.iOperatorId) WHERE S1.sStoreCode = 4410", cat='wdbc')
    nl.add(t + dt.timedelta(seconds=3, milliseconds=60), 'error', "WKF_STORE_ALERTS (id=61877) - alert - PGS-220000 PostgreSQL error: ERROR:  operator does not exist: character varying = integer\\nLINE 1: ...S1.sStoreCode = 4410\\nHINT:  No operator matches the given name and argument types. You might need to add explicit type casts.\\n (iRc=-2006)")
    nl.add(t + dt.timedelta(seconds=3, milliseconds=70), 'error', "WKF_STORE_ALERTS (id=61877) - Workflow 'WKF_STORE_ALERTS' paused after an error in activity 'alert'")
w(b, 'var/fenwick/log/wfserver.log', nl.lines())
w(b, 'ticket-FW-2231.txt', [
    "The store alert workflow (Alert activity 'alert') fails with:",
    "PGS-220000 Error PostgreSQL: ERROR: operator does not exist: character varying = integer",
    "We changed the field @storeCode of cus:storeManager from string to long in the schema last month (the typology rule TR_SAME_STORE_ONLY filters on it).",
    "We ran wfserver with -verbose and 'Execute in the engine' as suggested; log attached (CEST)."], crlf=True)
expect(b, 'field', 'KA-23137', [E('KA-23137', 'confirmed')],
       "Workflow with an Alert activity ('alert') paused twice on PGS-220000 ... operator does not exist: character varying = integer (wfserver.log +02:00 with -verbose, busy); the wdbc SELECT comes from typology rule TR_SAME_STORE_ONLY on a custom field whose type was changed from string to long; CRLF ticket.")

# ================= KA-23137 near: same PG error in a query activity joining a custom table; no alert activity, no typology
b = 'ka-23137-near-h1'
nl = NL('Z')
busy_wf(nl, U('2026-07-08 00:00:00'), 8, 400, [('operationMgt', 1021), ('WKF_LEADS_IMPORT', 70122), ('cleanup', 1017)])
t = U('2026-07-08 03:22:51')
nl.add(t, 'info', "WKF_LEADS_IMPORT (id=70122) - query2 - SELECT R0.iRecipientId FROM NmsRecipient R0 JOIN CusLeadSource L1 ON (L1.sSourceId = R0.iOrigin)", cat='wdbc')
nl.add(t + dt.timedelta(milliseconds=50), 'error', "WKF_LEADS_IMPORT (id=70122) - query2 - PGS-220000 PostgreSQL error: ERROR:  operator does not exist: character varying = integer\\nHINT:  No operator matches the given name and argument types. You might need to add explicit type casts.\\n (iRc=-2006)")
nl.add(t + dt.timedelta(milliseconds=60), 'error', "WKF_LEADS_IMPORT (id=70122) - Workflow 'WKF_LEADS_IMPORT' paused after an error in activity 'query2'")
w(b, 'var/prod/log/wfserver.log', nl.lines())
w(b, 'ticket.txt', ["The lead import workflow has no alert activity and we do not use typologies on it; the new link from recipient to cus:leadSource joins a string key to an integer field.",
                   "It is our schema link that is wrong (sSourceId is text, iOrigin is integer)."])
expect(b, 'near_miss', 'KA-23137', [E('KA-23137', 'not_confirmed', True)],
       "Same PGS-220000 operator does not exist: character varying = integer, but in a query activity (query2) through a badly typed custom link, in a workflow with no alert activity and no typology rule. A possible is tolerable because the error text is exactly the article's title; the alert/typology context is absent.")

# ================= KA-24269 field: v8, several deliveries fail in preparation, PrepareTargetImpl + Replication not confirmed nms:delivery
b = 'ka-24269-field-h1'
L = ["Ticket 01712294 - Campaign v8 (managed, Snowflake FFDA) - deliveries fail at 8 AM", "",
     "Every morning at 8:00 AM (US Eastern) about 20 workflows start together (daily triggers + our CRM import). Some of the",
     "delivery activities fail in preparation. Journals copied from the console:", ""]
base = U('2026-03-10 13:00:00')
for d, (wf, dl, ids) in enumerate([('WKF_DAILY_WINBACK', 'DM661203', '661203'), ('WKF_CART_REMINDER', 'DM661219', '661219'), ('WKF_DAILY_WINBACK', 'DM662044', '662044')]):
    t = base + dt.timedelta(days=d, minutes=R.randint(2, 9), seconds=R.randint(0, 59))
    L.append("== %s, delivery %s ==" % (wf, dl))
    for i, (act, m) in enumerate([("query", "%d record(s) selected" % R.randint(20000, 400000)),
                                  ("delivery", "Delivery '%s' preparation started" % dl),
                                  ("delivery", "XSV-350122 An error occurred and the process has been stopped."),
                                  ("delivery", "SOP-330011 Error while executing the method 'PrepareTargetImpl' of service 'nms:delivery'."),
                                  ("delivery", "Replication not confirmed: schema:'nms:delivery', id(s): '%s'" % ids),
                                  ("delivery", "The delivery has failed.")]):
        L.append("%s\t%s\t%s" % (jdate(t + dt.timedelta(seconds=[0, 2, 78, 78, 78, 80][i]), 'us', '-05:00'), act, m))
    L.append("")
L += ["The same deliveries work when we restart them at 10 AM. We do not have the 'Campaign burst' warehouse yet.", "Thanks"]
w(b, 'ticket-01712294.txt', L, crlf=True)
expect(b, 'field', 'KA-24269', [E('KA-24269', 'confirmed')],
       "Campaign v8 managed (Snowflake), journals pasted in a CRLF ticket (US M/D/YYYY h:mm:ss AM, tab-separated): on three mornings delivery activities fail at 8 AM, when ~20 workflows start together, with XSV-350122 + SOP-330011 ... 'PrepareTargetImpl' of service 'nms:delivery' + Replication not confirmed: schema:'nms:delivery'; they pass when restarted later.")

# ================= KA-24269 near: very large delivery, PrepareMessageImpl, Replication not confirmed nms:dlvMidRemoteIdRel (KA-23473)
b = 'ka-24269-near-h1'
L = ["Case 01720551 - v8 - Black Friday send to the full base fails during preparation", "",
     "Delivery DM700112 'Black Friday - all customers' (14.2 million recipients, heavy personalization). It runs alone at night (no other workflow scheduled).",
     "Personalization runs for about 25 minutes, then:", ""]
t = U('2026-11-27 02:00:00')
for i, m in enumerate(["Delivery preparation started (14 208 551 recipient(s))",
                       "Personalization in progress: 9 850 000 message(s) prepared",
                       "XSV-350122 An error occurred and the process has been stopped.",
                       "SOP-330011 Error while executing the method 'PrepareMessageImpl' of service 'nms:delivery'.",
                       "Replication not confirmed: schema:'nms:dlvMidRemoteIdRel', id(s): '700112'",
                       "The delivery has failed."]):
    L.append("%s  %s" % ((t + dt.timedelta(minutes=[0, 18, 26, 26, 26, 26][i], seconds=i)).astimezone(tz('+01:00')).strftime('%d/%m/%Y %H:%M:%S'), m))
L += ["", "Smaller deliveries (< 2 million) from the same template work."]
w(b, 'case-01720551.txt', L)
expect(b, 'near_miss', 'KA-24269', [E('KA-24269', 'not_confirmed'), E('KA-23473', 'any')],
       "Same XSV-350122 / SOP-330011 wrapper and 'Replication not confirmed', but for schema 'nms:dlvMidRemoteIdRel' in PrepareMessageImpl of a 14-million-recipient delivery running alone after 26 minutes: KA-23473's case (confirmation cache of 10 minutes), not KA-24269's (PrepareTargetImpl, nms:delivery, busy warehouse). KA-23473 is any.")
