from lib import *
import datetime as dt
# ---------- KA-19457 field: importSharedAudience journal pasted (US dates), "Error: Too many columns"
b='ka-19457-field-c1'
t0=U('2026-01-20 14:05:00')
L=["Case 00921455 - Import audiences from the Adobe Experience Cloud keeps failing",
"Hello, the technical workflow 'Import audiences from the Adobe Experience Cloud' (importSharedAudience) has been failing every run since Monday.",
"Log of the workflow:",""]
j=[("fileTransfer","File 'ftp_1893_55102_full_20260120_140002.sync' downloaded (84 213 bytes)"),
   ("fileImport","Start loading file '/usr/local/neolane/nl6/var/acme_mkt/workflow/wf-importSharedAudience/fileTransfer/ftp_1893_55102_full_20260120_140002.sync' into the database (step 'Load IDs and segments')"),
   ("fileImport","Error: Too many columns (2 expected(s))"),
   ("fileImport","Line 3418: '7391002844 18772 , 18790'"),
   ("fileImport","An error occurred while processing the task (Load IDs and segments)."),
   ("","Workflow 'importSharedAudience' paused after an error in activity 'fileImport'")]
for i,(a,m) in enumerate(j):
    L.append("%s  %-12s %s"%(jdate(t0+dt.timedelta(seconds=3*i),'us','-05:00'),a,m))
L+=["","Can you check? Thanks, Mark"]
w(b,'ticket-00921455.txt',L)
expect(b,'field','KA-19457',[E('KA-19457','confirmed',True),E('KA-14955','any')],
 "importSharedAudience journal pasted in a ticket (US M/D/YYYY AM/PM): fileImport 'Error: Too many columns (2 expected(s))' while loading the .sync file (step 'Load IDs and segments'); the offending line has comma-separated segment ids. KA-14955 describes the same problem (any). Only a pasted journal: possible acceptable.")
# ---------- KA-19457 near: too many columns in a custom CSV import
b='ka-19457-near-c1'
nl=NL('Z'); d0=U('2026-01-21 00:00:00'); noise_wf(nl,d0,12,60)
t=U('2026-01-21 07:30:12')
nl.add(t,'info',"wkfImportStores (id=66120) - Start loading file '/sftp/incoming/stores_20260121.csv' into the database (step 'Load stores')")
nl.add(t+dt.timedelta(seconds=2),'error',"wkfImportStores (id=66120) - Error: Too many columns (9 expected(s))")
nl.add(t+dt.timedelta(seconds=2),'error',"wkfImportStores (id=66120) - Line 44: 'S0044;Lyon Part-Dieu;17 rue du Docteur Bouchut; Bat. B;69003;Lyon;FR;04 72 00 00 00;open'")
nl.add(t+dt.timedelta(seconds=3),'error',"wkfImportStores (id=66120) - Workflow 'wkfImportStores' paused after an error in activity 'dataLoading'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-19457',[E('KA-19457','not_confirmed'),E('KA-14955','not_confirmed')],
 "'Too many columns' in a customer's own store CSV import (wkfImportStores, ';' delimiter, a stray ';' in an address), not the importSharedAudience workflow or an Audience Manager .sync file.")
# ---------- KA-14955 field: runwf.log rotated .gz + current log (+02:00)
b='ka-14955-field-c1'
old=NL('+02:00'); cur=NL('+02:00')
d0=U('2026-07-01 00:00:00'); noise_wf(old,d0,20,80,[('operationMgt',1021),('importSharedAudience',1198),('cleanup',1017)])
noise_wf(cur,d0+dt.timedelta(hours=20),6,40,[('operationMgt',1021),('deliveryMgt',1022)])
t=U('2026-07-01 09:00:07')
for k in range(2):
    tt=t+dt.timedelta(hours=6*k)
    old.add(tt,'info',"importSharedAudience (id=1198) - fileTransfer - File 'ftp_2210_71803_full_20260701_%02d0001.sync' downloaded"%(11+6*k))
    old.add(tt+dt.timedelta(seconds=1),'info',"importSharedAudience (id=1198) - fileImport - Start loading file '/usr/local/neolane/nl6/var/bigretail/workflow/wf-importSharedAudience/fileTransfer/ftp_2210_71803_full_20260701_%02d0001.sync' into the database (step 'Load IDs and segments')"%(11+6*k))
    old.add(tt+dt.timedelta(seconds=2),'error',"importSharedAudience (id=1198) - fileImport - Too many columns (2 expected(s))")
    old.add(tt+dt.timedelta(seconds=2),'error',"importSharedAudience (id=1198) - Workflow paused after an error in activity 'fileImport'")
