from lib import *
import datetime as dt

# ================= KA-15251 field: custom LINE connector run by the MTA cannot read extended extAccount fields
b = 'ka-15251-field-f1'
d0 = U('2026-06-02 00:00:00')
mta = NL('+09:00'); ch_old = NL('+09:00'); ch = NL('+09:00', pid=ch_old.pid); wf = NL('+09:00')
noise_mta(mta, d0, 20, 900)
noise_mta(ch_old, d0, 9, 1400)
noise_mta(ch, d0 + dt.timedelta(hours=9), 11, 1500)
noise_wf(wf, d0, 20, 600, WFS + [('WKF_LINE_TOKEN_REFRESH', 88410)])
# the workflow can read/write the new columns without trouble
for h in range(0, 20, 2):
    t = d0 + dt.timedelta(hours=h, minutes=5, seconds=R.randint(0, 50))
    wf.add(t, 'info', "WKF_LINE_TOKEN_REFRESH (id=88410) - js1 - Channel access token refreshed for external account 'LINE_OA_JP' (lineChannelToken length=172, lineTokenExpiry=%s)" % (t + dt.timedelta(days=30)).astimezone(tz('+09:00')).strftime('%Y-%m-%d'))
    wf.add(t + dt.timedelta(seconds=1), 'info', "WKF_LINE_TOKEN_REFRESH (id=88410) - writer2 - 1 record(s) processed (step 'Update nms:extAccount')")
# the MTA-side connector fails on the same extended attributes
dels = [('DM66102', 'LINE_0602_summer_sale'), ('DM66117', 'LINE_0602_member_rank_up'), ('DM66120', 'LINE_0602_reminder')]
for k, (dm, lbl) in enumerate(dels):
    for r in range(3):
        t = U('2026-06-02 01:10:00') + dt.timedelta(hours=3 * k + r, minutes=R.randint(0, 30), seconds=R.randint(0, 59))
        nl = ch_old if t < d0 + dt.timedelta(hours=9) else ch
        mta.add(t, 'info', "Delivery %s ('%s'): starting %d message(s) on routing 'LINE_OA_JP' (custom connector 'cus:lineConnector.js')" % (dm, lbl, R.randint(2000, 40000)))
        nl.add(t + dt.timedelta(milliseconds=120), 'error', "XTK-170036 Unable to parse expression '@lineChannelToken'.")
        nl.add(t + dt.timedelta(milliseconds=121), 'error', "Attribute 'lineChannelToken' unknown (see definition of schema 'External accounts (nms:extAccount)').")
        nl.add(t + dt.timedelta(milliseconds=122), 'error', "JST-310000 Error while compiling script 'cus:lineConnector.js' line 48: queryDef on nms:extAccount failed.")
        nl.add(t + dt.timedelta(milliseconds=124), 'error', "SCR-160012 JavaScript: error while evaluating script 'cus:lineConnector.js'.")
        mta.add(t + dt.timedelta(seconds=2), 'error', "Delivery %s ('%s'): connector initialisation failed, message(s) will be retried" % (dm, lbl))
w(b, 'jp-mkt01/var/jpcrm/log/mtachild_2.log', ch_old.lines())
w(b, 'jp-mkt01/var/jpcrm/log/mtachild.log', ch.lines())
w(b, 'jp-mkt01/var/jpcrm/log/mta.log', mta.lines())
w(b, 'jp-mkt01/var/jpcrm/log/wfserver.log', wf.lines(), gz=False)
w(b, 'ticket-44190.txt', [
    "Subject: custom LINE connector - new external account fields not readable when sending",
    "Instance: jpcrm (Campaign Classic v7 21.1.5 build 9362, on premise)",
    "",
    "We extended nms:extAccount (cus:extAccount) with lineChannelToken, lineTokenExpiry and lineBotId for our LINE Messaging API connector.",
    "In the workflow WKF_LINE_TOKEN_REFRESH a queryDef in a JavaScript activity reads and updates these columns without any problem.",
    "When a delivery on the LINE routing is sent, the same queryDef code in cus:lineConnector.js fails: Attribute 'lineChannelToken' unknown.",
    "Out-of-the-box fields of the account (@account, @server, @password) can be read by the connector.",
    "Database structure was updated, and we restarted mta@jpcrm twice. Logs attached (mtachild rotated)."], crlf=True)
expect(b, 'field', 'KA-15251', [E('KA-15251', 'confirmed')],
       "Custom LINE connector (not WeChat) run by the MTA (+09:00, mtachild.log + rotated mtachild_2.log, ~3,000 noise lines): XTK-170036 Unable to parse expression '@lineChannelToken' / Attribute 'lineChannelToken' unknown (nms:extAccount) for every LINE delivery, while wfserver.log shows the workflow JS activity reading and writing the same extended fields fine; CRLF ticket says OOTB fields work. Exactly the article's situation.")

