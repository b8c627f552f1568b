from lib import *
import datetime as dt

# ================= KA-14713 field: Android push (androidPushConnectorV2) fails with INT-150006 on fcm/send
b = 'ka-14713-field-h1'
d0 = U('2026-05-04 06:00:00')
ch = NL('+05:30')
busy_wf(ch, d0, 10, 1800, [('operationMgt', 1021), ('deliveryMgt', 1022), ('tracking', 1033), ('WKF_APP_PUSH_DAILY', 50231)])
for k in range(3):
    t = U('2026-05-04 09:30:00') + dt.timedelta(hours=2 * k, seconds=R.randint(0, 50))
    ch.add(t, 'info', "Delivery 'DM58817' ('Flash sale - Android') : starting sending of 41 208 message(s) on routing 'mobileAndroidV2' (connector nms:androidPushConnectorV2.js)")
    ch.add(t + dt.timedelta(seconds=1), 'info', "[Android Connector] Service 'Kartly Shopping (Android)' (NMAC 'kartly_android_2019'): using server key from external account")
    for j in range(4):
        tt = t + dt.timedelta(seconds=2 + j, milliseconds=R.randint(0, 900))
        ch.add(tt, 'error', "INT-150006 Failure while processing HTTP request for URL 'https://fcm.googleapis.com/fcm/send'. (iRc=-53)")
        ch.add(tt + dt.timedelta(milliseconds=3), 'error', "Message failed for %d message(s) of delivery 'DM58817' (Android push): INT-150006 Failure while processing HTTP request for URL 'https://fcm.googleapis.com/fcm/send'." % R.randint(400, 1000))
    ch.add(t + dt.timedelta(seconds=9), 'warning', "Delivery 'DM58817': 41 208 message(s) failed, 0 sent. The delivery is paused.")
lines = ch.lines()
half = len(lines) // 2
w(b, 'mkt-app01/var/kartly/log/mtachild_2.log', lines[:half])
w(b, 'mkt-app01/var/kartly/log/mtachild.log', lines[half:])
w(b, 'ticket-40917.txt', [
    "Subject: Android push notifications not delivered since app release 5.2",
    "Instance: kartly-mkt-prod (Campaign Classic v7, build 9360, on premise, Bangalore data centre, IST)",
    "",
    "Hi team,",
    "since we published version 5.2 of the Kartly app (new Firebase project) none of our Android push",
    "deliveries go out. iOS is fine. We use the default connector nms:androidPushConnectorV2.js,",
    "service 'Kartly Shopping (Android)' created in 2019 with the old app. The delivery logs show",
    "",
    "  Error :  INT-150006 Failure while processing HTTP request for URL 'https://fcm.googleapis.com/fcm/send'.",
    "",
    "for every message. mtachild logs attached. We re-entered the key in the mobile application but nothing changed.",
    "Regards, Anand"], crlf=True)
expect(b, 'field', 'KA-14713', [E('KA-14713', 'confirmed')],
       "Android push deliveries with the default connector nms:androidPushConnectorV2.js fail with INT-150006 Failure while processing HTTP request for URL 'https://fcm.googleapis.com/fcm/send' (12 times over three sends) in mtachild.log + mtachild_2.log (+05:30, ~1800 unrelated workflow lines); the CRLF ticket quotes the error and says the Android service was created years ago for the old app (new Firebase project since), i.e. the old integration key.")

# ================= KA-14713 near: INT-150006 in a push context, but on the iOS HTTP/2 connector; Android/FCM fine
b = 'ka-14713-near-h1'
d0 = U('2026-05-11 13:00:00')
ch = NL('-05:00')
busy_wf(ch, d0, 6, 500)
for k in range(6):
    t = d0 + dt.timedelta(minutes=35 * k, seconds=R.randint(0, 59))
    ch.add(t, 'info', "Delivery 'DM%d' ('Store pickup ready - Android') : %d message(s) sent to 'https://fcm.googleapis.com/fcm/send' (connector nms:androidPushConnectorV2.js), 0 error(s)" % (70110 + k, R.randint(200, 900)))
