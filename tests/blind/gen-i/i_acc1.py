"""Examiner I: Campaign Classic / v8 articles, part 1."""
import datetime as dt
from lib import *

D = dt.timedelta


# ---------------------------------------------------------------- KA-14701
def ka14701():
    b = 'ka-14701-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+02:00')
    start = U('2024-06-04T05:00:00')
    noise_web(nl, r, start, 12, 1600, inst='rt01')
    t = U('2024-06-04T09:12:00')
    for k in range(9):
        t += D(minutes=r.randint(3, 50), seconds=r.randint(0, 59), milliseconds=r.randint(0, 999))
        tid = '%08X' % r.randint(0x1000, 0xFFFF)
        nl.add(t, 'info', "HTTP request 'POST /nl/jsp/soaprouter.jsp' from '%s' (PushEvent of service 'nms:rtEvent')" % ('172.20.%d.%d' % (r.randint(0, 9), r.randint(2, 250))), tid=tid)
        nl.add(t + D(milliseconds=12), 'error', "XTK-170036 Unable to parse expression '[@registrationToken]'.", tid=tid)
        nl.add(t + D(milliseconds=13), 'error', "SOP-330011 Error while executing the method 'PushEvent' of service 'nms:rtEvent'.", tid=tid)
    w(b, 'rt01/web.log', nl.lines())
    w(b, 'ticket-50911.txt', [
        'Hello support,',
        'we started to use the Mobile App Channel for transactional push notifications this week. The package',
        'was installed on the marketing instance (mkt01) on Monday. Since then the push events our app back end',
        'sends to the execution instance rt01 are refused, with:',
        "    error XTK-170036 Unable to parse expression '[@registrationToken]'",
        'web.log of rt01 attached (CEST). Email events work fine.',
    ])
    expect(b, 'field', 'KA-14701', [E('KA-14701', 'confirmed')],
           "Execution instance rt01 web.log (+02:00, ~1600 noise lines): nine PushEvent calls of nms:rtEvent fail with "
           "\"XTK-170036 Unable to parse expression '[@registrationToken]'.\" then SOP-330011; the ticket says the Mobile App Channel "
           "package was installed on the marketing instance only and the error appears when using the mobile app channel.")

    b = 'ka-14701-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='Z')
    start = U('2024-08-20T00:00:00')
    noise_wf(nl, r, start, 24, 1200)
    for d in (U('2024-08-20T07:30:04.211'), U('2024-08-20T19:30:03.877')):
        nl.add(d, 'info', 'cusLoyaltyPush (id=55120) - Starting workflow')
        nl.add(d + D(seconds=3), 'info', "cusLoyaltyPush (id=55120) - 48213 record(s) processed (step 'Query')")
        nl.add(d + D(seconds=4), 'error', "cusLoyaltyPush (id=55120) - Attribute 'cusLoyaltyTier' unknown (see definition of schema 'Recipients (nms:recipient)').")
        nl.add(d + D(seconds=4, milliseconds=2), 'error', "cusLoyaltyPush (id=55120) - XTK-170036 Unable to parse expression '[@cusLoyaltyTier]'.")
        nl.add(d + D(seconds=4, milliseconds=5), 'error', 'cusLoyaltyPush (id=55120) - WKF-560020 The workflow has been paused.')
    w(b, 'mkt/wfserver.log', nl.lines())
    expect(b, 'near_miss', 'KA-14701', [E('KA-14701', 'not_confirmed')],
           "XTK-170036 Unable to parse expression in a marketing workflow enrichment, but on '[@cusLoyaltyTier]' (a custom "
           "recipient attribute removed from the schema), not @registrationToken; nothing about the mobile app channel or the "
           "execution instance.")


