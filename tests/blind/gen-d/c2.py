from lib import *
import datetime as dt

# ================= KA-17656 field: web.log (-05) + rotated web_2.log, offerMgt/js + interaction.js objects.children
b = 'ka-17656-field-d1'
old = NL('-05:00'); new = NL('-05:00', pid=old.pid)
d0 = U('2026-05-05 11:00:00')
noise_web(old, d0, 10, 120)
noise_web(new, d0 + dt.timedelta(hours=10), 10, 120)
def offer_err(nl, t, line):
    nl.add(t, 'info', "Interaction: offer proposition requested for space 'WEB_HOME_HERO' (environment 'Customers - Live')")
    nl.add(t + dt.timedelta(milliseconds=220), 'error', "JST-310000 Error while compiling script '/nms/interaction.js' line %d: objects.children is not a function" % line)
    nl.add(t + dt.timedelta(milliseconds=221), 'error', "SCR-160012 JavaScript: error while evaluating script 'offerMgt/js'.")
for k in range(5):
    offer_err(old, U('2026-05-05 14:02:11') + dt.timedelta(minutes=53 * k, seconds=k * 7), 7475)
for k in range(7):
    offer_err(new, U('2026-05-05 21:40:02') + dt.timedelta(minutes=41 * k, seconds=k * 3), 7475)
w(b, 'web01/var/default/log/web_2.log', old.lines())
w(b, 'web01/var/default/log/web.log', new.lines())
w(b, 'sql-offer-count.txt', ["acc=> SELECT count(*) FROM NmsOffer WHERE iCategoryId IN (SELECT iOfferCategoryId FROM NmsOfferCategory WHERE sName LIKE 'WEB%');",
                             " count", "-------", "  1873", "(1 row)", "",
                             "acc=> SELECT count(*) FROM NmsOffer WHERE tsEnd < now() - interval '1 year';", " count", "-------", "  1610", "(1 row)"])
expect(b, 'field', 'KA-17656', [E('KA-17656', 'confirmed')],
       "web.log and its rotated web_2.log (-05:00): offer propositions for an offer space repeatedly fail with JST-310000 Error while compiling script '/nms/interaction.js' line 7475: objects.children is not a function, then SCR-160012 JavaScript: error while evaluating script 'offerMgt/js'. (12 times); a SQL paste shows 1,873 offers, 1,610 expired for over a year.")

# ================= KA-17656 near: JST-310000 on a customer's own JS library (syntax error)
b = 'ka-17656-near-d1'
nl = NL('+02:00'); d0 = U('2026-05-06 06:00:00')
noise_wf(nl, d0, 8, 60, [('operationMgt', 1021), ('WKF_SCORING', 71001), ('cleanup', 1017)])
for k in range(3):
    t = U('2026-05-06 07:30:00') + dt.timedelta(hours=k)
    nl.add(t, 'error', "WKF_SCORING (id=71001) - js2 - JST-310000 Error while compiling script 'cus:scoringUtils.js' line 212: missing ; before statement")
    nl.add(t, 'error', "WKF_SCORING (id=71001) - js2 - SCR-160012 JavaScript: error while evaluating script 'WKF_SCORING/js2'.")
w(b, 'var/prod/log/wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-17656', [E('KA-17656', 'not_confirmed')],
       "JST-310000 Error while compiling script, but in the customer's own JavaScript library cus:scoringUtils.js (syntax error 'missing ; before statement') inside a workflow; no /nms/interaction.js, no offerMgt/js, no offers.")

# ================= KA-19380 field: .tar.gz of the web logs: approval link -> WDB-200011 / GetValidationParameters + Java stack
b = 'ka-19380-field-d1'
nl = NL('+08:00'); d0 = U('2026-07-01 00:00:00')
noise_web(nl, d0, 12, 150, inst='sgprod')
SQL = ("WDB-200001 SQL statement 'SELECT   W0.iWorkflowId, W0.sInternalName, W0.sLabel, W0.sDesc, W0.iCreatedById, W0.iModifiedById, W0.tsCreated, W0.tsLastModified, W0.iSupervisorId, W0.sTimezone, W0.iInProcess, W0.iHistory, W0.iOnError, W0.iState, W0.tsProcess, W0.iProcessId, W0.sHostname, W0.mData FROM XtkWorkflow W0 "
       "WHERE ((W0.iFolderId IN (SELECT xr.iFolderId FROM XtkRights xr WHERE xr.iOperatorId IN (8812, 1203, 1204, 1277)) OR W0.iFolderId=0)) AND ((W0.iWorkflowId = :#(1)#))' could not be executed.")