for k in range(5):
    t = U('2026-05-11 15:02:00') + dt.timedelta(minutes=11 * k, seconds=R.randint(0, 40))
    ch.add(t, 'info', "Delivery 'DM70140' ('Store pickup ready - iOS') : sending batch to the iOS HTTP/2 connector")
    ch.add(t + dt.timedelta(seconds=30), 'error', "INT-150006 Failure while processing HTTP request for URL 'http://localhost:8080/nms/jsp/iosHTTP2.jsp'. (iRc=-53)")
    ch.add(t + dt.timedelta(seconds=30, milliseconds=2), 'error', "CRL-290002 Download error in cURL: Operation timed out after 30000 milliseconds with 0 bytes received")
w(b, 'rt02/var/plainsmart_rt/log/mtachild.log', ch.lines())
w(b, 'ticket-41022.txt', [
    "Only iOS push fails (DM70140). Android pushes through FCM are delivered normally, see the same log.",
    "The iOS connector JSP on the web server is very slow since we moved Tomcat behind the new proxy; we suspect the local call to iosHTTP2.jsp times out.",
    "We have not changed anything on the Android service or its key."])
expect(b, 'near_miss', 'KA-14713', [E('KA-14713', 'not_confirmed')],
       "INT-150006 in a push delivery, but for the iOS HTTP/2 connector URL http://localhost:8080/nms/jsp/iosHTTP2.jsp (cURL timeout), not fcm.googleapis.com; Android pushes via nms:androidPushConnectorV2.js to fcm/send succeed in the same log. No old Android integration key involved.")

