"""Set G, part 2: KA-17780, KA-19397, KA-20588, KA-22296, KA-23013, KA-23316 (field + near miss each)."""
from lib import *
import datetime as dt, json

ENV = ("<?xml version='1.0'?><SOAP-ENV:Envelope xmlns:xsd='http://www.w3.org/2001/XMLSchema' "
       "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance' xmlns:ns='urn:nms:contentModel' "
       "xmlns:SOAP-ENV='http://schemas.xmlsoap.org/soap/envelope/'><SOAP-ENV:Body><ExtractAndPatchContentResponse "
       "xmlns='urn:nms:contentModel' SOAP-ENV:encodingStyle='http://schemas.xmlsoap.org/soap/encoding/'><pstrContent "
       "xsi:type='xsd:string'>&lt;!DOCTYPE html&gt;&#10;&lt;html lang=&quot;%s&quot; xmlns=&quot;http://www.w3.org/1999/xhtml&quot;&#10; "
       "xmlns:o=&quot;urn:schemas-microsoft-com:office:office'")

# ======================================================================= KA-17780 field
b = 'ka-17780-field-g1'
T = ["Case 03311872 - Campaign Standard (tenant: nordlys-travel) - Email Designer import error",
     "",
     "When we import our agency's newsletter package (winter_deals_v4.zip: index.html + 23 images) with",
     "Email Designer > Import from a .zip, the import fails with this message:",
     "",
     "(1:98342) : Invalid character reference",
     "",
     "XML-110018 Error while parsing XML string '" + (ENV % 'nb'),
     "",
     "The same zip opens fine in a browser. v3 of the package (last month) imported without problem.",
     "hexdump of the HTML attached (we searched around the column given in the message)."]
w(b, 'case-03311872.txt', T, crlf=True)
H = ["$ file index.html",
     "index.html: HTML document, UTF-8 Unicode text, with very long lines, with CRLF line terminators",
     "$ grep -c -P '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]' index.html",
     "1",
     "$ xxd -s 97856 -l 96 index.html",
     "00017e40: 3c74 6420 7374 796c 653d 2266 6f6e 742d  <td style=\"font-",
     "00017e50: 7369 7a65 3a31 3470 783b 2220 636c 6173  size:14px;\" clas",
     "00017e60: 733d 2270 7269 6365 223e 4672 6120 3c62  s=\"price\">Fra <b",
     "00017e70: 3e31 2034 3939 2c2d 3c2f 623e 0320 6b72  >1 499,-</b>. kr",
     "00017e80: 3c2f 7464 3e0d 0a3c 2f74 723e 0d0a 3c74  </td>..</tr>..<t",
     "00017e90: 7220 636c 6173 733d 2266 6f6f 7465 7222  r class=\"footer\""]
w(b, 'hexdump-index.html.txt', H)
C = []
t0 = U('2026-01-20 08:14:03')
for i, (lv, m) in enumerate([
        ("log", "[EmailDesigner] import zip: winter_deals_v4.zip (4.8 MB)"),
        ("info", "XHR finished loading: POST \"https://nordlys-travel.campaign.adobe.com/nl/jsp/uploadFile.jsp\"."),
        ("error", "POST https://nordlys-travel.campaign.adobe.com/nl/jsp/soaprouter.jsp 500 (Internal Server Error)"),
        ("error", "Uncaught (in promise) Error: (1:98342) : Invalid character reference XML-110018 Error while parsing XML string '<?xml version='1.0'?><SOAP-ENV:Envelope ... <ExtractAndPatchContentResponse xmlns='urn:nms:contentModel' ..."),
        ("warn", "[EmailDesigner] import aborted")]):
    t = t0 + dt.timedelta(milliseconds=650 * i)
    C.append("%s %s %s" % (fmt_ts(t, '+01:00', sep='T'), lv.upper().ljust(5), m))
w(b, 'chrome-console.log', C)
expect(b, 'field', 'KA-17780', [E('KA-17780', 'confirmed')],
       "Campaign Standard Email Designer import of a .zip (HTML + images): '(1:98342) : Invalid character reference' and 'XML-110018 Error while parsing XML string' on the ExtractAndPatchContentResponse envelope, in the case text (CRLF) and a Chrome console export (+01:00); the customer's xxd shows a 0x03 byte in the HTML. Other tenant, zip name and column than the article.")

