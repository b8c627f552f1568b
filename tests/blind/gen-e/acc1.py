from lib import *
import datetime as dt

# ================= KA-14146 field: ACS ticket + exported workflow log (CRLF) after a stuck workflow
b = 'ka-14146-field-e1'
ids = [41873302, 41873315, 40022917, 40022920, 40022931, 40022930, 41277480, 41390112, 41502876, 41277479, 41920455, 41920458, 40991203, 40991206, 40991214, 40023388]
cond = ' AND '.join([''] * 1)
inner = "(([workflow/geoUnit/@fullName] like '/all/' + '%') AND ([workflow/orgUnit/@fullName] like '/all/' + '%'))"
expr = "(@id IN (" + ' , '.join(str(i) for i in ids) + ")) AND " + "(" * 29 + " like + ) AND ( like + )) AND (( like + ) AND ( like + ))) AND " + ") AND ".join([inner] * 6) + "))"
L = ["Case 03104477 - Campaign Standard: workflow cannot be deleted",
     "Tenant: verdemobil-prod (Campaign Standard, release 24.3)",
     "Opened by: Katarzyna Wolska (Marketing Ops)",
     "",
     "Hi, the workflow 'WKF_Prepaid_TopUp_Reminder' (ID WKF1287) failed last week on the 'Update data' step",
     "(we stopped it). Since then we can neither delete it nor fix it: we changed the query and saved again,",
     "same result. When we click Delete in the workflow list we get this popup:",
     "",
     "Error:",
     "RST-360011 An error has occurred - please contact your administrator.",
     "RST-360011 An error has occurred - please contact your administrator.",
     "XTK-170017 The expression definition exceeds the number of authorized recursions.",
     "XTK-170017 The expression definition exceeds the number of authorized recursions.",
     "XTK-170037 'like' is a binary operator. At least one operand is missing.",
     "XTK-170036 Unable to parse expression '" + expr + "'.",
     "",
     "The workflow log (Log tab) is very long, it keeps the errors of every run since March.",
     "We tried from Chrome and Edge, same popup. Other workflows can be deleted without problem.",
     "",
     "Regards, Katarzyna"]
w(b, 'case-03104477.txt', L, crlf=True)
# exported workflow log (CSV from the Log tab), many lines
t = U('2026-03-02 06:00:00'); rows = ['"Date","Activity","Message"']
for d in range(60):
    day = t + dt.timedelta(days=d)
    rows.append('"%s","start","Workflow started by scheduler"' % jdate(day, 'eu', '+02:00'))
    rows.append('"%s","query","%d record(s) selected"' % (jdate(day + dt.timedelta(seconds=14), 'eu', '+02:00'), R.randint(1500, 9000)))
    if d >= 52:
        rows.append('"%s","updateData","SQL statement timeout (iRc=-2006)"' % jdate(day + dt.timedelta(minutes=31), 'eu', '+02:00'))
        rows.append('"%s","updateData","WKF-560011 The activity failed, the workflow is paused."' % jdate(day + dt.timedelta(minutes=31, seconds=1), 'eu', '+02:00'))
    else:
        rows.append('"%s","updateData","%d record(s) updated"' % (jdate(day + dt.timedelta(minutes=3), 'eu', '+02:00'), R.randint(1500, 9000)))
        rows.append('"%s","end","Workflow finished"' % jdate(day + dt.timedelta(minutes=3, seconds=2), 'eu', '+02:00'))
w(b, 'WKF1287-log-export.csv', rows, crlf=True)
expect(b, 'field', 'KA-14146', [E('KA-14146', 'confirmed')],
       "Campaign Standard ticket (CRLF): deleting workflow WKF_Prepaid_TopUp_Reminder fails with RST-360011 twice, XTK-170017 'exceeds the number of authorized recursions' twice, XTK-170037 and XTK-170036 with the long generated '(@id IN (...)) AND (((( like + ) ...' expression; re-saving did not help; the exported workflow log (CSV, EU dates) shows months of history with failed runs. Exactly the article's symptom set with other ids and names.")

