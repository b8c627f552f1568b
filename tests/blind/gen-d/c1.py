from lib import *
import datetime as dt

# ================= KA-14191 field: ACS + AAM integration set-up, ticket + browser console export
b = 'ka-14191-field-d1'
L = ["Case 02871134 - Adobe Campaign Standard / Audience Manager integration",
     "Product: Adobe Campaign Standard (tenant: lumenbank-mkt), Audience Manager",
     "Reported by: Priya Raman (CRM Ops)",
     "",
     "We are configuring the AAM-ACS integration (Administration > Application settings > Shared audiences).",
     "When our integration user (p.raman@lumenbank.example) opens the data sources step, the screen shows:",
     "",
     "RST-360011 An error has occurred. Please contact the administrator.",
     "Verify that as a user you have permission to access the Adobe Audience Library. Error during network call: status: 404 URL: https://lumenbank-mkt.experiencecloud.adobe.com/content/mac/lumenbank-mkt/audiences/folder?action=list_datasources&ims=1.",
     "XTK-170006 Unable to evaluate the expression 'GetDataSources ()'.",
     "XTK-170006 Unable to evaluate the expression 'GetDataSources ()'",
     "",
     "It happens every time, also after logging out and in. Another colleague (admin of the org) has not tried yet.",
     "Browser console export attached (Chrome 124).",
     "Thanks, Priya"]
w(b, 'case-02871134.txt', L, crlf=True)
t0 = U('2026-04-08 07:41:10')
C = []
for i, (lvl, msg) in enumerate([
    ("log", "[ACS] navigation -> /campaign/administration/applicationSettings/sharedAudiences"),
    ("info", "XHR finished loading: GET \"https://lumenbank-mkt.campaign.adobe.com/rest/head/profileAndServices/profile?_lineCount=1\"."),
    ("error", "GET https://lumenbank-mkt.experiencecloud.adobe.com/content/mac/lumenbank-mkt/audiences/folder?action=list_datasources&ims=1 404 (Not Found)"),
    ("error", "POST https://lumenbank-mkt.campaign.adobe.com/xtk/session/soaprouter 500 (Internal Server Error)"),
    ("error", "Uncaught (in promise) Error: RST-360011 An error has occurred. Please contact the administrator. XTK-170006 Unable to evaluate the expression 'GetDataSources ()'."),
    ("warn", "[ACS] notification displayed: error"),
]):
    t = t0 + dt.timedelta(seconds=i * 0.7)
    C.append("%s.%03dZ %s %s" % (t.strftime('%Y-%m-%dT%H:%M:%S'), (i * 173) % 1000, lvl.upper().ljust(5), msg))
w(b, 'browser-console.log', C)
expect(b, 'field', 'KA-14191', [E('KA-14191', 'confirmed'), E('KA-15384', 'any')],
       "Campaign Standard customer setting up the AAM-ACS integration: the case text (CRLF) quotes RST-360011, the 404 on .../audiences/folder?action=list_datasources and XTK-170006 Unable to evaluate the expression 'GetDataSources ()' twice; a Chrome console export shows the 404 and the same error. Other tenant/user than the article. KA-15384 describes the same GetDataSources/Audience Library permission problem from another screen, so it is 'any'.")

# ================= KA-14191 near: RST-360011 + 404, but an AEM asset picker call (not AAM data sources), no GetDataSources
b = 'ka-14191-near-d1'
L = ["Case 02873310 - ACS email designer: 'RST-360011 An error has occurred'",
     "Tenant: orbitair-prod (Campaign Standard)",
     "",
     "When inserting an image from 'Adobe Experience Manager assets' in the email designer we get:",
     "",
     "RST-360011 An error has occurred - please contact your administrator.",
     "Error during network call: status: 404 URL: https://author-p1234-e5678.adobeaemcloud.com/content/dam/orbitair/campaigns/2026-spring/hero-banner.jpg/jcr:content/renditions/cq5dam.web.1280.1280.jpeg",
     "",
     "The asset was moved in AEM last week (folder 2026-spring renamed to 2026-Q2). Other assets work.",
     "We are not using Audience Manager; shared audiences are not configured on this tenant."]
w(b, 'case-02873310.txt', L, crlf=True)
expect(b, 'near_miss', 'KA-14191', [E('KA-14191', 'not_confirmed'), E('KA-15384', 'not_confirmed')],
       "Campaign Standard RST-360011 with a network 'status: 404', but for an AEM asset rendition whose folder was renamed; no XTK-170006, no GetDataSources, no Audience Library/list_datasources call, and no Audience Manager integration at all. Not the article's permission problem.")

