from lib import *
import datetime as dt

# ================= KA-22687 field: BigQuery view + enrichment, GAuthFailStorageAPI (v8.5, journal + ODBC trace)
b = 'ka-22687-field-f1'
L = ["Ticket 19-77310 - enrichment on BigQuery data fails (Campaign Classic v8.5.2, on a managed instance)",
     "FDA external account 'BQ_CDP' (Google BigQuery, service account campaign-fda@cdp-analytics-2291.iam.gserviceaccount.com).",
     "Workflow WKF_BQ_CHURN_ENRICH: query1 reads the view cdp_analytics.v_churn_scores, enrich3 adds Profiles (nms:recipient) by email.",
     "The query alone works (count OK). With the enrichment the workflow stops:", ""]
t0 = U('2026-08-18 07:30:00')
for d, (h, m) in enumerate([(7, 30), (9, 2), (13, 44)]):
    t = U('2026-08-18 00:00:00') + dt.timedelta(hours=h, minutes=m)
    L.append("%s query1 48,210 record(s) selected" % jdate(t, 'iso', '+05:30'))
    L.append("%s enrich3 ODB-240000 ODBC error: [Simba][DSI] An error occurred while attempting to retrieve the error message for key 'GAuthFailStorageAPI' and component ID 100: Could not open error message files - Check that \"/opt/simba/googlebigqueryodbc/lib/64/en-US/SimbaBigQueryODBCMessages.xml\" or \"/opt/simba/googlebigqueryodbc/lib/64/SimbaBigQueryODBCMessages_en-US.xml\" exists and are accessible. MessageParameters=[\"Permission denied\"]" % jdate(t + dt.timedelta(seconds=41), 'iso', '+05:30'))
    L.append("%s enrich3 WDB-200001 SQL statement 'SELECT W.iId, R0.iRecipientId FROM wkf77310_4_1 W LEFT JOIN ...' could not be executed." % jdate(t + dt.timedelta(seconds=41), 'iso', '+05:30'))
    L.append("%s Workflow 'WKF_BQ_CHURN_ENRICH' paused after an error in activity 'enrich3'" % jdate(t + dt.timedelta(seconds=42), 'iso', '+05:30'))
    L.append("")
L += ["The service account has the roles BigQuery Data Viewer and BigQuery Job User on the project."]
w(b, 'ticket-19-77310.txt', L, crlf=True)
tr = []
for i in range(1200):
    t = t0 + dt.timedelta(seconds=i * 3)
    tr.append("%s TRACE 1 BigQueryClient::ExecuteQuery: job_%s state=%s rows=%d" % (t.strftime('%b %d %H:%M:%S.') + '%03d' % R.randint(0, 999), ''.join(R.choice('abcdef0123456789') for _ in range(12)), R.choice(['DONE', 'RUNNING', 'DONE']), R.randint(0, 50000)))
for k in range(3):
    t = t0 + dt.timedelta(minutes=9 + 13 * k)
    tr.append("%s ERROR 1 BigQueryStorageReadClient::CreateReadSession: PERMISSION_DENIED: request failed: the user does not have 'bigquery.readsessions.create' permission for 'projects/cdp-analytics-2291'" % (t.strftime('%b %d %H:%M:%S.') + '512'))
    tr.append("%s ERROR 1 DSIMessageSource::LoadMessage: could not load message for key GAuthFailStorageAPI (component 100)" % (t.strftime('%b %d %H:%M:%S.') + '513'))
tr.sort()
w(b, 'simba_odbc_driver_trace.log', tr)
expect(b, 'field', 'KA-22687', [E('KA-22687', 'confirmed'), E('KA-23348', 'not_confirmed')],
       "v8.5 workflow reading a BigQuery view then enriching with nms:recipient: enrich3 ODB-240000 ... retrieve the error message for key 'GAuthFailStorageAPI' and component ID 100: Could not open error message files (journal in a CRLF ticket, ISO dates +05:30, three runs); a Simba driver trace shows PERMISSION_DENIED bigquery.readsessions.create on the Storage Read API. English wording, other project/paths than the article.")

# ================= KA-22687 near: BigQuery FDA enrichment fails because the view was dropped (REST API 404), not Storage API auth
b = 'ka-22687-near-f1'
L = []
for d in range(2):
    t = U('2026-08-25 05:10:00') + dt.timedelta(days=d)
    L.append("%s\tquery1\t0 record(s) selected" % jdate(t, 'eu', '+02:00'))
    L.append("%s\tenrich2\tODB-240000 ODBC error: [Simba][BigQuery] (100) Error interacting with REST API: Not found: Table cdp-analytics-2291:cdp_analytics.v_store_visits was not found in location EU SQLState: HY000" % jdate(t + dt.timedelta(seconds=6), 'eu', '+02:00'))
    L.append("%s\tenrich2\tWDB-200001 SQL statement 'SELECT ... FROM `cdp_analytics`.`v_store_visits` ...' could not be executed." % jdate(t + dt.timedelta(seconds=6), 'eu', '+02:00'))
    L.append("%s\t\tWorkflow 'WKF_STORE_VISITS' paused after an error in activity 'enrich2'" % jdate(t + dt.timedelta(seconds=7), 'eu', '+02:00'))