# ================= KA-14146 near: XTK-170017 while saving a deeply nested audience filter (no delete, no workflow)
b = 'ka-14146-near-e1'
L = ["Case 03110982 - ACS audience editor: 'exceeds the number of authorized recursions'",
     "Tenant: harborline-stage (Campaign Standard)",
     "",
     "We generate audience filters from our CDP export: one OR-condition per postcode (about 2,400 postcodes).",
     "Saving the audience 'AUD_Coastal_Postcodes' or clicking 'Calculate' gives:",
     "",
     "RST-360011 An error has occurred - please contact your administrator.",
     "XTK-170017 The expression definition exceeds the number of authorized recursions.",
     "XTK-170006 Unable to parse expression '(@postalCode = '29200') OR ((@postalCode = '29217') OR ((@postalCode = '29218') OR ((@postalCode = '29219') OR (...)))'.",
     "",
     "With 300 postcodes it works. Workflows are not involved: this is the audience screen (Audiences > Create > Query).",
     "Deleting workflows works fine on this tenant.",
     ]
w(b, 'case-03110982.txt', L)
expect(b, 'near_miss', 'KA-14146', [E('KA-14146', 'not_confirmed')],
       "Same XTK-170017 'exceeds the number of authorized recursions' with RST-360011, but when saving/counting an audience whose generated filter nests 2,400 OR conditions; nothing is deleted, no workflow and no workflow log is involved (deleting workflows works). The article is about deleting a workflow whose logs are stuck.")

# ================= KA-14194 field: ACS importSharedAudience + list opening, AAM uses CID while ACS uses MID
b = 'ka-14194-field-e1'
t0 = U('2026-05-14 09:12:00')
L = ["Subject: [Case 03188210] Audience sharing with Experience Cloud - shared audience cannot be opened",
     "From: Tomasz Nowak <t.nowak@kalina-retail.example>",
     "Date: Thu, 14 May 2026 11:40:02 +0200",
     "",
     "Hello,",
     "we set up audience sharing (Campaign Standard tenant kalina-retail, Audience Manager org 'KalinaRetail').",
     "The technical workflow 'Import shared audience' (importSharedAudience) ran this morning, its status shows 'No'",
     "and the imported audience 'AAM - Loyal app users' cannot be opened, the Data tab shows:",
     "",
     "    RST-360011 An error has occurred - please contact your administrator.",
     "    RST-360011 An error has occurred - please contact your administrator.",
     "    PGS-220000 PostgreSQL error: ERROR: relation \"list31550872\" does not exist",
     "    LINE 1: ... || E' (' || COALESCE(N1.sEmail, '') || E')' FROM list315508...",
     "    XTK-170006 Unable to parse expression 'FetchData($(apiVersion) , $(_filter) , $(.) , $(_lineStart) , $(_lineCount) , $(_order))'.",
     "    XTK-170006 Unable to parse expression 'FetchData($(apiVersion) , $(_filter) , $(.) , $(_lineStart) , $(_lineCount) , $(_order))'.",
     "",
     "In Campaign, Administration > Application settings > Data sources > 'Kalina inbound' uses 'Marketing ID (MID)'.",
     "The AAM data source 'Kalina CRM' was created by our agency with 'User ID (CID)' selected, I don't know if that matters.",
     "",
     "Thanks, Tomasz"]
w(b, 'case-03188210.eml.txt', L)
WL = [(t0, 'start', 'Workflow started'),
      (t0 + dt.timedelta(seconds=2), 'fileTransfer', "Downloading 's3://aam-kalinaretail/segments/KalinaCRM_20260514.sync' (0 file)"),
      (t0 + dt.timedelta(seconds=3), 'loadIds', '0 record(s) loaded'),
      (t0 + dt.timedelta(seconds=4), 'segments', 'Shared audience \'AAM - Loyal app users\' updated: 0 profile(s)'),
      (t0 + dt.timedelta(seconds=5), 'end', 'Workflow finished')]
w(b, 'importSharedAudience-log.txt', journal(WL, 'eu', '+02:00'))
expect(b, 'field', 'KA-14194', [E('KA-14194', 'confirmed')],
       "Campaign Standard audience sharing with AAM: the shared audience cannot be opened, RST-360011 twice, PGS-220000 relation \"list31550872\" does not exist (LINE 1 ... FROM list...), XTK-170006 FetchData twice; importSharedAudience runs but loads 0 records; the customer notes MID in Campaign and CID in AAM, the article's cause. Other tenant, list number and names.")