# ================= KA-15384 field: opening a shared resource (visitor ID) after AAM integration
b = 'ka-15384-field-d1'
L = ["From: Jonas Lind <jonas.lind@fjordhus.example>",
     "Subject: ACS - error when opening shared resource after Audience Manager integration",
     "Date: Tue, 12 May 2026 10:22:41 +0200",
     "",
     "Hello support,",
     "",
     "we finished the integration of Campaign Standard (tenant fjordhus) with Audience Manager last Friday.",
     "Now when I go to Administration > Application settings > Shared resources and open the shared resource",
     "'Visitor ID (declared ID)' I get this error:",
     "",
     "    RST-360011 An error has occurred - please contact your administrator.",
     "    Please make sure you have permission to Adobe Audience Library. Error while calling the network: status: 404 URL: https://fjordhus.experiencecloud.adobe.com/content/mac/fjordhus/audiences/folder?action=list_datasources&ims=1.",
     "    XTK-170006 Unable to parse expression ' GetDataSources()'.",
     "    XTK-170006 Unable to parse expression ' GetDataSources()'",
     "",
     "My user is a Campaign administrator. In the Admin Console my products are 'Adobe Campaign - fjordhus' and 'Adobe Analytics'.",
     "",
     "Best regards,", "Jonas"]
w(b, 'mail-shared-resource-error.eml.txt', L)
expect(b, 'field', 'KA-15384', [E('KA-15384', 'confirmed'), E('KA-14191', 'any')],
       "E-mail (plain text) from a Campaign Standard user: opening a shared resource after the AAM integration shows RST-360011, 404 on .../audiences/folder?action=list_datasources and XTK-170006 Unable to parse expression ' GetDataSources()'; the user's products list lacks Audience Library. Indented as pasted. KA-14191 is the same problem seen while setting up the integration: 'any'.")

# ================= KA-15384 near: RST-360011 + XTK-170006 from a malformed REST filter expression
b = 'ka-15384-near-d1'
t0 = U('2026-05-19 13:05:00')
L = ["# integration job log (node 18, @adobe/campaign-standard client) - nightly loyalty sync",
     ]
msgs = [("INFO", "Fetching profiles updated since 2026-05-18T00:00:00Z"),
        ("INFO", "GET https://mc.adobe.io/ghtravel/campaign/profileAndServicesExt/profile/byLoyaltyTier?tier_parameter=GOLD&_lineCount=500 -> 200 (500 items)"),
        ("ERROR", "GET https://mc.adobe.io/ghtravel/campaign/profileAndServicesExt/profile/byLoyaltyTier?tier_parameter=GOLD'&_lineStart=500&_lineCount=500 -> 500"),
        ("ERROR", "Response: {\"code\":500,\"message\":\"RST-360011 An error has occurred - please contact your administrator.\\nXTK-170006 Unable to parse expression '@cusLoyaltyTier = 'GOLD''.\\nXTK-170006 Unable to parse expression '@cusLoyaltyTier = 'GOLD''.\"}"),
        ("WARN", "Retrying in 30 s (attempt 1/3)"),
        ("ERROR", "GET ... -> 500 RST-360011 (same error), giving up"),
        ("INFO", "Sync finished with errors: 500 profiles processed, 1 page failed")]
for i, (lv, m) in enumerate(msgs):
    L.append("%s %-5s %s" % (fmt_ts(t0 + dt.timedelta(seconds=2 * i), 'Z', sep='T'), lv, m))
w(b, 'loyalty-sync-2026-05-19.log', L)
w(b, 'notes.txt', ["The custom filter byLoyaltyTier builds its condition from the parameter. A stray quote in our job (tier_parameter=GOLD') breaks the expression.",
                   "No Audience Manager / shared audience feature is used on this tenant."])
expect(b, 'near_miss', 'KA-15384', [E('KA-15384', 'not_confirmed'), E('KA-14191', 'not_confirmed')],
       "Campaign Standard REST call answered with RST-360011 and XTK-170006 Unable to parse expression, but the expression is a custom filter broken by a stray quote in the caller's parameter; no GetDataSources, no list_datasources 404, no Audience Library or shared resource.")

# ================= KA-14810 field: mta / mtachild logs (+01:00) + broadlog export, Microsoft EOP rejects EHLO name
b = 'ka-14810-field-d1'
mta = NL('+01:00'); ch = NL('+01:00'); ch2 = NL('+01:00', pid=ch.pid)
d0 = U('2026-02-03 07:00:00')
ms_mx = [('hotmail.com', 'hotmail-com.olc.protection.outlook.com', '52.101.68.%d'),
         ('outlook.com', 'outlook-com.olc.protection.outlook.com', '52.101.73.%d'),
         ('live.fr', 'eur.olc.protection.outlook.com', '52.101.40.%d'),
         ('msn.com', 'msn-com.olc.protection.outlook.com', '52.101.11.%d')]
eop = ['AM4PEPF00027A6B.eop-eur03.prod.protection.outlook.com', 'DB1PEPF000509F5.eop-eur02.prod.protection.outlook.com',
       'VI1EUR04FT061.eop-eur04.prod.protection.outlook.com', 'AMS0EPF000001A4.eop-eur05.prod.protection.outlook.com']