stack = ["at com.neolane.fwk.soap.SoapMethodCall.execute(SoapMethodCall.java:840)", "at com.neolane.fwk.xtk.JSPContext.executeSOAPCall(JSPContext.java:820)",
         "at org.apache.jsp.validateTask_jsp._jspService(validateTask_jsp.java:176)", "at org.apache.jasper.runtime.HttpJspBase.service(HttpJspBase.java:70)",
         "at javax.servlet.http.HttpServlet.service(HttpServlet.java:731)", "at org.apache.jasper.servlet.JspServletWrapper.service(JspServletWrapper.java:439)",
         "at org.apache.catalina.core.StandardWrapperValve.invoke(StandardWrapperValve.java:219)", "at org.apache.catalina.connector.CoyoteAdapter.service(CoyoteAdapter.java:445)",
         "at java.lang.Thread.run(Thread.java:748)"]
for k, (op, wid) in enumerate([('h.lim', 80311), ('h.lim', 80311), ('d.goh', 80377)]):
    t = U('2026-07-01 02:14:09') + dt.timedelta(hours=2 * k, minutes=k * 7)
    nl.add(t, 'info', "HTTP request 'GET /nms/jsp/validateTask.jsp?id=%d&type=wkf&op=%s' from '10.88.1.%d'" % (wid, op, 20 + k))
    nl.add(t + dt.timedelta(milliseconds=40), 'error', SQL)
    nl.add(t + dt.timedelta(milliseconds=40), 'error', "Param(0)=%d" % wid)
    nl.add(t + dt.timedelta(milliseconds=41), 'error', "WDB-200011 The requested database record does not exist.")
    nl.add(t + dt.timedelta(milliseconds=41), 'error', "Cannot load document of type 'xtk:workflow' satisfying condition '([/@id] = %d)'." % wid)
    nl.add(t + dt.timedelta(milliseconds=45), 'error', "Error while calling SOAP method 'GetValidationParameters' of service 'xtk:workflow'):'SOP-330011 Error while executing the method 'GetValidationParameters' of service 'xtk:workflow'.' Code: 'SOAP-ENV:Server'")
    nl.cont(t + dt.timedelta(milliseconds=45), "com.neolane.fwk.core.NlException: Error while calling SOAP method 'GetValidationParameters' of service 'xtk:workflow'):'SOP-330011 Error while executing the method 'GetValidationParameters' of service 'xtk:workflow'.")
    for s in stack: nl.cont(t + dt.timedelta(milliseconds=45), "\t" + s)
members = [('logs/sgapp01/var/default/log/web.log', nl.lines(), False),
           ('logs/README.txt', ["Approvers (operator group 'Regional approvers', e.g. h.lim, d.goh) click 'Approve' in the approval e-mail for workflow WKF_SG_PROMO_JULY.",
                                "The browser shows 'A technical error has occured' with WDB-200011. Approving from the console as admin works.",
                                "Workflow 80311 exists (Administration > Production > Objects created automatically > Campaign workflows)."], False)]
wtar(b, 'sg-web-logs-20260701.tar.gz', members)
expect(b, 'field', 'KA-19380', [E('KA-19380', 'confirmed')],
       "A .tar.gz of the bundle: web.log (+08:00) shows approvers opening validateTask.jsp from the approval e-mail, the XtkWorkflow SELECT restricted to the operator's folders (XtkRights) not executed, WDB-200011 The requested database record does not exist, Cannot load document of type 'xtk:workflow', SOP-330011 GetValidationParameters of xtk:workflow and a Java stack trace (tab-indented continuation lines); README says the workflow exists and admins can approve.")

