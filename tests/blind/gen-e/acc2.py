from lib import *
import datetime as dt

# ================= KA-17293 field: ACS, comma in a fragment name, GetTrackedUrls fails
b = 'ka-17293-field-e1'
L = ["Case 03230551 - ACS: tracked URLs not working / RST-360011 in delivery",
     "Tenant: coralbay-prod (Campaign Standard)",
     "",
     "In the email 'EM_Autumn_Offers' we inserted the fragment 'Footer, Legal notice (NL)'. Since then, opening the",
     "Links / tracked URL panel of the delivery or testing a link gives:",
     "",
     "RST-360011 An error has occurred - please contact your administrator.",
     "Error while executing the method 'GetTrackedUrls' of service",
     "'nms:delivery'.",
     "",
     "The same email with the fragment 'Footer_Legal_BE' works.",
     "Browser console:"]
t = U('2026-09-15 12:30:41')
for i, m in enumerate(["POST https://coralbay-prod.campaign.adobe.com/nl/jsp/soaprouter.jsp 500 (Internal Server Error)",
                       "SOAP-ENV:Fault SOP-330011 Error while executing the method 'GetTrackedUrls' of service 'nms:delivery'.",
                       "RST-360011 An error has occurred - please contact your administrator."]):
    L.append("%s ERROR %s" % (fmt_ts(t + dt.timedelta(milliseconds=250 * i), 'Z', sep='T'), m))
w(b, 'case-03230551.txt', L, crlf=True)
expect(b, 'field', 'KA-17293', [E('KA-17293', 'confirmed')],
       "Campaign Standard: after inserting the fragment 'Footer, Legal notice (NL)' (a comma in its name), the tracked URLs fail with RST-360011 and 'Error while executing the method 'GetTrackedUrls' of service 'nms:delivery'' (split over two lines as in the article), also in the browser console; the same email with a fragment without comma works.")

# ================= KA-17293 near: GetTrackedUrls fails on a statement timeout, no comma in fragment names
b = 'ka-17293-near-e1'
L = ["Case 03233809 - ACS: GetTrackedUrls error on a very large email",
     "Tenant: coralbay-stage. Email 'EM_Catalogue_2026' has 1,900 links (product catalogue). Fragments used: 'Header_Main', 'Footer_Legal_NL'.",
     "Opening the links panel takes about 60 s then shows:",
     "",
     "RST-360011 An error has occurred - please contact your administrator.",
     "PGS-220000 PostgreSQL error: ERROR:  canceling statement due to statement timeout",
     "Error while executing the method 'GetTrackedUrls' of service 'nms:delivery'.",
     "",
     "With the catalogue split in two emails of ~950 links each it works."]
w(b, 'case-03233809.txt', L)
expect(b, 'near_miss', 'KA-17293', [E('KA-17293', 'not_confirmed', True)],
       "Same RST-360011 / GetTrackedUrls of nms:delivery failure, but after a statement timeout on an email with 1,900 links; the fragment names have no comma and splitting the email fixes it. Possible accepted: the failing method is the article's, only the fragment names (no comma) and the timeout tell otherwise.")

# ================= KA-19367 field: marketing wfserver.log (+09:00) mcSynch paused on registrationToken (batchEvent)
b = 'ka-19367-field-e1'
nl = NL('+09:00')
noise_wf(nl, U('2026-07-01 00:00:00'), 30, n=900, wfs=[('operationMgt', 1021), ('deliveryMgt', 1022), ('mcSynch_rt_tokyo2', 3310), ('cleanup', 1017)])
t = U('2026-07-01 05:00:02')
nl.add(t, 'info', "mcSynch_rt_tokyo2 (id=3310) - Starting activity 'soapImportBatchEvent'")
for k, m in enumerate(["soapImport PostgreSQL error: ERROR:  COPY from stdin failed: Unable to complete operation in current status. CONTEXT:  COPY wkf3310_412_1, line 1",
                       "soapImport JavaScript: error while evaluating script 'eventSynch/soapImport'.",
                       "soapImport Attribute 'registrationToken' unknown (see definition of schema 'Batch events (nms:batchEvent)'). XTK-170036 Unable to parse expression '[@registrationToken]'."]):
    nl.add(t + dt.timedelta(seconds=6, milliseconds=k), 'error', "mcSynch_rt_tokyo2 (id=3310) - " + m)