others = [('gmail.com', 'gmail-smtp-in.l.google.com'), ('orange.fr', 'smtp-in.orange.fr'), ('gmx.de', 'mx00.emig.gmx.net'), ('yahoo.com', 'mta7.am0.yahoodns.net')]
rows = []
names = ['lea.m', 'thomas.b', 'k.nguyen', 'sofia99', 'p.durand', 'mehdi.a', 'annek', 'j.rossi', 'clara.v', 'n.haddad']
for i in range(220):
    t = d0 + dt.timedelta(seconds=8 * i + R.randint(0, 6), milliseconds=R.randint(0, 999))
    ms = (i % 3 == 0)
    if ms:
        dom, mx, ip = R.choice(ms_mx); ip = ip % R.randint(1, 60)
        ch.add(t, 'info', "Connected to '%s' (%s:25) for domain '%s'" % (mx, ip, dom))
        ch.add(t + dt.timedelta(milliseconds=180), 'warning', "EHLO r47.p12.mail.vandrel-shop.net. refused by %s: 501 5.5.4 Invalid domain name [%s]" % (ip, R.choice(eop)))
        addr = '%s%d@%s' % (R.choice(names), i, dom)
        ch.add(t + dt.timedelta(milliseconds=190), 'error', "Message to <%s> failed (broadLog=%d): 501 5.5.4 Invalid domain name [%s]" % (addr, 88120000 + i, R.choice(eop)))
        rows.append((t, addr, 'Failed', 'Unreachable', "501 5.5.4 Invalid domain name [%s]" % R.choice(eop)))
    else:
        dom, mx = R.choice(others)
        addr = '%s%d@%s' % (R.choice(names), i, dom)
        ch.add(t, 'info', "Connected to '%s' for domain '%s'" % (mx, dom))
        rows.append((t, addr, 'Sent', '', '250 2.0.0 OK'))
for h in range(0, 8):
    t = d0 + dt.timedelta(hours=h / 3)
    mta.add(t, 'info', "Delivery DM8812 ('NL_February_Offers'): %d message(s) sent, %d failed in the last 20 minute(s)" % (R.randint(3000, 9000), R.randint(900, 2800)))
mta.add(d0 + dt.timedelta(minutes=3), 'info', "MTA started for instance 'vandrel' (public IP 198.51.100.47, EHLO name taken from reverse DNS: 'r47.p12.mail.vandrel-shop.net.')")
w(b, 'mkt01/var/vandrel/log/mtachild.log', ch.lines())
w(b, 'mkt01/var/vandrel/log/mta.log', mta.lines())
csv = ["Event date;Address;Status;Reason;Text"]
for t, a, s, r, tx in rows:
    csv.append("%s;%s;%s;%s;%s" % (t.astimezone(tz('+01:00')).strftime('%d/%m/%Y %H:%M:%S'), a, s, r, tx))
w(b, 'export_broadlog_DM8812.csv', csv, crlf=True)
w(b, 'dig-ptr.txt', ["$ dig -x 198.51.100.47 +short", "r47.p12.mail.vandrel-shop.net..", "", "$ host 198.51.100.47", "47.100.51.198.in-addr.arpa domain name pointer r47.p12.mail.vandrel-shop.net.."])
expect(b, 'field', 'KA-14810', [E('KA-14810', 'confirmed')],
       "On-premise v7 MTA (+01:00): every Microsoft consumer domain (hotmail.com, outlook.com, live.fr, msn.com) fails with '501 5.5.4 Invalid domain name [XXX.eop-eurNN.prod.protection.outlook.com]', other domains (gmail, orange, gmx, yahoo) are sent; broadLog export (CRLF, ';') shows Status Failed / Reason Unreachable with that text; the PTR of the sending IP ends with an extra '.' and the MTA uses it as EHLO name.")

# ================= KA-14810 near: Hotmail/Outlook failing for another reason (block list S3150), PTR fine
b = 'ka-14810-near-d1'
ch = NL('-05:00'); d0 = U('2026-02-10 14:00:00')
rows = []
for i in range(200):
    t = d0 + dt.timedelta(seconds=9 * i + R.randint(0, 7))
    if i % 3 == 0:
        dom, mx, ip = R.choice(ms_mx); ip = ip % R.randint(1, 60)
        addr = '%s%d@%s' % (R.choice(names), i, dom)
        txt = "550 5.7.1 Unfortunately, messages from [203.0.113.88] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [%s]" % R.choice(eop)
        ch.add(t, 'error', "Message to <%s> failed (broadLog=%d): %s" % (addr, 5120000 + i, txt))
        rows.append((t, addr, 'Failed', 'Refused', txt))
    elif i % 17 == 5:
        addr = 'orders@%s' % R.choice(['acme-corp.local', 'shop..example', 'mail.example-bad'])
        txt = "501 5.1.3 Invalid address"
        ch.add(t, 'error', "Message to <%s> failed (broadLog=%d): %s" % (addr, 5120000 + i, txt))
        rows.append((t, addr, 'Failed', 'Invalid domain', txt))
    else:
        dom, mx = R.choice(others); addr = '%s%d@%s' % (R.choice(names), i, dom)
        ch.add(t, 'info', "Connected to '%s' for domain '%s'" % (mx, dom))
        rows.append((t, addr, 'Sent', '', '250 2.0.0 OK'))