# ================= KA-19380 near: WDB-200011 on a mirror page link to a deleted delivery
b = 'ka-19380-near-d1'
nl = NL('+01:00'); d0 = U('2026-07-03 06:00:00')
noise_web(nl, d0, 8, 80)
for k in range(4):
    t = U('2026-07-03 08:20:00') + dt.timedelta(minutes=13 * k)
    nl.add(t, 'info', "HTTP request 'GET /nms/jsp/mirror.jsp?id=%x' from '%d.%d.11.%d'" % (0x3A77F0 + k, R.randint(60, 90), R.randint(1, 200), R.randint(2, 250)))
    nl.add(t + dt.timedelta(milliseconds=30), 'error', "WDB-200011 The requested database record does not exist.")
    nl.add(t + dt.timedelta(milliseconds=30), 'error', "Cannot load document of type 'nms:delivery' satisfying condition '([/@id] = 3831792)'.")
    nl.add(t + dt.timedelta(milliseconds=31), 'error', "SOP-330011 Error while executing the method 'GetMirrorPage' of service 'nms:delivery'.")
w(b, 'web.log', nl.lines())
w(b, 'ticket.txt', ["Recipients clicking 'View this e-mail in your browser' of last week's newsletter get an error. The delivery DM3831792 was deleted by mistake on Monday."])
expect(b, 'near_miss', 'KA-19380', [E('KA-19380', 'not_confirmed')],
       "WDB-200011 The requested database record does not exist, but on the mirror page of a delivery that was deleted (nms:delivery, GetMirrorPage); no approval link, no xtk:workflow GetValidationParameters, no folder-rights restricted workflow query.")

# ================= KA-19478 field: web.log (+01:00) webapp preview with debug -> JST-310039 for Anonymous account
b = 'ka-19478-field-d1'
nl = NL('+01:00'); d0 = U('2026-09-14 07:00:00')
noise_web(nl, d0, 9, 100)
for k in range(3):
    t = U('2026-09-14 09:41:20') + dt.timedelta(minutes=9 * k)
    nl.add(t, 'info', "Preview of web application 'WEBAPP_EVENT_SIGNUP' (debug mode) requested by operator 'c.dubois'")
    nl.add(t + dt.timedelta(milliseconds=310), 'error', "JST-310039 Privilege escalation forbidden for 'Anonymous account'.")
    nl.add(t + dt.timedelta(milliseconds=311), 'error', "SCR-160012 JavaScript: error while evaluating script 'WEBAPP_EVENT_SIGNUP/js1'.")
w(b, 'var/default/log/web.log', nl.lines())
w(b, 'ticket-4410.txt', ["New web application WEBAPP_EVENT_SIGNUP (event registration, anonymous access).",
                         "Preview tab with 'Debug' checked shows:",
                         "Error : JST-310039 Privilege escalation forbidden for 'Anonymous account'. ctx _console=\"1\" lang=\"fr\" score=\"0\"/",
                         "Option XtkSecurity_Allow_PrivilegeEscalation does not exist on this instance."], crlf=True)
expect(b, 'field', 'KA-19478', [E('KA-19478', 'confirmed')],
       "web.log (+01:00): three debug previews of a new web application each fail with JST-310039 Privilege escalation forbidden for 'Anonymous account'.; the CRLF ticket quotes the preview error with ctx _console=\"1\" lang=\"fr\" and says the option XtkSecurity_Allow_PrivilegeEscalation does not exist.")

# ================= KA-19478 near: JST-310039 in a technical workflow's JS for a named operator
b = 'ka-19478-near-d1'
nl = NL('-05:00'); d0 = U('2026-09-15 01:00:00')
noise_wf(nl, d0, 8, 60, [('operationMgt', 1021), ('WKF_PURGE_TMP', 92001), ('cleanup', 1017)])
t = U('2026-09-15 04:00:03')
nl.add(t, 'error', "WKF_PURGE_TMP (id=92001) - js1 - JST-310039 Privilege escalation forbidden for 'svc_batch'.")
nl.add(t, 'error', "WKF_PURGE_TMP (id=92001) - js1 - SCR-160012 JavaScript: error while evaluating script 'WKF_PURGE_TMP/js1'.")
nl.add(t, 'error', "WKF_PURGE_TMP (id=92001) - Workflow 'WKF_PURGE_TMP' paused after an error in activity 'js1'")
w(b, 'var/us1/log/wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-19478', [E('KA-19478', 'not_confirmed', True)],
       "JST-310039 Privilege escalation forbidden, but for the named operator 'svc_batch' in a scheduled workflow's JavaScript activity: not a web application preview, not the 'Anonymous account'. The same option governs privilegeEscalation in JavaScript, so a 'possible' is tolerable; a confirmation is not the article's case.")