# ======================================================================= KA-17780 near miss
b = 'ka-17780-near-g1'
T = ["Case 03315520 - Campaign Standard (tenant: casa-lumen) - Email Designer: cannot import zip",
     "",
     "Importing autumn_promo.zip into Email Designer fails:",
     "",
     "(1:40211) : not well-formed (invalid token)",
     "",
     "XML-110018 Error while parsing XML string '" + (ENV % 'es'),
     "",
     "We read the similar KB article about control characters and checked: there is no control character in the",
     "file (grep -P '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]' finds nothing). But the HTML was exported by the agency",
     "tool in Windows-1252: 'file' says 'HTML document, ISO-8859 text', and at byte 40211 there is 0xE9 (the",
     "'é' of 'Café'). Converting the file to UTF-8 with iconv fixes it - we only want to know if Email Designer",
     "can accept other encodings."]
w(b, 'case-03315520.txt', T, crlf=True)
w(b, 'checks.txt', ["$ file index.html",
                    "index.html: HTML document, ISO-8859 text, with CRLF line terminators",
                    "$ grep -c -P '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]' index.html",
                    "0",
                    "$ xxd -s 40200 -l 32 index.html",
                    "00009d08: 3e3c 7370 616e 3e43 6166 e920 4c75 6d65  ><span>Caf. Lume",
                    "00009d18: 6e3c 2f73 7061 6e3e 3c2f 7464 3e0d 0a3c  n</span></td>..<",
                    "$ iconv -f WINDOWS-1252 -t UTF-8 index.html > index-utf8.html   # import of this one works"])
expect(b, 'near_miss', 'KA-17780', [E('KA-17780', 'not_confirmed')],
       "Same screen (Campaign Standard Email Designer zip import) and same XML-110018 on the ExtractAndPatchContentResponse envelope, but the parser error is '(1:40211) : not well-formed (invalid token)': a Windows-1252 'é' byte, not a control character; the customer's grep finds no control character and converting to UTF-8 fixes it. No 'Invalid character reference'.")

# ======================================================================= KA-19397 field
# Windows console (CRLF) of nlserver config -postupgrade -allinstances; instance named 'aux'.
b = 'ka-19397-field-g1'
C = ["Microsoft Windows [Version 10.0.17763.5329]",
     "(c) 2018 Microsoft Corporation. All rights reserved.",
     "",
     "C:\\Windows\\system32>e:",
     "",
     "E:\\>cd E:\\Adobe\\Campaign\\bin",
     "",
     "E:\\Adobe\\Campaign\\bin>dir ..\\conf\\config-*.xml /b",
     "config-aux.xml",
     "config-default.xml",
     "config-mkt.xml",
     "",
     "E:\\Adobe\\Campaign\\bin>nlserver config -postupgrade -allinstances",
     "22:14:06 >   Application server for Adobe Campaign Classic (7.0 20.2.5 build 9188@0d3c7a1) of 09/02/2021",
     "22:14:06 >   Cannot create folder 'E:\\Adobe\\Campaign\\bin\\..\\var\\aux' since it is already a file (iRc=16384)",
     "22:14:06 >   Summary of the update",
     "22:14:06 >   aux instance, 0 warning(s) and 2 error(s) during the update.",
     "22:14:06 >   Cannot open file 'E:\\Adobe\\Campaign\\bin\\..\\var\\aux\\postupgrade\\postupgrade_9188_22-14-06.log' with write access (errno=3, The system cannot find the path specified.) (iRc=-52)",
     "22:14:06 >   Cannot create folder 'E:\\Adobe\\Campaign\\bin\\..\\var\\aux' since it is already a file (iRc=16384)",
     "22:14:41 >   mkt instance, 3 warning(s) during the update.",
     "22:14:41 >   default instance, no warning during update.",
     "",
     "E:\\Adobe\\Campaign\\bin>dir ..\\var",
     " Volume in drive E is DATA",
     " Directory of E:\\Adobe\\Campaign\\var",
     "",
     "14/03/2026  21:58    <DIR>          .",
     "14/03/2026  21:58    <DIR>          ..",
     "02/11/2024  09:12    <DIR>          default",
     "14/03/2026  22:14    <DIR>          mkt",
     "               0 File(s)              0 bytes",
     "               4 Dir(s)  412,118,204,416 bytes free",
     "",
     "E:\\Adobe\\Campaign\\bin>"]
w(b, 'postupgrade-console.txt', C, crlf=True)
w(b, 'ticket-41120.txt', [
    "Upgrade of our Windows server WINCAMP02 from 19.1.4 to 20.2.5 (build 9188) last night.",
    "The postupgrade reports 2 errors for instance 'aux' (our auxiliary / staging instance, created in 2019 as",
    "config-aux.xml, it ran on the old build). The var folder has no 'aux' folder although the error says it is a file.",
    "Instance mkt upgraded with 3 warnings (template conflicts). Console output attached."], crlf=True)