# ---------------------------------------------------------------- KA-14775
def ka14775():
    b = 'ka-14775-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00', short_off=True)
    start = U('2024-11-18T13:00:00')
    for _ in range(900):
        t = rt(r, start, 8)
        k = r.randint(0, 4)
        if k == 0:
            nl.add(t, 'info', "Delivery 'DM%d': %d message(s) sent to the connector" % (r.randint(4000, 4100), r.randint(1, 500)))
        elif k == 1:
            nl.add(t, 'info', 'Connection to the SMTP server %s established' % r.choice(['mx1.brand-mail.com', 'mx2.brand-mail.com']))
        elif k == 2:
            nl.add(t, 'info', "Message %d of delivery 'DM%d' sent" % (r.randint(10 ** 6, 10 ** 7), r.randint(4000, 4100)))
        else:
            nl.add(t, 'info', 'Reading delivery parts (%d message(s))' % r.randint(1, 900))
    t = U('2024-11-18T16:05:11')
    nl.add(t - D(seconds=4), 'info', "[iOS HTTP2 Connector] Delivery 'DM4087' (push 'Black Friday preview'): connecting to api.push.apple.com:443")
    for k in range(40):
        tt = t + D(seconds=k * 2, milliseconds=r.randint(0, 999))
        nl.add(tt, 'error', "APNS Server: api.push.apple.com an error 'DeviceTokenNotForTopic'. Message %d (delivery 'DM4087')." % (8800100 + k * 7))
    nl.add(t + D(seconds=90), 'warning', "[iOS HTTP2 Connector] Delivery 'DM4087': 40 message(s) failed, 0 sent")
    w(b, 'mta/mtachild.log', nl.lines())
    j = Journal('us', '-05:00', newest_first=True)
    j.add(U('2024-11-18T16:06:42'), 'delivery', "APNS server returned an error 'DeviceTokenNotForTopic'. (40 message(s))")
    j.add(U('2024-11-18T16:05:07'), 'delivery', "Delivery 'Black Friday preview' (DM4087): start of the sending (HTTP/2 connector)")
    j.add(U('2024-11-15T10:02:33'), 'delivery', "Delivery 'Black Friday teaser' (DM4066): 40 message(s) Pushed to the connector (binary connector)")
    w(b, 'delivery-DM4087-log.txt', j.lines(), crlf=True)
    w(b, 'openssl-pkcs12-info.txt', [
        '$ openssl pkcs12 -in brand_push_2024.p12 -info -nodes -passin pass:****',
        'MAC: sha1, Iteration 1',
        'MAC length: 20, salt length: 8',
        'PKCS7 Data',
        'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
        'Bag Attributes',
        '    friendlyName: Brand Push Key 2023',
        '    localKeyID: 5E 11 A0 3C 71 02 9B 44 07 C2 1D 0F 6A 55 93 E1 2A 9B 30 11',
        'Key Attributes: <No Attributes>',
        '-----BEGIN PRIVATE KEY-----', '(redacted)', '-----END PRIVATE KEY-----',
        'Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048',
        'Bag Attributes',
        '    friendlyName: Brand Push Key 2024',
        '    localKeyID: 9C 4F 12 88 E0 31 5A 76 0B 23 EF 41 92 6D 08 C5 71 AA 2E 04',
        'Key Attributes: <No Attributes>',
        '-----BEGIN PRIVATE KEY-----', '(redacted)', '-----END PRIVATE KEY-----',
        'PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048',
        'Certificate bag',
        'Bag Attributes',
        '    friendlyName: Apple Push Services: com.brand.shop',
        'subject=UID = com.brand.shop, CN = Apple Push Services: com.brand.shop, OU = 7QX2MP4K9L, O = Brand Retail Inc., C = US',
        'issuer=CN = Apple Worldwide Developer Relations Certification Authority, OU = G4, O = Apple Inc., C = US',
        'Certificate bag',
        'Bag Attributes',
        '    friendlyName: Apple Push Services: com.brand.shop (expired 2024-10-30)',
        'subject=UID = com.brand.shop, CN = Apple Push Services: com.brand.shop, OU = 7QX2MP4K9L, O = Brand Retail Inc., C = US',
        'issuer=CN = Apple Worldwide Developer Relations Certification Authority, OU = G4, O = Apple Inc., C = US',
    ])
    w(b, 'ticket-77410.txt', [
        'iOS push notifications are not received. With the binary connector the messages stay "Pushed to the connector";',
        'after switching the service to the HTTP/2 connector the delivery fails (see delivery log and mtachild.log, US Eastern).',
        'The certificate expired end of October; we re-installed the renewed .p12 and restarted the services, no change.',
    ])
    expect(b, 'field', 'KA-14775', [E('KA-14775', 'confirmed')],
           "On-premise ACC, iOS HTTP/2 connector: mtachild.log (bare -05 offsets, 900 noise lines) has 40 \"APNS Server: "
           "api.push.apple.com an error 'DeviceTokenNotForTopic'\" for delivery DM4087; the US-dated delivery log shows \"APNS server "
           "returned an error 'DeviceTokenNotForTopic'\" and an earlier binary-connector send stuck at Pushed to the connector; "
           "openssl output shows two certificates and two private keys in the .p12 after the certificate expired.")

    b = 'ka-14775-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+08:00')
    start = U('2024-12-02T00:00:00')
    for _ in range(1100):
        t = rt(r, start, 10)
        k = r.random()
        if k < 0.85:
            nl.add(t, 'info', "[iOS HTTP2 Connector] Message %d of delivery 'DM%d' accepted by APNS (200)" % (r.randint(10 ** 6, 10 ** 7), r.choice([5120, 5121, 5133])))
        elif k < 0.93:
            nl.add(t, 'error', "APNS server returned an error 'Unregistered'. Message %d (delivery 'DM%d')." % (r.randint(10 ** 6, 10 ** 7), r.choice([5120, 5121, 5133])))
        else:
            nl.add(t, 'error', "APNS server returned an error 'BadDeviceToken'. Message %d (delivery 'DM%d')." % (r.randint(10 ** 6, 10 ** 7), r.choice([5120, 5121, 5133])))
    w(b, 'mtachild.log', nl.lines())
    expect(b, 'near_miss', 'KA-14775', [E('KA-14775', 'not_confirmed')],
           "iOS HTTP/2 pushes mostly accepted by APNS (200); about 15% of tokens are refused with 'Unregistered' (app uninstalled) "
           "or 'BadDeviceToken': the normal churn of device tokens, no DeviceTokenNotForTopic, no certificate problem.")