w(b,'bigretail-app/var/bigretail/log/runwf.log.1.gz',old.lines(),gz=True)
w(b,'bigretail-app/var/bigretail/log/runwf.log',cur.lines())
expect(b,'field','KA-14955',[E('KA-14955','confirmed'),E('KA-19457','any')],
 "Rotated runwf.log.1.gz (+02:00): importSharedAudience fileImport 'Too many columns (2 expected(s))' twice right after 'Start loading file .../wf-importSharedAudience/fileTransfer/ftp_..._full_....sync ... (step 'Load IDs and segments')'. Same problem as KA-19457 (any). Shape: .gz rotation.")
# ---------- KA-14955 near: importSharedAudience fails on download
b='ka-14955-near-c1'
nl=NL('+01:00'); d0=U('2026-07-02 00:00:00'); noise_wf(nl,d0,12,50)
for k in range(3):
    t=U('2026-07-02 03:00:05')+dt.timedelta(hours=3*k)
    nl.add(t,'error',"importSharedAudience (id=1198) - fileTransfer - CRL-290002 Download error in cURL")
    nl.add(t,'error',"importSharedAudience (id=1198) - fileTransfer - Couldn't connect to server (sftp://ftp.demdex.net/incoming)")
    nl.add(t+dt.timedelta(seconds=1),'error',"importSharedAudience (id=1198) - Workflow paused after an error in activity 'fileTransfer'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-14955',[E('KA-14955','not_confirmed'),E('KA-19457','not_confirmed')],
 "importSharedAudience does fail, but in the fileTransfer step (CRL-290002 download error, cannot connect to the SFTP server): no file was loaded, no 'Too many columns'.")
# ---------- KA-19458 field: operationMgt journal + wfserver.log
b='ka-19458-field-c1'
nl=NL('-05:00'); d0=U('2026-09-14 10:00:00'); noise_wf(nl,d0,10,50,[('deliveryMgt',1022),('tracking',1033),('cleanup',1017)])
for k in range(4):
    t=U('2026-09-14 13:10:02')+dt.timedelta(minutes=20*k)
    nl.add(t-dt.timedelta(seconds=2),'info',"operationMgt (id=1021) - Starting workflow")
    nl.add(t,'error',"operationMgt (id=1021) - scheduler - XSV-350012 Invalid login or password. Connection denied.")
    nl.add(t,'error',"operationMgt (id=1021) - scheduler - SCR-160012 JavaScript: error while evaluating script 'operationMgt/scheduler'.")
    nl.add(t+dt.timedelta(milliseconds=300),'error',"operationMgt (id=1021) - scheduler - DLV-490118 Error during preparation. Please refer to the delivery action journal '31877%03d' for more information."%(412+k))
    nl.add(t+dt.timedelta(milliseconds=900),'error',"operationMgt (id=1021) - WKF-560044 Error while sending notification with delivery template 'notifySupervisor'. Please refer to the delivery log ID 0 for more information (object associated with the workflow task).")
    nl.add(t+dt.timedelta(seconds=1),'error',"operationMgt (id=1021) - BAS-010003 Unable to complete operation in current status.")
w(b,'mkt01/var/retailco/log/wfserver.log',nl.lines())
w(b,'notes.txt',["Started targeting workflow 'WKF8812' for campaign 'Back to school 2026 (OP4410)' at 1:09 PM.",
 "Since then Campaign jobs (operationMgt) fails every run. WKF8812 properties: Created by = r.mendez (this operator left the company last month and was disabled).",
 "<process forecasted=\"0\" login=\"r.mendez@retailco.com\" priority=\"0\" processState=\"20\" startState=\"0\"/>"])
expect(b,'field','KA-19458',[E('KA-19458','confirmed')],
 "wfserver.log (-05:00): operationMgt scheduler fails every 20 min with XSV-350012 Invalid login or password + SCR-160012 'operationMgt/scheduler', DLV-490118, WKF-560044 notify supervisor, BAS-010003; notes say the campaign workflow's login is a disabled operator. Other names/ids.")
# ---------- KA-19458 near: console login with a wrong password
b='ka-19458-near-c1'
nl=NL('+01:00'); d0=U('2026-09-15 07:00:00'); noise_web(nl,d0,6,50)
for k,ip in enumerate(['10.8.1.44','10.8.1.44','10.8.1.44']):
    t=U('2026-09-15 08:12:10')+dt.timedelta(seconds=14*k)
    nl.add(t,'error',"XSV-350012 Invalid login or password. Connection denied.")
    nl.add(t,'warning',"Log in of 'p.lambert' from '%s' refused (instance 'prod')"%ip)