# ================= KA-14194 near: relation listNNN does not exist for a list purged by cleanup, no sharing
b = 'ka-14194-near-e1'
L = ["Case 03190044 - ACS: old list cannot be opened",
     "Tenant: nordpost-mkt (Campaign Standard). We do not use Audience Manager or audience sharing.",
     "",
     "The list 'Export_Winter_2025' (created by the workflow WKF_Winter_Export, which was deleted in January) still shows in",
     "Audiences, but opening its Data tab gives:",
     "",
     "RST-360011 An error has occurred - please contact your administrator.",
     "PGS-220000 PostgreSQL error: ERROR:  relation \"list28830017\" does not exist",
     "LINE 1: ...Id, N1.sFirstName, N1.sLastName FROM list288300...",
     "XTK-170006 Unable to parse expression 'FetchData($(apiVersion) , $(_filter) , $(.) , $(_lineStart) , $(_lineCount) , $(_order))'.",
     "",
     "The list had an expiration date of 90 days (set in the workflow's Save audience activity), it expired on 02/03/2026.",
     "Other lists open fine."]
w(b, 'case-03190044.txt', L, crlf=True)
expect(b, 'near_miss', 'KA-14194', [E('KA-14194', 'not_confirmed', True)],
       "Campaign Standard list whose table was dropped when it expired (created by a deleted workflow, 90-day expiry): RST-360011, PGS-220000 relation \"list28830017\" does not exist and XTK-170006 FetchData, but no audience sharing, no Audience Manager, no importSharedAudience and no ID setting. Possible is accepted: the error lines alone are the article's, only the context (no sharing at all) rules it out.")