expect(b, 'field', 'KA-19397', [E('KA-19397', 'confirmed')],
       "Windows cmd paste (CRLF) of 'nlserver config -postupgrade -allinstances': 'Cannot create folder 'E:\\Adobe\\Campaign\\bin\\..\\var\\aux' since it is already a file (iRc=16384)', 'aux instance, 0 warning(s) and 2 error(s)', 'Cannot open file ...\\var\\aux\\postupgrade\\... (errno=3, ...)'. The instance is named 'aux', another Windows reserved device name than the article's 'con'; dir shows no aux folder can exist.")

# ======================================================================= KA-19397 near miss
# Windows postupgrade: folder var\mkt\postupgrade is a real 0-byte file created by a script redirect; instance names mkt, rt1.
b = 'ka-19397-near-g1'
C = ["D:\\Adobe\\Campaign\\bin>nlserver config -postupgrade -allinstances",
     "03:31:10 >   Application server for Adobe Campaign Classic (7.0 21.1.3 build 9330@3d8f1a2) of 06/02/2021",
     "03:31:10 >   Cannot create folder 'D:\\Adobe\\Campaign\\bin\\..\\var\\mkt\\postupgrade' since it is already a file (iRc=16384)",
     "03:31:10 >   Summary of the update",
     "03:31:10 >   mkt instance, 0 warning(s) and 2 error(s) during the update.",
     "03:31:10 >   Cannot open file 'D:\\Adobe\\Campaign\\bin\\..\\var\\mkt\\postupgrade\\postupgrade_9330_03-31-10.log' with write access (errno=3, The system cannot find the path specified.) (iRc=-52)",
     "03:31:10 >   Cannot create folder 'D:\\Adobe\\Campaign\\bin\\..\\var\\mkt\\postupgrade' since it is already a file (iRc=16384)",
     "03:31:52 >   rt1 instance, no warning during update.",
     "03:31:53 >   default instance, no warning during update.",
     "",
     "D:\\Adobe\\Campaign\\bin>dir ..\\var\\mkt",
     " Directory of D:\\Adobe\\Campaign\\var\\mkt",
     "",
     "09/03/2026  03:29    <DIR>          .",
     "09/03/2026  03:29    <DIR>          ..",
     "08/03/2026  23:00    <DIR>          export",
     "09/03/2026  02:00                 0 postupgrade",
     "09/03/2026  03:12    <DIR>          log",
     "08/03/2026  23:00    <DIR>          upload",
     "               1 File(s)              0 bytes"]
w(b, 'upgrade-console.txt', C, crlf=True)
w(b, 'ticket.txt', [
    "Windows upgrade to build 9330: postupgrade fails for instance mkt. Our instances are 'mkt' and 'rt1' (none of them",
    "is a reserved Windows name - we know that KB). The dir shows a 0-byte FILE named 'postupgrade' in var\\mkt:",
    "our nightly backup script has a line 'nlserver pdump > ..\\var\\mkt\\postupgrade' (a typo, should have been",
    "pdump.txt) that ran at 02:00. We will delete the file and rerun; please confirm it is safe."], crlf=True)
expect(b, 'near_miss', 'KA-19397', [E('KA-19397', 'not_confirmed')],
       "Same Windows postupgrade message 'Cannot create folder ... since it is already a file (iRc=16384)', but for var\\mkt\\postupgrade, which really is a 0-byte file made by a script's output redirect; the instances are 'mkt' and 'rt1', no reserved device name, as the customer says.")

# ======================================================================= KA-20588 field
# ACS push delivery logs export (+08:00) iOS and Android failing with ERR_FAILUREMCPNSAPI 412; certificate expired.
b = 'ka-20588-field-g1'
rows = ["Delivery;Channel;Platform;Event date;Status;Failure reason;Error message"]
plat = ['iOS', 'Android']
for dname, day, n, fail in (('PUSH_ORDER_READY_0228', '2026-02-28 10:00:00', 60, False),
                            ('PUSH_ORDER_READY_0303', '2026-03-03 10:00:00', 90, True),
                            ('PUSH_WEEKEND_PROMO_0305', '2026-03-05 01:30:00', 120, True)):
    t = U(day)
    for i in range(n):
        tt = t + dt.timedelta(seconds=i * 3 + R.randint(0, 2))
        p = plat[i % 3 == 0]
        if fail:
            rows.append("%s;Push notification;%s;%s;Failed;Undefined;ERR_FAILUREMCPNSAPI 412    Precondition Failed" % (dname, p, tt.astimezone(tz('+08:00')).strftime('%d/%m/%Y %H:%M:%S')))
        else:
            rows.append("%s;Push notification;%s;%s;Sent;;" % (dname, p, tt.astimezone(tz('+08:00')).strftime('%d/%m/%Y %H:%M:%S')))