# ---------------------------------------------------------------- KA-15314
def ka15314():
    b = 'ka-15314-field-i1'; fresh(b); r = rng(b)
    j = Journal('us', '-04:00', newest_first=False)
    w1 = U('2024-06-04T13:00:02')
    w2 = U('2024-06-18T19:10:02')
    for t0, ok in ((w1, True), (w2, False)):
        j.add(t0, 'start', 'Workflow started')
        j.add(t0 + D(seconds=4), 'query', '%d record(s) targeted' % r.randint(40000, 90000))
        j.add(t0 + D(seconds=6), 'deliveryRecurring', "Delivery 'Weekly email delivery' created, extraction date AddMinutes(ToDate(@created),10), contact date AddDays(ToDate(@created),1)")
        if ok:
            j.add(t0 + D(seconds=65), 'deliveryRecurring', "Delivery 'Weekly email delivery' (DM2231) prepared and scheduled; typology 'Capacity weekly email (cusCapWeekly)' applied")
            j.add(t0 + D(seconds=66), 'end', 'Workflow finished')
        else:
            j.add(t0 + D(seconds=48), 'deliveryRecurring', "WKF-560038 Error when performing action 'Prepare' on delivery 'Weekly email delivery' (of identifier ). Please refer to the journal of this delivery for more information (object associated with the workflow task).")
    w(b, 'workflow-WKF_weekly_email-journal.txt', j.lines(), crlf=True)
    dj = Journal('us', '-04:00', newest_first=False)
    t = w2 + D(seconds=7)
    dj.add(t, 'Analysis', 'Start of analysis of delivery (operator: workflow)')
    dj.add(t + D(seconds=30), 'Analysis', "Typology rule 'Capacity weekly email (cusCapWeekly)': capacity of the period 06/18/2024 - 06/19/2024 checked")
    dj.add(t + D(seconds=40), 'Analysis', 'XSV-350122 An error occurred and the process has been stopped.')
    dj.add(t + D(seconds=40), 'Analysis', "SOP-330011 Error while executing the method 'PrepareTargetImpl' of service 'nms:delivery'.")
    dj.add(t + D(seconds=40), 'Analysis', 'DLV-490037 The delivery cannot be started because the resources are not available. Please restart the analysis process.')
    w(b, 'delivery-DM2240-journal.txt', dj.lines(), crlf=True)
    nl = NL(r, off='-04:00')
    s = U('2024-06-18T12:00:00')
    noise_wf(nl, r, s, 12, 700)
    nl.add(w2 + D(seconds=48), 'error', "WKF_weekly_email (id=40872) - WKF-560038 Error when performing action 'Prepare' on delivery 'Weekly email delivery' (of identifier ). Please refer to the journal of this delivery for more information (object associated with the workflow task).")
    nl.add(w2 + D(seconds=48, milliseconds=4), 'error', 'WKF_weekly_email (id=40872) - WKF-560020 The workflow has been paused.')
    w(b, 'wfserver.log', nl.lines())
    w(b, 'ticket-66120.txt', [
        'Our weekly recurring email workflow (WKF_weekly_email) worked on the first run (June 4th). On the second run,',
        'after the first delivery expired, the delivery is not sent. The delivery uses the typology with our capacity rule.',
        'Scheduling: "Schedule delivery (automatic execution when the scheduled date is reached)".',
    ])
    expect(b, 'field', 'KA-15314', [E('KA-15314', 'confirmed')],
           "Recurring delivery in a workflow, capacity typology, extraction/contact dates AddMinutes(ToDate(@created),10) / "
           "AddDays(ToDate(@created),1): first run fine, second run (after the first delivery expired) WKF-560038 'Prepare', the "
           "delivery journal has XSV-350122 / SOP-330011 'PrepareTargetImpl' / DLV-490037 resources not available (US dates, "
           "EDT, CRLF); wfserver.log has the WKF-560038 and the pause.")

    b = 'ka-15314-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+01:00')
    s = U('2025-01-14T05:00:00')
    noise_wf(nl, r, s, 14, 900)
    t = U('2025-01-14T09:00:03')
    nl.add(t, 'info', 'cusMonthlyNews (id=61201) - Starting workflow')
    nl.add(t + D(seconds=20), 'error', "cusMonthlyNews (id=61201) - WKF-560038 Error when performing action 'Prepare' on delivery 'Monthly news January' (of identifier 2233871). Please refer to the journal of this delivery for more information (object associated with the workflow task).")
    nl.add(t + D(seconds=20, milliseconds=5), 'error', 'cusMonthlyNews (id=61201) - WKF-560020 The workflow has been paused.')
    w(b, 'wfserver.log', nl.lines())
    dj = Journal('eu', '+01:00', newest_first=True)
    dj.add(t + D(seconds=9), 'Analysis', 'Start of analysis of delivery (operator: workflow)')
    dj.add(t + D(seconds=18), 'Analysis', "WDB-200001 SQL statement 'INSERT INTO wkDlv_2233871_1 (iRecipientId, sCusTitle) SELECT R0.iRecipientId, R0.sCusTitle || ' ' || R0.sLastName FROM NmsRecipient R0' could not be executed.")
    dj.add(t + D(seconds=18), 'Analysis', 'PGS-220000 PostgreSQL error: ERROR:  value too long for type character varying(80)')
    dj.add(t + D(seconds=19), 'Analysis', 'XSV-350122 An error occurred and the process has been stopped.')
    dj.add(t + D(seconds=19), 'Analysis', "SOP-330011 Error while executing the method 'PrepareTargetImpl' of service 'nms:delivery'.")
    w(b, 'delivery-2233871-journal.txt', dj.lines())
    expect(b, 'near_miss', 'KA-15314', [E('KA-15314', 'not_confirmed')],
           "A recurring-style workflow delivery fails on 'Prepare' (WKF-560038) with XSV-350122 / SOP-330011 'PrepareTargetImpl', "
           "but the cause in the delivery journal is an SQL error (value too long for varchar(80)) while building the target; "
           "no DLV-490037 resources not available, no capacity typology.")