w(b, 'var/brightmart/log/mtachild.log', ch.lines())
csv = ["Event date,Address,Status,Reason,Text"]
for t, a, s, r, tx in rows:
    csv.append('%s,%s,%s,%s,"%s"' % (jdate(t, 'us', '-05:00'), a, s, r, tx))
w(b, 'broadlog-export.csv', csv, crlf=True)
w(b, 'dig-ptr.txt', ["$ dig -x 203.0.113.88 +short", "mta88.mail.brightmart.example.", "$ dig mta88.mail.brightmart.example +short", "203.0.113.88"])
expect(b, 'near_miss', 'KA-14810', [E('KA-14810', 'not_confirmed')],
       "Hotmail/Outlook deliveries fail, but with '550 5.7.1 ... block list (S3150)' (IP reputation), not '501 5.5.4 Invalid domain name'; the few 5xx 'Invalid' lines are '501 5.1.3 Invalid address' for malformed recipient domains. PTR is a normal name (the single trailing dot is dig's notation) and forward-confirms.")

# ================= KA-14962 field: workflow journal pasted (US dates) + Apache access_log.1.gz with 413
b = 'ka-14962-field-d1'
t0 = U('2026-03-02 15:14:40')   # 10:14:40 EST
L = ["Ticket 7781 - Data loading (file) fails for the weekly POS extract",
     "Instance: mkt-prod (Campaign Classic v7 21.1.3 build 9330, on premise, Apache 2.4 in front of Tomcat)",
     "Workflow: WKF_POS_WEEKLY_IMPORT, activity 'Data loading (file)' (fileImport2), 'Upload a file from the local machine'.",
     "The file pos_extract_w09.csv is 78 MB. Smaller test files (12 MB) load fine.",
     "",
     "Journal (Tasks tab), copied:",
     ""]
J = [("fileImport2", "Transferring file 'pos_extract_w09.csv' to the server..."),
     ("fileImport2", "INT-150012 The HTTP query returned a 'Request Entity Too Large' type error (413) (iRc=-53)"),
     ("fileImport2", "Error while uploading file 'pos_extract_w09.csv'."),
     ("", "Workflow 'WKF_POS_WEEKLY_IMPORT' paused after an error in activity 'fileImport2'.")]
for i, (act, m) in enumerate(J):
    L.append("%s\t%s\t%s" % (jdate(t0 + dt.timedelta(seconds=3 * i), 'us', '-05:00'), act, m))
L += ["", "Retried at 11:02, same error."]
t1 = U('2026-03-02 16:02:13')
for i, (act, m) in enumerate(J[:3]):
    L.append("%s\t%s\t%s" % (jdate(t1 + dt.timedelta(seconds=3 * i), 'us', '-05:00'), act, m))
w(b, 'ticket-7781.txt', L, crlf=True)
A = []
d0 = U('2026-03-02 13:00:00')
hosts = ['10.20.4.%d' % i for i in (11, 12, 31, 44, 57)]
ev = []
for i in range(300):
    t = rnd_time(d0, 5)
    req = R.choice(["POST /nl/jsp/soaprouter.jsp HTTP/1.1\" 200 %d" % R.randint(400, 90000),
                    "GET /nl/jsp/logon.jsp HTTP/1.1\" 200 %d" % R.randint(2000, 5000),
                    "POST /nl/jsp/uploadFile.jsp HTTP/1.1\" 200 %d" % R.randint(100, 400),
                    "GET /r/%d?id=h%x HTTP/1.1\" 302 -" % (R.randint(1, 90), R.randint(0x10000, 0xfffff))])
    ev.append((t, '%s - - [%s] "%s "-" "nlclient/7.0 (build 9330)"' % (R.choice(hosts), t.astimezone(tz('-05:00')).strftime('%d/%b/%Y:%H:%M:%S -0500'), req)))
for tt in (t0 + dt.timedelta(seconds=2), t1 + dt.timedelta(seconds=2)):
    ev.append((tt, '10.20.4.57 - - [%s] "POST /nl/jsp/uploadFile.jsp HTTP/1.1" 413 318 "-" "nlclient/7.0 (build 9330)"' % tt.astimezone(tz('-05:00')).strftime('%d/%b/%Y:%H:%M:%S -0500')))
ev.sort()
w(b, 'apache/access_log.1.gz', [l for _, l in ev], gz=True)
w(b, 'apache/campaign.conf', ["# generated by Adobe Campaign (nlserver configureapache)", "LoadModule nlsrv_module /usr/local/neolane/nl6/lib/libnlsrvmod.so",
                              "<IfModule mod_nlsrv.c>", "  CampaignLimitRequest \"52428800\"", "</IfModule>"])