w(b, 'delivery_logs_push_export.csv', rows, crlf=True)
w(b, 'ticket-SG-2231.txt', [
    "Campaign Standard tenant veloride-apac - mobile app 'VeloRide' (iOS + Android), one mobile application in ACS.",
    "Since 3 March every push delivery fails, on iOS AND on Android, with ERR_FAILUREMCPNSAPI 412 Precondition Failed.",
    "Nothing changed in the app. Our mobile team says the APNs certificate was due around now:",
    "",
    "$ openssl pkcs12 -in VeloRide_APNs_prod.p12 -nokeys -passin pass:*** | openssl x509 -noout -subject -enddate",
    "subject=UID = com.veloride.app, CN = Apple Push Services: com.veloride.app, OU = 7QX2LM4K9P, O = VeloRide Pte Ltd, C = SG",
    "notAfter=Mar  2 06:12:44 2026 GMT",
    "",
    "Why would Android fail because of an iOS certificate? Export of the delivery logs attached (times SGT)."])
expect(b, 'field', 'KA-20588', [E('KA-20588', 'confirmed')],
       "Campaign Standard push delivery log export (CRLF, ';', DD/MM/YYYY, +08:00): deliveries sent on 28 Feb, then from 3 March every iOS and Android message fails with 'ERR_FAILUREMCPNSAPI 412    Precondition Failed'; the ticket's openssl output shows the APNs certificate expired on 2 March, and one app holds both platforms.")

# ======================================================================= KA-20588 near miss
# 412 Precondition Failed on ACS REST PATCH with If-Match (stale ETag); push deliveries sent fine; cert valid.
b = 'ka-20588-near-g1'
L = []
t = U('2026-04-09 02:00:00')
for i in range(400):
    t += dt.timedelta(seconds=R.randint(1, 9), milliseconds=R.randint(0, 999))
    pk = '@' + ''.join(R.choice('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789') for _ in range(22))
    if i % 23 == 11:
        L.append("%s WARN  crm-sync PATCH https://mc.adobe.io/veloride-apac/campaign/profileAndServices/profile/%s If-Match: W/\"%d\" -> 412 Precondition Failed" % (fmt_ts(t, '+08:00', sep='T'), pk, R.randint(3, 40)))
        L.append("%s INFO  crm-sync   profile modified since last read, re-reading and retrying" % fmt_ts(t + dt.timedelta(milliseconds=120), '+08:00', sep='T'))
        L.append("%s INFO  crm-sync PATCH .../profile/%s -> 200 OK" % (fmt_ts(t + dt.timedelta(milliseconds=540), '+08:00', sep='T'), pk))
    else:
        L.append("%s INFO  crm-sync PATCH https://mc.adobe.io/veloride-apac/campaign/profileAndServices/profile/%s -> 200 OK" % (fmt_ts(t, '+08:00', sep='T'), pk))
w(b, 'crm-sync-20260409.log', L)
rows = ["Delivery;Channel;Platform;Event date;Status;Failure reason;Error message"]
t = U('2026-04-09 04:00:00')
for i in range(150):
    tt = t + dt.timedelta(seconds=i * 2)
    rows.append("PUSH_APRIL_RIDES;Push notification;%s;%s;Sent;;" % (plat[i % 3 == 0], tt.astimezone(tz('+08:00')).strftime('%d/%m/%Y %H:%M:%S')))
w(b, 'delivery_logs_PUSH_APRIL_RIDES.csv', rows, crlf=True)
w(b, 'ticket-SG-2290.txt', [
    "Our CRM middleware logs '412 Precondition Failed' from the Campaign Standard REST API on some profile PATCH calls",
    "(we send If-Match with the ETag we read). Is this expected? Push notifications are not affected: today's push",
    "PUSH_APRIL_RIDES was sent to iOS and Android without any failure, and the APNs certificate was renewed on",
    "28 March (valid until 27 April 2027)."])
expect(b, 'near_miss', 'KA-20588', [E('KA-20588', 'not_confirmed')],
       "HTTP 412 Precondition Failed, but from the REST API on profile PATCH calls with a stale If-Match ETag (retried successfully); no ERR_FAILUREMCPNSAPI anywhere, the push delivery export shows every iOS/Android message Sent, and the APNs certificate was renewed.")