# ================= KA-23014 field: pipelined.log (layout C, tabs, Z) + Monitoring tab paste
b = 'ka-23014-field-d1'
P = []
def pl(t, lvl, msg, pid=51873, tid=51902):
    P.append((t, "%s\t%d\t%d\t1\t%s\tlog\t%s" % (t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000), pid, tid, lvl, msg)))
d0 = U('2026-08-11 00:00:00')
for i in range(40):
    t = rnd_time(d0, 5)
    pl(t, 'info', "%d trigger(s) integrated in the last 5 minute(s) (nms:pipelineEvent)" % R.randint(20, 400))
tb = U('2026-08-11 05:12:44')
pl(tb - dt.timedelta(minutes=2), 'info', "pipelined@frtriggers: Starting pipelined module (pid=51873)")
for k in range(30):
    t = tb + dt.timedelta(seconds=30 * k, milliseconds=R.randint(0, 300))
    pl(t, 'warning', "Connection seems to have been lost. Attempting to reconnect.")
    pl(t + dt.timedelta(milliseconds=40), 'error', "XSV-350176 Invalid private key to get JSON web tokens. (iRc=16384)")
    pl(t + dt.timedelta(milliseconds=95), 'error', "INT-150012 The HTTP query returned a 'Bad Request' type error (400) (iRc=-53)")
    pl(t + dt.timedelta(milliseconds=96), 'error', "XTK-170065 Error while authenticating: '{\"error_description\":\"JWT token is missing.\",\"error\":\"invalid_token\"}' (iRc=16384)")
    pl(t + dt.timedelta(milliseconds=97), 'error', "IMS Service Token is empty. (iRc=16384)")
    pl(t + dt.timedelta(milliseconds=140), 'error', "Unknown authentication mode: 'Bearer realm=\"Adobe Analytics\"'. (iRc=-55)")
    pl(t + dt.timedelta(milliseconds=141), 'error', "BAS-010007 Function not implemented (iRc=-55)")
P.sort(key=lambda x: x[0])
w(b, 'rt-fr2/var/frtriggers/log/pipelined.log', [l for _, l in P])
w(b, 'monitoring-tab-paste.txt', ["pipelined@frtriggers - process log (Monitoring tab), pasted 11/08/2026:",
                                  "   warning log Connection seems to have been lost. Attempting to reconnect.",
                                  "   error log XSV-350176 Invalid private key to get JSON web tokens. (iRc=16384)",
                                  "   error log INT-150012 The HTTP query returned a 'Bad Request' type error (400) (iRc=-53)",
                                  "   error log IMS Service Token is empty. (iRc=16384)",
                                  "",
                                  "Note: we rotated the technical account key in the Adobe developer console on 10/08 (two keys now listed) and re-ran setimsjwtauth with the key copied from the text editor."], crlf=True)
expect(b, 'field', 'KA-23014', [E('KA-23014', 'confirmed')],
       "pipelined.log in layout C (ISO T, Z, tab-separated decimal ids): triggers are integrated until 05:10Z, then every 30 s 'Connection seems to have been lost', XSV-350176 Invalid private key to get JSON web tokens, INT-150012 'Bad Request' (400), XTK-170065 JWT token is missing, IMS Service Token is empty, Bearer realm, BAS-010007, and no trigger integrated; a Monitoring-tab paste (columns missing) and a note on the key rotation.")

# ================= KA-23014 near: pipelined reconnects during an outage (503/timeout), then recovers; no JWT/key errors
b = 'ka-23014-near-d1'
P = []
d0 = U('2026-08-12 00:00:00')
for i in range(60):
    t = rnd_time(d0, 8)
    if U('2026-08-12 03:00:00') <= t <= U('2026-08-12 03:25:00'): continue
    pl(t, 'info', "%d trigger(s) integrated in the last 5 minute(s) (nms:pipelineEvent)" % R.randint(20, 400), pid=40211, tid=40240)
for k in range(8):
    t = U('2026-08-12 03:02:10') + dt.timedelta(minutes=3 * k)
    pl(t, 'warning', "Connection seems to have been lost. Attempting to reconnect.", pid=40211, tid=40240)
    pl(t + dt.timedelta(seconds=20), 'error', "INT-150012 The HTTP query returned a 'Service Unavailable' type error (503) (iRc=-53)", pid=40211, tid=40240)