expect(b, 'field', 'KA-14962', [E('KA-14962', 'confirmed')],
       "Workflow journal pasted in a CRLF ticket (US M/D/YYYY h:mm:ss AM, tab-separated, EST console): Data loading (file) upload of a 78 MB file fails with INT-150012 'Request Entity Too Large' type error (413), twice; Apache access_log.1.gz shows POST /nl/jsp/uploadFile.jsp answered 413 at those times; the Campaign Apache conf has CampaignLimitRequest 52428800 (50 MB).")

# ================= KA-14962 near: 413 from a third-party API called by a JS activity (small payload, remote nginx)
b = 'ka-14962-near-d1'
nl = NL('+02:00'); d0 = U('2026-06-09 06:00:00')
noise_wf(nl, d0, 6, 60, [('operationMgt', 2011), ('WKF_CRM_PUSH', 40877), ('cleanup', 2003), ('tracking', 2033)])
for k in range(3):
    t = U('2026-06-09 08:15:02') + dt.timedelta(hours=k)
    nl.add(t, 'info', "WKF_CRM_PUSH (id=40877) - js4 - Posting batch of 25000 contact(s) to https://api.partnercrm.example/v2/contacts/bulk (payload 9.7 MB)")
    nl.add(t + dt.timedelta(seconds=2), 'error', "WKF_CRM_PUSH (id=40877) - js4 - INT-150012 The HTTP query returned a 'Request Entity Too Large' type error (413) (iRc=-53)")
    nl.add(t + dt.timedelta(seconds=2), 'error', "WKF_CRM_PUSH (id=40877) - js4 - Response body: <html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx/1.24.0</center></body></html>")
    nl.add(t + dt.timedelta(seconds=2, milliseconds=30), 'error', "WKF_CRM_PUSH (id=40877) - Workflow 'WKF_CRM_PUSH' paused after an error in activity 'js4'")
w(b, 'app02/var/prod/log/wfserver.log', nl.lines())
w(b, 'ticket-8120.txt', ["Our push to the partner CRM API fails since they lowered their request size limit (client_max_body_size 8m on their side).",
                         "No file is uploaded to Campaign; the JavaScript activity sends the batch with HttpClientRequest."])
expect(b, 'near_miss', 'KA-14962', [E('KA-14962', 'not_confirmed')],
       "INT-150012 'Request Entity Too Large' (413) in a workflow, but returned by a partner's nginx to a JavaScript activity posting a 9.7 MB batch to an external API; no file is uploaded to Campaign and Campaign's own Apache limit is not involved.")

# ================= KA-15393 field: wfserver.log (-05:00) + journal pasted (EU dates) for Update shared audience
b = 'ka-15393-field-d1'
nl = NL('-05:00'); d0 = U('2026-01-20 10:00:00')
noise_wf(nl, d0, 12, 70, [('operationMgt', 1021), ('WKF_AAM_EXPORT_DAILY', 61230), ('cleanup', 1017), ('tracking', 1033)])
for day in range(2):
    t = U('2026-01-20 12:30:04') + dt.timedelta(days=day) if day == 0 else U('2026-01-21 12:30:06')
    nl.add(t, 'info', "WKF_AAM_EXPORT_DAILY (id=61230) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=3), 'info', "WKF_AAM_EXPORT_DAILY (id=61230) - query - 184 222 record(s) selected")
    nl.add(t + dt.timedelta(seconds=5), 'error', "WKF_AAM_EXPORT_DAILY (id=61230) - sharedAudience - XTK-170016 You are not authorized to use SQL expressions. 'digest' cannot be processed.")
    nl.add(t + dt.timedelta(seconds=5, milliseconds=12), 'error', "WKF_AAM_EXPORT_DAILY (id=61230) - Workflow 'WKF_AAM_EXPORT_DAILY' paused after an error in activity 'sharedAudience'")
w(b, 'mkt/var/retail/log/wfserver.log', nl.lines())
L = ["Workflow WKF_AAM_EXPORT_DAILY - export of 'Churn risk' to Audience Manager (Update shared audience activity)",
     "Data source: 'AMC Datasource - CRM hashed email' (encryption: SHA256), reconciliation on email.",
     ""]
t = U('2026-01-21 12:30:06')
for i, (act, m) in enumerate([("start", "Workflow started"),
                              ("query", "184 222 record(s) selected"),
                              ("sharedAudience", "XTK-170016 You are not authorized to use SQL expressions. 'digest' cannot be processed."),
                              ("sharedAudience", "Workflow paused after an error")]):
    L.append("%s %s    %s" % (jdate(t + dt.timedelta(seconds=2 * i), 'eu', '-05:00'), act, m))
w(b, 'journal-WKF_AAM_EXPORT_DAILY.txt', L)
expect(b, 'field', 'KA-15393', [E('KA-15393', 'confirmed')],
       "Audience export workflow to AAM: the 'Update shared audience' activity (internal name sharedAudience) fails with XTK-170016 You are not authorized to use SQL expressions. 'digest' cannot be processed., two days running, in wfserver.log (-05:00) and in the pasted journal (DD/MM/YYYY); the AMC data source uses an encryption (SHA256) with email as reconciliation key.")

# ================= KA-15393 near: XTK-170016 on another SQL function in an ordinary query by a non-admin
b = 'ka-15393-near-d1'
nl = NL('+01:00'); d0 = U('2026-01-22 07:00:00')
noise_wf(nl, d0, 10, 60, [('operationMgt', 1021), ('WKF_PHONE_CLEANUP', 70411), ('cleanup', 1017)])
t = U('2026-01-22 09:12:44')
nl.add(t, 'info', "WKF_PHONE_CLEANUP (id=70411) - Starting workflow (operator 'm.weber')")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_PHONE_CLEANUP (id=70411) - query3 - XTK-170016 You are not authorized to use SQL expressions. 'regexp_replace' cannot be processed.")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_PHONE_CLEANUP (id=70411) - query3 - XTK-170006 Unable to evaluate the expression 'regexp_replace([@mobilePhone], '[^0-9+]', '', 'g')'.")
nl.add(t + dt.timedelta(seconds=1, milliseconds=5), 'error', "WKF_PHONE_CLEANUP (id=70411) - Workflow 'WKF_PHONE_CLEANUP' paused after an error in activity 'query3'")
w(b, 'var/prod/log/wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-15393', [E('KA-15393', 'not_confirmed')],
       "Same XTK-170016 'You are not authorized to use SQL expressions', but for regexp_replace in an ordinary query activity run by a non-admin operator (missing SQL right); no Update shared audience activity, no AAM export, no digest.")