w(b, 'WKF_STORE_VISITS-journal.txt', L)
w(b, 'notes.txt', ["Campaign v8.5 with BigQuery FDA. The data team renamed the view v_store_visits to v_store_visits_v2 on 24/08.",
                   "Other enrichments on BigQuery (WKF_BQ_CHURN_ENRICH) work normally, the service account was not changed."])
expect(b, 'near_miss', 'KA-22687', [E('KA-22687', 'not_confirmed'), E('KA-23348', 'not_confirmed')],
       "Same setting (BigQuery FDA, enrichment activity, ODB-240000 [Simba]), but the driver says Error interacting with REST API: Not found: Table ... v_store_visits (a renamed view); no GAuthFailStorageAPI, no permission problem, other BigQuery enrichments work.")

# ================= KA-22755 field: Update data activity, Attribute 'Fld...' unknown (temp:writer-work); German-language console
b = 'ka-22755-field-f1'
L = ["Von: Katrin Vogel <k.vogel@brandt-moebel.example>", "Betreff: Workflow WKF_STORE_PREF_UPDATE bricht ab", "",
     "Hallo Support, seit dem Schema-Update vom Montag bricht der Workflow ab (Campaign v8, Instanz brandt-mkt-prod).",
     "Log-Auszug:", ""]
for d in range(2):
    t = U('2026-09-08 04:00:00') + dt.timedelta(days=d)
    L.append("%s query      12.804 Datensätze ausgewählt" % jdate(t, 'eu', '+02:00'))
    L.append("%s writer4    Attribut 'Fld1907743205' unbekannt (siehe Definition des Schemas 'Daten-Update (temp:writer-work)')" % jdate(t + dt.timedelta(seconds=9), 'eu', '+02:00'))
    L.append("%s writer4    Fehler bei der Ausführung der Aktivität 'writer4'" % jdate(t + dt.timedelta(seconds=9), 'eu', '+02:00'))
    L.append("")
L += ["Wir haben im Schema cus:recipient das Feld @storePrefOld gelöscht (ersetzt durch @preferredStore).", "Gruß, Katrin Vogel"]
w(b, 'mail-WKF_STORE_PREF_UPDATE.txt', L)
w(b, 'workflow-WKF_STORE_PREF_UPDATE-excerpt.xml', ['<activities>', '  <writer name="writer4" label="Daten-Update Filialpräferenz" ...>',
   '    <dataSource srcSchema="temp:query"/>', '    <fields>',
   '      <field id="Fld1907743142" source="[target/@email]" destination="@email" isKey="true"/>',
   '      <field id="Fld1907743205" source="[target/@storePref]" destination="@storePrefOld"/>',
   '      <field id="Fld1907743311" source="[target/@storePref]" destination="@preferredStore"/>', '    </fields>', '  </writer>', '</activities>'], crlf=True)
expect(b, 'field', 'KA-22755', [E('KA-22755', 'confirmed')],
       "German-language v8 console: the Update data activity writer4 fails with Attribut 'Fld1907743205' unbekannt (siehe Definition des Schemas 'Daten-Update (temp:writer-work)') two nights running after a field was deleted from the targeted schema; workflow XML excerpt (CRLF) shows the Fld id mapped to the removed @storePrefOld. Article quotes the French wording; the German one is the same message.")

# ================= KA-22755 near: Update data fails because the schema was extended but the DB was not updated (column missing)
b = 'ka-22755-near-f1'
wf = NL('+01:00'); d0 = U('2026-11-03 05:00:00')
noise_wf(wf, d0, 8, 700, WFS + [('WKF_LOYALTY_TIER', 73002)])
for k in range(3):
    t = U('2026-11-03 06:00:00') + dt.timedelta(hours=2 * k, seconds=R.randint(0, 20))
    wf.add(t, 'info', "WKF_LOYALTY_TIER (id=73002) - query - 8,441 record(s) selected")
    wf.add(t + dt.timedelta(seconds=6), 'error', "WKF_LOYALTY_TIER (id=73002) - writer - PGS-220000 PostgreSQL error: ERROR:  column \"sloyaltytier\" of relation \"nmsrecipient\" does not exist\\nLINE 1: UPDATE NmsRecipient SET sLoyaltyTier = W.sLoyaltyTier FROM wk...\\n (iRc=-2006)")
    wf.add(t + dt.timedelta(seconds=6), 'error', "WKF_LOYALTY_TIER (id=73002) - writer - WDB-200001 SQL statement 'UPDATE NmsRecipient SET sLoyaltyTier = W.sLoyaltyTier FROM wkf73002_12_1 W WHERE NmsRecipient.iRecipientId = W.iId' could not be executed.")
    wf.add(t + dt.timedelta(seconds=7), 'warning', "WKF_LOYALTY_TIER (id=73002) - Workflow paused after an error in activity 'writer'")