# ======================================================================= KA-22296 field
# On-premise v7: busy web.log (+01:00) + web_2.log; getIMSOrgDetails 403 with HTML body; squid access.log.1.gz denies analytics.adobe.io.
b = 'ka-22296-field-g1'
web = NL('+01:00'); web2 = NL('+01:00', pid=web.pid)
d0 = U('2026-03-10 07:00:00')
noise_web(web2, d0 - dt.timedelta(days=1), 24, n=1800, inst='hafen')
noise_web(web, d0, 10, n=3200, inst='hafen')
ev_times = [U('2026-03-10 09:41:07.220'), U('2026-03-10 09:43:55.912'), U('2026-03-10 13:02:18.004')]
for t in ev_times:
    web.add(t, 'info', "HTTP request 'POST /nl/jsp/soaprouter.jsp' from '10.40.8.77' processed in 1021 ms")
    web.add(t + dt.timedelta(milliseconds=3), 'error', "Cannot process request for method 'getIMSOrgDetails'. Error Message: 'AnalyticsAPIException: received 403,Forbidden, <HTML><HEAD>'. Request Details: '{\"method\":\"getIMSOrgDetails\",\"internalName\":\"hafen_AdobeAnalytics\",\"useUserAccessTokenIfPresent\":\"true\"}'")
    web.add(t + dt.timedelta(milliseconds=4), 'error', "SOP-330011 Error while executing the method 'getIMSOrgDetails' of service 'nms:extAccount'.")