# ================= KA-16324 field: delivery with offers, many 'Message canceled (representation unavailable)'
b = 'ka-16324-field-d1'
t0 = U('2026-04-14 08:00:00')
rows = ["Date;Recipient;Email;Status;Message"]
for i in range(400):
    t = t0 + dt.timedelta(seconds=i * 3)
    if i % 4 == 1:
        st, msg = 'Ignored', 'Message canceled (representation unavailable)'
    else:
        st, msg = 'Sent', ''
    rows.append("%s;%d;%s;%s;%s" % (jdate(t, 'eu', '+02:00'), 5300000 + i, 'cust%05d@%s' % (i, R.choice(['gmail.com', 'web.de', 'orange.fr', 'icloud.com'])), st, msg))
w(b, 'DM10442-delivery-logs.csv', rows, crlf=True)
nl = NL('+02:00'); noise_wf(nl, t0 - dt.timedelta(hours=1), 4, 40)
nl.add(t0 - dt.timedelta(minutes=20), 'info', "Delivery 'DM10442' ('Spring offers - personalised') : offer space 'Email - Newsletter block' (OS_EMAIL_NL), 3 proposition(s) per recipient")
nl.add(t0 - dt.timedelta(minutes=19), 'info', "Delivery 'DM10442': 100 message(s) canceled (representation unavailable) out of 400 during personalization")
w(b, 'mkt/var/prod/log/wfserver.log', nl.lines())
w(b, 'ticket-5521.txt', ["Delivery DM10442 uses offers from offer space OS_EMAIL_NL (Interaction). About 25% of the targeted recipients are not sent",
                         "and the delivery logs show 'Message canceled (representation unavailable)'. These recipients have no eligible offer in that space.",
                         "In the delivery's offer settings (gift icon) the option 'Do not display anything if no offers are selected' is unchecked."])
expect(b, 'field', 'KA-16324', [E('KA-16324', 'confirmed')],
       "Email delivery with an offer space: the delivery log export (CRLF, ';', DD/MM/YYYY) has 100 of 400 messages 'Ignored' with 'Message canceled (representation unavailable)'; wfserver.log (+02:00) names the offer space and counts them; the ticket says the recipients have no eligible offer and 'Do not display anything if no offers are selected' is unchecked.")

# ================= KA-16324 near: messages canceled for other reasons (typology, quarantine), no offers
b = 'ka-16324-near-d1'
rows = ["Date,Recipient,Email,Status,Message"]
t0 = U('2026-04-20 13:00:00')
for i in range(300):
    t = t0 + dt.timedelta(seconds=i * 2)
    k = i % 10
    if k == 1: st, msg = 'Ignored', "Message canceled by the typology rule 'Fatigue - max 3 emails / 7 days'"
    elif k == 4: st, msg = 'Ignored', 'Address in quarantine'
    elif k == 7: st, msg = 'Ignored', 'Message canceled (address not specified)'
    else: st, msg = 'Sent', ''
    rows.append('%s,%d,%s,%s,"%s"' % (jdate(t, 'us', '-05:00'), 880000 + i, 'member%04d@%s' % (i, R.choice(['aol.com', 'gmail.com', 'comcast.net'])), st, msg))