w(b, 'var/acc_prod/log/wfserver.log', wf.lines())
w(b, 'notes.txt', ["We added @loyaltyTier to cus:recipient on Friday and saved the schema; the 'Update database structure' wizard has not been run yet.",
                   "The Update data activity 'writer' maps target/@tier -> @loyaltyTier."])
expect(b, 'near_miss', 'KA-22755', [E('KA-22755', 'not_confirmed')],
       "The Update data activity fails, but on a column missing in the database (field just added to the schema, database structure not updated: PostgreSQL column \"sloyaltytier\" does not exist) - the opposite of the article's field removed from the schema; no Attribute 'Fld...' unknown, no temp:writer-work.")

# ================= KA-22926 field: scheduledEnhancedMTATypologyRule paused, Not all typologies were updated successfully
b = 'ka-22926-field-f1'
wf = NL('Z'); d0 = U('2026-10-12 00:00:00')
noise_wf(wf, d0, 24, 2500, WFS + [('mcSynch_rt1', 1102), ('ffdaReplicateStagingData', 1210)])
for h in range(3, 24, 4):
    t = d0 + dt.timedelta(hours=h, seconds=R.randint(0, 20))
    wf.add(t, 'info', "scheduledEnhancedMTATypologyRule (id=1301) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=3), 'info', "scheduledEnhancedMTATypologyRule (id=1301) - js - Updating typology rules of typology 'enhancedMTATypology' (17 rule(s))")
    wf.add(t + dt.timedelta(seconds=5), 'error', "scheduledEnhancedMTATypologyRule (id=1301) - js - Not all typologies were updated successfully")
    wf.add(t + dt.timedelta(seconds=5), 'warning', "scheduledEnhancedMTATypologyRule (id=1301) - Workflow paused after an error in activity 'js'")
    wf.add(t + dt.timedelta(hours=1), 'info', "scheduledEnhancedMTATypologyRule (id=1301) - Workflow restarted by 'c.dubois'")
wtar(b, 'lumo8-wfserver-logs-20261012.tar.gz', [('var/lumo8/log/wfserver.log', wf.lines(), False)])
w(b, 'sql-typology.txt', ["SELECT COUNT(*) FROM NmsTypologyRuleRel R JOIN NmsTypology T ON T.iTypologyId = R.iTypologyId WHERE T.sName = 'enhancedMTATypology';  -> 19",
                          "SELECT COUNT(*) FROM NmsTypologyRule WHERE iTypologyRuleId IN (SELECT iTypologyRuleId FROM NmsTypologyRuleRel R JOIN NmsTypology T ON T.iTypologyId = R.iTypologyId WHERE T.sName = 'enhancedMTATypology');  -> 17",
                          "Typology 'TYPO_BLACKFRIDAY_2025' was deleted on 2026-10-09."])
expect(b, 'field', 'KA-22926', [E('KA-22926', 'confirmed')],
       "Campaign v8 wfserver.log inside a .tar.gz (UTC, ~2,500 noise lines): OOTB scheduledEnhancedMTATypologyRule logs 'Not all typologies were updated successfully' and pauses at every run; SQL note shows 19 NmsTypologyRuleRel links vs 17 NmsTypologyRule rows for enhancedMTATypology after a typology was deleted.")

# ================= KA-22926 near: same workflow paused, but the enhanced MTA endpoint answers 503 during a maintenance window
b = 'ka-22926-near-f1'
L = []
for k in range(3):
    t = U('2026-10-20 01:00:00') + dt.timedelta(hours=4 * k)
    L.append("%s  js  Updating typology rules of typology 'enhancedMTATypology' (12 rule(s))" % jdate(t, 'us', '-05:00'))
    L.append("%s  js  INT-150012 The HTTP query returned a 'Service Unavailable' type error (503) (iRc=-53)" % jdate(t + dt.timedelta(seconds=30), 'us', '-05:00'))
    L.append("%s  js  Unable to publish the typology rules to the Enhanced MTA, the workflow will retry" % jdate(t + dt.timedelta(seconds=30), 'us', '-05:00'))
    L.append("%s      Workflow 'scheduledEnhancedMTATypologyRule' paused after an error in activity 'js'" % jdate(t + dt.timedelta(seconds=31), 'us', '-05:00'))
t = U('2026-10-20 13:00:00')
L.append("%s  js  Updating typology rules of typology 'enhancedMTATypology' (12 rule(s))" % jdate(t, 'us', '-05:00'))
L.append("%s  js  All typologies were updated successfully" % jdate(t + dt.timedelta(seconds=4), 'us', '-05:00'))
L.append("%s  end Workflow finished" % jdate(t + dt.timedelta(seconds=5), 'us', '-05:00'))
w(b, 'ticket-4471-scheduledEnhancedMTATypologyRule.txt', ["Campaign v8 - scheduledEnhancedMTATypologyRule paused overnight (Adobe status page listed an Enhanced MTA maintenance 20/10 01:00-12:00 EST).", ""] + L, crlf=True)
expect(b, 'near_miss', 'KA-22926', [E('KA-22926', 'not_confirmed')],
       "scheduledEnhancedMTATypologyRule paused three times, but on INT-150012 503 Service Unavailable from the Enhanced MTA during a maintenance window, then 'All typologies were updated successfully' at 13:00; never 'Not all typologies were updated successfully', no deleted typology.")

# ================= KA-23348 field: BigQuery load: Field ... has changed type from INTEGER to BOOLEAN (on-prem wfserver.log +05:30)
b = 'ka-23348-field-f1'
wf = NL('+05:30'); d0 = U('2026-04-06 18:30:00')
noise_wf(wf, d0, 24, 3000, WFS + [('WKF_BQ_EXPORT_BROADLOG', 90114)])
for k in range(4):
    t = U('2026-04-06 21:30:00') + dt.timedelta(hours=6 * k, seconds=R.randint(0, 30))
    wf.add(t, 'info', "WKF_BQ_EXPORT_BROADLOG (id=90114) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=50), 'info', "WKF_BQ_EXPORT_BROADLOG (id=90114) - dataTransfer - Bulk load of 188,203 line(s) into `mkt-dwh-4410.campaign.broadlog_daily`")
    wf.add(t + dt.timedelta(seconds=95), 'error', "WKF_BQ_EXPORT_BROADLOG (id=90114) - dataTransfer - ODB-240000 ODBC error: [Simba][BigQuery] (100) [BigQuery] Cloud SDK error: BigQuery error in load operation: Provided Schema does not match. Field iMsgChannel has changed type from INTEGER to BOOLEAN (iRc=-2006)")
    wf.add(t + dt.timedelta(seconds=96), 'warning', "WKF_BQ_EXPORT_BROADLOG (id=90114) - Workflow paused after an error in activity 'dataTransfer'")
w(b, 'bqexport01/var/mktin/log/wfserver.log', wf.lines())
w(b, 'env.txt', ["Campaign Classic v7 21.1.5 (on premise, RHEL 8). Simba BigQuery ODBC driver 2.4.6.1015.",
                 "Column iMsgChannel is INT8 (values 0..5) in nms:broadLogRcp extension; BigQuery column is INTEGER.",
                 "Option WdbcCapabilities_BigQuery: not set."])
expect(b, 'field', 'KA-23348', [E('KA-23348', 'confirmed'), E('KA-22687', 'not_confirmed')],
       "On-prem v7 wfserver.log (+05:30, ~3,000 noise lines): every bulk load to BigQuery fails with Cloud SDK error ... Provided Schema does not match. Field iMsgChannel has changed type from INTEGER to BOOLEAN; env note says an INT8 column, an older Simba driver and no retainNumericBoolean option.")

# ================= KA-23348 near: BigQuery load schema mismatch NUMERIC -> FLOAT (a double column), not boolean
b = 'ka-23348-near-f1'
wf = NL('+09:00'); d0 = U('2026-04-10 00:00:00')
noise_wf(wf, d0, 12, 900, WFS + [('WKF_BQ_ORDERS', 90220)])
for k in range(2):
    t = U('2026-04-10 02:00:00') + dt.timedelta(hours=6 * k)
    wf.add(t, 'info', "WKF_BQ_ORDERS (id=90220) - dataTransfer - Bulk load of 55,108 line(s) into `apac-dwh.sales.orders_campaign`")
    wf.add(t + dt.timedelta(seconds=40), 'error', "WKF_BQ_ORDERS (id=90220) - dataTransfer - ODB-240000 ODBC error: [Simba][BigQuery] (100) [BigQuery] Cloud SDK error: BigQuery error in load operation: Provided Schema does not match. Field dOrderAmount has changed type from NUMERIC to FLOAT (iRc=-2006)")
    wf.add(t + dt.timedelta(seconds=41), 'warning', "WKF_BQ_ORDERS (id=90220) - Workflow paused after an error in activity 'dataTransfer'")
w(b, 'var/apac/log/wfserver.log', wf.lines())
w(b, 'notes.txt', ["The BigQuery table orders_campaign was created by the data team with dOrderAmount NUMERIC(12,2); in Campaign the field is a double."])
expect(b, 'near_miss', 'KA-23348', [E('KA-23348', 'not_confirmed')],
       "Same BigQuery 'Provided Schema does not match. Field ... has changed type' load error, but NUMERIC to FLOAT for a double amount column (table created by hand with NUMERIC); no integer/boolean conversion, so the article's retainNumericBoolean / driver fix does not apply.")

# ================= KA-23471 field: three mcSynch workflows at the same minute deadlock on nmsdelivery (+ PostgreSQL log)
b = 'ka-23471-field-f1'
wf = NL('+01:00'); d0 = U('2026-12-01 00:00:00')
mcs = [('mcSynch_rtEmea', 2201), ('mcSynch_rtAmer', 2202), ('mcSynch_rtApac', 2203)]
noise_wf(wf, d0, 24, 2600, WFS)
pg = []
for h in range(24):
    base = d0 + dt.timedelta(hours=h)
    for name, i in mcs:
        wf.add(base + dt.timedelta(seconds=R.randint(0, 2)), 'info', "%s (id=%d) - Starting workflow" % (name, i))
    if h in (2, 7, 11, 16, 21):
        name, i = mcs[h % 3]
        t = base + dt.timedelta(seconds=47, milliseconds=R.randint(0, 999))
        p1, p2 = 20000 + h * 37, 20000 + h * 37 + 2
        wf.add(t, 'error', "%s (id=%d) - jsReplicateUrl - PGS-220000 PostgreSQL error: ERROR:  deadlock detected\\nDETAIL:  Process %d waits for ShareLock on transaction %d; blocked by process %d.\\nProcess %d waits for ShareLock on transaction %d; blocked by process %d.\\nHINT:  See server log for query details.\\nCONTEXT:  while updating tuple (%d,%d) in relation \"nmsdelivery\"\\n. (iRc=-2006)" % (name, i, p1, 4100200 + h, p2, p2, 4100198 + h, p1, 61200 + h, h % 9 + 1))
        wf.add(t, 'error', "%s (id=%d) - jsReplicateUrl - WDB-200001 SQL statement 'UPDATE NmsDelivery SET iTotalRecipients=...' could not be executed." % (name, i))
        wf.add(t + dt.timedelta(seconds=1), 'warning', "%s (id=%d) - Workflow paused after an error in activity 'jsReplicateUrl'" % (name, i))
        lab = lambda tt: tt.astimezone(tz('+01:00')).strftime('%Y-%m-%d %H:%M:%S.') + '%03d CET' % (tt.microsecond // 1000)
        blk = []
        blk.append("%s [%d] neolane@acc_mkt ERROR:  deadlock detected" % (lab(t), p1))
        blk.append("%s [%d] neolane@acc_mkt DETAIL:  Process %d waits for ShareLock on transaction %d; blocked by process %d." % (lab(t), p1, p1, 4100200 + h, p2))
        blk.append("\tProcess %d waits for ShareLock on transaction %d; blocked by process %d." % (p2, 4100198 + h, p1))
        blk.append("\tProcess %d: UPDATE NmsDelivery SET iTotalRecipients=iTotalRecipients+$1 WHERE iDeliveryId=$2" % p1)
        blk.append("\tProcess %d: UPDATE NmsDelivery SET iTotalRecipients=iTotalRecipients+$1 WHERE iDeliveryId=$2" % p2)
        blk.append("%s [%d] neolane@acc_mkt HINT:  See server log for query details." % (lab(t), p1))
        blk.append("%s [%d] neolane@acc_mkt CONTEXT:  while updating tuple (%d,%d) in relation \"nmsdelivery\"" % (lab(t), p1, 61200 + h, h % 9 + 1))
        blk.append("%s [%d] neolane@acc_mkt STATEMENT:  UPDATE NmsDelivery SET iTotalRecipients=iTotalRecipients+$1 WHERE iDeliveryId=$2" % (lab(t), p1))
        pg.append((t, blk))
    for name, i in mcs:
        wf.add(base + dt.timedelta(seconds=R.randint(60, 200)), 'info', "%s (id=%d) - Workflow finished (state=Finished)" % (name, i))
for h in range(0, 24, 3):
    t = d0 + dt.timedelta(hours=h, minutes=R.randint(1, 58))
    lab = t.astimezone(tz('+01:00')).strftime('%Y-%m-%d %H:%M:%S.') + '%03d CET' % R.randint(0, 999)
    pg.append((t, ["%s [%d] LOG:  checkpoint complete: wrote %d buffers (1.2%%); 0 WAL file(s) added, 0 removed, 3 recycled" % (lab, 1180, R.randint(1000, 9000))]))
pg = [l for t, blk in sorted(pg, key=lambda x: x[0]) for l in blk]
w(b, 'mkt01/var/mkt/log/wfserver.log', wf.lines())
w(b, 'db01/postgresql-14-main.log', pg)
w(b, 'scheduler-settings.txt', ["mcSynch_rtEmea  scheduler: every hour at minute 00", "mcSynch_rtAmer  scheduler: every hour at minute 00", "mcSynch_rtApac  scheduler: every hour at minute 00",
                                "Marketing instance mkt, three Message Center execution instances (rt-emea, rt-amer, rt-apac)."])
expect(b, 'field', 'KA-23471', [E('KA-23471', 'confirmed'), E('PG-DEADLOCK', 'any')],
       "Marketing instance with three RT instances: mcSynch_rtEmea/rtAmer/rtApac all start at minute 00 every hour (wfserver.log +01:00, ~2,600 noise lines); five times a day one of them fails with PGS-220000 deadlock detected ... in relation \"nmsdelivery\" (flattened \\n) and pauses; the PostgreSQL log (CET, Debian prefix, tab continuations) shows the same deadlocks. PG-DEADLOCK is truly shown, so 'any'.")

# ================= KA-23471 near: deadlock on nmsrecipient between two customer workflows; single mcSynch runs fine
b = 'ka-23471-near-f1'
wf = NL('-05:00'); d0 = U('2026-12-03 05:00:00')
noise_wf(wf, d0, 18, 1500, WFS + [('mcSynch_mcExec1', 1102)])
for h in range(18):
    t = d0 + dt.timedelta(hours=h, minutes=15)
    wf.add(t, 'info', "mcSynch_mcExec1 (id=1102) - Starting workflow")
    wf.add(t + dt.timedelta(seconds=70), 'info', "mcSynch_mcExec1 (id=1102) - Workflow finished (state=Finished)")
for k in range(3):
    t = U('2026-12-03 07:00:41') + dt.timedelta(hours=4 * k)
    wf.add(t, 'error', "WKF_SCORE_NIGHTLY (id=70051) - writer2 - PGS-220000 PostgreSQL error: ERROR:  deadlock detected\\nDETAIL:  Process 3311 waits for ShareLock on transaction 99120; blocked by process 3318.\\nProcess 3318 waits for ShareLock on transaction 99118; blocked by process 3311.\\nHINT:  See server log for query details.\\nCONTEXT:  while updating tuple (8812,4) in relation \"nmsrecipient\"\\n. (iRc=-2006)")
    wf.add(t + dt.timedelta(seconds=1), 'warning', "WKF_SCORE_NIGHTLY (id=70051) - Workflow paused after an error in activity 'writer2'")
    wf.add(t - dt.timedelta(seconds=30), 'info', "WKF_CRM_DELTA (id=70060) - writer - 58,400 record(s) processed (step 'Update nms:recipient')")
w(b, 'var/usmkt/log/wfserver.log', wf.lines())
w(b, 'notes.txt', ["Single Message Center execution instance (mcExec1). WKF_SCORE_NIGHTLY and WKF_CRM_DELTA both update nms:recipient and were moved to the same schedule (every 4 hours at :00)."])
expect(b, 'near_miss', 'KA-23471', [E('KA-23471', 'not_confirmed'), E('PG-DEADLOCK', 'any')],
       "PGS-220000 deadlock detected, but between two customer workflows updating nmsrecipient; the single mcSynch_mcExec1 (one RT instance) finishes every hour. The deadlock itself is real, so PG-DEADLOCK is 'any'.")

# ================= KA-24175 field: new schema extends itself: circular dependency on schema extension nms:broadLogRcp
b = 'ka-24175-field-f1'
web = NL('+08:00'); d0 = U('2026-05-18 00:00:00')
noise_web(web, d0, 14, 1800, inst='sgmkt')
for k in range(3):
    t = U('2026-05-18 02:31:00') + dt.timedelta(minutes=6 * k, seconds=R.randint(0, 50))
    web.add(t, 'error', "circular dependency on schema extension nms:broadLogRcp")
    web.add(t, 'error', "SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
w(b, 'sgapp02/var/default/log/web.log', web.lines())
w(b, 'ticket-2291.txt', ["Creating a new data schema from Administration > Configuration > Data schemas fails on save with:",
                         "  'circular dependency on schema extension nms:broadLogRcp'",
                         "Schema as typed by the developer (d.tan):",
                         '<srcSchema name="broadLogRcp" namespace="nms" extendedSchema="nms:broadLogRcp" label="Recipient delivery logs (ext)">',
                         '  <element name="broadLogRcp"><attribute name="campaignCode" type="string" length="32"/></element>', '</srcSchema>'], crlf=True)
expect(b, 'field', 'KA-24175', [E('KA-24175', 'confirmed')],
       "web.log (+08:00, ~1,800 noise lines) logs 'circular dependency on schema extension nms:broadLogRcp' with SOAP Write failures three times; the CRLF ticket shows a new schema in namespace nms named broadLogRcp with extendedSchema=\"nms:broadLogRcp\" (extends itself). Other schema than the article's nms:recipient.")

# ================= KA-24175 near: correct extension of nms:recipient saved; a 'circular dependency' between JS libraries in a workflow
b = 'ka-24175-near-f1'
web = NL('+02:00'); wf = NL('+02:00'); d0 = U('2026-05-21 05:00:00')
noise_web(web, d0, 10, 900, inst='ch_prod')
noise_wf(wf, d0, 10, 500)
t = U('2026-05-21 07:12:30')
web.add(t, 'info', "Schema 'cus:recipient' (extension of 'nms:recipient') saved by 'm.okafor'")
web.add(t + dt.timedelta(seconds=2), 'info', "Schema 'nms:recipient' regenerated (1 extension(s))")
for k in range(2):
    tt = U('2026-05-21 09:40:00') + dt.timedelta(hours=2 * k)
    wf.add(tt, 'error', "WKF_PREF_CENTER (id=80213) - js1 - JST-310000 Error while compiling script 'cus:prefCenter.js': loadLibrary('cus:formatUtils.js') failed: circular dependency between libraries 'cus:prefCenter.js' and 'cus:formatUtils.js'")
    wf.add(tt, 'error', "WKF_PREF_CENTER (id=80213) - js1 - SCR-160012 JavaScript: error while evaluating script 'WKF_PREF_CENTER/js1'.")
w(b, 'var/default/log/web.log', web.lines())
w(b, 'var/ch_prod/log/wfserver.log', wf.lines())
w(b, 'cus_recipient.xml', ['<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" label="Recipients (extension)">',
                           '  <element name="recipient"><attribute name="prefChannel" type="string" length="10"/></element>', '</srcSchema>'])
expect(b, 'near_miss', 'KA-24175', [E('KA-24175', 'not_confirmed')],
       "A correct extension cus:recipient with extendedSchema=\"nms:recipient\" is saved fine, and the only 'circular dependency' is between two JavaScript libraries loaded by a workflow (loadLibrary); no schema extends itself, no 'circular dependency on schema extension'.")

# ================= KA-24179 field: workflow Failed, audit log empty, runwf log has duplicate key on xtkworkflowlog_id (Windows, CRLF)
b = 'ka-24179-field-f1'
rw = NL('+01:00'); d0 = U('2026-02-23 00:00:00')
rw.pid = '00001F44'
for i in range(1500):
    t = rnd_time(d0, 6)
    rw.add(t, 'info', R.choice(["WKF_INVOICE_REMINDER (id=%d) - query - %d record(s) selected" % (55108, R.randint(0, 900)),
                                "WKF_INVOICE_REMINDER (id=%d) - fork - Task finished" % 55108,
                                "WKF_INVOICE_REMINDER (id=%d) - delivery - Delivery 'DM%d' prepared" % (55108, R.randint(8000, 8999)),
                                "Loading workflow 'WKF_INVOICE_REMINDER' (55108) from the database"]))
t = U('2026-02-23 05:00:12')
for k in range(4):
    tt = t + dt.timedelta(seconds=3 * k)
    rw.add(tt, 'error', "PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"xtkworkflowlog_id\"\\nDETAIL:  Key (ilogid)=(%d) already exists.\\n (iRc=-2006)" % (7700391 + k))
    rw.add(tt, 'error', "WDB-200001 SQL statement 'INSERT INTO XtkWorkflowLog (iLogId, iWorkflowId, iTaskId, iLogType, mMessage, sActivity, tsLog) VALUES (:#(1)#, ...)' could not be executed.")
rw.add(t + dt.timedelta(seconds=13), 'error', "WKF_INVOICE_REMINDER (id=55108) - Workflow stopped in error (state=Failed)")
w(b, 'D_/Adobe/Campaign/var/finprod/log/runwf.log', rw.lines(), crlf=True)
w(b, 'ticket-66012.txt', ["Workflow WKF_INVOICE_REMINDER is shown as Failed since this morning 06:00 (Paris) but the audit log has no error:",
                          "the last entries are from yesterday's run (22/02/2026 06:00:41 end Workflow finished).",
                          "On-premise Windows Server 2019, Campaign Classic v7 build 9360, PostgreSQL 13. runwf.log attached."], crlf=True)
expect(b, 'field', 'KA-24179', [E('KA-24179', 'confirmed')],
       "Windows on-prem runwf.log (CRLF, +01:00, ~1,500 noise lines): at the failure time, four PGS-220000 duplicate key value violates unique constraint \"xtkworkflowlog_id\" on INSERT INTO XtkWorkflowLog, then the workflow stops Failed; the ticket says the audit log shows no error for that run.")

# ================= KA-24179 near: duplicate key on xtkworkflowtask_id, visible in the workflow's own audit log
b = 'ka-24179-near-f1'
rw = NL('+02:00'); d0 = U('2026-06-11 03:00:00')
for i in range(900):
    t = rnd_time(d0, 6)
    rw.add(t, 'info', R.choice(["WKF_PARTNER_FEED (id=61874) - query - %d record(s) selected" % R.randint(0, 900),
                                "WKF_PARTNER_FEED (id=61874) - extract - File 'partner_%d.csv' generated" % R.randint(100, 999),
                                "Loading workflow 'WKF_PARTNER_FEED' (61874) from the database"]))
t = U('2026-06-11 06:30:08')
rw.add(t, 'error', "PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"xtkworkflowtask_id\"\\nDETAIL:  Key (itaskid)=(2290417) already exists.\\n (iRc=-2006)")
rw.add(t, 'error', "WDB-200001 SQL statement 'INSERT INTO XtkWorkflowTask (iTaskId, iWorkflowId, sName, iStatus, tsCreated) VALUES (:#(1)#, ...)' could not be executed.")
rw.add(t + dt.timedelta(seconds=1), 'error', "WKF_PARTNER_FEED (id=61874) - Workflow stopped in error (state=Failed)")
w(b, 'var/partner/log/runwf.log', rw.lines())
J = ["%s extract   PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"xtkworkflowtask_id\"" % jdate(t, 'eu', '+02:00'),
     "%s extract   WDB-200001 SQL statement 'INSERT INTO XtkWorkflowTask (...)' could not be executed." % jdate(t, 'eu', '+02:00'),
     "%s           Workflow failed." % jdate(t + dt.timedelta(seconds=1), 'eu', '+02:00')]
w(b, 'audit-log-WKF_PARTNER_FEED.txt', ["Audit log of WKF_PARTNER_FEED (copied):"] + J)
expect(b, 'near_miss', 'KA-24179', [E('KA-24179', 'not_confirmed')],
       "A workflow fails on a duplicate key in runwf.log, but on xtkworkflowtask_id (task table, sequence reset after a restore), and the error is visible in the workflow's own audit log; the article's case is a failed workflow with no error in the audit log because the log row (xtkworkflowlog_id) cannot be inserted.")

# ================= KA-24427 field: DLV-490066 Anti-spam checking failed on every spam score check (web.log -05:00 + ticket)
b = 'ka-24427-field-f1'
web = NL('-05:00'); d0 = U('2026-09-15 11:00:00')
noise_web(web, d0, 11, 2400, inst='usprod')
for k in range(6):
    t = U('2026-09-15 14:05:00') + dt.timedelta(minutes=37 * k, seconds=R.randint(0, 50))
    tmp = 'tmp%X-0000.mail' % R.randint(0x10000, 0xFFFFF)
    web.add(t, 'info', "Spam score check requested by '%s' for delivery DM%d" % (R.choice(['p.singh', 'a.nakamura', 'g.weber']), 44120 + k))
    web.add(t + dt.timedelta(seconds=1), 'error', "DLV-490066 Anti-spam checking failed command 'spamcheck.pl /tmp/%s'" % tmp)
w(b, 'usapp01/var/default/log/web.log', web.lines())
prev = NL('-05:00', pid=web.pid)
noise_web(prev, d0 - dt.timedelta(hours=12), 12, 2400, inst='usprod')
w(b, 'usapp01/var/default/log/web_2.log.gz', prev.lines(), gz=True)
w(b, 'ticket-CS-18830.txt', ["When we click 'Check spam score' in the delivery (Preview tab), the console shows:",
                             "DLV-490066 Anti-spam checking failed command 'spamcheck.pl /tmp/tmp2B1E0-0000.mail'",
                             "For every delivery and every operator. Campaign Classic v7 (hosted)."], crlf=True)
expect(b, 'field', 'KA-24427', [E('KA-24427', 'confirmed')],
       "Hosted v7: every 'Check spam score' fails; web.log (-05:00, ~2,400 noise lines) has six DLV-490066 Anti-spam checking failed command 'spamcheck.pl /tmp/tmp....-0000.mail' lines for different deliveries and operators, and the CRLF ticket quotes the same message. Nothing else explains it.")

# ================= KA-24427 near: DLV-490066 because /tmp is not writable (BAS-010015 errno=13) after a hardening change
b = 'ka-24427-near-f1'
web = NL('+02:00'); d0 = U('2026-09-22 06:00:00')
noise_web(web, d0, 9, 900, inst='deprod')
for k in range(3):
    t = U('2026-09-22 09:10:00') + dt.timedelta(minutes=22 * k)
    tmp = 'tmp%X-0000.mail' % R.randint(0x10000, 0xFFFFF)
    web.add(t, 'error', "BAS-010015 Cannot open file '/tmp/%s' with write access (errno=13, Permission denied)" % tmp)
    web.add(t, 'error', "DLV-490066 Anti-spam checking failed command 'spamcheck.pl /tmp/%s'" % tmp)
w(b, 'var/default/log/web.log', web.lines())
w(b, 'ls-tmp.txt', ["$ ls -ld /tmp", "drwxr-xr-x. 14 root root 4096 Sep 22 08:58 /tmp", "",
                    "Change CHG-1142 applied 22/09 08:55 by the Linux team: CIS hardening script (chmod 755 /tmp by mistake instead of 1777).",
                    "$ sudo chmod 1777 /tmp   # 22/09 11:20 - spam check works again afterwards"])
expect(b, 'near_miss', 'KA-24427', [E('KA-24427', 'not_confirmed', True), E('KA-16998', 'any')],
       "DLV-490066 Anti-spam checking failed command 'spamcheck.pl /tmp/...mail', but each time right after BAS-010015 Cannot open file '/tmp/...mail' with write access (errno=13): a hardening script made /tmp 0755; fixed by chmod 1777, spamcheck.pl itself was fine. A 'possible' is acceptable because the DLV-490066 line is the article's exact message and its resolution is only 'infrastructure issue'. KA-16998 (temp folder not writable) is honestly shown, so 'any'.")