nl.add(t + dt.timedelta(seconds=7), 'warning', "mcSynch_rt_tokyo2 (id=3310) - The workflow has been paused.")
w(b, 'mkt-jp/wfserver.log', nl.lines())
J = [(t + dt.timedelta(seconds=6), 'soapImport', "PostgreSQL error: ERROR:  COPY from stdin failed: Unable to complete operation in current status. CONTEXT:  COPY wkf3310_412_1, line 1"),
     (t + dt.timedelta(seconds=6), 'soapImport', "JavaScript: error while evaluating script 'eventSynch/soapImport'."),
     (t + dt.timedelta(seconds=6), 'soapImport', "Attribute 'registrationToken' unknown (see definition of schema 'Batch events (nms:batchEvent)'). Unable to parse expression '[@registrationToken]'.")]
w(b, 'ticket-8842.txt', ["Message Center workflow mcSynch_rt_tokyo2 is paused since this morning (we installed the Mobile App Channel package on the marketing instance last week).", "", "Log tab:"] + journal(J, 'iso', '+09:00'))
expect(b, 'field', 'KA-19367', [E('KA-19367', 'confirmed'), E('KA-14701', 'any')],
       "Marketing instance wfserver.log (+09:00, ~900 noise lines) and the pasted journal: mcSynch_rt_tokyo2 pauses in soapImport with COPY from stdin failed, error evaluating 'eventSynch/soapImport' and Attribute 'registrationToken' unknown (nms:batchEvent variant); Mobile App Channel installed on marketing only. KA-14701 (Unable to parse expression '[@registrationToken]', package missing on execution instance) is the same cause: any.")

# ================= KA-19367 near: same soapImport failure, but a custom attribute missing on RT
b = 'ka-19367-near-e1'
nl = NL('Z')
noise_wf(nl, U('2026-07-08 00:00:00'), 12, n=250, wfs=[('mcSynch_mc_exec1', 2211), ('tracking', 1033)])
t = U('2026-07-08 09:00:03')
for k, m in enumerate(["soapImport PostgreSQL error: ERROR:  COPY from stdin failed: Unable to complete operation in current status. CONTEXT:  COPY wkf2211_77_1, line 1",
                       "soapImport JavaScript: error while evaluating script 'eventSynch/soapImport'.",
                       "soapImport Attribute 'cusStoreCode' unknown (see definition of schema 'Real time events (nms:rtEvent)'). Unable to parse expression '[@cusStoreCode]'."]):
    nl.add(t + dt.timedelta(milliseconds=k), 'error', "mcSynch_mc_exec1 (id=2211) - " + m)
w(b, 'marketing/wfserver.log', nl.lines())
w(b, 'note.txt', ["We extended nms:rtEvent with @cusStoreCode on the marketing instance yesterday (cus:rtEvent); the RT package with the same extension is not deployed yet.",
                  "Mobile App Channel is installed on both instances."])
expect(b, 'near_miss', 'KA-19367', [E('KA-19367', 'not_confirmed'), E('KA-14701', 'not_confirmed')],
       "Same mcSynch soapImport failure (COPY from stdin failed, eventSynch/soapImport), but the unknown attribute is the customer's @cusStoreCode extension of nms:rtEvent not yet deployed on RT; Mobile App Channel is on both; no registrationToken anywhere.")