# ---------------------------------------------------------------- KA-15749
def ka15749():
    b = 'ka-15749-field-i1'; fresh(b); r = rng(b)
    pu = []
    t = U('2024-02-10T21:14:02.804')
    def A(tt, lvl, msg):
        pu.append('%sZ 00002E7A 1 %s log %s' % (tt.strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % (tt.microsecond // 1000), lvl, msg))
    A(t, 'info', 'Upgrading instance \'prod\' from build 8977 to build 9032 (Campaign Classic 20.2.3)')
    for k, tab in enumerate(['NmsRecipient', 'NmsDelivery', 'NmsBroadLogRcp', 'XtkWorkflow', 'NmsTrackingLogRcp', 'XtkOption']):
        A(t + D(seconds=5 + k * 3), 'info', "Updating table '%s'" % tab)
    A(t + D(seconds=40), 'warning', "The document with identifier 'opensByUserAgent' and type 'xtk:report' is in conflict with the new version.")
    A(t + D(seconds=44), 'info', '=========Summary of the update==========')
    A(t + D(seconds=44), 'info', 'Instance \'prod\' is now at build 9032')
    w(b, 'nl6/var/prod/postupgrade/postupgrade_9032_20240210.log', pu)
    nl = NL(r, off='+01:00')
    s = U('2024-02-12T00:00:00')
    noise_wf(nl, r, s, 24, 1500)
    wfs = [('cusScoreEnrich', 30551, 'wkf30551_21_1'), ('cusPrefsExport', 30712, 'wkf30712_8_1')]
    for name, wid, tab in wfs:
        for d in (U('2024-02-12T02:00:05'), U('2024-02-13T02:00:05')):
            tt = d + D(minutes=r.randint(0, 40), seconds=r.randint(0, 59))
            nl.add(tt, 'info', '%s (id=%d) - Starting workflow' % (name, wid))
            nl.add(tt + D(seconds=9), 'error', "%s (id=%d) - WDB-200001 SQL statement 'INSERT INTO %s (iId, sEmail, mCalcXml) SELECT R0.iRecipientId, R0.sEmail, %s FROM NmsRecipient R0 WHERE R0.iBlackList = 0' could not be executed." % (name, wid, tab, "'<prefs ch=\"' || R0.sCusChannel || '\"/>'"))
            nl.add(tt + D(seconds=9, milliseconds=1), 'error', '%s (id=%d) - PGS-220000 PostgreSQL error: ERROR:  INSERT has more target columns than expressions' % (name, wid))
            nl.add(tt + D(seconds=9, milliseconds=3), 'error', '%s (id=%d) - WKF-560020 The workflow has been paused.' % (name, wid))
    w(b, 'nl6/var/prod/log/wfserver.log', nl.lines())
    w(b, 'ticket-52388.txt', [
        'After the upgrade to build 9032 on Saturday, two workflows that add a calculated field of type XML in an',
        'enrichment (cusScoreEnrich, cusPrefsExport) fail every night. The generated SQL is in the log: the calculated',
        'XML field mCalcXml is in the column list but not in the SELECT. Nothing was changed in the workflows.',
    ])
    expect(b, 'field', 'KA-15749', [E('KA-15749', 'confirmed')],
           'postupgrade log (layout A, Z) shows the upgrade from 8977 to build 9032 on 10 Feb; from 12 Feb two workflows with a '
           'calculated XML field in an enrichment fail nightly in wfserver.log (+01:00, 1500 noise lines) with WDB-200001 on the '
           'generated INSERT INTO wkf... and "PGS-220000 PostgreSQL error: ERROR:  INSERT has more target columns than expressions".')

    b = 'ka-15749-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+09:00')
    s = U('2024-09-09T15:00:00')
    noise_web(nl, r, s, 6, 300, inst='jp_prod')
    nl.add(s + D(minutes=2), 'info', 'Application server for Adobe Campaign Classic (7.3.5 build 9364@a1b2c3d R) of 03/11/2024')
    w(b, 'web.log', nl.lines())
    nl = NL(r, off='+09:00')
    noise_wf(nl, r, s, 6, 600)
    t = U('2024-09-09T18:30:01')
    nl.add(t, 'info', 'cusArchiveSends (id=70012) - Starting workflow')
    nl.add(t + D(seconds=2), 'error', "cusArchiveSends (id=70012) - WDB-200001 SQL statement 'INSERT INTO CusSendArchive (iRecipientId, sEmail, tsSent) SELECT iRecipientId, sEmail FROM NmsBroadLogRcp WHERE tsEvent < now() - interval '90 days'' could not be executed.")
    nl.add(t + D(seconds=2, milliseconds=1), 'error', 'cusArchiveSends (id=70012) - PGS-220000 PostgreSQL error: ERROR:  INSERT has more target columns than expressions')
    nl.add(t + D(seconds=2, milliseconds=4), 'error', 'cusArchiveSends (id=70012) - WKF-560020 The workflow has been paused.')
    w(b, 'wfserver.log', nl.lines())
    w(b, 'ticket-52911.txt', [
        'Build 9364 (7.3.5). We added an "SQL code" activity to cusArchiveSends today with our own INSERT ... SELECT',
        'statement to archive old sends; it fails immediately. No upgrade was done recently.',
    ])
    expect(b, 'near_miss', 'KA-15749', [E('KA-15749', 'not_confirmed', True)],
           'The same PostgreSQL error "INSERT has more target columns than expressions", but from a hand-written SQL code '
           'activity (INSERT of 3 columns, SELECT of 2) on build 9364 (7.3.5, banner in web.log, +09:00), no upgrade to 9032, no '
           'calculated XML field. Possible is acceptable: the SQL error text is the article\'s.')


# ---------------------------------------------------------------- KA-17288
def ka17288():
    b = 'ka-17288-field-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='+01:00')
    s = U('2024-01-22T06:00:00')
    t = U('2024-01-23T09:41:00')
    # a normal day before the JDK change
    nl.add(s, 'info', 'Stop requested (pid=4412)')
    nl.add(s + D(seconds=2), 'info', 'Web server stop (pid=4412, tid=3896)...')
    nl.add(s + D(seconds=9), 'info', 'Web server start (pid=6120, tid=5024)...')
    nl.add(s + D(seconds=12), 'info', 'Tomcat started')
    nl.add(s + D(seconds=12), 'info', 'Server started')
    noise_web(nl, r, s, 27, 1300, inst='default')
    nl.add(t - D(minutes=3), 'info', 'Stop requested (pid=6120)')
    nl.add(t - D(minutes=3) + D(seconds=2), 'info', 'Web server stop (pid=6120, tid=5024)...')
    pid = 7300
    for k in range(6):
        tt = t + D(minutes=k * 2, seconds=r.randint(0, 20))
        pid += r.randint(8, 200)
        tid = r.randint(1000, 9000)
        nl.add(tt, 'info', 'Web server start (pid=%d, tid=%d)...' % (pid, tid))
        nl.add(tt + D(milliseconds=180), 'error', 'JVM-510037 Cannot find the Java dynamic library. Check that a JDK or a JRE is installed on the machine. (iRc=-53)')
        nl.add(tt + D(milliseconds=190), 'info', 'Web server stop (pid=%d, tid=%d)...' % (pid, tid))
    w(b, 'D_/Adobe/Campaign/var/default/log/web.log', nl.lines(), crlf=True)
    wd = NL(r, off='+01:00')
    for k in range(6):
        tt = t + D(minutes=k * 2, seconds=30)
        wd.add(tt, 'warning', "Process 'web@default' has stopped (exit code 1), restarting it")
    wd.add(t + D(minutes=13), 'error', "Process 'web@default' could not be started after 6 attempts")
    w(b, 'D_/Adobe/Campaign/var/default/log/watchdog.log', wd.lines(), crlf=True)
    w(b, 'ticket-71820.txt', [
        'Server APP02 (Windows Server 2019), Campaign Classic v7 build 9356.',
        'This morning we uninstalled Oracle JDK 1.8.0_191 and installed OpenJDK 8u392 (C:\\Program Files\\OpenJDK\\jdk-8.0.392.08-hotspot),',
        'as on our other servers we plan to do the same. Since then the web module does not start.',
        'JAVA_HOME is C:\\Program Files\\OpenJDK\\jdk-8.0.392.08-hotspot and its bin folder is in the Path.',
        '',
        'C:\\> nlserver pdump',
        '09:58:12 >   Application server for Adobe Campaign Classic (7.3.4 build 9356@7f1b2c0 R) of 12/01/2023',
        'syslogd@default (6408) - 9.2 MB',
        'watchdog (6432) - 5.1 MB',
        'wfserver@prod (6560) - 18.0 MB',
        'mta@prod (6612) - 22.4 MB',
        '(web@default missing)',
    ], crlf=True)
    expect(b, 'field', 'KA-17288', [E('KA-17288', 'confirmed')],
           'Windows server (D:\\Adobe\\Campaign paths, CRLF, +01:00): after Oracle JDK 1.8.0_191 was replaced by OpenJDK the web '
           'module fails six times at start with "JVM-510037 Cannot find the Java dynamic library. Check that a JDK or a JRE is '
           'installed on the machine. (iRc=-53)" and the watchdog gives up; the day before it restarted normally; the ticket '
           'says JAVA_HOME and Path are right and pdump shows web@default missing.')

    b = 'ka-17288-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00')
    s = U('2024-05-05T09:00:00')
    noise_web(nl, r, s, 4, 500, inst='default')
    t = U('2024-05-05T13:31:10')
    for k in range(3):
        tt = t + D(seconds=k * 40)
        nl.add(tt, 'info', 'Web server start (pid=%d, tid=-%d)...' % (31200 + k * 17, r.randint(10 ** 9, 2 * 10 ** 9)))
        nl.add(tt + D(milliseconds=90), 'error', 'JVM-510037 Cannot find the Java dynamic library. Check that a JDK or a JRE is installed on the machine. (iRc=-53)')
    w(b, 'usr/local/neolane/nl6/var/default/log/web.log', nl.lines())
    y = []
    tt = U('2024-05-05T13:02:40')
    def lt(x):
        return x.astimezone(tz('-05:00')).strftime('%Y-%m-%dT%H:%M:%S') + '-0500'
    for pkg in ['kernel-4.18.0-513.24.1.el8_9.x86_64', 'openssl-libs-1:1.1.1k-12.el8_9.x86_64', 'tzdata-2024a-1.el8.noarch']:
        tt += D(seconds=r.randint(2, 9))
        y.append('%s INFO Upgraded: %s' % (lt(tt), pkg))
    tt += D(seconds=4)
    y.append('%s INFO Erased: java-1.8.0-openjdk-headless-1:1.8.0.402.b06-2.el8.x86_64' % lt(tt))
    y.append('%s INFO Erased: java-1.8.0-openjdk-1:1.8.0.402.b06-2.el8.x86_64' % lt(tt))
    w(b, 'var/log/dnf.rpm.log', y)
    sy = [sysl(U('2024-05-05T13:29:02'), 'acc-app01', 'systemd[1]', 'Stopping Adobe Campaign Classic service...', '-05:00'),
          sysl(U('2024-05-05T13:30:55'), 'acc-app01', 'systemd[1]', 'Started Adobe Campaign Classic service.', '-05:00')]
    w(b, 'var/log/messages', sy)
    expect(b, 'near_miss', 'KA-17288', [E('KA-17288', 'not_confirmed', True)],
           'The same JVM-510037 at web start, but on a RHEL 8 server (/usr/local/neolane, syslog, dnf log): an OS patch run '
           'erased the java-1.8.0-openjdk packages. Nothing about Windows, the JavaSoft registry key or JVMLIBDIR applies. '
           'Possible is acceptable: the error is the article\'s own, only the platform differs.')


def run():
    ka14701(); ka14775(); ka15314(); ka15749(); ka17288()