pl(U('2026-08-12 03:26:31'), 'info', "Connection to the pipeline established (consumer 'acc-prod-eu').", pid=40211, tid=40240)
pl(U('2026-08-12 03:31:31'), 'info', "1288 trigger(s) integrated in the last 5 minute(s) (nms:pipelineEvent)", pid=40211, tid=40240)
P.sort(key=lambda x: x[0])
w(b, 'pipelined.log', [l for _, l in P])
w(b, 'status-page.txt', ["Adobe Experience Cloud status: 'Experience Cloud Triggers - degraded performance (EMEA)' 03:00-03:25 UTC 12 Aug 2026, resolved."])
expect(b, 'near_miss', 'KA-23014', [E('KA-23014', 'not_confirmed', True)],
       "pipelined.log (layout C) with 'Connection seems to have been lost. Attempting to reconnect.' and INT-150012 'Service Unavailable' (503) for 25 minutes during a published Triggers outage, then the connection is re-established and triggers are integrated again; no XSV-350176 private key, no IMS token/JWT errors. Only the generic reconnect warning is shared, so a 'possible' is tolerable.")

# ================= KA-23188 field: web.log (+02:00) + logins log: console login fails from one machine only
b = 'ka-23188-field-d1'
nl = NL('+02:00'); d0 = U('2026-10-06 05:00:00')
noise_web(nl, d0, 12, 120, inst='nordic')
lg = NL('+02:00', pid=nl.pid)
for k in range(5):
    t = U('2026-10-06 07:05:31') + dt.timedelta(minutes=23 * k, seconds=k)
    nl.add(t, 'info', "Log in of 'e.virtanen' from '10.14.7.88' (instance 'nordic')")
    lg.add(t, 'info', "Log in of 'e.virtanen' from '10.14.7.88' (instance 'nordic')")
    nl.add(t + dt.timedelta(milliseconds=620), 'error', "XTK-170092 The expression on a condition of the query is too complex.")
    nl.add(t + dt.timedelta(milliseconds=621), 'error', "SOP-330011 Error while executing the method 'GetEntityIfMoreRecent' of service 'xtk:persist'.")
t = U('2026-10-06 09:12:02')
nl.add(t, 'info', "Log in of 'e.virtanen' from '10.14.9.23' (instance 'nordic')")
lg.add(t, 'info', "Log in of 'e.virtanen' from '10.14.9.23' (instance 'nordic')")
nl.add(t + dt.timedelta(seconds=3), 'info', "Loading schema 'nms:recipient' in the cache")
w(b, 'nordic-app1/var/default/log/web.log', nl.lines())
w(b, 'nordic-app1/var/nordic/log/logins.26-10-06.log', lg.lines())
w(b, 'ticket-66120.txt', ["User e.virtanen cannot log in to the client console from her laptop (FI-LT-0881, 10.14.7.88): 'XTK-170092 The expression on a condition of the query is too complex.'",
                          "Same user, same console build, logs in fine from the meeting-room PC (10.14.9.23). Other users are fine."])
expect(b, 'field', 'KA-23188', [E('KA-23188', 'confirmed')],
       "web.log (+02:00): five console logins of one operator from one workstation (10.14.7.88) are followed by XTK-170092 The expression on a condition of the query is too complex. (SOP-330011 xtk:persist around it); the same operator logs in from another PC without error; the per-day logins log and the ticket say it is machine-specific.")

# ================= KA-23188 near: XTK-170092 in a workflow query with a huge pasted condition
b = 'ka-23188-near-d1'
nl = NL('Z'); d0 = U('2026-10-07 06:00:00')
noise_wf(nl, d0, 6, 50, [('operationMgt', 1021), ('WKF_STORE_SELECTION', 55031), ('cleanup', 1017)])
t = U('2026-10-07 08:44:12')
nl.add(t, 'info', "WKF_STORE_SELECTION (id=55031) - query - Condition built from list 'stores_q4.txt' (6 412 value(s), OR-ed)")
nl.add(t + dt.timedelta(seconds=2), 'error', "WKF_STORE_SELECTION (id=55031) - query - XTK-170092 The expression on a condition of the query is too complex.")
nl.add(t + dt.timedelta(seconds=2), 'error', "WKF_STORE_SELECTION (id=55031) - Workflow 'WKF_STORE_SELECTION' paused after an error in activity 'query'")
w(b, 'wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-23188', [E('KA-23188', 'not_confirmed')],
       "XTK-170092 The expression on a condition of the query is too complex, but from a workflow query whose condition OR-s 6,412 pasted values: a real query-complexity error, not a console login failing on one machine.")

