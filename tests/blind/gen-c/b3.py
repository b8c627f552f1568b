from lib import *
import datetime as dt
# ---------- KA-15581 field: ACS profile error in ticket + screenshot text
b='ka-15581-field-c1'
w(b,'ticket-88123.txt',["Adobe Campaign Standard - error when opening a profile",
"Since yesterday's publication of the Profiles extension (field 'cusStoreNumber' changed from Text to Integer 32 bit), opening any profile in Customers > Profiles shows:",
"",
"BAS-010040 Cannot convert 'cusStoreNumber'(type text) to integer (32 bit) type (BAS-010011 Invalid value)",
"",
"Seen by all users at 10:42 CET, 2026-11-03, still happening. Other resources open fine.",
"Regards, Pieter"])
expect(b,'field','KA-15581',[E('KA-15581','confirmed',True)],
 "ACS ticket: opening a profile fails with BAS-010040 Cannot convert 'cusStoreNumber'(type text) to integer (32 bit) type (BAS-010011 Invalid value) after a custom field type change; other field name than the article. Ticket only: possible acceptable.")
# ---------- KA-15581 near: BAS-010040 during a data import of a bad value
b='ka-15581-near-c1'
nl=NL('+01:00'); d0=U('2026-11-04 00:00:00'); noise_wf(nl,d0,10,60)
t=U('2026-11-04 06:30:44')
nl.add(t,'info',"wkfLoadOrders (id=90021) - dataLoading - Start loading file '/sftp/in/orders_20261104.csv' into the database (step 'Load orders')")
nl.add(t+dt.timedelta(seconds=3),'error',"wkfLoadOrders (id=90021) - dataLoading - BAS-010040 Cannot convert '12,5'(type text) to integer (32 bit) type (BAS-010011 Invalid value)")
nl.add(t+dt.timedelta(seconds=3),'error',"wkfLoadOrders (id=90021) - dataLoading - Line 2231, column 'quantity': value rejected")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-15581',[E('KA-15581','not_confirmed',True)],
 "BAS-010040 'Cannot convert ... to integer' from a Campaign Classic workflow file import with a bad value ('12,5') in a quantity column: a data error, not a profile screen on ACS needing Repair Database. Same code, so a possible is tolerable.")
# ---------- KA-22375 field: Azure blob upload forbidden, downloads OK (wfserver.log CRLF, CET-like +01:00)
b='ka-22375-field-c1'
nl=NL('+01:00'); d0=U('2026-12-01 00:00:00'); noise_wf(nl,d0,20,70)
for k in range(3):
    t=U('2026-12-01 05:15:02')+dt.timedelta(hours=4*k)
    nl.add(t-dt.timedelta(seconds=30),'info',"wkfAEPExport (id=77410) - fileTransfer - File 'https://stcampaignaep01.blob.core.windows.net/aep-in/ref/segments_ref.csv' downloaded from Azure Blob Storage")
    nl.add(t,'error',"wkfAEPExport (id=77410) - fileTransfer2 - CRL-290182 Error occurred while uploading 'https://stcampaignaep01.blob.core.windows.net/aep-in/export/profiles_%s.csv' to Azure Blob Storage (code CRL-290029 Forbidden - The server understood the request, but is refusing to fulfill it)"%(t.strftime('%Y%m%d%H')))
    nl.add(t,'error',"wkfAEPExport (id=77410) - Workflow paused after an error in activity 'fileTransfer2'")
w(b,'acc-prod-app1/wfserver.log',nl.lines(),crlf=True)
expect(b,'field','KA-22375',[E('KA-22375','confirmed')],
 "CRLF wfserver.log (+01:00): AEP export workflow's upload to Azure Blob fails 3 times with CRL-290182 ... (code CRL-290029 Forbidden ...) while downloads from the same storage account succeed: the IP is not allow-listed for writing. Other storage account/paths.")
# ---------- KA-22375 near: CRL-290029 Forbidden from an HTTP download of a web server
b='ka-22375-near-c1'
nl=NL('Z'); d0=U('2026-12-02 00:00:00'); noise_wf(nl,d0,10,50)
t=U('2026-12-02 03:00:01')
nl.add(t,'error',"wkfFetchCatalog (id=77501) - fileTransfer - CRL-290029 Forbidden - The server understood the request, but is refusing to fulfill it")
nl.add(t,'error',"wkfFetchCatalog (id=77501) - fileTransfer - CRL-290002 Download error in cURL ('https://feeds.partner-shop.example/catalog/daily.xml')")
nl.add(t,'error',"wkfFetchCatalog (id=77501) - Workflow paused after an error in activity 'fileTransfer'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-22375',[E('KA-22375','not_confirmed')],
 "CRL-290029 Forbidden on an HTTPS download from a partner's web server (not an upload, not Azure Blob Storage).")