w(b, 'var/default/log/web.log', web.lines())
w(b, 'var/default/log/web_2.log', web2.lines())
S = []
for i in range(900):
    t = rnd_time(U('2026-03-10 07:00:00'), 10)
    host = R.choice(['ims-na1.adobelogin.com', 'mc.adobe.io', 'login.microsoftonline.com', 'repo.maven.apache.org', 'updates.suse.com', 'api.hafen-logistik.example'])
    S.append((t, "%d.%03d %5d 10.40.2.15 TCP_TUNNEL/200 %d CONNECT %s:443 - HIER_DIRECT/%s -" % (t.timestamp(), t.microsecond // 1000, R.randint(40, 9000), R.randint(3000, 90000), host, '.'.join(str(R.randint(1, 254)) for _ in range(4)))))
for t in ev_times:
    tt = t - dt.timedelta(milliseconds=900)
    S.append((tt, "%d.%03d %5d 10.40.2.15 TCP_DENIED/403 3915 CONNECT analytics.adobe.io:443 - HIER_NONE/- text/html" % (tt.timestamp(), tt.microsecond // 1000, 1)))
S.sort()
w(b, 'proxy/squid/access.log.1.gz', [s for _, s in S], gz=True)
w(b, 'ticket-71822.txt', [
    "On-premise Campaign Classic v7 (build 9360) at Hafen Logistik, outgoing traffic through our Squid proxy.",
    "Creating the external account 'Adobe Analytics' fails: 'Cannot process request for method getIMSOrgDetails ...",
    "AnalyticsAPIException: received 403,Forbidden'. The technical account and product profile were checked by our",
    "Adobe admin. web.log of the app server and the proxy log of that day attached (proxy log times are epoch UTC)."], crlf=True)
expect(b, 'field', 'KA-22296', [E('KA-22296', 'confirmed')],
       "On-premise v7 behind a Squid proxy: busy web.log (+01:00, ~3,200 noise lines, plus web_2.log) shows three attempts: 'Cannot process request for method 'getIMSOrgDetails'. Error Message: 'AnalyticsAPIException: received 403,Forbidden, <HTML><HEAD>'...' with SOP-330011; the rotated proxy access.log.1.gz has TCP_DENIED/403 CONNECT analytics.adobe.io:443 a second before each (other Adobe hosts allowed).")

# ======================================================================= KA-22296 near miss
# Same getIMSOrgDetails 403 but JSON body 'Api Key is invalid' from Adobe I/O; proxy allows analytics.adobe.io; key regenerated.
b = 'ka-22296-near-g1'
web = NL('-05:00')
d0 = U('2026-04-15 13:00:00')
noise_web(web, d0, 6, n=700, inst='lakeshore')
ev_times = [U('2026-04-15 15:12:40.331'), U('2026-04-15 15:20:02.778')]
for t in ev_times:
    web.add(t, 'error', "Cannot process request for method 'getIMSOrgDetails'. Error Message: 'AnalyticsAPIException: received 403,Forbidden, {\"error_code\":\"403003\",\"message\":\"Api Key is invalid\"}'. Request Details: '{\"method\":\"getIMSOrgDetails\",\"internalName\":\"lakeshore_AA\",\"useUserAccessTokenIfPresent\":\"true\"}'")
w(b, 'nl7/var/default/log/web.log', web.lines())
S = []
for i in range(300):
    t = rnd_time(d0, 6)
    host = R.choice(['ims-na1.adobelogin.com', 'analytics.adobe.io', 'mc.adobe.io', 'packages.microsoft.com'])
    S.append((t, "%d.%03d %5d 172.16.9.20 TCP_TUNNEL/200 %d CONNECT %s:443 - HIER_DIRECT/%s -" % (t.timestamp(), t.microsecond // 1000, R.randint(40, 9000), R.randint(3000, 90000), host, '.'.join(str(R.randint(1, 254)) for _ in range(4)))))
for t in ev_times:
    tt = t - dt.timedelta(milliseconds=700)
    S.append((tt, "%d.%03d %5d 172.16.9.20 TCP_TUNNEL/200 4211 CONNECT analytics.adobe.io:443 - HIER_DIRECT/3.220.41.17 -" % (tt.timestamp(), tt.microsecond // 1000, 640)))
S.sort()
w(b, 'squid-access.log', [s for _, s in S])
w(b, 'ticket.txt', [
    "Analytics external account test fails with AnalyticsAPIException 403 (getIMSOrgDetails). Before you ask: our",
    "firewall/proxy already allows analytics.adobe.io (allow-listed since 2024, see the proxy log: CONNECT 200), and",
    "curl from the server to https://analytics.adobe.io/discovery/me gets a JSON answer from Adobe.",
    "Yesterday our IT regenerated the credentials of the Adobe Developer Console project used by Campaign, and the",
    "answer body is {\"error_code\":\"403003\",\"message\":\"Api Key is invalid\"}. On-premise v7, build 9360."])
expect(b, 'near_miss', 'KA-22296', [E('KA-22296', 'not_confirmed', True)],
       "The same getIMSOrgDetails / 'AnalyticsAPIException: received 403,Forbidden' line, but the body is Adobe I/O's JSON 'error_code 403003 Api Key is invalid' (not an HTML block page) after the project credentials were regenerated; the proxy log shows CONNECT analytics.adobe.io:443 allowed (TCP_TUNNEL/200) at each attempt and the customer says the endpoint is allow-listed. possible accepted: the article's error line is present and only the body and the proxy log exclude the firewall cause; confirmed would be wrong.")

# ======================================================================= KA-23013 field
# web.log (-05:00) + ticket mail; starting the workflow of campaign OP4471 (nature Re-marketing).
b = 'ka-23013-field-g1'
web = NL('-04:00')
d0 = U('2026-05-04 13:00:00')
noise_web(web, d0, 8, n=1400, inst='harborbank')
for t in (U('2026-05-04 15:26:44.501'), U('2026-05-04 15:31:09.087'), U('2026-05-05 14:02:51.640')):
    web.add(t, 'info', "Campaign 'OP4471' ('Winback Q2 - dormant cardholders'): start of workflow 'WKF_OP4471_TARGETING' requested by operator 'j.ramirez'")
    web.add(t + dt.timedelta(milliseconds=37), 'error', "Only one workflow can be configured per marketing campaign.")
    web.add(t + dt.timedelta(milliseconds=38), 'error', "SOP-330011 Error while executing the method 'Start' of service 'xtk:workflow'.")
noise_web(web, U('2026-05-05 12:00:00'), 4, n=500, inst='harborbank')
w(b, 'web01/var/default/log/web.log', web.lines())
w(b, 'mail-from-customer.txt', [
    "From: Julia Ramirez <j.ramirez@harborbank.example>",
    "Subject: Campaign workflow will not start - 'Only one workflow can be configured per marketing campaign'",
    "Date: Tue, 5 May 2026 14:10:12 -0400",
    "",
    "Hello,",
    "the targeting workflow of our campaign OP4471 'Winback Q2 - dormant cardholders' does not start. The error is",
    "\"Only one workflow can be configured per marketing campaign.\" although it is the only workflow of the campaign.",
    "If I copy the same workflow outside the campaign (Administration > Production > Workflows) it runs normally.",
    "Campaign properties: Nature = Re-marketing, program 'Retention 2026', template 'Standard campaign'.",
    "Campaign Classic v7 21.1.3 on premise. web.log attached (server in US Eastern time).",
    "Thanks, Julia"], crlf=True)
expect(b, 'field', 'KA-23013', [E('KA-23013', 'confirmed')],
       "On-premise v7: web.log (-04:00, ~1,900 noise lines) shows three starts of the campaign's workflow refused with 'Only one workflow can be configured per marketing campaign.' (then SOP-330011 ... 'Start' of service 'xtk:workflow'); the customer's mail (CRLF) says the workflow runs outside the campaign and the campaign nature is Re-marketing.")

# ======================================================================= KA-23013 near miss
# Same message raised by a partner's custom check (cus:operationChecks.js) when adding a 2nd workflow; nature Not specified.
b = 'ka-23013-near-g1'
J = ["Campaign OP5120 'Black Friday 2026' - workflow WKF_OP5120_REMINDER - log (copied, server time)", ""]
t = U('2026-11-02 09:15:31')
for s, act, m in [(0, '', "Workflow 'WKF_OP5120_REMINDER' is being run"),
                  (0, '', "Starting workflow (operator 'Pieter de Vries (pdevries)')"),
                  (1, 'js1', "SCR-160012 JavaScript: error while evaluating script 'cus:operationChecks.js'."),
                  (1, 'js1', "Only one workflow can be configured per marketing campaign."),
                  (1, 'js1', "(cus:operationChecks.js) campaign OP5120 already has 1 workflow(s): WKF_OP5120_MAIN (limit set by option CUS_MaxWorkflowsPerCampaign=1)"),
                  (2, '', "Workflow 'WKF_OP5120_REMINDER' paused after an error in activity 'js1'.")]:
    J.append("%s %s %s" % (jdate(t + dt.timedelta(seconds=s), 'eu', '+01:00'), act, m) if act else "%s %s" % (jdate(t + dt.timedelta(seconds=s), 'eu', '+01:00'), m))
J += ["",
      "Note from Pieter: the campaign nature is 'Not specified' (checked, we never use Re-marketing). The check",
      "that raises the message is the script cus:operationChecks.js that our implementation partner added in 2023",
      "to limit campaigns to one workflow (option CUS_MaxWorkflowsPerCampaign). We want to raise the limit for this",
      "campaign only - where is that option read?"]
w(b, 'journal-WKF_OP5120_REMINDER.txt', J, crlf=True)
expect(b, 'near_miss', 'KA-23013', [E('KA-23013', 'not_confirmed', True)],
       "The message 'Only one workflow can be configured per marketing campaign.' is raised by a partner's custom script (cus:operationChecks.js, option CUS_MaxWorkflowsPerCampaign=1) when a second workflow is added, and the campaign nature is 'Not specified', the article's own fix. possible accepted: the article's sentence appears word for word in a campaign workflow; only the custom script's lines and the note exclude the Re-marketing cause; confirmed would be wrong.")

# ======================================================================= KA-23316 field
# runwf.log (UTC, layout B with Z) rotated as .gz + web.log; ORA-01805 across workflows after Oracle 19c upgrade; tz files differ.
b = 'ka-23316-field-g1'
inst = 'kestrel'
rw = NL('Z'); web = NL('Z')
d0 = U('2026-02-16 00:00:00')
noise_wf(rw, d0 - dt.timedelta(days=2), 24, n=900, wfs=[('operationMgt', 1021), ('tracking', 1033), ('cleanup', 1017), ('WKF_NIGHTLY_SCORE', 40211)])
noise_wf(rw, d0, 30, n=1500, wfs=[('operationMgt', 1021), ('tracking', 1033), ('cleanup', 1017), ('WKF_NIGHTLY_SCORE', 40211)])
noise_web(web, d0 + dt.timedelta(hours=7), 8, n=800, inst=inst)
sqls = [("tracking", 1033, "SELECT iTrackingLogId, tsLog FROM NmsTrackingLogRcp WHERE tsLog >= FROM_TZ(CAST(:1 AS TIMESTAMP), 'UTC')"),
        ("operationMgt", 1021, "SELECT iOperationId FROM NmsOperation WHERE tsStart <= SYS_EXTRACT_UTC(SYSTIMESTAMP) AND iState = 1"),
        ("cleanup", 1017, "DELETE FROM NmsDeliveryStat WHERE tsDate < FROM_TZ(CAST(:1 AS TIMESTAMP), 'UTC')"),
        ("WKF_NIGHTLY_SCORE", 40211, "SELECT iRecipientId FROM NmsRecipient WHERE tsLastModified >= FROM_TZ(CAST(:1 AS TIMESTAMP), 'Europe/London')")]
for h in range(0, 30, 2):
    name, wid, sql = sqls[h % 4]
    t = d0 + dt.timedelta(hours=h, minutes=R.randint(0, 50), seconds=R.randint(0, 59))
    rw.add(t, 'error', "%s (id=%d) - ORA-210000 Oracle error: ORA-01805: possible error in date/time operation. (iRc=-2006)" % (name, wid))
    rw.add(t + dt.timedelta(milliseconds=1), 'error', "%s (id=%d) - WDB-200001 SQL statement '%s' could not be executed." % (name, wid, sql))
    rw.add(t + dt.timedelta(milliseconds=6), 'warning', "%s (id=%d) - Workflow paused after an error" % (name, wid))
for k in range(6):
    t = rnd_time(d0 + dt.timedelta(hours=7), 8)
    web.add(t, 'error', "ORA-210000 Oracle error: ORA-01805: possible error in date/time operation. (iRc=-2006)")
w(b, 'app1/var/%s/log/runwf.log.1.gz' % inst, rw.lines(), gz=True)
w(b, 'app1/var/default/log/web.log', web.lines())
w(b, 'tz-check.txt', [
    "-- on the database server (upgraded to 19c on 14/02/2026)",
    "SQL> SELECT * FROM V$TIMEZONE_FILE;",
    "",
    "FILENAME                VERSION     CON_ID",
    "-------------------- ---------- ----------",
    "timezlrg_32.dat               32          0",
    "",
    "-- on the Campaign application server app1 (Oracle Instant Client used by nlserver)",
    "$ ls /opt/oracle/instantclient_12_2/",
    "adrci  genezi  libclntsh.so.12.1  libclntshcore.so.12.1  libocci.so.12.1  libociei.so  sqlplus  uidrvci",
    "$ /opt/oracle/instantclient_12_2/genezi -v",
    "Client Shared Library 64-bit - 12.2.0.1.0",
    "$ sqlplus -s neolane@KESTRELDB <<< \"SELECT TZ_VERSION FROM REGISTRY\\$DATABASE;\"",
    "TZ_VERSION",
    "----------",
    "        32",
    "-- the 12.2 client embeds time zone data version 26"])
w(b, 'ticket-5521.txt', [
    "Since the upgrade of our Campaign database from Oracle 12.2 to 19c (Saturday 14 Feb), many workflows pause with",
    "'ORA-01805: possible error in date/time operation' (tracking, operationMgt, cleanup, our scoring workflow), and",
    "some console lists show the same error. The app servers were not changed. Logs in UTC."])
expect(b, 'field', 'KA-23316', [E('KA-23316', 'confirmed')],
       "Campaign Classic on Oracle: rotated runwf.log.1.gz (UTC, 'Z' offsets, ~2,400 noise lines) and web.log show 'ORA-210000 Oracle error: ORA-01805: possible error in date/time operation. (iRc=-2006)' with WDB-200001 in tracking, operationMgt, cleanup and a custom workflow, right after the database was upgraded to 19c; tz-check.txt shows the DB on time zone file 32 and the app server still on the 12.2 instant client.")

# ======================================================================= KA-23316 near miss
# ORA-01878 on a DST-gap local time in a custom workflow; no Oracle change; the ticket says it is not ORA-01805.
b = 'ka-23316-near-g1'
rw = NL('+02:00')
d0 = U('2026-03-30 04:00:00')
noise_wf(rw, d0, 10, n=1200, wfs=[('operationMgt', 1021), ('tracking', 1033), ('cleanup', 1017), ('WKF_STORE_HOURS_RPT', 52006)])
for k in range(3):
    t = U('2026-03-30 05:10:14') + dt.timedelta(hours=2 * k, seconds=R.randint(0, 40))
    rw.add(t, 'error', "WKF_STORE_HOURS_RPT (id=52006) - ORA-210000 Oracle error: ORA-01878: specified field not found in datetime or interval (iRc=-2006)")
    rw.add(t + dt.timedelta(milliseconds=1), 'error', "WKF_STORE_HOURS_RPT (id=52006) - WDB-200001 SQL statement 'SELECT iStoreId, FROM_TZ(CAST(tsOpenLocal AS TIMESTAMP), 'Europe/Paris') FROM CusStoreVisit WHERE tsOpenLocal >= :1' could not be executed.")
    rw.add(t + dt.timedelta(milliseconds=5), 'warning', "WKF_STORE_HOURS_RPT (id=52006) - Workflow paused after an error")
w(b, 'var/boutiq/log/runwf.log', rw.lines())
w(b, 'ticket-7702.txt', [
    "WKF_STORE_HOURS_RPT fails since Monday 30 March with ORA-01878. This is not the ORA-01805 time zone file",
    "problem: we have not changed Oracle (19c since 2023, client 19.20 on the app servers) and both sides use time",
    "zone file version 42 (V$TIMEZONE_FILE on the DB, and the client's). The failing rows are store visits with a",
    "local opening time of 29/03/2026 02:30 - a time that does not exist in Europe/Paris (summer time change).",
    "Other workflows are fine."])
expect(b, 'near_miss', 'KA-23316', [E('KA-23316', 'not_confirmed')],
       "A date/time Oracle error in a Campaign workflow (ORA-210000 wrapping ORA-01878 'specified field not found in datetime or interval', WDB-200001 with FROM_TZ), caused by a local time in the DST gap; no Oracle upgrade, client and DB on the same time zone file version; the only ORA-01805 is in the ticket's negation ('This is not the ORA-01805 ...').")