# ================= KA-23307 field: v8 ffdaUnicity journal pasted newest first
b = 'ka-23307-field-d1'
t0 = U('2026-11-03 02:00:00')
J = [(0, 'start', 'Workflow started'),
     (1, 'js', 'Checking unicity for schema \'nms:recipient\''),
     (3, 'js', 'Checking unicity for schema \'cus:loyaltyEvent\''),
     (4, 'js', "ODB-240000 ODBC error: SQL compilation error: Object 'ACC_PRD.PUBLIC.CUSLOYALTYEVENT' does not exist or not authorized. SQLState: 42S02"),
     (4, 'js', "WDB-200001 SQL statement 'SELECT COUNT(*) FROM (SELECT iLoyaltyEventId FROM CusLoyaltyEvent GROUP BY iLoyaltyEventId HAVING COUNT(*) > 1) T' could not be executed."),
     (4, 'js', "Error while executing activity 'check for all custom schemas AND \"nms:recipient\"'"),
     (5, '', "Workflow 'ffdaUnicity' paused after an error")]
L = ["Workflow 'Check FFDA unicity' (ffdaUnicity) - Audit log, exported from the console (newest first)", "Date\tActivity\tMessage"]
for days in (1, 0):
    for s, act, m in reversed(J):
        L.append("%s\t%s\t%s" % (jdate(t0 + dt.timedelta(days=days, seconds=s), 'iso', '+01:00'), act, m))
w(b, 'ffdaUnicity-audit.txt', L)
w(b, 'notes.txt', ["Campaign v8 (FFDA, Snowflake). Schema cus:loyaltyEvent was created last week by our partner; not yet used in any workflow."])
expect(b, 'field', 'KA-23307', [E('KA-23307', 'confirmed')],
       "Campaign v8 ffdaUnicity audit log pasted newest first (ISO dates, console time): on two nights the JavaScript activity checking custom schemas fails with ODB-240000 ... SQL compilation error: Object 'ACC_PRD.PUBLIC.CUSLOYALTYEVENT' does not exist or not authorized. SQLState: 42S02 for a newly created custom schema whose table was never created.")

# ================= KA-23307 near: same ODB-240000 42S02 in a custom workflow reading an external Snowflake view (grants)
b = 'ka-23307-near-d1'
L = ["Workflow WKF_SCORE_IMPORT (custom) - audit log (console), external account 'Snowflake DWH (FDA)'"]
t0 = U('2026-11-04 06:00:00')
for i, (act, m) in enumerate([("query2", "Query on external table ANALYTICS.SCORES.V_DAILY_SCORE (FDA)"),
                              ("query2", "ODB-240000 ODBC error: SQL compilation error: Object 'ANALYTICS.SCORES.V_DAILY_SCORE' does not exist or not authorized. SQLState: 42S02"),
                              ("query2", "Workflow paused after an error")]):
    L.append("%s  %s  %s" % (jdate(t0 + dt.timedelta(seconds=i), 'eu', '+01:00'), act, m))
L += ["", "The DWH team recreated the view yesterday and did not re-grant SELECT to role CAMPAIGN_FDA_RO."]
w(b, 'ticket-journal.txt', L, crlf=True)
expect(b, 'near_miss', 'KA-23307', [E('KA-23307', 'not_confirmed', True)],
       "The same ODB-240000 'does not exist or not authorized. SQLState: 42S02' text, but in a custom workflow reading a view of an external Snowflake FDA account whose grants were lost; not ffdaUnicity, not a Campaign schema whose table was never created. A 'possible' is tolerable for the identical message text.")