# ================= KA-15132 field: GPG decrypt pre-process fails, journal pasted (EU dates, CRLF) + wfserver.log (+02:00)
b = 'ka-15132-field-h1'
t0 = U('2026-02-17 04:15:02')
nl = NL('+01:00')
busy_wf(nl, U('2026-02-17 00:00:00'), 12, 900, [('operationMgt', 1021), ('WKF_IMPORT_CRM_NIGHTLY', 33120), ('cleanup', 1017), ('tracking', 1033)])
for d in range(2):
    t = t0 + dt.timedelta(days=d)
    nl.add(t, 'info', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - Starting workflow")
    nl.add(t + dt.timedelta(seconds=4), 'info', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - fileTransfer - 1 file(s) downloaded from 'sftp://sftp.partner-crm.example/out/crm_delta_%s.csv.gpg'" % t.strftime('%Y%m%d'))
    nl.add(t + dt.timedelta(seconds=5), 'info', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - fileImport - Pre-processing the file with 'Decryption GPG' (GPGdecrypt)")
    nl.add(t + dt.timedelta(seconds=6), 'error', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - fileImport - gpg: cannot open '/dev/tty': No such device or address")
    nl.add(t + dt.timedelta(seconds=6), 'error', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - fileImport - BAS-010012 The process 'gpg --decrypt --batch --recipient dataops@helvion.example \"/usr/local/neolane/nl6/var/helvion/import/crm_delta_%s.csv.gpg\"' ended with exit code 2" % t.strftime('%Y%m%d'))
    nl.add(t + dt.timedelta(seconds=6, milliseconds=40), 'error', "WKF_IMPORT_CRM_NIGHTLY (id=33120) - Workflow 'WKF_IMPORT_CRM_NIGHTLY' paused after an error in activity 'fileImport'")
w(b, 'var/helvion/log/wfserver.log', nl.lines())
old = NL('+01:00', pid=nl.pid)
busy_wf(old, U('2026-02-15 00:00:00'), 47, 1500, [('operationMgt', 1021), ('WKF_IMPORT_CRM_NIGHTLY', 33120), ('cleanup', 1017), ('tracking', 1033)])
w(b, 'var/helvion/log/wfserver_2.log.gz', old.lines(), gz=True)
L = ["Ticket 2026-0217-88 / Helvion Bank - nightly CRM import stopped", "",
     "The GPG decryption (preProcessCommand of the instance) stopped working after the server was moved to the new VM.",
     "Journal of WKF_IMPORT_CRM_NIGHTLY (copied from the console):", ""]
for i, (act, m) in enumerate([("fileTransfer", "1 file(s) downloaded"),
                              ("fileImport", "gpg: cannot open '/dev/tty': No such device or address"),
                              ("fileImport", "The process 'gpg --decrypt ...' ended with exit code 2"),
                              ("", "Workflow paused after an error in activity 'fileImport'")]):
    L.append("%s %s\t%s" % (jdate(t0 + dt.timedelta(days=1, seconds=4 + i), 'eu', '+01:00'), act, m))
L += ["", "serverConf.xml (excerpt):",
      "<etl>",
      "  <preProcessCommand command=\"gpg --decrypt --batch --recipient dataops@helvion.example &quot;$fileName&quot;\" label=\"Decryption GPG\" name=\"GPGdecrypt\"/>",
      "</etl>"]
w(b, 'ticket-2026-0217-88.txt', L, crlf=True)
expect(b, 'field', 'KA-15132', [E('KA-15132', 'confirmed')],
       "Nightly import workflow: the GPG decrypt pre-process command fails with gpg: cannot open '/dev/tty': No such device or address on two nights (wfserver.log +01:00, busy), and the pasted journal (CRLF, DD/MM/YYYY) shows the same; the serverConf excerpt shows the preProcessCommand without --no-tty.")

# ================= KA-15132 near: GPG post-process encryption fails on a missing public key; --no-tty already set
b = 'ka-15132-near-h1'
nl = NL('Z')
busy_wf(nl, U('2026-03-09 00:00:00'), 8, 300, [('operationMgt', 1021), ('WKF_EXPORT_PARTNER', 48110), ('cleanup', 1017)])
t = U('2026-03-09 05:40:11')
nl.add(t, 'info', "WKF_EXPORT_PARTNER (id=48110) - extract - 88 412 record(s) written to 'partner_feed_20260309.csv'")
nl.add(t + dt.timedelta(seconds=1), 'info', "WKF_EXPORT_PARTNER (id=48110) - extract - Post-processing the file with 'Encryption GPG' (GPGencrypt)")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_EXPORT_PARTNER (id=48110) - extract - gpg: partner-feed@northwind.example: skipped: No public key")
nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_EXPORT_PARTNER (id=48110) - extract - gpg: /usr/local/neolane/nl6/var/nwexp/export/partner_feed_20260309.csv: encryption failed: No public key")
nl.add(t + dt.timedelta(seconds=1, milliseconds=30), 'error', "WKF_EXPORT_PARTNER (id=48110) - Workflow 'WKF_EXPORT_PARTNER' paused after an error in activity 'extract'")
w(b, 'var/nwexp/log/wfserver.log', nl.lines())
w(b, 'notes.txt', ["Our command already has --no-tty and --batch; we do not get any /dev/tty message:",
                   "  <postProcessCommand command=\"gpg --encrypt --no-tty --batch --recipient partner-feed@northwind.example &quot;$fileName&quot;\" label=\"Encryption GPG\" name=\"GPGencrypt\" suffix=\"gpg\"/>",
                   "The partner sent a new public key last week; we think it was never imported into the neolane user's keyring (gpg --list-keys shows only the old one)."])
expect(b, 'near_miss', 'KA-15132', [E('KA-15132', 'not_confirmed')],
       "GPG post-process encryption fails, but with 'skipped: No public key' / 'encryption failed: No public key' (key not in the keyring); the command already has --no-tty and no /dev/tty error appears.")

# ================= KA-15322 field: delivery analysis logs URL-140038, analysis completes, sent without tracking
b = 'ka-15322-field-h1'
t0 = U('2026-04-22 14:03:10')
L = ["Case 03188412 - Campaign Standard (tenant: veloria-prod)",
     "Delivery 'Newsletter April #3' (DM1842) went out yesterday without any tracked link - no clicks in the reports at all.",
     "Delivery audit log (copied from the delivery dashboard > Logs, times in CEST):", ""]
au = [("info", "Delivery analysis started by 'm.hoffmann'"),
      ("info", "Personalization data: 18 field(s) used"),
      ("warning", "URL-140038 A content model fragment is badly configured."),
      ("info", "0 tracked URL(s) detected in the content"),
      ("info", "Target: 212 408 profile(s)"),
      ("info", "Delivery analysis finished successfully"),
      ("info", "Delivery confirmed by 'm.hoffmann'"),
      ("info", "Sending started"),
      ("info", "Sending finished: 211 960 message(s) sent, 448 error(s)")]
for i, (lv, m) in enumerate(au):
    t = t0 + dt.timedelta(seconds=7 * i if i < 6 else 600 + 900 * (i - 6))
    L.append("%s  %-7s %s" % (t.astimezone(tz('+02:00')).strftime('%m/%d/%Y %I:%M:%S %p'), lv, m))
L += ["", "The email HTML contains our header fragment:",
      "<div class=\"is-locked nl-dce-content-model acr-fragment\" data-fragment-id=\"b71d0e4c-2b2e-4c3b\" data-fragment-ref=\"\" data-fragment-name=\"Veloria header 2026\" data-nl-name=\"header\">",
      "Proofs looked fine. Older deliveries with the same fragment had tracking."]
w(b, 'case-03188412.txt', L, crlf=True)
expect(b, 'field', 'KA-15322', [E('KA-15322', 'confirmed'), E('KA-15488', 'not_confirmed', True)],
       "Campaign Standard delivery audit log pasted in a CRLF case (US dates, 12-hour): analysis logs URL-140038 A content model fragment is badly configured., detects 0 tracked URLs, finishes successfully, and the delivery is sent without tracking; the HTML has an nl-dce-content-model fragment. KA-15488 (same message, analysis stops) does not fit because the analysis completed; a possible there is tolerable since the message is identical.")

# ================= KA-15322 near: same URL-140038, but analysis fails and the delivery is not sent (KA-15488's case)
b = 'ka-15322-near-h1'
t0 = U('2026-04-28 07:31:44')
L = ["Case 03190077 - Delivery cannot be sent (Campaign Standard, tenant: mirabel-shop)", "",
     "Delivery 'Welcome series step 2' (DM2207) cannot be analysed any more. Nothing was sent. Log from the dashboard (UTC):", ""]
au = [("info", "Delivery analysis started by 'workflow WKF_WELCOME'"),
      ("error", "URL-140038 A content model fragment is badly configured."),
      ("error", "Error during the analysis of the delivery. The analysis has been stopped."),
      ("error", "The delivery could not be prepared: 0 message(s) to send.")]
for i, (lv, m) in enumerate(au):
    L.append("%s %s %s" % ((t0 + dt.timedelta(seconds=2 * i)).strftime('%Y-%m-%dT%H:%M:%SZ'), lv.upper(), m))
L += ["", "The fragment 'Footer legal FR' worked until last week. We never got to the sending step, so no tracking question -",
      "the problem is that the analysis aborts every time."]
w(b, 'case-03190077.txt', L)
expect(b, 'near_miss', 'KA-15322', [E('KA-15322', 'not_confirmed', True), E('KA-15488', 'any')],
       "Same URL-140038 A content model fragment is badly configured., but the analysis stops with an error and nothing is sent - KA-15488's case, not KA-15322's (analysis completes, sent without tracking links). KA-15488 is any. A possible for KA-15322 is tolerable because the message is identical and the distinction is the outcome of the analysis.")

# ================= KA-15439 field: web.log (+01:00) after an upgrade, SEVERE Failed to process JAR at each daily restart
b = 'ka-15439-field-h1'
nl = NL('+01:00')
d0 = U('2026-01-12 00:00:00')
jars = ["/usr/local/neolane/nl6/java/lib/KxUtils.jar", "/usr/local/neolane/nl6/java/lib/pdfbox-2.0.4.jar",
        "/usr/local/neolane/nl6/java/lib/netty-all-4.1.6.Final.jar", "/usr/local/neolane/nl6/var/$(OOO_INSTALL_DIR)/classes/ridl.jar",
        "/usr/local/neolane/nl6/var/$(OOO_URE_INSTALL_DIR)/java/juh.jar", "/usr/local/neolane/nl6/java/lib/pushy-0.8.1.jar",
        "/usr/local/neolane/nl6/java/lib/FontBox-0.1.0.jar"]
busy_web(nl, d0, 72, 2500, inst='kestrel')
for day in range(3):
    t = U('2026-01-12 05:00:03') + dt.timedelta(days=day)   # 06:00 local
    nl.add(t, 'info', "Stop requested (pid=%d)" % (31000 + day))
    nl.add(t + dt.timedelta(seconds=4), 'info', "Application server for Adobe Campaign Classic (7.0 24.1 build 9371@3b4d2e1) of 11/20/2025")
    nl.add(t + dt.timedelta(seconds=4, milliseconds=300), 'info', "Starting Web server module (pid=%d, tid=-1231857920)..." % (31200 + day))
    for j, jar in enumerate(jars):
        tt = t + dt.timedelta(seconds=9, milliseconds=20 * j)
        lt = tt.astimezone(tz('+01:00'))
        nl.add(tt, 'warning', "%s org.apache.catalina.startup.ContextConfig processResourceJARs\\nSEVERE: Failed to process JAR found at URL [jar:file:%s!/] for static resources to be included in context with name [/bin]"
               % (lt.strftime('%b %d, %Y ') + str(int(lt.strftime('%I'))) + lt.strftime(':%M:%S %p'), jar))
    nl.add(t + dt.timedelta(seconds=11), 'info', "Tomcat started")
    nl.add(t + dt.timedelta(seconds=11, milliseconds=50), 'info', "Server started")
lines = nl.lines()
cut = [i for i, l in enumerate(lines) if l.startswith('2026-01-14')][0]
w(b, 'web01/var/default/log/web_2.log', lines[:cut])
w(b, 'web01/var/default/log/web.log', lines[cut:])
w(b, 'web01/conf/serverConf.xml.excerpt', [
    "<!-- copied from /usr/local/neolane/nl6/conf/serverConf.xml, not modified since the 2019 install -->",
    "<web args=\"-Xmx1024m\" autoStart=\"true\" jvmOptions=\"\"",
    "     classpath=\"$(XTK_INSTALL_DIR)/java/lib/KxUtils.jar:$(XTK_INSTALL_DIR)/java/lib/pdfbox-2.0.4.jar:$(XTK_INSTALL_DIR)/java/lib/FontBox-0.1.0.jar:$(XTK_INSTALL_DIR)/java/lib/netty-all-4.1.6.Final.jar:$(XTK_INSTALL_DIR)/java/lib/pushy-0.8.1.jar:$(OOO_INSTALL_DIR)/classes/ridl.jar:$(OOO_URE_INSTALL_DIR)/java/juh.jar\"",
    "     processRestartTime=\"06:00:00\"/>",
    "",
    "$ ls /usr/local/neolane/nl6/java/lib | grep -i -e pdfbox -e netty -e pushy",
    "netty-all-4.1.94.Final.jar", "pdfbox-2.0.29.jar", "pushy-0.15.2.jar"])
w(b, 'ticket-KST-5531.txt', ["Since the build upgrade from 9032 to 9371 last week the web process logs a block of SEVERE 'Failed to process JAR' errors after each restart (every morning at 06:00).",
                            "Console and web apps seem to work. Logs and the web node of serverConf.xml attached."])
expect(b, 'field', 'KA-15439', [E('KA-15439', 'confirmed')],
       "After an upgrade (9032 -> 9371), web.log/web_2.log (+01:00, ~2500 unrelated lines) show at each daily 06:00 restart seven Tomcat 'SEVERE: Failed to process JAR found at URL [jar:file:/usr/local/neolane/nl6/java/lib/...jar!/] for static resources' lines (flattened with a literal \\n); the serverConf classpath still lists the old JAR versions while the lib folder has new ones.")

# ================= KA-15439 near: one corrupt custom JAR in a webapp (ZipException), no upgrade
b = 'ka-15439-near-h1'
nl = NL('-05:00')
busy_web(nl, U('2026-02-03 10:00:00'), 10, 700, inst='prod')
t = U('2026-02-03 16:20:41')
nl.add(t, 'info', "Starting Web server module (pid=18220, tid=-1227880704)...")
lt = (t + dt.timedelta(seconds=6)).astimezone(tz('-05:00'))
nl.add(t + dt.timedelta(seconds=6), 'warning', "%s org.apache.catalina.startup.ContextConfig processResourceJARs\\nSEVERE: Failed to process JAR found at URL [jar:file:/usr/local/neolane/nl6/tomcat-9/webapps/sso-bridge/WEB-INF/lib/acme-sso-connector-2.3.jar!/] for static resources to be included in context with name [/sso-bridge]"
       % (lt.strftime('%b %d, %Y ') + str(int(lt.strftime('%I'))) + lt.strftime(':%M:%S %p')))
nl.cont(t + dt.timedelta(seconds=6), "java.util.zip.ZipException: zip END header not found")
nl.cont(t + dt.timedelta(seconds=6), "\tat java.base/java.util.zip.ZipFile$Source.findEND(ZipFile.java:1469)")
nl.cont(t + dt.timedelta(seconds=6), "\tat java.base/java.util.zip.ZipFile$Source.initCEN(ZipFile.java:1477)")
nl.add(t + dt.timedelta(seconds=8), 'info', "Tomcat started")
w(b, 'var/default/log/web.log', nl.lines())
w(b, 'ticket-9921.txt', ["No upgrade was done on this instance (still build 9360, installed in 2023).",
                         "Yesterday our integrator copied a new acme-sso-connector-2.3.jar into the sso-bridge webapp; the copy was interrupted (file is 4 KB instead of 2.1 MB).",
                         "Only this one jar is reported, only at the restart we did at 11:20. serverConf.xml was not touched."])
expect(b, 'near_miss', 'KA-15439', [E('KA-15439', 'not_confirmed', True)],
       "One Tomcat 'SEVERE: Failed to process JAR found at URL' line, but for a truncated custom JAR in a customer webapp (ZipException: zip END header not found), once, with no upgrade and no classpath change (ticket). The article is about many Campaign JARs missing after an upgrade because serverConf.xml's classpath was not updated. A possible is tolerable: the line shape is the article's and 'no upgrade' is only in the ticket.")

# ================= KA-16297 field: AEM template sync 500, Campaign web.log + AEM error.log with replicate denial
b = 'ka-16297-field-h1'
nl = NL('+02:00')
busy_web(nl, U('2026-06-02 06:00:00'), 8, 1200, inst='mkt')
t0 = U('2026-06-02 09:14:27')
for k in range(3):
    t = t0 + dt.timedelta(minutes=6 * k, seconds=R.randint(0, 30))
    nl.add(t, 'info', "Synchronizing content from AEM (external account 'AEM author prod' (aemAuthorProd)) for delivery 'DM30412'")
    nl.add(t + dt.timedelta(seconds=2), 'error', "Error during synchronization process")
    nl.add(t + dt.timedelta(seconds=2), 'error', "INT-150012 The HTTP query returned a 'Internal Server Error' type error (500) (iRc=-53)")
w(b, 'campaign/var/default/log/web.log', nl.lines())
A = []
aem = [("*INFO*", "[qtp88712310-412] org.apache.sling.auth.core.impl.SlingAuthenticator getAnonymousResolver: Anonymous access not allowed by configuration - requesting credentials"),
       ("*WARN*", "[qtp88712310-519] com.adobe.ams.environment.indicator.wcm.impl.AemEnvironmentIndicatorFilter not accepted for uri /mnt/overlay/granite/ui/content/shell/header/actions/pulse.data.json")]
d0 = U('2026-06-02 06:30:00')
ev = []
for i in range(400):
    t = rnd_time(d0, 6)
    lv, m = R.choice(aem)
    ev.append((t, lv, m))
for k in range(3):
    t = t0 + dt.timedelta(minutes=6 * k, seconds=1)
    ev.append((t, "*ERROR*", "[10.12.8.41 [%d] POST /content/campaigns/brightlane/summer/newsletter-jun.campaign.link.json HTTP/1.1] com.adobe.cq.mcm.campaign.servlets.LinkServlet Caught exception while serving link/unlink request" % (1780380000000 + k)))
    ev.append((t, "*ERROR*", "[10.12.8.41 [%d] POST /content/campaigns/brightlane/summer/newsletter-jun.campaign.link.json HTTP/1.1] com.day.cq.replication.impl.ReplicatorImpl Current session is not authorized to replicate /content/dam/brightlane/summer/hero-beach-2026.jpg" % (1780380000000 + k)))
    ev.append((t, "*ERROR*", "java.lang.NullPointerException: null"))
ev.sort(key=lambda x: x[0])
for t, lv, m in ev:
    lt = t.astimezone(tz('+02:00'))
    A.append("%s.%03d %s %s" % (lt.strftime('%d.%m.%Y %H:%M:%S'), lt.microsecond // 1000, lv, m))
w(b, 'aem-author/crx-quickstart/logs/error.log', A)
w(b, 'ticket-BL-2207.txt', ["Fetching the AEM newsletter into the Campaign delivery fails with 'Internal Server Error'. The AEM account used by Campaign is 'campaign-remote'.",
                           "AEM author error.log and Campaign web.log attached (both servers in Europe/Berlin)."])
expect(b, 'field', 'KA-16297', [E('KA-16297', 'confirmed')],
       "AEM -> Campaign template sync: Campaign web.log (+02:00, busy) shows 'Error during synchronization process' + INT-150012 'Internal Server Error' (500) three times; the AEM author error.log at the same seconds shows the LinkServlet exception and 'Current session is not authorized to replicate /content/dam/...' for the campaign user.")

# ================= KA-16297 near: same Campaign 500, but AEM shows a deleted page (PathNotFoundException); replication rights checked
b = 'ka-16297-near-h1'
nl = NL('Z')
busy_web(nl, U('2026-06-15 08:00:00'), 6, 400, inst='mkt')
t0 = U('2026-06-15 10:02:51')
for k in range(2):
    t = t0 + dt.timedelta(minutes=9 * k)
    nl.add(t, 'info', "Synchronizing content from AEM (external account 'AEM author' (aemAuthor)) for delivery 'DM8821'")
    nl.add(t + dt.timedelta(seconds=1), 'error', "Error during synchronization process")
    nl.add(t + dt.timedelta(seconds=1), 'error', "INT-150012 The HTTP query returned a 'Internal Server Error' type error (500) (iRc=-53)")
w(b, 'var/default/log/web.log', nl.lines())
A = []
for k in range(2):
    t = t0 + dt.timedelta(minutes=9 * k)
    A.append("%s *ERROR* [10.3.0.7 [%d] GET /content/campaigns/corvid/q2/promo-june.campaign.content.json HTTP/1.1] org.apache.sling.engine.impl.SlingRequestProcessorImpl service: Uncaught SlingException" % (t.strftime('%d.%m.%Y %H:%M:%S.') + '412', 1781517771000 + k))
    A.append("javax.jcr.PathNotFoundException: /content/campaigns/corvid/q2/promo-june/jcr:content")
    A.append("\tat org.apache.jackrabbit.oak.jcr.session.NodeImpl$4.perform(NodeImpl.java:286)")
w(b, 'aem/error.log', A)
w(b, 'ticket.txt', ["The newsletter page promo-june was deleted in AEM by the agency and re-created under another name; the delivery still points to the old page.",
                   "We checked the AEM user 'campaign-remote': it has the replicate privilege on /content and /content/dam (Tools > Security > Permissions), and other newsletters sync fine."])
expect(b, 'near_miss', 'KA-16297', [E('KA-16297', 'not_confirmed', True)],
       "Campaign shows the article's Campaign-layer lines (Error during synchronization process + INT-150012 500), but the AEM log shows PathNotFoundException for a deleted page, no 'not authorized to replicate', and the ticket says the campaign user's replicate privilege was checked and other pages sync. A possible is tolerable since the Campaign lines alone are the article's.")

# ================= KA-16998 field: mta.log (+08:00) busy, Postponing DeliveryParts + BAS-010015 errno=13 on /tmp, rotated .gz
b = 'ka-16998-field-h1'
m = NL('+08:00')
d0 = U('2026-03-18 00:00:00')
for i in range(3000):
    t = rnd_time(d0, 20)
    k = R.randint(0, 5)
    if k < 2: m.add(t, 'info', "Delivery DM%d: %d message(s) sent in the last minute" % (R.randint(90100, 90140), R.randint(100, 5000)))
    elif k < 3: m.add(t, 'info', "Start of delivery DM%d ('%s')" % (R.randint(90100, 90140), R.choice(['SG newsletter', 'Points expiry', 'Birthday'])))
    elif k < 4: m.add(t, 'info', "Statistics: %d active child(ren), %d message(s) in queue" % (R.randint(1, 8), R.randint(0, 90000)))
    elif k < 5: m.add(t, 'warning', "Delivery DM%d: domain '%s' throttled (%d messages/hour)" % (R.randint(90100, 90140), R.choice(['qq.com', 'yahoo.com.sg', '163.com']), R.randint(2000, 20000)))
    else: m.add(t, 'info', "End of delivery DM%d" % R.randint(90100, 90140))
for k, did in enumerate((90133, 90137, 90133)):
    t = U('2026-03-18 11:42:07') + dt.timedelta(minutes=47 * k)
    m.add(t, 'warning', "Postponing DeliveryParts for broken delivery %d" % did)
    m.add(t, 'error', "BAS-010015 Cannot open file '/tmp/tmp%04X-%04d.tmp' with write access (errno=13, Permission denied)" % (R.randint(0x1000, 0xffff), k))
lines = m.lines()
w(b, 'sg-mta01/var/lumio/log/mta.log', lines[len(lines) // 3:])
w(b, 'sg-mta01/var/lumio/log/mta.log.1.gz', lines[:len(lines) // 3], gz=True)
w(b, 'sg-mta01/ls-tmp.txt', ["$ ls -ld /tmp", "drwxr-x---. 14 root root 4096 Mar 18 09:05 /tmp", "$ id neolane", "uid=1001(neolane) gid=1001(neolane) groups=1001(neolane)"])
w(b, 'ticket-LUM-311.txt', ["Deliveries DM90133 and DM90137 are stuck in 'Pending' / postponed since this morning (SGT). Our hardening team ran a CIS script on the MTA server yesterday."], crlf=True)
expect(b, 'field', 'KA-16998', [E('KA-16998', 'confirmed')],
       "mta.log + mta.log.1.gz (+08:00, ~3000 unrelated lines): three times 'Postponing DeliveryParts for broken delivery N' followed by BAS-010015 Cannot open file '/tmp/tmpXXXX-000N.tmp' with write access (errno=13, Permission denied); ls shows /tmp no longer world-writable after a hardening script.")

# ================= KA-16998 near: BAS-010015 errno=13 on an export folder in a data extraction, no delivery involved
b = 'ka-16998-near-h1'
nl = NL('+01:00')
busy_wf(nl, U('2026-03-20 00:00:00'), 10, 600, [('operationMgt', 1021), ('WKF_FINANCE_EXPORT', 77410), ('cleanup', 1017), ('deliveryMgt', 1022)])
for d in range(2):
    t = U('2026-03-20 01:30:05') + dt.timedelta(days=d)
    nl.add(t, 'info', "WKF_FINANCE_EXPORT (id=77410) - extract2 - Extracting 12 833 record(s) to '/mnt/finance-share/campaign/exports/orders_%s.csv'" % t.strftime('%Y%m%d'))
    nl.add(t + dt.timedelta(seconds=1), 'error', "WKF_FINANCE_EXPORT (id=77410) - extract2 - BAS-010015 Cannot open file '/mnt/finance-share/campaign/exports/orders_%s.csv' with write access (errno=13, Permission denied)" % t.strftime('%Y%m%d'))
    nl.add(t + dt.timedelta(seconds=1, milliseconds=20), 'error', "WKF_FINANCE_EXPORT (id=77410) - Workflow 'WKF_FINANCE_EXPORT' paused after an error in activity 'extract2'")
w(b, 'var/prod/log/wfserver.log', nl.lines())
w(b, 'ticket-33107.txt', ["The finance share (NFS, mounted read-only since the storage migration) can no longer be written by the export workflow.",
                         "Deliveries are not affected; all deliveries go out normally and /tmp is fine (drwxrwxrwt)."])
expect(b, 'near_miss', 'KA-16998', [E('KA-16998', 'not_confirmed')],
       "BAS-010015 ... with write access (errno=13, Permission denied), but on an NFS export path written by a Data extraction activity of a finance workflow; no DeliveryParts postponed, no delivery involved, /tmp is writable per the ticket.")