# ---------- KA-22497 field: v8 ffdaReplicateStagingData
b='ka-22497-field-c1'
nl=NL('Z'); d0=U('2026-08-10 00:00:00'); noise_wf(nl,d0,24,80,[('ffdaReplicateStagingData',2401),('ffdaReplicate',2400),('operationMgt',1021)])
for k in range(4):
    t=U('2026-08-10 02:00:04')+dt.timedelta(hours=5*k)
    nl.add(t,'error',"ffdaReplicateStagingData (id=2401) - nlmoduleStagingSchema - ODB-240000 ODBC error: Duplicate row detected during DML action Row Values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8841, 1, 1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \"lena.k@mailbox.example\" NULL, \"DE\" NULL, \"B2C\" NULL]")
    nl.add(t,'error',"ffdaReplicateStagingData (id=2401) - Workflow paused after an error in activity 'nlmoduleStagingSchema'")
w(b,'v8-mkt/wfserver.log.2.gz',nl.lines(),gz=True)
expect(b,'field','KA-22497',[E('KA-22497','confirmed')],
 "v8 wfserver log rotated as .gz: ffdaReplicateStagingData fails 4 times with ODB-240000 ODBC error (English wording, not 'Erreur ODBC'): Duplicate row detected during DML action Row Values: [...]. Other values/emails.")
# ---------- KA-22497 near: duplicate row in a custom workflow on a custom FFDA table
b='ka-22497-near-c1'
nl=NL('+02:00'); d0=U('2026-08-11 00:00:00'); noise_wf(nl,d0,12,60)
t=U('2026-08-11 08:15:30')
nl.add(t,'error',"wkfLoyaltyPoints (id=91002) - writer - ODB-240000 ODBC error: Duplicate row detected during DML action Row Values: [1207441, \"GOLD\", 3400, NULL]")
nl.add(t,'error',"wkfLoyaltyPoints (id=91002) - writer - Error while updating table 'cusLoyaltyPoints'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-22497',[E('KA-22497','not_confirmed',True)],
 "Same ODB-240000 'Duplicate row detected during DML action' but from a customer's own workflow (wkfLoyaltyPoints) writing to a custom table; the OOTB ffdaReplicateStagingData workflow and nmsrecipientstg staging data are not involved.")
# ---------- KA-22036 field: journal pasted, two workflows
b='ka-22036-field-c1'
t0=U('2026-04-14 06:00:00')
L=["Hi, two of our workflows fail since we changed the schedule last week:","",
"WKF3310 (Import_WebLeads_D):"]
for i,m in enumerate(["end      Workflow started",
  "wait     Waiting for signal 'leadsReady'",
  "signal   SCM-120008 Cannot find key values for element 'Event' (document with schema 'workflow', name 'WKF3310' and description 'Import_WebLeads_D')",
  "signal   Workflow paused"]):
    L.append("%s  %s"%(jdate(t0+dt.timedelta(seconds=i),'us','-05:00'),m))
L+=["","WKF3309 (Prepare_WebLeads_D):"]
for i,m in enumerate(["jsx1     Workflow 'Import_WebLeads_D (WKF3310)' is not started",
  "jsx1     Error while executing the script: workflow 'WKF3310' cannot receive the event 'leadsReady'",
  "jsx1     Workflow paused"]):
    L.append("%s  %s"%(jdate(t0+dt.timedelta(minutes=5,seconds=i),'us','-05:00'),m))
L+=["","WKF3310 now starts at 1:00 AM and WKF3309 at 1:05 AM."]
w(b,'ticket-66120.txt',L,crlf=True)
expect(b,'field','KA-22036',[E('KA-22036','confirmed',True)],
 "Journals of two workflows pasted (US dates, CRLF): WKF3310 fails with SCM-120008 Cannot find key values for element 'Event' (document with schema 'workflow', name 'WKF3310' ...); WKF3309, which should send the event, fails because WKF3310 is not started; schedules in the wrong order. Pasted text only: possible acceptable.")
# ---------- KA-22036 near: SCM-120008 for another element in an import
b='ka-22036-near-c1'
nl=NL('Z'); d0=U('2026-04-15 00:00:00'); noise_wf(nl,d0,10,50)
t=U('2026-04-15 04:12:00')
nl.add(t,'error',"wkfCrmSync (id=45110) - update - SCM-120008 Cannot find key values for element 'recipient' (document with schema 'recipient', name '' and description '')")
nl.add(t,'error',"wkfCrmSync (id=45110) - update - Reconciliation key 'crmId' is empty for 18 record(s)")
nl.add(t,'error',"wkfCrmSync (id=45110) - Workflow paused after an error in activity 'update'")
w(b,'wfserver.log',nl.lines())
expect(b,'near_miss','KA-22036',[E('KA-22036','not_confirmed')],
 "SCM-120008 Cannot find key values for element 'recipient' in an update-data activity with empty reconciliation keys; not the 'Event' element of a workflow document, no workflow ordering problem.")