# ================= KA-23329 field: marketing web.log (Z) public resource upload -> DLV-490004 mid-sourcing routing deactivated
b = 'ka-23329-field-d1'
nl = NL('Z'); d0 = U('2026-12-01 08:00:00')
noise_web(nl, d0, 9, 110, inst='mktg')
for k, f in enumerate(['banner_xmas_2026.png', 'banner_xmas_2026.png', 'footer_logo_v2.svg']):
    t = U('2026-12-01 10:03:40') + dt.timedelta(minutes=17 * k)
    nl.add(t, 'info', "HTTP request 'POST /nl/jsp/uploadFile.jsp' from '10.3.2.%d' processed in %d ms" % (71 + k, R.randint(300, 900)))
    nl.add(t + dt.timedelta(seconds=1), 'info', "Public resource '%s' uploaded to the server, publishing to the delivery instance(s)" % f)
    nl.add(t + dt.timedelta(seconds=1, milliseconds=80), 'error', "DLV-490004 The routing of type 'Email routing using mid-sourcing', used for this delivery, has been deactivated.")
w(b, 'mkt-app/var/default/log/web.log', nl.lines())
w(b, 'ticket-90233.txt', ["Marketing + mid-sourcing set-up. Uploading an image in Resources > Online > Public Resources stays at 90% forever.",
                          "External account 'Email routing using mid-sourcing' (defaultEmailMid) is disabled; we send through 'Mid-sourcing EU' (midEU) instead."])
expect(b, 'field', 'KA-23329', [E('KA-23329', 'confirmed')],
       "Marketing web.log (Z): three Public Resources uploads each followed by DLV-490004 The routing of type 'Email routing using mid-sourcing', used for this delivery, has been deactivated.; the ticket says the upload stays at 90% and the defaultEmailMid external account is disabled.")

# ================= KA-23329 near: DLV-490004 for an SMS routing in delivery analysis (no upload)
b = 'ka-23329-near-d1'
nl = NL('+08:00'); d0 = U('2026-12-02 00:00:00')
noise_wf(nl, d0, 10, 60, [('operationMgt', 1021), ('WKF_SMS_REMINDER', 61022), ('cleanup', 1017)])
t = U('2026-12-02 02:30:05')
nl.add(t, 'info', "WKF_SMS_REMINDER (id=61022) - delivery - Delivery 'SMS_REMINDER_DEC' (DM61301) analysis started")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_SMS_REMINDER (id=61022) - delivery - DLV-490004 The routing of type 'SMS routing via SMPP (Telco SG)', used for this delivery, has been deactivated.")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_SMS_REMINDER (id=61022) - Workflow 'WKF_SMS_REMINDER' paused after an error in activity 'delivery'")
w(b, 'var/sgprod/log/wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-23329', [E('KA-23329', 'not_confirmed')],
       "DLV-490004 routing deactivated, but for an SMS (SMPP) routing during the analysis of an SMS delivery in a workflow; no Public Resources upload and not the 'Email routing using mid-sourcing' account.")

# ================= KA-23889 field: RHEL 8.9 /var/log/messages + dnf history + rpm list
b = 'ka-23889-field-d1'
h = 'accmkt01'
ev = []
d0 = U('2026-03-07 20:00:00')
for i in range(80):
    t = rnd_time(d0, 16)
    k = R.randint(0, 4)
    m = [('systemd[1]', "Started Session %d of user ops." % R.randint(100, 999)),
         ('chronyd[902]', "Selected source 10.0.0.10 (ntp1.corp.example)"),
         ('systemd[1]', "Starting dnf makecache..."),
         ('NetworkManager[1011]', "<info>  [%d.%04d] dhcp4 (ens192): state changed new lease" % (1772900000 + i, R.randint(0, 9999))),
         ('rsyslogd[1203]', "[origin software=\"rsyslogd\" swVersion=\"8.2102.0-15.el8\"] rsyslogd was HUPed")][k]
    ev.append((t, sysl(t, h, m[0], m[1], off='-05:00')))