w(b, 'DM20981-logs.csv', rows)
w(b, 'ticket.txt', ["Delivery DM20981 (weekly newsletter, no offers / no Interaction) sends only 70% of the target. Many messages are canceled, see export."])
expect(b, 'near_miss', 'KA-16324', [E('KA-16324', 'not_confirmed')],
       "Delivery log export with many canceled/ignored messages, but for typology (fatigue) rules, quarantine and missing addresses, in a delivery that uses no offers; no 'representation unavailable'.")

# ================= KA-16411 field: Windows control instance web.log (CRLF, +09:00), build 9182, non-admin publishes MC templates
b = 'ka-16411-field-d1'
nl = NL('+09:00'); d0 = U('2026-03-15 23:00:00')
nl.add(d0 + dt.timedelta(minutes=1), 'info', "Application server for Adobe Campaign Classic (7.0 20.3.1 build 9182@f2e14e9) of 10/05/2020")
nl.add(d0 + dt.timedelta(minutes=1, seconds=1), 'info', "Starting Web server module (pid=4412, tid=5120)...")
noise_web(nl, d0, 10, 90, inst='ctrl')
tpls = [('TPL_ORDER_CONFIRM', 'k.mori'), ('TPL_PWD_RESET', 'k.mori'), ('TPL_SHIP_NOTICE', 'y.tanaka')]
for i, (tpl, op) in enumerate(tpls):
    t = U('2026-03-16 01:10:05') + dt.timedelta(minutes=37 * i)
    nl.add(t - dt.timedelta(seconds=30), 'info', "Log in of '%s' from '10.60.2.%d' (instance 'ctrl')" % (op, 40 + i))
    nl.add(t, 'info', "Publication of transactional message template '%s' requested by operator '%s'" % (tpl, op))
    nl.add(t + dt.timedelta(seconds=1), 'info', "Creating '%s_rt' and '%s_batch' in folder 'Administration > Production > Message Center'" % (tpl, tpl))
    nl.add(t + dt.timedelta(seconds=2), 'error', "INT-150012 The HTTP query returned a 'Forbidden' type error (403) (iRc=-53)")
    nl.add(t + dt.timedelta(seconds=2, milliseconds=4), 'error', "SOP-330011 Error while executing the method 'PublishTemplate' of service 'nms:rtEvent'.")
    nl.add(t + dt.timedelta(seconds=2, milliseconds=9), 'error', "Publication of template '%s' failed." % tpl)
t = U('2026-03-16 04:02:00')
nl.add(t - dt.timedelta(seconds=20), 'info', "Log in of 'admin' from '10.60.2.9' (instance 'ctrl')")
nl.add(t, 'info', "Publication of transactional message template 'TPL_SHIP_NOTICE' requested by operator 'admin'")
nl.add(t + dt.timedelta(seconds=4), 'info', "Template 'TPL_SHIP_NOTICE' published on 2 execution instance(s)")
w(b, 'CTRL01/Adobe/Campaign/var/default/log/web.log', nl.lines(), crlf=True)
w(b, 'ticket-31874.txt', ["Since the upgrade to build 9182, our Message Center designers (operator group 'MC Designers', named rights: configurator, not admin)",
                          "cannot publish or unpublish transactional templates. The console shows:",
                          "    INT-150012 The HTTP query returned a 'Forbidden' type error (403).",
                          "Admin operators can publish the same templates without any problem."], crlf=True)
expect(b, 'field', 'KA-16411', [E('KA-16411', 'confirmed')],
       "Windows control instance web.log (CRLF, +09:00) with the build 9182 banner: three template publications by non-admin operators (configurator right) end in INT-150012 'Forbidden' type error (403); an admin publishes the same template minutes later. Correct code INT-150012 (not the article's typo INT-15000122). Ticket confirms admin works.")

# ================= KA-16411 near: 403 Forbidden from an external S3 pre-signed URL and the pipeline, admin too
b = 'ka-16411-near-d1'
nl = NL('Z'); d0 = U('2026-03-20 00:00:00')
noise_wf(nl, d0, 12, 60, [('operationMgt', 1021), ('WKF_S3_EXPORT', 50110), ('tracking', 1033)])
for k in range(4):
    t = U('2026-03-20 03:00:07') + dt.timedelta(hours=2 * k)
    nl.add(t, 'info', "WKF_S3_EXPORT (id=50110) - js2 - PUT https://acme-exports.s3.eu-west-1.amazonaws.com/campaign/recipients_%s.csv.gz?X-Amz-Expires=3600&X-Amz-Signature=... (operator 'admin')" % t.strftime('%Y%m%d%H'))
    nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_S3_EXPORT (id=50110) - js2 - INT-150012 The HTTP query returned a 'Forbidden' type error (403) (iRc=-53)")
    nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_S3_EXPORT (id=50110) - js2 - <Error><Code>AccessDenied</Code><Message>Request has expired</Message><Expires>2026-03-19T09:00:00Z</Expires></Error>")