# ================= KA-14457 field: billing workflow, runwf.log (+02:00) busy with noise, journal in US dates
b = 'ka-14457-field-e1'
nl = NL('+02:00')
start = U('2026-04-01 00:00:00')
noise_wf(nl, start, 72, n=2500, wfs=[('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('cleanup', 1017), ('wkfDailyImport', 48211), ('aggregate', 1029)])
wk = 'wkf%d_%d_1' % (201884, 22761)
for d in range(3):
    t = U('2026-04-01 01:00:00') + dt.timedelta(days=d)
    nl.add(t, 'info', "billing (id=1040) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=3), 'info', "billing (id=1040) - Starting activity 'billingActiveContactCount'")
    nl.add(t + dt.timedelta(minutes=4, seconds=12), 'info', "billing (id=1040) - 10000 record(s) to process (step 'Active contacts')")
    tt = t + dt.timedelta(minutes=4, seconds=13)
    nl.add(tt, 'error', "billing (id=1040) - PGS-220000 PostgreSQL error: ERROR:  integer out of range (iRc=-2006)")
    nl.add(tt, 'error', "billing (id=1040) - WDB-200001 SQL statement 'INSERT INTO NmsActiveContact(sActiveContactKey,sSource,tsLastContact,iSourceId) SELECT COALESCE( sFld4005298238, NULL),COALESCE( sFld4007002175, NULL),COALESCE( tsFld4007002176, NULL),COALESCE( CASE iEnaFld869990403 WHEN 1 THEN biFld869990403 ELSE NULL END, 0) FROM %s WHERE iRecProcState>:#(1)# AND iRecProcState<=:#(2)# AND COALESCE(sPKey_1,NULL) IS NULL' could not be executed. Param(0)=0 Param(1)=10000" % wk)
    nl.add(tt + dt.timedelta(milliseconds=40), 'error', "billing (id=1040) - The activity 'billingActiveContactCount' failed, the workflow is paused.")
w(b, 'camp-prod-01/var/prod/log/runwf.log', nl.lines())
WL = []
for d in range(3):
    t = U('2026-04-01 01:04:13') + dt.timedelta(days=d)
    WL += [(t, 'billingActiveContactCount', 'PGS-220000 PostgreSQL error: ERROR:  integer out of range'),
           (t, 'billingActiveContactCount', "WDB-200001 SQL statement 'INSERT INTO NmsActiveContact(sActiveContactKey,sSource,tsLastContact,iSourceId) SELECT ... FROM %s WHERE iRecProcState>:#(1)# AND iRecProcState<=:#(2)# AND COALESCE(sPKey_1,NULL) IS NULL' could not be executed. Param(0)=0 Param(1)=10000" % wk)]
w(b, 'billing-journal.txt', ['Billing (active profiles) - billing - Log tab, build 7.3.5 (9032)', ''] + journal(WL, 'us', '+02:00', act_w=28), crlf=True)
expect(b, 'field', 'KA-14457', [E('KA-14457', 'confirmed')],
       "Campaign Classic build 9032 (below 9330): the billing workflow's billingActiveContactCount step fails three nights in a row with PGS-220000 integer out of range and WDB-200001 INSERT INTO NmsActiveContact(...) ... Param(1)=10000; in a busy runwf.log (+02:00, ~2,500 unrelated workflow lines) and in the journal pasted with US dates (CRLF).")

# ================= KA-14457 near: billing fails on a duplicate key, integer out of range in a custom import
b = 'ka-14457-near-e1'
nl = NL('-05:00')
start = U('2026-04-10 00:00:00')
noise_wf(nl, start, 30, n=400)
t = U('2026-04-10 06:00:00')
nl.add(t, 'info', "billing (id=1040) - Starting activity 'billingActiveContactCount'")
nl.add(t + dt.timedelta(minutes=2), 'error', "billing (id=1040) - PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"nmsactivecontact_id\" DETAIL:  Key (iactivecontactid)=(3310587) already exists. (iRc=-2006)")
nl.add(t + dt.timedelta(minutes=2), 'error', "billing (id=1040) - WDB-200001 SQL statement 'INSERT INTO NmsActiveContact(iActiveContactId,sActiveContactKey,sSource,tsLastContact,iSourceId) SELECT GetNewId(), ... FROM wkf90211_512_1' could not be executed.")
t2 = U('2026-04-10 09:30:00')
nl.add(t2, 'info', "wkfLoyaltyPointsImport (id=77310) - Starting workflow")
nl.add(t2 + dt.timedelta(seconds=40), 'error', "wkfLoyaltyPointsImport (id=77310) - PGS-220000 PostgreSQL error: ERROR:  integer out of range (iRc=-2006)")
nl.add(t2 + dt.timedelta(seconds=40), 'error', "wkfLoyaltyPointsImport (id=77310) - WDB-200001 SQL statement 'INSERT INTO CusLoyaltyLedger(iPoints,iRecipientId,tsEvent) SELECT iFld1,iFld2,tsFld3 FROM wkf77310_41_1' could not be executed.")
w(b, 'mkt-app02/runwf.log', nl.lines(), crlf=True)
w(b, 'notes.txt', ["Build 7.4.1 (9383). Two errors this morning, probably unrelated:",
                   "- billing: duplicate key on NmsActiveContact after we restored the table from a backup yesterday (sequence not reset)",
                   "- our loyalty import: the partner file has points values like 3000000000 in it"])
expect(b, 'near_miss', 'KA-14457', [E('KA-14457', 'not_confirmed')],
       "Build 9383 (after the 9330 billing overhaul). The billing workflow's INSERT INTO NmsActiveContact fails, but on a duplicate key after a table restore, not integer out of range; the 'integer out of range' comes from a custom loyalty import into a custom table. The two halves of the article's symptom never occur together.")

# ================= KA-14724 field: marketing instance, mid-sourcing deliveries, wfserver.log -05:00 + rotated .gz
b = 'ka-14724-field-e1'
old = NL('-05:00'); cur = NL('-05:00', pid=old.pid)
noise_wf(old, U('2026-02-16 05:00:00'), 24, n=600)
noise_wf(cur, U('2026-02-17 05:00:00'), 20, n=500)
ip = '198.51.100.77'
for i in range(14):
    t = U('2026-02-17 18:05:00') + dt.timedelta(minutes=10 * i, seconds=R.randint(0, 40))
    cur.add(t, 'info', "deliveryMgt (id=1022) - Sending delivery 'DM%d' to the mid-sourcing server (account 'mid_emea_prod')" % (81230 + i % 3))
    cur.add(t + dt.timedelta(seconds=1), 'error', "deliveryMgt (id=1022) - Communication error with server: please make sure it is configured correctly.  HTTP code 500 'XSV-350014 The '%s' IP address via which you are accessing the server is not accepted. Connection refused.'" % ip)
    cur.add(t + dt.timedelta(seconds=1), 'warning', "deliveryMgt (id=1022) - Delivery 'DM%d' will be retried in 10 minute(s) (mid-sourcing server 'https://mid-emea.brightlane-mail.example/nl/jsp/soaprouter.jsp')" % (81230 + i % 3))
w(b, 'mkt01/log/wfserver_2.log.gz', old.lines(), gz=True)
w(b, 'mkt01/log/wfserver.log', cur.lines())
w(b, 'ticket-5521.txt', ["Since about 1pm (EST) yesterday all deliveries stay 'Pending' on the marketing server, mid-sourcing account 'mid_emea_prod'.",
                        "Test connection of the external account: 'XSV-350014 The '198.51.100.77' IP address via which you are accessing the server is not accepted.'",
                        "198.51.100.77 is our NAT address, nothing changed on our side."], crlf=True)
expect(b, 'field', 'KA-14724', [E('KA-14724', 'confirmed')],
       "Marketing instance wfserver.log (-05:00) with a rotated wfserver_2.log.gz: from 13:05 EST deliveryMgt fails every 10 minutes to reach the mid-sourcing server with 'Communication error with server ... HTTP code 500 'XSV-350014 The '198.51.100.77' IP address ... not accepted. Connection refused.'', deliveries retried; the ticket says nothing changed on the customer's side (the allow-list entry was removed on the mid server).")

# ================= KA-14724 near: mid-sourcing connection refused while the mid server is in maintenance (no XSV-350014)
b = 'ka-14724-near-e1'
nl = NL('+01:00')
noise_wf(nl, U('2026-03-07 20:00:00'), 10, n=300)
for i in range(7):
    t = U('2026-03-07 22:02:00') + dt.timedelta(minutes=10 * i, seconds=R.randint(0, 30))
    nl.add(t, 'error', "deliveryMgt (id=1022) - CRL-290002 Download error in cURL (iRc=-53)")
    nl.add(t, 'error', "deliveryMgt (id=1022) - Failed to connect to mid-emea.brightlane-mail.example port 443: Connection refused")
    nl.add(t + dt.timedelta(seconds=1), 'error', "deliveryMgt (id=1022) - Communication error with server: please make sure it is configured correctly.  HTTP code 503 'Service Unavailable'")
nl.add(U('2026-03-07 23:20:11'), 'info', "deliveryMgt (id=1022) - Delivery 'DM90412' sent to the mid-sourcing server (account 'mid_emea_prod')")
w(b, 'mkt02/wfserver.log', nl.lines())
w(b, 'ops-note.txt', ["Planned maintenance of the mid-sourcing server 22:00-23:15 CET (patching). Connection errors during that window, OK afterwards."])
expect(b, 'near_miss', 'KA-14724', [E('KA-14724', 'not_confirmed')],
       "Mid-sourcing 'Connection refused' and 'Communication error with server ... HTTP code 503' during a planned maintenance window of the mid server, recovering at 23:20; no XSV-350014, no IP refused by a security zone.")

# ================= KA-15488 field: ACS delivery analysis stops on a content fragment
b = 'ka-15488-field-e1'
L = ["Case 03201177 - ACS email 'NL_Summer_Sale_DE' cannot be prepared",
     "Tenant: alpenhaus-prod (Campaign Standard)",
     "",
     "Since this morning the delivery analysis of 'NL_Summer_Sale_DE' (EMAIL3391) stops and the delivery stays in",
     "'Draft' with a red error. We did not change the delivery; it uses the fragments 'Header_DE', 'Footer_Legal_DE'.",
     "Delivery log (Deployment > Delivery logs / Audit):",
     ""]
t = U('2026-06-03 07:41:20')
AUD = [(0, "Analysis of delivery 'NL_Summer_Sale_DE' (EMAIL3391) started"),
       (1, "Targeting: 184 233 profile(s)"),
       (3, "Personalizing content..."),
       (4, "URL-140038 A content model fragment is badly configured."),
       (4, "Error during the delivery analysis, the analysis has been stopped."),
       (4, "Delivery analysis failed")]
L += ["%s  %s" % (jdate(t + dt.timedelta(seconds=s), 'eu', '+02:00'), m) for s, m in AUD]
L += ["", "Retry at 09:15: same error. Proof sending does not work either.", "",
      "HTML source (extract): <div data-fragment-name=\"Footer_Legal_DE\" data-fragment-id=\"CFR118\" class=\"nl-dce-content-model\">"]
w(b, 'case-03201177.txt', L, crlf=True)
expect(b, 'field', 'KA-15488', [E('KA-15488', 'confirmed'), E('KA-15322', 'not_confirmed', True)],
       "Campaign Standard delivery whose analysis stops with 'URL-140038 A content model fragment is badly configured.' followed by 'the analysis has been stopped' / 'Delivery analysis failed'; retried, same; the HTML shows the data-fragment-name. KA-15322 shares the message but there the analysis completes and the delivery goes out without tracking: not here (possible accepted, same message).")

# ================= KA-15488 near: the KA-15322 case, analysis completes and the delivery is sent without tracked links
b = 'ka-15488-near-e1'
t = U('2026-06-09 14:02:10')
AUD = [(0, "Analysis of delivery 'NL_Juni_Newsletter' (EMAIL3420) started"),
       (1, "Targeting: 92 118 profile(s)"),
       (2, "URL-140038 A content model fragment is badly configured."),
       (3, "0 tracked URL(s) found in the content"),
       (5, "Delivery analysis completed (warnings: 1)"),
       (60, "Delivery confirmed by operator 'j.berger'"),
       (300, "Delivery sent: 92 118 message(s)")]
L = ["Case 03207654 - newsletter went out without tracking",
     "Tenant: alpenhaus-prod. The newsletter was sent normally yesterday but the report shows 0 clicks and the links in",
     "the received email are the plain links, not the t.alpenhaus.example tracked ones. The delivery log:", ""]
L += ["%s  %s" % (jdate(t + dt.timedelta(seconds=s), 'us', '-05:00'), m) for s, m in AUD]
w(b, 'case-03207654.txt', L)
expect(b, 'near_miss', 'KA-15488', [E('KA-15488', 'not_confirmed', True), E('KA-15322', 'any')],
       "Same URL-140038 'A content model fragment is badly configured', but the analysis completes, the delivery is confirmed and sent, only without tracked URLs: KA-15322's case (listed any), not KA-15488's analysis that stops. Possible accepted because the message is identical.")

# ================= KA-15766 field: new client console installed on a new laptop, error dialog + nlclient trace
b = 'ka-15766-field-e1'
L = ["IT ticket INC0458812 - Adobe Campaign client console error after install",
     "User: Luis Ortega, laptop LT-MAD-2291 (new Windows 11 image, upgraded from the Windows 10 image last week)",
     "",
     "Installed 'setup-client-7.4.1.9383.exe' (double click, not as administrator).",
     "When starting the console (nlclient.exe) this message appears immediately:",
     "",
     "---------------------------",
     "Adobe Campaign",
     "---------------------------",
     "Unable to find HKEY_LOCAL_MACHINE\\SOFTWARE\\Neolane|NL_5\\nlclient\\",
     "---------------------------",
     "OK",
     "---------------------------",
     "",
     "After OK the console closes. Colleagues with the old image work fine."]
w(b, 'INC0458812.txt', L, crlf=True)
expect(b, 'field', 'KA-15766', [E('KA-15766', 'confirmed'), E('KA-23311', 'any')],
       "IT ticket (CRLF): client console installed without admin rights on an upgraded Windows image shows 'Unable to find HKEY_LOCAL_MACHINE\\SOFTWARE\\Neolane|NL_5\\nlclient\\' at start-up (the article's exact wording with '|'). KA-23311 describes the same missing key after a Windows upgrade: any.")

# ================= KA-15766 near: MSI error 1402 on the Neolane key while uninstalling, console works
b = 'ka-15766-near-e1'
L = ["Log Name:      Application",
     "Source:        MsiInstaller",
     "Date:         22/05/2026 10:14:51",
     "Event ID:      11402",
     "Level:         Error",
     "User:          CORP\\svc_sccm",
     "Computer:      LT-LYO-0871.corp.example",
     "Description:",
     "Product: Adobe Campaign Client v7 -- Error 1402. Could not open key: HKEY_LOCAL_MACHINE\\Software\\Neolane\\NL_5\\nlclient.  System error 5.  Verify that you have sufficient access to that key, or contact your support personnel.",
     "",
     "Log Name:      Application",
     "Source:        MsiInstaller",
     "Date:         22/05/2026 10:14:58",
     "Event ID:      1033",
     "Level:         Information",
     "Description:",
     "Windows Installer removed the product. Product Name: Adobe Campaign Client v7. Product Version: 7.3.5.9360. Product Language: 1033. Manufacturer: Adobe. Removal success or error status: 1603."]
w(b, 'eventlog-export.txt', L, crlf=True)
w(b, 'note.txt', ["SCCM uninstall of the old client fails on ~40 laptops (the package runs as a service account without rights on the key).",
                  "The console itself starts and logs on normally on these laptops."])
expect(b, 'near_miss', 'KA-15766', [E('KA-15766', 'not_confirmed'), E('KA-23311', 'not_confirmed')],
       "Windows event log: MsiInstaller Error 1402 'Could not open key: HKEY_LOCAL_MACHINE\\Software\\Neolane\\NL_5\\nlclient. System error 5' while an SCCM service account uninstalls the old client; the console itself starts and logs on. Same key, but an access-denied uninstall, not the console failing to find its key after install.")

# ================= KA-15801 field: ACS audience saved from a fork workflow shows no content
b = 'ka-15801-field-e1'
lk = 'linkEnrich_fork2_9d41Key0'
tmp = "Joined enrich_fork2_9d4 (temp:audience_91230544)"
L = ["Case 03222019 - ACS: audience created by workflow shows count but no data",
     "Tenant: sundaeco-prod (Campaign Standard)",
     "",
     "Workflow WKF_Q3_Value_Split: Query (profiles) -> Enrichment (Keep all additional data from the main set) -> Fork ->",
     "  branch 1: Save audience 'AUD_Q3_HighValue'; branch 2: Add Line Number -> Segmentation -> Email.",
     "The audience AUD_Q3_HighValue is created with the right count (48 213) but when we open it, no profiles are displayed:",
     "",
     "'%s' attribute unknown (see definition of '%s' schema). '%s' attribute unknown (see definition of '%s' schema). '%s' attribute unknown (see definition of '%s' schema).>" % (lk, tmp, lk, tmp, lk, tmp),
     " __",
     "The path '/linkEnrich_fork2_9d4/@%s' is invalid in schema '%s'." % (lk, tmp),
     " __",
     "XTK-170036 Unable to parse expression 'ToString([linkEnrich_fork2_9d4/@%s])'. XTK-170006 Unable to parse expression 'FetchData($(apiVersion) , $(_filter) , $(.) , $(_lineStart) , $(_lineCount) , $(_order))'." % lk,
     "",
     "Audiences saved from workflows without a fork open normally."]
w(b, 'case-03222019.txt', L, crlf=True)
expect(b, 'field', 'KA-15801', [E('KA-15801', 'confirmed')],
       "Campaign Standard: audience saved from a workflow with a fork and enrichment keeping additional data shows the count but no content; the error repeats the join key attribute unknown in a 'Joined ... (temp:audience_91230544)' schema, the invalid path, XTK-170036 ToString and XTK-170006 FetchData, the article's message with other names.")

# ================= KA-15801 near: audience content fails on a deleted custom field of the profile resource
b = 'ka-15801-near-e1'
L = ["Case 03224410 - ACS: audience list cannot be displayed",
     "Tenant: sundaeco-stage. We removed the custom field 'cusShoeSize' from the Profile custom resource yesterday and published.",
     "The audience 'AUD_Runners_Shoe43' (created manually with the query editor, no workflow) now shows:",
     "",
     "'cusShoeSize' attribute unknown (see definition of 'Profiles (nms:recipient)' schema).",
     "XTK-170036 Unable to parse expression '[@cusShoeSize] = 43'.",
     "XTK-170006 Unable to parse expression 'FetchData($(apiVersion) , $(_filter) , $(.) , $(_lineStart) , $(_lineCount) , $(_order))'."]
w(b, 'case-03224410.txt', L)
expect(b, 'near_miss', 'KA-15801', [E('KA-15801', 'not_confirmed')],
       "Campaign Standard audience content fails with 'attribute unknown (see definition of ... schema)', XTK-170036 and XTK-170006 FetchData, but the attribute is a custom profile field removed from the Profile resource and the schema is nms:recipient; the audience was built manually, no workflow, no fork, no temp:audience join key.")

# ================= KA-15875 field: v7 on-prem after a PostgreSQL major upgrade, wfserver + postgres log, several workflows
b = 'ka-15875-field-e1'
nl = NL('+01:00')
noise_wf(nl, U('2026-01-24 00:00:00'), 48, n=1200)
wfs = [('wkfNightlyScoring', 51201, 'enrich4'), ('wkfCRMSync', 51188, 'enrich22'), ('wkfInvoiceReminder', 51420, 'enrich1')]
pgl = []
for d in range(2):
    for j, (name, wid, act) in enumerate(wfs):
        t = U('2026-01-24 03:02:09') + dt.timedelta(days=d, minutes=17 * j, seconds=R.randint(0, 50))
        msg = "PGS-220000 PostgreSQL error: ERROR:  function unescapexmlvalue(character varying) does not exist LINE 1: ...W0.sDocumentNumber, W0.tsSchedulingContact, NULL, UnescapeXm...  HINT:  No function matches the given name and argument types. You might need to add explicit type casts. (iRc=-2006)"
        nl.add(t, 'error', "%s (id=%d) - %s" % (name, wid, msg))
        nl.add(t, 'error', "%s (id=%d) - The activity '%s' failed, the workflow is paused." % (name, wid, act))
        lt = t.astimezone(tz('+01:00'))
        pid = R.randint(20000, 60000)
        pgl.append("%s.%03d CET [%d] neolane@nlprod ERROR:  function unescapexmlvalue(character varying) does not exist at character 211" % (lt.strftime('%Y-%m-%d %H:%M:%S'), lt.microsecond // 1000, pid))
        pgl.append("%s.%03d CET [%d] neolane@nlprod HINT:  No function matches the given name and argument types. You might need to add explicit type casts." % (lt.strftime('%Y-%m-%d %H:%M:%S'), lt.microsecond // 1000, pid))
        pgl.append("%s.%03d CET [%d] neolane@nlprod STATEMENT:  INSERT INTO wkf%d_8_1 (iId, sDocumentNumber, tsSchedulingContact, sCustomXml) SELECT W0.iId, W0.sDocumentNumber, W0.tsSchedulingContact, NULL, UnescapeXmlValue(CAST(W0.mData AS varchar)) FROM wkf%d_7_1 W0" % (lt.strftime('%Y-%m-%d %H:%M:%S'), lt.microsecond // 1000, pid, wid, wid))
pre = ["2026-01-23 21:40:02.118 CET [1022] LOG:  starting PostgreSQL 15.5 (Ubuntu 15.5-1.pgdg22.04+1) on x86_64-pc-linux-gnu, compiled by gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, 64-bit",
       "2026-01-23 21:40:02.121 CET [1022] LOG:  listening on IPv4 address \"0.0.0.0\", port 5432",
       "2026-01-23 21:40:02.140 CET [1025] LOG:  database system was shut down at 2026-01-23 21:38:51 CET",
       "2026-01-23 21:40:02.151 CET [1022] LOG:  database system is ready to accept connections"]
w(b, 'appsrv/var/nlprod/log/wfserver.log', nl.lines())
w(b, 'dbsrv/postgresql-15-main.log', pre + sorted(pgl))
w(b, 'readme.txt', ["Saturday 23/01 we upgraded the Campaign database from PostgreSQL 11 to 15 (dump/restore by our DBA team).",
                    "Since then three workflows go into error every night."])
expect(b, 'field', 'KA-15875', [E('KA-15875', 'confirmed')],
       "Campaign Classic v7 after a PostgreSQL 11 -> 15 dump/restore: three workflows fail two nights running with PGS-220000 'function unescapexmlvalue(character varying) does not exist ... HINT: No function matches ...' in a busy wfserver.log (+01:00); the PostgreSQL log (Debian '%m [%p] %u@%d' prefix, CET) shows the same ERROR/HINT/STATEMENT. Article's error with other workflows and activities.")

# ================= KA-15875 near: permission denied for function unescapexmlvalue (FDA read-only role), function exists
b = 'ka-15875-near-e1'
nl = NL('Z')
noise_wf(nl, U('2026-02-11 00:00:00'), 20, n=300)
for i in range(4):
    t = U('2026-02-11 10:15:00') + dt.timedelta(hours=i)
    nl.add(t, 'error', "wkfBI_Extract (id=60012) - PGS-220000 PostgreSQL error: ERROR:  permission denied for function unescapexmlvalue (iRc=-2006)")
    nl.add(t, 'error', "wkfBI_Extract (id=60012) - WDB-200001 SQL statement 'SELECT UnescapeXmlValue(CAST(R0.mData AS varchar)) FROM NmsRecipient R0 WHERE ...' could not be executed.")
w(b, 'wfserver.log', nl.lines())
w(b, 'dba-note.txt', ["The external account 'BI_readonly' (FDA to the Campaign DB) connects with role bi_ro.",
                      "\\df unescapexmlvalue -> public | unescapexmlvalue | text | text | func   (the function exists)",
                      "GRANT EXECUTE was revoked from PUBLIC by our hardening script on 10/02."])
expect(b, 'near_miss', 'KA-15875', [E('KA-15875', 'not_confirmed')],
       "UnescapeXmlValue fails in a workflow, but with 'permission denied for function unescapexmlvalue' for an FDA read-only role after a hardening script revoked EXECUTE; the DBA shows the function exists. Not a missing function after a database upgrade.")