tb = U('2026-03-08 03:40:12')
ev.append((tb - dt.timedelta(minutes=5), sysl(tb - dt.timedelta(minutes=5), h, 'kernel', "Linux version 4.18.0-513.5.1.el8_9.x86_64 (mockbuild@x86-vm-08.build.eng.bos.redhat.com) (gcc version 8.5.0 20210514 (Red Hat 8.5.0-20) (GCC)) #1 SMP Fri Sep 29 05:21:10 EDT 2023", off='-05:00')))
for k in range(3):
    t = tb + dt.timedelta(minutes=6 * k)
    pid = 786880 + 91 * k + 2
    ev.append((t, sysl(t, h, 'systemd[1]', "Starting Adobe Campaign Classic service...", off='-05:00')))
    ev.append((t, sysl(t, h, 'nlenv[%d]' % pid, "nlserver: error while loading shared libraries: libicuuc.so.50: cannot open shared object file: No such file or directory", off='-05:00')))
    ev.append((t, sysl(t, h, 'systemd[1]', "nlserver.service: Control process exited, code=exited status=127", off='-05:00')))
    ev.append((t, sysl(t, h, 'systemd[1]', "nlserver.service: Failed with result 'exit-code'.", off='-05:00')))
    ev.append((t, sysl(t, h, 'systemd[1]', "Failed to start Adobe Campaign Classic service.", off='-05:00')))
ev.sort()
w(b, 'accmkt01/var/log/messages', [l for _, l in ev])
w(b, 'accmkt01/etc/redhat-release', ["Red Hat Enterprise Linux release 8.9 (Ootpa)"])
w(b, 'accmkt01/rpm-qa-nlserver.txt', ["$ rpm -qa | grep -i nlserver", "nlserver6-v7-9346-0.x86_64.el7", "$ rpm -qa | grep libicu", "libicu-60.3-2.el8_1.x86_64"])
w(b, 'accmkt01/leapp-report-excerpt.txt', ["Upgrade from RHEL 7.9 to RHEL 8.9 completed (leapp 0.16.0) on 2026-03-08 03:20 EST",
                                           "Risk Factor: medium  Title: Packages not signed by Red Hat found on the system: nlserver6-v7"])
expect(b, 'field', 'KA-23889', [E('KA-23889', 'confirmed')],
       "RHEL /var/log/messages (syslog without year, EST) right after a leapp upgrade 7.9 -> 8.9 (kernel el8_9): three starts of nlserver.service each fail with nlenv 'error while loading shared libraries: libicuuc.so.50', 'Control process exited, code=exited status=127', 'Failed with result', 'Failed to start Adobe Campaign Classic service.'; rpm shows the el7 nlserver build still installed.")

# ================= KA-23889 near: status=127 but an Oracle client library removed; correct el8 build
b = 'ka-23889-near-d1'
h = 'accdb-app2'
L = ["Ticket 51877 - nlserver does not start after Oracle client clean-up", "", "# journalctl -u nlserver --since '2026-03-12 09:00' -o short-iso", ""]
tb = U('2026-03-12 08:02:10')
for k in range(2):
    t = tb + dt.timedelta(minutes=4 * k)
    def iso(x): return x.astimezone(tz('+01:00')).strftime('%Y-%m-%dT%H:%M:%S+0100')
    L.append("%s %s systemd[1]: Starting Adobe Campaign Classic service..." % (iso(t), h))
    L.append("%s %s nlenv[%d]: nlserver: error while loading shared libraries: libclntsh.so.19.1: cannot open shared object file: No such file or directory" % (iso(t), h, 40211 + 7 * k))
    L.append("%s %s systemd[1]: nlserver.service: Control process exited, code=exited status=127" % (iso(t), h))
    L.append("%s %s systemd[1]: nlserver.service: Failed with result 'exit-code'." % (iso(t), h))
    L.append("%s %s systemd[1]: Failed to start Adobe Campaign Classic service." % (iso(t), h))
L += ["", "$ cat /etc/redhat-release", "Red Hat Enterprise Linux release 8.9 (Ootpa)   (installed as 8.x in 2024, no OS upgrade)",
      "$ rpm -qa | grep nlserver", "nlserver6-v7-9346-0.x86_64.el8",
      "$ rpm -qa | grep -i instantclient", "(nothing - oracle-instantclient19.19-basic was removed yesterday by the DBA team's clean-up script)"]
w(b, 'ticket-51877.txt', L, crlf=True)
expect(b, 'near_miss', 'KA-23889', [E('KA-23889', 'not_confirmed')],
       "Same systemd failure shape (nlenv shared-library error, status=127, Failed to start Adobe Campaign Classic service) pasted from journalctl -o short-iso (+0100) in a CRLF ticket, but the missing library is Oracle's libclntsh.so.19.1 after the Instant Client was removed; the host was installed as RHEL 8 (no 7->8 upgrade) and runs the el8 nlserver build.")