# ================= KA-19398 field: operationMgt journal export (US dates, newest first) + wfserver.log
b = 'ka-19398-field-e1'
nl = NL('-05:00')
noise_wf(nl, U('2026-10-05 00:00:00'), 24, n=700)
J = []
for i in range(18):
    t = U('2026-10-05 14:00:00') + dt.timedelta(minutes=10 * i, seconds=R.randint(0, 9))
    for k, m in enumerate(["SCR-160012 JavaScript: error while evaluating script 'operationMgt/scheduler'.",
                           "SOP-330011 Error while executing the method 'SubmitJob' of service 'nms:delivery'.",
                           "PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"nmsdelivery_id\" DETAIL:  Key (ideliveryid)=(51230987) already exists."]):
        J.append((t + dt.timedelta(milliseconds=k), 'scheduler', m))
        nl.add(t + dt.timedelta(milliseconds=k), 'error', "operationMgt (id=1021) - " + m)
J.sort(key=lambda x: x[0], reverse=True)
w(b, 'operationMgt-log.txt', ["operationMgt - Log (newest first)", ""] + journal(J, 'us', '-05:00', act_w=12), crlf=True)
w(b, 'nl7/var/acme/log/wfserver.log', nl.lines())
w(b, 'ticket.txt', ["Campaign workflows started from the campaign dashboard stay in 'Start as soon as possible' since this afternoon.",
                    "Delivery id 51230987 does not exist in the delivery list (we deleted an old test delivery this morning; its proofs were still in the campaign)."])
expect(b, 'field', 'KA-19398', [E('KA-19398', 'confirmed')],
       "operationMgt scheduler fails every 10 minutes with SCR-160012 'operationMgt/scheduler', SOP-330011 SubmitJob of nms:delivery and duplicate key nmsdelivery_id Key (ideliveryid)=(51230987): journal export newest first with US dates (CRLF) and wfserver.log (-05:00); campaign workflows stuck in 'Start as soon as possible'; the delivery was deleted while its proofs remained.")

# ================= KA-19398 near: duplicate key nmsdelivery_id in a custom JS workflow copying templates, operationMgt fine
b = 'ka-19398-near-e1'
nl = NL('+02:00')
noise_wf(nl, U('2026-10-12 00:00:00'), 20, n=400)
t = U('2026-10-12 11:20:00')
nl.add(t, 'error', "wkfCloneTemplates (id=88412) - PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint \"nmsdelivery_id\" DETAIL:  Key (ideliveryid)=(7700123) already exists. (iRc=-2006)")
nl.add(t, 'error', "wkfCloneTemplates (id=88412) - SCR-160012 JavaScript: error while evaluating script 'wkfCloneTemplates/js2'.")
nl.add(t + dt.timedelta(minutes=10), 'info', "operationMgt (id=1021) - Workflow finished (state=Finished)")
nl.add(t + dt.timedelta(minutes=20), 'info', "operationMgt (id=1021) - 3 delivery job(s) submitted")
w(b, 'wfserver.log', nl.lines())
w(b, 'note.txt', ["Our JS activity copies delivery templates with xtk.session.Write and sets @id explicitly (bug in our script). Deliveries are sent normally."])
expect(b, 'near_miss', 'KA-19398', [E('KA-19398', 'not_confirmed')],
       "duplicate key nmsdelivery_id, but from a custom JavaScript workflow that writes deliveries with an explicit id; operationMgt keeps running and submits jobs, no 'operationMgt/scheduler' error, no SubmitJob failure, no stuck deliveries.")