nl.add(U('2026-09-15 08:13:30'),'info',"Log in of 'p.lambert' from '10.8.1.44' (instance 'prod')")
w(b,'web.log',nl.lines())
expect(b,'near_miss','KA-19458',[E('KA-19458','not_confirmed')],
 "XSV-350012 from an operator typing a wrong password at the console three times, then logging in. No operationMgt, no scheduler script error, no workflow impacted.")
# ---------- KA-22594 field: console error pasted in ticket
b='ka-22594-field-c1'
w(b,'ticket-30391.txt',["Subject: cannot log in to the new stage instance from the client console",
"Hi team, after adding the connection 'STAGE-EU' in the console (Connection settings), the login screen shows:",
"",
"    Error :\"URL-140005 Unable to decode URLs of schema ' https'. Not implemented\"",
"",
"The production connection works fine. Client console build 9372, Windows 11.",
"Connection URL as entered: ' https://stage-eu.campaign.example-brand.com'",
"Thanks, Olga"],crlf=True)
expect(b,'field','KA-22594',[E('KA-22594','confirmed',True)],
 "CRLF ticket with the console login error URL-140005 Unable to decode URLs of schema ' https' (leading space in schema) and the connection URL pasted with a leading space. Only a ticket text: a possible is acceptable.")
# ---------- KA-22594 near: URL-140005 for an unsupported schema in a workflow
b='ka-22594-near-c1'
nl=NL('Z'); d0=U('2026-03-03 00:00:00'); noise_wf(nl,d0,10,50)
t=U('2026-03-03 05:40:00')
nl.add(t,'error',"wkfExportPartners (id=70331) - fileTransfer2 - URL-140005 Unable to decode URLs of schema 'scp'. Not implemented")
nl.add(t,'error',"wkfExportPartners (id=70331) - Workflow paused after an error in activity 'fileTransfer2'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-22594',[E('KA-22594','not_confirmed')],
 "URL-140005 from a workflow file transfer with an unsupported 'scp' URL scheme (no leading space, not a console login). The article's space-before-https cause is absent.")
# ---------- KA-24479 field: ACS workflow log pasted
b='ka-24479-field-c1'
t0=U('2026-10-05 08:00:00')
L=["Campaign Standard - workflow 'WKF_share_VIP_to_AAM' (Share audience to Experience Cloud) fails since 2 days",""]
j=["Workflow started","query: 12 480 profile(s) selected","shareAudience: Sharing audience 'VIP customers Q4' with Experience Cloud",
 "shareAudience: Uploading audience file to the People Core Service storage",
 "shareAudience: Error: The AWS Access Key Id you provided does not exist in our records. (Service: Amazon S3; Status Code: 403; Error Code: InvalidAccessKeyId)",
 "shareAudience: The task failed","Workflow paused"]
for i,m in enumerate(j): L.append("%s %s"%(jdate(t0+dt.timedelta(seconds=5*i),'eu','+02:00'),m))
w(b,'ticket-ACS-5521.txt',L)
expect(b,'field','KA-24479',[E('KA-24479','confirmed',True)],
 "ACS workflow journal (EU dates) pasted in a ticket: share-audience activity fails with 'The AWS Access Key Id you provided does not exist in our records.' (S3 403 InvalidAccessKeyId). ACS has no server logs, so a possible is acceptable.")
# ---------- KA-24479 near: same AWS error in Campaign Classic upload to the customer's own bucket
b='ka-24479-near-c1'
nl=NL('-05:00'); d0=U('2026-10-06 10:00:00'); noise_wf(nl,d0,8,50)
t=U('2026-10-06 14:00:03')
nl.add(t,'info',"wkfNightlyExport (id=81203) - fileTransfer - Upload of '/usr/local/neolane/nl6/var/acme/export/contacts_20261006.csv' to 's3://acme-dwh-landing/campaign/' using external account 'AcmeDWH_S3'")
nl.add(t+dt.timedelta(seconds=1),'error',"wkfNightlyExport (id=81203) - fileTransfer - The AWS Access Key Id you provided does not exist in our records. (Status code 403)")
nl.add(t+dt.timedelta(seconds=1),'error',"wkfNightlyExport (id=81203) - fileTransfer - CRL-290003 Upload error in cURL")
w(b,'wfserver.log',nl.lines())
w(b,'notes.txt',["Our IT rotated the IAM keys of the acme-dwh-landing bucket on Oct 5; external account 'AcmeDWH_S3' still holds the old key."])
expect(b,'near_miss','KA-24479',[E('KA-24479','not_confirmed',True)],
 "Same AWS message but in Campaign Classic, a custom export to the customer's own S3 bucket after the customer rotated its IAM keys; not the ACS audience-sharing workflow with Adobe's S3 keys. A possible is tolerable (same words), not a confirmation.")