# ================= KA-15251 near: attribute unknown in a *workflow* JS activity (typo in the field name), MTA not involved
b = 'ka-15251-near-f1'
d0 = U('2026-06-04 05:00:00')
wf = NL('+02:00'); mta = NL('+02:00')
noise_wf(wf, d0, 10, 400)
noise_mta(mta, d0, 10, 300)
for k in range(4):
    t = U('2026-06-04 06:30:00') + dt.timedelta(hours=2 * k, seconds=R.randint(0, 40))
    wf.add(t, 'info', "WKF_SMS_SENDER_SYNC (id=50233) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=2), 'error', "WKF_SMS_SENDER_SYNC (id=50233) - js3 - XTK-170036 Unable to parse expression '@smsSenderIdx'.")
    wf.add(t + dt.timedelta(seconds=2), 'error', "WKF_SMS_SENDER_SYNC (id=50233) - js3 - Attribute 'smsSenderIdx' unknown (see definition of schema 'External accounts (nms:extAccount)').")
    wf.add(t + dt.timedelta(seconds=2), 'error', "WKF_SMS_SENDER_SYNC (id=50233) - js3 - SCR-160012 JavaScript: error while evaluating script 'WKF_SMS_SENDER_SYNC/js3'.")
    wf.add(t + dt.timedelta(seconds=3), 'warning', "WKF_SMS_SENDER_SYNC (id=50233) - Workflow paused after an error in activity 'js3'")
w(b, 'var/smsprod/log/wfserver.log', wf.lines())
w(b, 'var/smsprod/log/mta.log', mta.lines())
w(b, 'notes.txt', [
    "Our extension cus:extAccount adds the attribute smsSenderId (string 11). The sync workflow's JS activity js3 queries '@smsSenderIdx'",
    "(it was renamed during review but the script was not updated). SMS deliveries through the MTA are fine, no errors there.",
    "Schema excerpt:", '<srcSchema name="extAccount" namespace="cus" extendedSchema="nms:extAccount">',
    '  <element name="extAccount"><attribute name="smsSenderId" type="string" length="11" label="SMS sender id"/></element>', '</srcSchema>'])
expect(b, 'near_miss', 'KA-15251', [E('KA-15251', 'not_confirmed'), E('KA-22755', 'not_confirmed')],
       "Attribute '...' unknown on nms:extAccount, but in a workflow JavaScript activity (not the MTA) and because the script uses a misspelled name (smsSenderIdx vs smsSenderId in the extension); MTA logs are clean. The article's case is the MTA failing where the workflow works.")

# ================= KA-15276 field: ImportSharedAudience fails, negative work-table id (journal in ticket, US dates, EST)
b = 'ka-15276-field-f1'
t0 = U('2026-03-17 13:04:43')
L = ["Ticket 300471 - importSharedAudience workflow fails every run since Friday",
     "Instance: retail-mkt (Campaign Classic v7, build 8977, hosted). Audience Manager integration via IMS.",
     "Technical workflow: Import shared audiences (importSharedAudience), Administration > Production > Technical workflows > Audiences.",
     "", "Workflow log (Tasks), copied from the console:", ""]
J = [("start", "Workflow started by 'webapp'"),
     ("fileTransfer", "Downloading 's3://aam-retail-out/ftp_in/segments/S_8890231_20260317.sync' ..."),
     ("fileTransfer", "1 file(s) downloaded"),
     ("dataLoading", "41,877 record(s) loaded"),
     ("jsxListUpdate", "Creating list 'AAM - Loyal spenders Q1' (id=-1184022930)"),
     ("jsxListUpdate", "PGS-220000 PostgreSQL error: ERROR:  syntax error at or near \"-\" LINE 1: CREATE UNLOGGED TABLE wkf2210473_58_-1184022930(                                             "),
     ("jsxListUpdate", "WDB-200001 SQL statement 'CREATE UNLOGGED TABLE wkf2210473_58_-1184022930( iId INTEGER Default 0)' could not be executed."),
     ("", "Workflow 'importSharedAudience' paused after an error in activity 'jsxListUpdate'.")]
for i, (act, m) in enumerate(J):
    L.append("%s  %s  %s" % (jdate(t0 + dt.timedelta(seconds=2 * i), 'us', '-05:00'), act.ljust(14), m))
L += ["", "Manual restart this morning:", ""]
t1 = U('2026-03-18 14:12:05')
for i, (act, m) in enumerate(J[4:7]):
    L.append("%s  %s  %s" % (jdate(t1 + dt.timedelta(seconds=2 * i), 'us', '-05:00'), act.ljust(14), m.replace('-1184022930', '-1184022951').replace('_58_', '_61_')))
L += ["", "Other audiences (positive list ids) were imported fine last week.", "Regards, Dana (Marketing Ops)"]
w(b, 'ticket-300471.txt', L, crlf=True)
wf = NL('-05:00'); d0 = U('2026-03-17 05:00:00')
noise_wf(wf, d0, 14, 1800, WFS + [('importSharedAudience', 2210473)])
t = t0 + dt.timedelta(seconds=10)
wf.add(t, 'error', "importSharedAudience (id=2210473) - jsxListUpdate - PGS-220000 PostgreSQL error: ERROR:  syntax error at or near \"-\"\\nLINE 1: CREATE UNLOGGED TABLE wkf2210473_58_-1184022930(\\n                                                     ^\\n (iRc=-2006)")
wf.add(t, 'error', "importSharedAudience (id=2210473) - jsxListUpdate - WDB-200001 SQL statement 'CREATE UNLOGGED TABLE wkf2210473_58_-1184022930( iId INTEGER Default 0)' could not be executed.")
w(b, 'wfserver.log.1.gz', wf.lines(), gz=True)
expect(b, 'field', 'KA-15276', [E('KA-15276', 'confirmed')],
       "importSharedAudience journal pasted in a CRLF ticket (US dates, EST), build 8977 (< 9026): jsxListUpdate PGS-220000 syntax error at or near \"-\" on CREATE UNLOGGED TABLE wkf2210473_58_-1184022930 (negative list id), twice; a rotated wfserver.log.1.gz (-05:00, ~1,800 noise lines) carries the flattened PostgreSQL error. Names/ids differ from the article.")

# ================= KA-15276 near: syntax error at or near "-" from an unquoted hyphenated table name in a custom SQL activity (build 9364)
b = 'ka-15276-near-f1'
wf = NL('+01:00'); d0 = U('2026-01-20 06:00:00')
noise_wf(wf, d0, 12, 700, WFS + [('WKF_SEGMENT_EXPORT', 40517)])
for k in range(3):
    t = U('2026-01-20 08:15:00') + dt.timedelta(hours=3 * k, seconds=R.randint(0, 30))
    wf.add(t, 'info', "WKF_SEGMENT_EXPORT (id=40517) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=4), 'error', "WKF_SEGMENT_EXPORT (id=40517) - sql2 - PGS-220000 PostgreSQL error: ERROR:  syntax error at or near \"-\"\\nLINE 1: CREATE TABLE cus_seg_2026-01 AS SELECT iRecipientId FROM wkf40517_7_1\\n                                   ^\\n (iRc=-2006)")
    wf.add(t + dt.timedelta(seconds=4), 'error', "WKF_SEGMENT_EXPORT (id=40517) - sql2 - WDB-200001 SQL statement 'CREATE TABLE cus_seg_2026-01 AS SELECT iRecipientId FROM wkf40517_7_1' could not be executed.")
    wf.add(t + dt.timedelta(seconds=5), 'warning', "WKF_SEGMENT_EXPORT (id=40517) - Workflow paused after an error in activity 'sql2'")
# importSharedAudience runs fine on this instance
for k in range(2):
    t = U('2026-01-20 07:00:00') + dt.timedelta(hours=5 * k)
    wf.add(t, 'info', "importSharedAudience (id=1877) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=40), 'info', "importSharedAudience (id=1877) - jsxListUpdate - List 'AAM - churn risk' (id=1288440) updated, 12,881 record(s)")
    wf.add(t + dt.timedelta(seconds=41), 'info', "importSharedAudience (id=1877) - Workflow finished (state=Finished)")
w(b, 'var/emea/log/wfserver.log', wf.lines())
w(b, 'sql2-activity.txt', ["SQL code activity 'sql2' of WKF_SEGMENT_EXPORT (build 9364):", "",
                           "CREATE TABLE cus_seg_<%= formatDate(new Date(), '%4Y-%2M') %> AS SELECT iRecipientId FROM <%= activity.tableName %>"])
expect(b, 'near_miss', 'KA-15276', [E('KA-15276', 'not_confirmed')],
       "PGS-220000 syntax error at or near \"-\" in a custom SQL code activity that builds an unquoted table name from a date (cus_seg_2026-01); build 9364 (after the 9026 fix); no negative work-table id, importSharedAudience itself runs fine in the same log.")

# ================= KA-15876 field: ACS push delivery logs export, ERR_FAILUREMCPNSAPI 404 Not Found on iOS and Android
b = 'ka-15876-field-f1'
t0 = U('2026-04-21 09:00:00')
rows = ["Date;Delivery;Profile;Channel;Status;Reason;Message"]
plats = ['iOS', 'Android']
for i in range(1600):
    t = t0 + dt.timedelta(seconds=i * 2 + R.randint(0, 1))
    dl = 'DM%d' % (1402 if i < 800 else 1405)
    p = 'PRF%07d' % (3000000 + R.randint(0, 999999))
    if i % 9 == 4:
        rows.append("%s;%s;%s;Push notification (%s);Ignored;Unreachable;Device token not registered" % (t.astimezone(tz('+02:00')).strftime('%d/%m/%Y %H:%M:%S'), dl, p, R.choice(plats)))
    else:
        rows.append("%s;%s;%s;Push notification (%s);Failed;Error;ERR_FAILUREMCPNSAPI 404 Not Found" % (t.astimezone(tz('+02:00')).strftime('%d/%m/%Y %H:%M:%S'), dl, p, R.choice(plats)))
w(b, 'delivery-logs-DM1402-DM1405.csv', rows, crlf=True)
w(b, 'case-03318842.txt', [
    "Case 03318842 - Campaign Standard: all push deliveries failing",
    "Tenant: verdana-foods (Campaign Standard, EMEA)",
    "",
    "Since yesterday every push delivery (iOS and Android) of our app 'Verdana Rewards' fails. Delivery logs show",
    "    ERR_FAILUREMCPNSAPI 404 Not Found",
    "for each profile. Deliveries DM1402 'Weekly recipes' and DM1405 'Flash deal Tuesday'. Export of the delivery logs attached.",
    "Email and SMS deliveries work. The iOS certificate was renewed in March and is valid until 2027-03-02.",
    "Nothing changed in the app on our side; the mobile app in Campaign shows status 'Ready'."])
expect(b, 'field', 'KA-15876', [E('KA-15876', 'confirmed'), E('KA-20588', 'not_confirmed')],
       "Campaign Standard push deliveries: delivery-log export (CRLF, ';', EU dates, 1,600 rows) with ERR_FAILUREMCPNSAPI 404 Not Found for iOS and Android profiles, plus a case text; certificate valid (so not the 412 certificate article).")

# ================= KA-15876 near: ERR_FAILUREMCPNSAPI 400 (payload too large) and a separate 404 on a rich-push media URL
b = 'ka-15876-near-f1'
t0 = U('2026-04-28 15:30:00')
rows = ["Date,Delivery,Profile,Channel,Status,Reason,Message"]
for i in range(900):
    t = t0 + dt.timedelta(seconds=i * 3 + R.randint(0, 2))
    p = 'PRF%07d' % (5000000 + R.randint(0, 999999))
    if R.random() < 0.55:
        rows.append('%s,DM2210,%s,Push notification (iOS),Failed,Error,"ERR_FAILUREMCPNSAPI 400 Bad Request: payload exceeds the maximum size (4096 bytes)"' % (jdate(t, 'us', '-05:00'), p))
    else:
        rows.append('%s,DM2210,%s,Push notification (Android),Sent,,' % (jdate(t, 'us', '-05:00'), p))
w(b, 'delivery-logs-DM2210.csv', rows)
w(b, 'case-03320117.txt', [
    "Case 03320117 - push delivery DM2210 'Spring collection' errors (tenant northpeak-outdoor, Campaign Standard)",
    "",
    "iOS messages fail with ERR_FAILUREMCPNSAPI 400 Bad Request. Android ones are sent, but the rich-push image does not show:",
    "when we open the media URL we get '404 Not Found' (https://cdn.northpeak.example/push/spring-hero@2x.png).",
    "We added 14 custom data fields (deep links for every product) to the payload last week; earlier pushes with 3 fields worked.",
    "Other push deliveries without the extra fields (DM2198, DM2204) were sent fine on both platforms this week."])
expect(b, 'near_miss', 'KA-15876', [E('KA-15876', 'not_confirmed'), E('KA-20588', 'not_confirmed')],
       "Campaign Standard push errors, but ERR_FAILUREMCPNSAPI 400 Bad Request (payload over 4 KB after adding custom data), and the only '404 Not Found' is the customer's own rich-push image URL on their CDN; other pushes are sent on both platforms, so the pipeline endpoint is fine.")

# ================= KA-15983 field: Alert activity fails after enrichment on a delivery query, build 9032 (EU journal, CET)
b = 'ka-15983-field-f1'
L = ["Betreff: Alert-Aktivität schlägt fehl / alert activity fails - Ticket 88-2114",
     "Instance: ddv-marketing (Adobe Campaign Classic 19.1.4 build 9032, on premise)",
     "",
     "Workflow WKF_DAILY_FAILED_DELIVERY_ALERT: Query (query1) on Deliveries where Delivery status = Failed, then Enrichment (enrich2), then Alert (alert3) to the group 'Delivery supervisors'.",
     "Without the enrichment the workflow works (see the copy WKF_DAILY_FAILED_DELIVERY_ALERT_copy). With it the alert fails even when the enrichment adds nothing.",
     "", "Log (Audit):", ""]
t0 = U('2026-02-09 06:00:02')
J = [("start", "Workflow started by scheduler"),
     ("query1", "3 record(s) selected (Deliveries, status = Failed)"),
     ("enrich2", "3 record(s) processed"),
     ("alert3", "Failed to load delivery ID 6621907 into the cache: delivery not found in the transition data."),
     ("alert3", "Error while executing the 'alert3' activity."),
     ("", "Workflow 'WKF_DAILY_FAILED_DELIVERY_ALERT' paused.")]
for d in range(3):
    for i, (a, m) in enumerate(J):
        tt = t0 + dt.timedelta(days=d, seconds=3 * i)
        L.append("%s %s %s" % (jdate(tt, 'eu', '+01:00'), a.ljust(9), m.replace('6621907', str(6621907 + 41 * d))))
    L.append("")
L += ["Copy without enrichment (same day):"]
J2 = [("query1", "3 record(s) selected (Deliveries, status = Failed)"), ("alert3", "Alert sent to group 'Delivery supervisors' (3 delivery(ies))"), ("end", "Workflow finished")]
for i, (a, m) in enumerate(J2):
    L.append("%s %s %s" % (jdate(U('2026-02-11 07:40:12') + dt.timedelta(seconds=2 * i), 'eu', '+01:00'), a.ljust(9), m))
w(b, 'ticket-88-2114.txt', L, crlf=True)
expect(b, 'field', 'KA-15983', [E('KA-15983', 'confirmed')],
       "Journal (EU dates, CET) pasted in a CRLF ticket: query on deliveries by status, an enrichment, then the Alert activity fails with 'Failed to load delivery ID ... into the cache' three days in a row on build 9032; the copy without enrichment sends the alert. Exactly the article's known bug.")

# ================= KA-15983 near: 'Failed to load delivery ID ... into the cache' in the MTA after a deleted delivery, build 9364
b = 'ka-15983-near-f1'
mta = NL('+08:00'); d0 = U('2026-02-14 00:00:00')
noise_mta(mta, d0, 16, 1200)
for k in range(6):
    t = U('2026-02-14 03:12:00') + dt.timedelta(minutes=25 * k, seconds=R.randint(0, 50))
    mta.add(t, 'error', "WDB-200011 The requested database record does not exist.")
    mta.add(t, 'error', "Failed to load delivery ID 9140228 into the cache: Cannot load document of type 'nms:delivery' satisfying condition '([/@id] = 9140228)'.")
    mta.add(t + dt.timedelta(milliseconds=5), 'warning', "Delivery part 3 of delivery 9140228 ignored, the delivery no longer exists")
w(b, 'sgmta02/var/apac/log/mta.log', mta.lines())
w(b, 'notes.txt', ["Build 9364 (21.1.6). Delivery DM9140228 was deleted by an operator on 14/02 at 10:55 local time while its parts were still queued on the MTA.",
                   "No workflow with an Alert activity is involved."])
expect(b, 'near_miss', 'KA-15983', [E('KA-15983', 'not_confirmed')],
       "'Failed to load delivery ID ... into the cache' but in mta.log (+08:00), for a delivery that was deleted (WDB-200011, Cannot load document of type 'nms:delivery'), build 9364 (after the 9330 fix); no Alert activity, no enrichment, no delivery query.")

# ================= KA-17555 field: package installation fails with XML-110011 'fusion' after upgrade to build 9348
b = 'ka-17555-field-f1'
pu = []
t0 = U('2026-05-09 21:14:02')
pumsgs = [("info", "Starting post-upgrade of instance 'mkt_fr' (from build 9032 to build 9348)"),
          ("info", "Updating table 'NmsDelivery'"), ("info", "Updating table 'XtkWorkflow'"),
          ("warning", "The document with identifier 'deliveryStats' and type 'xtk:report' is in conflict with the new version."),
          ("info", "Deleting schema 'xtk:fusion' (obsolete)"),
          ("warning", "Schema 'xtk:fusion' still referenced by 2 entity(ies), not deleted"),
          ("info", "=========Summary of the update=========="),
          ("info", "mkt_fr instance, 1 warning(s) and 0 error(s) during the update."),
          ("info", "Post-upgrade finished")]
for i, (lv, m) in enumerate(pumsgs):
    pu.append("%s 00003A1F 1 %s log %s" % (fmt_ts(t0 + dt.timedelta(seconds=37 * i), 'Z'), lv, m))
w(b, 'frmkt01/var/mkt_fr/postupgrade/postupgrade_v7.9348_20260509.log', pu)
web = NL('+02:00'); d0 = U('2026-05-11 05:00:00')
noise_web(web, d0, 12, 2200, inst='mkt_fr')
for k, pkg in enumerate(['nms:interaction.xml', 'nms:mobileApp.xml', 'cus:loyaltyPackage.xml']):
    t = U('2026-05-11 08:41:00') + dt.timedelta(minutes=19 * k, seconds=R.randint(0, 50))
    web.add(t, 'info', "Package import requested by 'g.weber': '%s'" % pkg)
    web.add(t + dt.timedelta(seconds=3), 'error', "XML-110011 Unable to find 'fusion' element.")
    web.add(t + dt.timedelta(seconds=3), 'error', "Error while importing the package '%s'." % pkg)
    web.add(t + dt.timedelta(seconds=3), 'error', "SOP-330011 Error while executing the method 'InstallPackage' of service 'xtk:builder'.")
w(b, 'frmkt01/var/default/log/web.log', web.lines())
w(b, 'psql-xtkentity.txt', ["mkt_fr=> SELECT sNamespace, sName, sEntitySchema FROM XtkEntity WHERE sName = 'fusion';",
                            " snamespace | sname  | sentityschema ", "------------+--------+---------------",
                            " xtk        | fusion | xtk:srcSchema", " xtk        | fusion | xtk:schema", "(2 rows)"])
expect(b, 'field', 'KA-17555', [E('KA-17555', 'confirmed')],
       "Upgrade 9032 -> 9348 (postupgrade log, layout A, Z) leaves xtk:fusion; two days later every package import (standard and custom) in web.log (+02:00, ~2,200 noise lines) fails with XML-110011 Unable to find 'fusion' element; psql shows the xtk:fusion entities still in XtkEntity.")

# ================= KA-17555 near: XML-110011 for a hand-edited package without <entities>, same upgraded build
b = 'ka-17555-near-f1'
con = []
t0 = U('2026-05-20 09:02:11')
for i, m in enumerate(["Application server for Adobe Campaign Classic (7.3.5 build 9346@a3f1e29) of 02/14/2024",
                       "Importing package '/home/acc/packages/cus_store_locator_v4.xml'...",
                       "XML-110011 Unable to find 'entities' element.",
                       "Error while loading package file '/home/acc/packages/cus_store_locator_v4.xml' (root element is 'package', expected child 'entities' not found)",
                       "Importing package '/home/acc/packages/cus_store_locator_v3.xml'...",
                       "Package 'cus_store_locator_v3' imported (12 entity(ies))"]):
    con.append("%s >   %s" % ((t0 + dt.timedelta(seconds=2 * i)).astimezone(tz('-05:00')).strftime('%H:%M:%S'), m))
w(b, 'nlserver-package-import.txt', ["$ nlserver package -instance:usmkt -import:/home/acc/packages/cus_store_locator_v4.xml"] + con[:4] +
  ["$ nlserver package -instance:usmkt -import:/home/acc/packages/cus_store_locator_v3.xml"] + con[4:])
w(b, 'cus_store_locator_v4.xml.head', ['<?xml version="1.0" encoding="UTF-8"?>', '<package author="b.kim" buildNumber="9346" buildVersion="7.3" namespace="cus" name="cus_store_locator_v4" label="Store locator v4">',
                                       '  <entity schema="xtk:srcSchema">', '    <srcSchema name="store" namespace="cus" label="Stores"> ...'])
w(b, 'notes.txt', ["Upgraded to 7.3.5 build 9346 in April; postupgrade completed with 0 error. Standard packages install fine since then.",
                   "The v4 file of our store locator package was edited by hand (a merge) and no longer has the <entities> wrapper."])
expect(b, 'near_miss', 'KA-17555', [E('KA-17555', 'not_confirmed')],
       "XML-110011 Unable to find '...' element during a package import on an upgraded build (9346), but the missing element is 'entities' in a hand-edited custom package (the v3 file imports fine, standard packages install); no 'fusion' element, no xtk:fusion left.")

# ================= KA-19372 field: ACS workflow corrupted, SCM-120008 on any operation (case + browser console)
b = 'ka-19372-field-f1'
w(b, 'case-03341029.txt', [
    "Case 03341029 - Campaign Standard workflow cannot be started, renamed or saved",
    "Tenant: halvorsen-energy-prod",
    "",
    "Workflow WKF1207 'Winter tariff reactivation' cannot be used any more. Whatever we do (Start, change the label, add an activity, Save):",
    "",
    "RST-360011 An error has occurred. Please get in touch with the administrator.",
    "SCM-120008 Can not find key values for 'segmentation' element ('original' schema document, 'WKF1207' name, and 'Winter tariff reactivation' description)",
    "",
    "Duplicating the workflow gives a copy (WKF1241) that fails in the same way. Other workflows of the same folder work.",
    "Browser console export attached."], crlf=True)
t0 = U('2026-01-13 10:02:00'); C = []
ev = [("log", "[ACS] open workflow WKF1207"),
      ("info", "XHR finished loading: GET \"https://halvorsen-energy-prod.campaign.adobe.com/rest/profileAndServices/workflow/@Ck3x..\"."),
      ("error", "POST https://halvorsen-energy-prod.campaign.adobe.com/xtk/session/soaprouter 500 (Internal Server Error)"),
      ("error", "RST-360011 An error has occurred. Please get in touch with the administrator. SCM-120008 Can not find key values for 'segmentation' element ('original' schema document, 'WKF1207' name, and 'Winter tariff reactivation' description)"),
      ("log", "[ACS] edit label WKF1207 -> 'Winter tariff reactivation 2026'"),
      ("error", "PATCH https://halvorsen-energy-prod.campaign.adobe.com/rest/profileAndServices/workflow/@Ck3x.. 500 (Internal Server Error)"),
      ("error", "RST-360011 An error has occurred. Please get in touch with the administrator. SCM-120008 Can not find key values for 'segmentation' element ('original' schema document, 'WKF1207' name, and 'Winter tariff reactivation' description)"),
      ("log", "[ACS] open workflow WKF1241"),
      ("error", "RST-360011 An error has occurred. Please get in touch with the administrator. SCM-120008 Can not find key values for 'segmentation' element ('original' schema document, 'WKF1241' name, and 'Copy of Winter tariff reactivation' description)")]
for i, (lv, m) in enumerate(ev):
    t = t0 + dt.timedelta(seconds=11 * i)
    C.append("%s.%03dZ %s %s" % (t.strftime('%Y-%m-%dT%H:%M:%S'), (i * 211) % 1000, lv.upper().ljust(5), m))
w(b, 'browser-console.log', C)
expect(b, 'field', 'KA-19372', [E('KA-19372', 'confirmed'), E('KA-22036', 'not_confirmed')],
       "Campaign Standard: a workflow throws RST-360011 + SCM-120008 Can not find key values for 'segmentation' element ('original' schema document, WKF1207...) on start, label change and save; the duplicate fails too. Case text (CRLF) and a browser console export (UTC). Not Campaign Classic and not element 'Event', so not KA-22036.")

# ================= KA-19372 near: SCM-120008 in Campaign Classic while importing operators from a package
b = 'ka-19372-near-f1'
web = NL('+01:00'); d0 = U('2026-01-15 07:00:00')
noise_web(web, d0, 10, 900, inst='nordic')
t = U('2026-01-15 13:20:41')
web.add(t, 'info', "Package import requested by 'admin': 'cus_operators_migration.xml' (43 entity(ies))")
for i, op in enumerate(['', '', '']):
    web.add(t + dt.timedelta(seconds=1 + i), 'error', "SCM-120008 Cannot find key values for element 'operator' (document with schema 'operator', name '' and description 'Regional manager %s')" % ['Oslo', 'Bergen', 'Trondheim'][i])
web.add(t + dt.timedelta(seconds=5), 'error', "Error while importing the package 'cus_operators_migration.xml'.")
web.add(t + dt.timedelta(seconds=5), 'error', "SOP-330011 Error while executing the method 'InstallPackage' of service 'xtk:builder'.")
w(b, 'var/default/log/web.log', web.lines())
w(b, 'notes.txt', ["Campaign Classic v7 (build 9360). We export operators from the old instance with a package; three of them have an empty login (name)",
                   "because they were LDAP-only accounts. The import stops on them. Workflows are not concerned."])
expect(b, 'near_miss', 'KA-19372', [E('KA-19372', 'not_confirmed'), E('KA-22036', 'not_confirmed')],
       "SCM-120008 Cannot find key values, but in Campaign Classic during a package import of operators with an empty name (the key); no workflow, no Campaign Standard, no RST-360011.")

# ================= KA-19396 field: API call to a custom Profile filter fails with BAS-010040 (filter name read as a key)
b = 'ka-19396-field-f1'
t0 = U('2026-03-03 02:00:00'); L = []
def jl(t, lv, m): L.append('{"ts":"%s","level":"%s","logger":"acs-sync","msg":%s}' % (fmt_ts(t, 'Z', sep='T'), lv, __import__('json').dumps(m)))
jl(t0, "info", "Nightly loyalty sync started (tenant bellacasa-prod)")
for i in range(400):
    t = t0 + dt.timedelta(seconds=i * 4)
    jl(t, "debug", "GET https://mc.adobe.io/bellacasa-prod/campaign/profileAndServices/profile/%s -> 200" % ('@' + ''.join(R.choice('abcdefghijkLMNOPQ0123456789') for _ in range(22))))
for k in range(5):
    t = t0 + dt.timedelta(minutes=28, seconds=k * 31)
    cid = 'LC-%08d' % R.randint(0, 99999999)
    jl(t, "info", "GET https://mc.adobe.io/bellacasa-prod/campaign/profileAndServices/profile/byLoyaltyCard?loyaltyCard_parameter=%s" % cid)
    jl(t, "error", "HTTP 500 Internal Server Error: {\"code\":500,\"message\":\"RST-360011 An error has occurred. Please contact the administrator.\\nBAS-010040 Cannot convert 'byLoyaltyCard' (text type) to 32-bit integer type (bAS-010011 Invalid data).\"}")
jl(t0 + dt.timedelta(minutes=40), "info", "Retry with https://mc.adobe.io/bellacasa-prod/campaign/profileAndServices/profile/byLoyaltyCard?loyaltyCard_parameter=LC-00418822&hasCustomFilter=false -> 500 (same error)")
jl(t0 + dt.timedelta(minutes=41), "info", "Test: GET https://bellacasa-prod.campaign.adobe.com/rest/head/profile/byLoyaltyCard?loyaltyCard_parameter=LC-00418822 -> 200 (1 item)")
jl(t0 + dt.timedelta(minutes=42), "warn", "Sync finished: 5 card look-ups failed")
w(b, 'acs-sync-20260303.jsonl', L)
w(b, 'README.txt', ["Campaign Standard tenant bellacasa-prod. We defined a custom filter 'byLoyaltyCard' (parameter loyaltyCard) on the Profile resource",
                    "and published the resource. Calling it through Adobe I/O from our node job fails; the same filter via /rest/head/profile works."])
expect(b, 'field', 'KA-19396', [E('KA-19396', 'confirmed'), E('KA-15581', 'not_confirmed', True)],
       "Campaign Standard REST job log (JSON Lines, UTC): calls to the custom Profile filter /profile/byLoyaltyCard?loyaltyCard_parameter=... answer RST-360011 + BAS-010040 Cannot convert 'byLoyaltyCard' (text type) to 32-bit integer type; /rest/head/profile/byLoyaltyCard works. KA-15581 (same BAS-010040 on profiles, database structure) is not this case; a possible is tolerable because the code and resource are the same.")

# ================= KA-19396 near: BAS-010040 in a Campaign Classic file import ('N/A' in an integer column)
b = 'ka-19396-near-f1'
wf = NL('-05:00'); d0 = U('2026-03-05 10:00:00')
noise_wf(wf, d0, 9, 600, WFS + [('WKF_STORE_IMPORT', 61220)])
for k in range(2):
    t = U('2026-03-05 12:00:05') + dt.timedelta(hours=4 * k)
    wf.add(t, 'info', "WKF_STORE_IMPORT (id=61220) - fileImport - Loading file 'stores_%s.csv' (1,204 line(s))" % ['am', 'pm'][k])
    wf.add(t + dt.timedelta(seconds=1), 'error', "WKF_STORE_IMPORT (id=61220) - fileImport - BAS-010040 Cannot convert 'N/A' (text type) to 32-bit integer type (bAS-010011 Invalid data).")
    wf.add(t + dt.timedelta(seconds=1), 'error', "WKF_STORE_IMPORT (id=61220) - fileImport - Line 388, column 'iFloorSpace': value rejected")
    wf.add(t + dt.timedelta(seconds=2), 'warning', "WKF_STORE_IMPORT (id=61220) - Workflow paused after an error in activity 'fileImport'")
w(b, 'var/usmkt/log/wfserver.log', wf.lines())
expect(b, 'near_miss', 'KA-19396', [E('KA-19396', 'not_confirmed'), E('KA-15581', 'not_confirmed')],
       "BAS-010040 Cannot convert '...' (text type) to 32-bit integer type, but in a Campaign Classic file import where the CSV has 'N/A' in an integer column; no REST API, no custom filter, no profile resource.")

# ================= KA-22499 field: v8 ffdaReplicateStagingData warehouse timeout 14,400 s (journal export + ticket)
b = 'ka-22499-field-f1'
rows = ["Date\tActivity\tMessage"]
for d in range(4):
    base = U('2026-07-06 22:00:00') + dt.timedelta(days=d)
    rows.append("%s\tstart\tWorkflow started" % jdate(base, 'iso', '+02:00'))
    for s in ['nmsRecipient', 'nmsSubscription', 'cusPurchase']:
        rows.append("%s\tnlmoduleStagingSchema\tReplicating staging data for schema '%s'" % (jdate(base + dt.timedelta(seconds=5), 'iso', '+02:00'), s))
    if d != 1:
        tt = base + dt.timedelta(hours=4, seconds=8)
        rows.append("%s\tnlmoduleStagingSchema\tODB-240000 ODBC error: Statement reached its statement or warehouse timeout of 14,400 second(s) and was canceled. SQLState: 57014" % jdate(tt, 'iso', '+02:00'))
        rows.append("%s\tnlmoduleStagingSchema\tWDB-200001 SQL statement 'INSERT INTO CusPurchase (...) SELECT ... FROM CusPurchase_stg S WHERE S.tsLastModified > ...' could not be executed." % jdate(tt, 'iso', '+02:00'))
        rows.append("%s\t\tWorkflow 'ffdaReplicateStagingData' paused after an error" % jdate(tt + dt.timedelta(seconds=1), 'iso', '+02:00'))
    else:
        rows.append("%s\tend\tWorkflow finished (3 schema(s) replicated)" % jdate(base + dt.timedelta(hours=3, minutes=51), 'iso', '+02:00'))
w(b, 'ffdaReplicateStagingData-log.tsv', rows, crlf=True)
w(b, 'ticket-52214.txt', ["Campaign v8 (FFDA, Snowflake) - instance vendo-mkt-prod8, build 8.6.1",
                          "OOTB workflow ffdaReplicateStagingData does not sync: purchases ingested via the API on Monday are still not in CusPurchase.",
                          "The staging table cusPurchase_stg has about 310 million rows. Log export of the workflow attached (times Europe/Paris)."])
expect(b, 'field', 'KA-22499', [E('KA-22499', 'confirmed'), E('KA-22497', 'not_confirmed')],
       "Campaign v8 ffdaReplicateStagingData journal export (TSV, CRLF, ISO dates in +02:00 without zone): nlmoduleStagingSchema ODB-240000 Statement reached its statement or warehouse timeout of 14,400 second(s) and was canceled on three of four nights; data not synced. No duplicate-row error, so not KA-22497.",
       args=["--tz", "Europe/Paris"])

# ================= KA-22499 near: same Snowflake timeout text, but a customer workflow query (3,600 s); ffdaReplicateStagingData fine
b = 'ka-22499-near-f1'
rows = []
for d in range(3):
    base = U('2026-07-14 01:00:00') + dt.timedelta(days=d)
    rows.append("%s  query2      Querying 'Purchases (cus:purchase)' joined with 'Profiles (nms:recipient)' over 24 months" % jdate(base, 'us', '-04:00'))
    rows.append("%s  query2      ODB-240000 ODBC error: Statement reached its statement or warehouse timeout of 3,600 second(s) and was canceled. SQLState: 57014" % jdate(base + dt.timedelta(hours=1, seconds=3), 'us', '-04:00'))
    rows.append("%s              Workflow 'WKF_CHURN_MODEL_FEED' paused after an error in activity 'query2'" % jdate(base + dt.timedelta(hours=1, seconds=4), 'us', '-04:00'))
w(b, 'WKF_CHURN_MODEL_FEED-journal.txt', rows)
rows = []
for d in range(3):
    base = U('2026-07-14 04:00:00') + dt.timedelta(days=d)
    rows.append("%s  nlmoduleStagingSchema  Replicating staging data for schema 'nmsRecipient'" % jdate(base, 'us', '-04:00'))
    rows.append("%s  end                    Workflow finished (4 schema(s) replicated)" % jdate(base + dt.timedelta(minutes=37), 'us', '-04:00'))
w(b, 'ffdaReplicateStagingData-journal.txt', rows)
w(b, 'ticket.txt', ["Campaign v8 (Snowflake). Our churn feed workflow times out on its big query since we extended the window to 24 months.",
                    "ffdaReplicateStagingData and the other technical workflows run fine (journal attached for comparison)."])
expect(b, 'near_miss', 'KA-22499', [E('KA-22499', 'not_confirmed')],
       "Snowflake 'Statement reached its statement or warehouse timeout' (3,600 s) but in a customer workflow's query activity (WKF_CHURN_MODEL_FEED/query2); ffdaReplicateStagingData's journal shows it finishing every night. The article is about the OOTB staging replication.")