w(b, 'var/mkt/log/wfserver.log', nl.lines())
expect(b, 'near_miss', 'KA-16411', [E('KA-16411', 'not_confirmed')],
       "INT-150012 'Forbidden' type error (403) in a workflow JavaScript activity run as admin: Amazon S3 refuses an expired pre-signed URL (AccessDenied, Request has expired). No Message Center template publication, no non-admin operator.")

# ================= KA-17298 field: after upgrade 9032 -> 9188, JS activities fail with IOB-090020/IOB-090013 certificate verify failed
b = 'ka-17298-field-d1'
pu = []
tpu = U('2026-02-14 22:10:00')
for i, m in enumerate(["Upgrading instance 'shopeu' from build 9032 to build 9188",
                       "Application server for Adobe Campaign Classic (7.0 20.2.3 build 9188@3d6f2c1) of 07/22/2020",
                       "Updating table 'XtkWorkflow'", "Updating table 'NmsDelivery'",
                       "=========Summary of the update==========", "shopeu instance, 0 warning(s) and 0 error(s) during the update."]):
    pu.append("%s %08X 1 info log %s" % (fmt_ts(tpu + dt.timedelta(seconds=11 * i), 'Z'), 0x2E7A, m))
w(b, 'app1/var/shopeu/postupgrade/postupgrade_9188_20260214.log', pu)
nl = NL('+05:30'); d0 = U('2026-02-15 00:00:00')
noise_wf(nl, d0, 30, 120, [('operationMgt', 1021), ('WKF_LOYALTY_API', 33410), ('WKF_WEATHER_FEED', 33477), ('cleanup', 1017), ('tracking', 1033)])
for k in range(6):
    wf, wid, act, url = [('WKF_LOYALTY_API', 33410, 'js1', 'https://loyalty.shopeu.example/api/v3/points'),
                         ('WKF_WEATHER_FEED', 33477, 'jsFetchWeather', 'https://api.weatherhub.example/v1/forecast?city=Pune')][k % 2]
    t = U('2026-02-15 02:30:10') + dt.timedelta(hours=4 * k, seconds=k)
    nl.add(t, 'info', "%s (id=%d) - Starting workflow" % (wf, wid))
    nl.add(t + dt.timedelta(seconds=1), 'error', "%s (id=%d) - %s - IOB-090020 Error in SSL library: 'IOB-090013 error:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed (code 336134278)'" % (wf, wid, act))
    nl.add(t + dt.timedelta(seconds=1, milliseconds=3), 'error', "%s (id=%d) - %s - Error while executing the HTTP request to '%s'." % (wf, wid, act, url))
    nl.add(t + dt.timedelta(seconds=1, milliseconds=9), 'error', "%s (id=%d) - Workflow '%s' paused after an error in activity '%s'" % (wf, wid, wf, act))
w(b, 'app1/var/shopeu/log/wfserver.log', nl.lines())
expect(b, 'field', 'KA-17298', [E('KA-17298', 'confirmed')],
       "postupgrade log (layout A, Z) shows the upgrade from build 9032 to 9188; from the next day wfserver.log (+05:30) has JavaScript activities of two workflows failing on HTTPS calls with IOB-090020 Error in SSL library: 'IOB-090013 error:14090086:SSL routines:ssl3_get_server_certificate:certificate verify failed (code 336134278)', six times.")

# ================= KA-17298 near: IOB-090020 but an SSL handshake failure (protocol), not certificate verification
b = 'ka-17298-near-d1'
nl = NL('+01:00'); d0 = U('2026-02-16 06:00:00')
noise_wf(nl, d0, 12, 60, [('operationMgt', 1021), ('WKF_ERP_SYNC', 44120), ('cleanup', 1017)])
for k in range(3):
    t = U('2026-02-16 08:00:03') + dt.timedelta(hours=3 * k)
    nl.add(t, 'error', "WKF_ERP_SYNC (id=44120) - js3 - IOB-090020 Error in SSL library: 'IOB-090013 error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure (code 336151568)'")
    nl.add(t, 'error', "WKF_ERP_SYNC (id=44120) - js3 - Error while executing the HTTP request to 'https://erp-legacy.intra.example:8443/ws/customers'.")
w(b, 'var/prod/log/wfserver.log', nl.lines())
w(b, 'openssl-check.txt', ["$ openssl s_client -connect erp-legacy.intra.example:8443 -tls1_2", "140231:error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:s3_pkt.c:1493:SSL alert number 40",
                           "$ openssl s_client -connect erp-legacy.intra.example:8443 -tls1", "Protocol  : TLSv1", "Cipher    : DES-CBC3-SHA", "Verify return code: 0 (ok)"])
expect(b, 'near_miss', 'KA-17298', [E('KA-17298', 'not_confirmed')],
       "Same IOB-090020 'Error in SSL library' wrapper in a JavaScript activity, but the inner error is 'sslv3 alert handshake failure' (the legacy ERP server only speaks TLS 1.0/3DES); the certificate verifies fine (Verify return code: 0). No upgrade, no certificate verify failure.")