# ================= KA-19399 field: French console, operator cannot be modified, web.log shows missing column
b = 'ka-19399-field-e1'
nl = NL('+01:00')
noise_web(nl, U('2026-11-03 07:00:00'), 10, n=1500, inst='prodfr')
for i in range(3):
    t = U('2026-11-03 10:12:40') + dt.timedelta(minutes=6 * i)
    nl.add(t, 'error', "PGS-220000 PostgreSQL error: ERROR:  column o0.scostcenter does not exist LINE 1: ...O0.sName, O0.sEmail, O0.iFolderId, O0.sCostCenter FROM Xtk... (iRc=-2006)")
    nl.add(t, 'error', "WDB-200001 SQL statement 'SELECT O0.iOperatorId, O0.sName, O0.sEmail, O0.iFolderId, O0.sCostCenter FROM XtkOperator O0 WHERE O0.iOperatorId = 1184' could not be executed.")
    nl.add(t, 'error', "SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
w(b, 'web.log', nl.lines())
w(b, 'ticket-FR-1187.txt', ["Bonjour,",
                            "impossible de modifier l'opérateur 'c.lefebvre' (ni aucun autre) depuis hier, même avec le compte admin.",
                            "Message affiché à l'enregistrement :",
                            "  Une donnée n'existe pas ou vous n'avez pas accès aux données du détail",
                            "Hier nous avons ajouté le champ @costCenter dans l'extension cus:operator (schéma Opérateurs xtk:operator).",
                            "Cordialement, Service CRM"], crlf=True)
expect(b, 'field', 'KA-19399', [E('KA-19399', 'confirmed')],
       "French-speaking customer: modifying any operator, even as admin, shows 'Une donnée n'existe pas ou vous n'avez pas accès aux données du détail'; the day before they added @costCenter to the xtk:operator extension; web.log (+01:00, busy) shows column o0.scostcenter does not exist on XtkOperator: the database structure was not updated.")

# ================= KA-19399 near: same French message on a recipient, non-admin only, folder rights
b = 'ka-19399-near-e1'
w(b, 'ticket-FR-1203.txt', ["Bonjour,",
                            "deux opératrices du service client n'arrivent pas à modifier certains destinataires (dossier 'Clients VIP').",
                            "Message : Une donnée n'existe pas ou vous n'avez pas accès aux données du détail",
                            "Avec le compte admin, la modification fonctionne. Les opérateurs eux-mêmes peuvent être modifiés sans problème.",
                            "Aucune modification de schéma récente."], crlf=True)
expect(b, 'near_miss', 'KA-19399', [E('KA-19399', 'not_confirmed')],
       "Same French dialog message, but when non-admin operators modify recipients in a restricted folder; the admin can, operators can be modified, no schema change: a rights question, not an operator schema extended without database update.")

# ================= KA-19400 field: operator cannot start a campaign workflow, admin can
b = 'ka-19400-field-e1'
nl = NL('+08:00')
noise_web(nl, U('2026-08-19 00:00:00'), 12, n=1800, inst='sgprod')
for i in range(4):
    t = U('2026-08-19 03:10:00') + dt.timedelta(minutes=9 * i, seconds=R.randint(0, 30))
    nl.add(t, 'error', "WDB-200001 SQL statement 'SELECT W0.iWorkflowId, W0.sInternalName, W0.iFolderId FROM XtkWorkflow W0 WHERE W0.iWorkflowId = 4471902 AND (W0.iFolderId IN (SELECT iFolderId FROM XtkFolderGroupRights ...))' could not be executed.")
    nl.add(t, 'error', "WDB-200011 The requested database record does not exist.")
    nl.add(t, 'error', "Cannot load document of type 'Workflows (xtk:workflow)' satisfying condition '([@id] = 4471902)'.")
w(b, 'sg-app01/web.log', nl.lines())
w(b, 'ticket-3319.txt', ["Operator 'w.tan' (campaign managers group) cannot start the workflow of campaign OP2291 'Mid-Autumn promo':",
                        "  'The requested database record does not exist.' / 'Cannot load document of type (Workflows) satisfying condition ...'",
                        "The workflow is visible in the campaign. Our admin 'ops_admin' starts it without any error.",
                        "Properties of the workflow show folder: Administration > Production > Objects created automatically > Campaign workflows."])
expect(b, 'field', 'KA-19400', [E('KA-19400', 'confirmed'), E('KA-17657', 'not_confirmed')],
       "Operator w.tan cannot start a campaign workflow: web.log (+08:00, busy) shows SQL statement ..., WDB-200011 The requested database record does not exist, and Cannot load document of type 'Workflows (xtk:workflow)' satisfying condition; the admin starts it; the workflow lives in 'Campaign workflows' under Objects created automatically. KA-17657 (QUE-370030) is another rights error not shown here.")

# ================= KA-19400 near: WDB-200011 because a delivery template was deleted; admin fails too
b = 'ka-19400-near-e1'
nl = NL('Z')
noise_wf(nl, U('2026-08-25 00:00:00'), 10, n=300)
t = U('2026-08-25 08:00:05')
nl.add(t, 'error', "wkfWeeklyNewsletter (id=99120) - WDB-200011 The requested database record does not exist.")
nl.add(t, 'error', "wkfWeeklyNewsletter (id=99120) - Cannot load document of type 'Deliveries (nms:delivery)' satisfying condition '([@id] = 6612004)'.")
nl.add(t, 'error', "wkfWeeklyNewsletter (id=99120) - The activity 'delivery' failed, the workflow is paused.")
w(b, 'wfserver.log', nl.lines())
w(b, 'note.txt', ["The delivery template 'TPL_Weekly' (id 6612004) was deleted by mistake on Friday. The workflow fails the same way when run by the admin."])
expect(b, 'near_miss', 'KA-19400', [E('KA-19400', 'not_confirmed')],
       "WDB-200011 The requested database record does not exist / Cannot load document, but for a deleted delivery template referenced by a delivery activity, failing for the admin as well; the workflow starts, no folder rights issue.")

# ================= KA-23272 field: ACS workflow export + Adobe SFTP connection log (sshd, syslog without year)
b = 'ka-23272-field-e1'
t0 = U('2026-04-22 06:30:00')
J = []
for i in range(3):
    t = t0 + dt.timedelta(hours=i)
    J += [(t, 'start', 'Workflow started'),
          (t + dt.timedelta(seconds=1), 'fileTransfer2', "Connecting to 'sftp://minttel-sftp.campaign.adobe.com:22'..."),
          (t + dt.timedelta(seconds=4), 'fileTransfer2', 'CRL-290003 Upload error in cURL'),
          (t + dt.timedelta(seconds=4), 'fileTransfer2', 'Failed initialization')]
w(b, 'WKF_Export_Orders-log.txt', journal(J, 'eu', '+02:00'), crlf=True)
S = []
for i in range(3):
    t = t0 + dt.timedelta(hours=i, seconds=2)
    p = 41200 + i * 17
    S.append(sysl(t, 'sftp-euw1-03', 'sshd[%d]' % p, 'Connection from 52.48.11.%d port %d on 10.12.0.8 port 22' % (20 + i, R.randint(40000, 60000))))
    S.append(sysl(t, 'sftp-euw1-03', 'sshd[%d]' % p, 'Accepted publickey for minttel_sftp from 52.48.11.%d port %d ssh2: RSA SHA256:b1Vx0mQ8rT2yKp4nWc6eFh9sJ3aLz5uGd7iOq1XvNcE' % (20 + i, R.randint(40000, 60000))))
    S.append(sysl(t, 'sftp-euw1-03', 'sshd[%d]' % p, 'pam_unix(sshd:session): session opened for user minttel_sftp by (uid=0)'))
    S.append(sysl(t, 'sftp-euw1-03', 'sshd[%d]' % p, 'fatal: bad ownership or modes for chroot directory "/sftp/minttel_sftp"'))
    S.append(sysl(t, 'sftp-euw1-03', 'sshd[%d]' % p, 'pam_unix(sshd:session): session closed for user minttel_sftp'))
w(b, 'sftp-connection.log', S)
expect(b, 'field', 'KA-23272', [E('KA-23272', 'confirmed')],
       "Campaign Standard workflow log (EU dates, CRLF): fileTransfer2 fails each hour with CRL-290003 Upload error in cURL / Failed initialization; the Adobe SFTP connection log (sshd, syslog without year, UTC) shows the key accepted then 'fatal: bad ownership or modes for chroot directory \"/sftp/minttel_sftp\"' at the same times.")

# ================= KA-23272 near: CRL-290003 because the SFTP password was rotated (authentication fails)
b = 'ka-23272-near-e1'
J = []
t0 = U('2026-05-02 01:00:00')
for i in range(2):
    t = t0 + dt.timedelta(days=i)
    J += [(t + dt.timedelta(seconds=1), 'fileTransfer', "Connecting to 'sftp://kelpia-sftp.campaign.adobe.com:22'..."),
          (t + dt.timedelta(seconds=5), 'fileTransfer', 'CRL-290003 Upload error in cURL'),
          (t + dt.timedelta(seconds=5), 'fileTransfer', 'Login denied')]
w(b, 'workflow-log.txt', journal(J, 'us', '-05:00'))
S = []
for i in range(2):
    t = t0 + dt.timedelta(days=i, seconds=3); p = 5100 + i
    S.append(sysl(t, 'sftp-use1-07', 'sshd[%d]' % p, 'Failed password for kelpia_sftp from 34.200.8.14 port %d ssh2' % R.randint(40000, 60000)))
    S.append(sysl(t, 'sftp-use1-07', 'sshd[%d]' % p, 'Connection closed by authenticating user kelpia_sftp 34.200.8.14 port %d [preauth]' % R.randint(40000, 60000)))
w(b, 'sftp-connection.log', S)
w(b, 'note.txt', ["We rotated the SFTP password on 01/05 but did not update the external account in Campaign."])
expect(b, 'near_miss', 'KA-23272', [E('KA-23272', 'not_confirmed'), E('linux-ssh-brute-force', 'not_confirmed')],
       "Same CRL-290003 Upload error in cURL in a file transfer, but with 'Login denied' and the SFTP log showing Failed password for the customer's own account (password rotated, external account not updated); no chroot ownership error. Two failures a day apart are no brute force.")

# ================= KA-23311 field: console logon fails after Windows 7 -> 10 style upgrade (here 10 -> 11), both lines
b = 'ka-23311-field-e1'
L = ["From: helpdesk@ferrovia-group.example",
     "Subject: FW: Campaign console - cannot log in after Windows upgrade",
     "",
     "Since the in-place upgrade of my PC from Windows 10 to Windows 11 (Friday) I cannot log on to Adobe Campaign.",
     "On the logon screen, after entering my password, I get:",
     "",
     "   Cannot retrieve the proxy address using WinHTTP: initialization not completed.",
     "    ------",
     "    Registry error: Unable to find key HKEY_LOCAL_MACHINE\\SOFTWARE\\Neolane\\NL_5\\nlclient\\",
     "",
     "Console version 7.3.5 build 9368, connection 'PROD - ferrovia' (https://ferrovia-mkt.campaign.adobe.com).",
     "My colleague who was not upgraded yet can log in."]
w(b, 'mail-console-logon.txt', L, crlf=True)
expect(b, 'field', 'KA-23311', [E('KA-23311', 'confirmed'), E('KA-15766', 'any')],
       "User mail (CRLF): after an in-place Windows upgrade the v7 client console cannot log on: 'Cannot retrieve the proxy address using WinHTTP: initialization not completed.' then 'Registry error: Unable to find key HKEY_LOCAL_MACHINE\\SOFTWARE\\Neolane\\NL_5\\nlclient\\', indented as pasted. KA-15766 covers the same missing key: any.")

# ================= KA-23311 near: WinHTTP proxy message then 407 from the corporate proxy, no registry error
b = 'ka-23311-near-e1'
L = ["Ticket 55120 - console logon fails in the new office",
     "Since we moved to the new building (new proxy proxy-b.ferrovia.example:8080 with authentication), the console shows:",
     "",
     "Cannot retrieve the proxy address using WinHTTP: initialization not completed.",
     "------",
     "HTTP code 407 'Proxy Authentication Required'",
     "INT-150012 The HTTP query returned a 'Proxy Authentication Required' type error (407) (iRc=-53)",
     "",
     "In the old building (no proxy authentication) the same laptops log on fine. No Windows upgrade was done."]
w(b, 'ticket-55120.txt', L)
expect(b, 'near_miss', 'KA-23311', [E('KA-23311', 'not_confirmed', True), E('KA-15766', 'not_confirmed')],
       "The article's first line 'Cannot retrieve the proxy address using WinHTTP: initialization not completed.' but followed by a 407 Proxy Authentication Required from a new authenticating proxy; no registry error, no Windows upgrade. Possible accepted for KA-23311 only, since half of its message is there.")

# ================= KA-24478 field: alert delivery log export + mta.log, operators as recipients
b = 'ka-24478-field-e1'
ops = ['Sofia Marin (s.marin)', 'Ops on-call (oncall)', 'Daniel Roy (d.roy)', 'Stock team (stock_team)']
rows = ['Recipient\tStatus\tReason\tMessage\tDate']
t = U('2026-12-01 07:15:22')
for d in range(3):
    for o in ops:
        tt = t + dt.timedelta(days=d, seconds=R.randint(0, 5))
        rows.append("%s\tFailed\tUnreachable\tError while compiling script 'SMTP headers' line 3: recipient is not defined. SCR-160012 JavaScript: error while evaluating script 'SMTP headers'.\t%s" % (o, jdate(tt, 'eu', '+01:00')))
w(b, 'delivery-DM440912-log.tsv', rows)
nl = NL('+01:00')
noise_wf(nl, U('2026-12-01 00:00:00'), 72, n=1000, wfs=[('wkfStockAlert', 71022), ('operationMgt', 1021), ('deliveryMgt', 1022)])
for d in range(3):
    tt = t + dt.timedelta(days=d)
    nl.add(tt - dt.timedelta(seconds=3), 'info', "wkfStockAlert (id=71022) - Starting activity 'alert' (Alert)")
    nl.add(tt, 'error', "wkfStockAlert (id=71022) - Delivery 'DM%d' (alert): 4 message(s) in error (Error while compiling script 'SMTP headers' line 3: recipient is not defined.)" % (440912 + d))
w(b, 'wfserver.log', nl.lines())
w(b, 'readme.txt', ["Workflow wkfStockAlert sends an Alert activity to the group 'Stock team'. Since we added our typology rule 'TR_ListUnsubscribe' (adds a List-Unsubscribe header built from <%= recipient.id %>) the alerts fail."])
expect(b, 'field', 'KA-24478', [E('KA-24478', 'confirmed'), E('KA-15129', 'not_confirmed')],
       "Alert activity of wkfStockAlert: every operator of the delivery log (TSV export) fails 'Unreachable' with Error while compiling script 'SMTP headers' line 3: recipient is not defined + SCR-160012 'SMTP headers', three days; wfserver.log (+01:00) shows the alert activity and the errors; a typology rule adds a header from recipient.id. KA-15129 ('content htmlContent', target mapping) is not what these lines show.")

# ================= KA-24478 near: SMTP headers 'recipient is not defined' in a newsletter to a custom target mapping
b = 'ka-24478-near-e1'
rows = ['Recipient\tStatus\tReason\tMessage\tDate']
t = U('2026-12-08 09:00:10')
for i in range(40):
    rows.append("contact%05d@partner-mail.example\tFailed\tUnreachable\tError while compiling script 'SMTP headers' line 2: recipient is not defined. SCR-160012 JavaScript: error while evaluating script 'SMTP headers'.\t%s" % (R.randint(1, 99999), jdate(t + dt.timedelta(seconds=i), 'us', '-05:00')))
w(b, 'delivery-DM551020-log.tsv', rows)
w(b, 'note.txt', ["Delivery DM551020 'Partner newsletter December' targets Contacts (cus:contact) through our target mapping 'mapContacts'.",
                  "The delivery template adds a custom header X-Member: <%= recipient.memberId %>. No alert activity or workflow alert involved."])
expect(b, 'near_miss', 'KA-24478', [E('KA-24478', 'not_confirmed', True), E('KA-15129', 'any')],
       "The exact 'SMTP headers ... recipient is not defined' error, but in a newsletter to a custom target mapping (cus:contact), not in an alert delivery to operators; closer to KA-15129's cause (target mapping is not recipients), listed any. Possible accepted for KA-24478 since the error text is identical and only the context (no alert) differs.")
