"""Examiner I: Campaign Standard articles (customers see the UI, the workflow logs, API traces)."""
import datetime as dt
from lib import *

D = dt.timedelta


# ---------------------------------------------------------------- KA-14575
def ka14575():
    b = 'ka-14575-field-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+02:00', sep='  ')
    start = U('2024-06-10T22:00:00')
    fails = {start + D(hours=3 * k) for k in (2, 17, 29)}
    rid = 2033917055
    t = start
    while t < start + D(days=5):
        run = t + D(seconds=r.randint(1, 40))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=2), 'jsDataSource', 'Retrieving KPIs for %d deliveries sent in the last 7 days' % r.randint(3, 40))
        if t in fails:
            rid += r.randint(3, 90)
            j.add(run + D(seconds=31), 'jsDataSource', 'API call to Adobe Analytics failed - Url: https://api.omniture.com/admin/1.4/rest/?method=Report.Get Request body : {"reportID":%d} Response: 400 Error: {"error":"report_not_ready","error_description":"Report not ready","error_uri":null}' % rid)
            j.add(run + D(seconds=31, milliseconds=400), 'jsDataSource', 'The activity will be executed again at the next scheduled run.')
        else:
            rid += r.randint(3, 90)
            j.add(run + D(seconds=3), 'jsDataSource', 'Report.Queue: reportID %d queued' % rid)
            j.add(run + D(seconds=25), 'jsDataSource', '%d row(s) retrieved from Adobe Analytics (report %d)' % (r.randint(20, 4000), rid))
            j.add(run + D(seconds=27), 'updateKpis', '%d delivery indicator(s) updated' % r.randint(3, 40))
        j.add(run + D(seconds=33), 'end', 'Workflow finished')
        t += D(hours=3)
    lines = j.lines()
    w(b, 'kpiReconciliation-log-export.txt', lines, crlf=True)
    w(b, 'ticket-48213.txt', [
        'Subject: 400 errors in technical workflow "KPIs Reconciliation with Adobe Analytics"',
        '',
        'Hello,',
        'our technical workflow KPIs Reconciliation with Adobe Analytics (kpiReconciliation) shows an error',
        'from time to time (see the attached log export, Paris time). Most runs are fine and the next run',
        'works again. Analytics report suite: brandprodglobal. Is this something we must fix?',
        '',
        'Kind regards,',
        'Operations team',
    ], crlf=True)
    expect(b, 'field', 'KA-14575', [E('KA-14575', 'confirmed')],
           'ACS kpiReconciliation journal export (DD/MM/YYYY, CRLF, Paris time, 40 runs every 3 h): three runs out of 40 '
           'log "API call to Adobe Analytics failed ... method=Report.Get ... Response: 400 Error: {"error":"report_not_ready",...}", '
           'all other runs retrieve the report; the next run works. Intermittent report_not_ready is the article exactly.',
           args=['--tz', 'Europe/Paris'])

    b = 'ka-14575-near-i1'; fresh(b); r = rng(b)
    j = Journal('us', '-05:00', newest_first=True, sep='\t')
    start = U('2024-09-02T05:00:00')
    t = start
    while t < start + D(days=3):
        run = t + D(seconds=r.randint(1, 40))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=2), 'jsDataSource', 'Retrieving KPIs for %d deliveries sent in the last 7 days' % r.randint(3, 40))
        j.add(run + D(seconds=4), 'jsDataSource', 'API call to Adobe Analytics failed - Url: https://api.omniture.com/admin/1.4/rest/?method=Report.Queue Request body : {"reportDescription":{"reportSuiteID":"brandusprod","elements":[{"id":"evar48"}],"metrics":[{"id":"visits"}]}} Response: 400 Error: {"error":"element_id_invalid","error_description":"Element \\"evar48\\" not found","error_uri":null}')
        j.add(run + D(seconds=4, milliseconds=300), 'end', 'Workflow finished with errors')
        t += D(hours=2)
    w(b, 'kpiReconciliation-log.txt', j.lines())
    w(b, 'ticket-48590.txt', [
        'KPIs Reconciliation with Adobe Analytics has failed on every run since Monday, when our Analytics',
        'admin removed and re-created the eVars of the report suite brandusprod. Log attached (US Eastern).',
    ])
    expect(b, 'near_miss', 'KA-14575', [E('KA-14575', 'not_confirmed'), E('KA-22483', 'not_confirmed', True)],
           'Same workflow and the same "API call to Adobe Analytics failed ... Response: 400 Error" shape, but the error is '
           'element_id_invalid (an eVar deleted in Analytics) on every run for three days, not report_not_ready: a '
           'configuration error, not a report still processing. KA-22483 (access denied) is also not shown; possible '
           'is acceptable there since the call and the 400 are the same.',
           args=['--tz', 'America/New_York'])


# ---------------------------------------------------------------- KA-14941
def ka14941():
    b = 'ka-14941-field-i1'; fresh(b); r = rng(b)
    off = '+05:30'
    t0 = U('2024-05-08T09:02:10.512')
    mcid = '37485569183740275618261927361526273'
    pkey = '@Xk2vQp7n0hRmA3c9Tb-Lc1sZ'
    host = 'brandin-mkt-prod1.campaign.adobe.com'
    L = []
    def stamp(t):
        lt = t.astimezone(tz(off)); return lt.strftime('%Y-%m-%d %H:%M:%S.') + '%03d' % (lt.microsecond // 1000) + ' +0530'
    t = t0
    for k in range(3):
        L.append('%s  GET https://dpm.demdex.net/id?d_visid_ver=3.3.0&d_fieldgroup=MC&d_orgid=7A1B2C3D4E5F@AdobeOrg -> 200 (%d ms)' % (stamp(t), r.randint(80, 300)))
        t += D(milliseconds=r.randint(200, 900))
        L.append('%s  POST https://%s/rest/head/mobileAppV5/%s/subscriptions/%s' % (stamp(t), host, pkey, mcid))
        L.append('    Content-Type: application/json')
        L.append('    Request body: {"marketingCloudId": "%s", "cus.CustomerNumber": "data"}' % mcid)
        t += D(milliseconds=r.randint(250, 600))
        L.append('%s  Response 400 Bad Request (%d ms)' % (stamp(t), r.randint(250, 600)))
        L.append('    {"code":400,"error":"RST-360011 An error has occurred - please get in touch with your administrator.","message":"\'cusCustomerNumber\' property is not valid for the \'nms:appSubscriptionRcp:appSubscriptionRcpDetail\' resource."}')
        t += D(minutes=r.randint(3, 11), seconds=r.randint(0, 59))
    w(b, 'charles-session-export.txt', L)
    lc = []
    tt = t0 - D(seconds=3)
    for k in range(60):
        lt = tt.astimezone(tz(off))
        pid = 8123; tid = r.choice([8190, 8191, 8204])
        msg = r.choice([
            'D AdobeExperienceSDK: Lifecycle - Session resumed',
            'D AdobeExperienceSDK: Configuration - Rules downloaded for Mobile Core',
            'D ReactNativeJS: collectPii',
            'D AdobeExperienceSDK: Signal - Rule "Mobile Core - Collect PII" triggered, postback queued',
            'D AdobeExperienceSDK: Signal - Postback request sent to https://%s/rest/head/mobileAppV5/%s/subscriptions/%s' % (host, pkey, mcid),
            'W AdobeExperienceSDK: Signal - Postback response code 400',
            'I ActivityManager: Displayed com.brand.loyalty/.MainActivity',
        ])
        lc.append('%s  %d  %d %s' % (lt.strftime('%m-%d %H:%M:%S.') + '%03d' % (lt.microsecond // 1000), pid, tid, msg))
        tt += D(seconds=r.randint(1, 25), milliseconds=r.randint(0, 999))
    w(b, 'adb-logcat.txt', lc)
    w(b, 'ticket-61022.txt', [
        'Push notifications with the React Native SDK work on iOS and Android, but the app subscriber table',
        'is not updated with the customer number from the PII postback rule.',
        'App code: ACPCore.collectPii({"cus.CustomerNumber": "data"})',
        'Launch rule "Mobile Core - Collect PII", postback URL https://{%%camp-server%%}/rest/head/mobileAppV5/{%%pkey%%}/subscriptions/{%%mcid%%}',
        'Post body: {"marketingCloudId": "{%%mcid%%}", "cusCustomerNumber": "{%contextdata.customerNumber%}"}',
        'The custom field on the app subscription resource is cusCustomerNumber. Charles capture attached.',
    ])
    expect(b, 'field', 'KA-14941', [E('KA-14941', 'confirmed')],
           'React Native app: Charles capture (+0530) of the Collect PII postback to /rest/head/mobileAppV5/.../subscriptions/... '
           'answered 400 with "RST-360011 An error has occurred - please get in touch with your administrator." and '
           '"\'cusCustomerNumber\' property is not valid for the \'nms:appSubscriptionRcp:appSubscriptionRcpDetail\' resource.", '
           'three times; adb logcat shows the postback rule firing; the ticket describes the collectPii/post-body mismatch.')

    b = 'ka-14941-near-i1'; fresh(b); r = rng(b)
    L = []
    t = U('2024-07-22T13:00:00')
    for k in range(420):
        t += D(seconds=r.randint(2, 30), milliseconds=r.randint(0, 999))
        lt = t.astimezone(tz('+02:00'))
        ts = lt.strftime('%Y-%m-%d %H:%M:%S,') + '%03d' % (lt.microsecond // 1000)
        pk = '@%s' % ''.join(r.choice('ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789') for _ in range(22))
        if r.random() < 0.06:
            L.append('%s ERROR [crm-sync-worker-%d] c.b.crm.acs.ProfileClient - PATCH https://brandeu-mkt-prod2.campaign.adobe.com/rest/profileAndServicesExt/profile/%s failed: 400 {"code":400,"error":"RST-360011 An error has occurred - please get in touch with your administrator.","message":"\'cusLoyaltyCode\' property is not valid for the \'nms:profile:profileDetail\' resource."}' % (ts, r.randint(1, 4), pk))
        else:
            L.append('%s INFO  [crm-sync-worker-%d] c.b.crm.acs.ProfileClient - PATCH https://brandeu-mkt-prod2.campaign.adobe.com/rest/profileAndServicesExt/profile/%s -> 200 (%d ms)' % (ts, r.randint(1, 4), pk, r.randint(90, 700)))
    w(b, 'crm-sync/acs-connector.log', L)
    w(b, 'crm-sync/acs-connector.log.1.gz', [l.replace('2024-07-22', '2024-07-21') for l in L[:200]], gz=True)
    expect(b, 'near_miss', 'KA-14941', [E('KA-14941', 'not_confirmed')],
           'The customer\'s CRM middleware log (log4j, +02:00, plus a rotated .gz) PATCHes profiles through the ACS REST API; '
           '6% of calls get RST-360011 with "\'cusLoyaltyCode\' property is not valid for the \'nms:profile:profileDetail\' resource". '
           'Same REST error family, but the profile resource of a server-side integration, not the app subscription resource of a '
           'mobile PII postback.')


# ---------------------------------------------------------------- KA-15275
def aem_ts(t, off):
    lt = t.astimezone(tz(off))
    return lt.strftime('%d.%m.%Y %H:%M:%S.') + '%03d' % (lt.microsecond // 1000)


def aem_noise(r, t, off):
    k = r.randint(0, 6)
    if k < 2:
        return '%s *INFO* [sling-default-%d-Registered:/content/dam] com.day.cq.dam.core.impl.AssetMoveListener Asset moved' % (aem_ts(t, off), r.randint(1, 9))
    if k < 4:
        return '%s *INFO* [%s [%d] GET /content/dam/brand/%d.jpg HTTP/1.1] org.apache.sling.engine.impl.SlingRequestProcessorImpl request processed' % (aem_ts(t, off), ip(r), int(t.timestamp() * 1000), r.randint(100, 999))
    if k < 5:
        return '%s *WARN* [%s [%d] GET /libs/granite/csrf/token.json HTTP/1.1] org.apache.sling.security.impl.ReferrerFilter Rejected empty referrer header for POST request' % (aem_ts(t, off), ip(r), int(t.timestamp() * 1000))
    if k < 6:
        return '%s *INFO* [Apache Sling Resource Resolver Finalizer Thread] org.apache.sling.resourceresolver.impl.CommonResourceResolverFactoryImpl Closing unclosed resource resolver' % aem_ts(t, off)
    return '%s *INFO* [JobHandler: /var/workflow/instances/server0/2024-05-14/request_for_activation_%d:/content/brand] com.day.cq.replication.impl.ReplicatorImpl Replication (ACTIVATE) of /content/brand/en successful' % (aem_ts(t, off), r.randint(1, 40))


def ka15275():
    b = 'ka-15275-field-i1'; fresh(b); r = rng(b)
    off = '+02:00'
    L = []
    t = U('2024-05-14T06:00:00')
    syncs = [U('2024-05-14T08:21:33.412'), U('2024-05-14T08:24:05.990'), U('2024-05-14T09:47:12.101')]
    events = sorted([rt(r, t, 6) for _ in range(500)] + syncs)
    for e in events:
        if e in syncs:
            req = '%s [%d] GET /content/campaigns/brand/newsletter-may-2024.campaign.content.json HTTP/1.1' % ('52.19.%d.%d' % (r.randint(0, 255), r.randint(1, 254)), int(e.timestamp() * 1000))
            L.append('%s *ERROR* [%s] org.apache.sling.engine.impl.SlingRequestProcessorImpl service: Uncaught Throwable' % (aem_ts(e, off), req))
            L.append('java.lang.IllegalArgumentException: Could not find configuration for domain \'publish\'')
            L.append('\tat com.day.cq.commons.impl.ExternalizerImpl.externalLink(ExternalizerImpl.java:215)')
            L.append('\tat com.day.cq.commons.impl.ExternalizerImpl.publishLink(ExternalizerImpl.java:244)')
            L.append('\tat com.day.cq.mcm.campaign.impl.CampaignContentServlet.doGet(CampaignContentServlet.java:131)')
            L.append('\tat org.apache.sling.api.servlets.SlingSafeMethodsServlet.mayService(SlingSafeMethodsServlet.java:266)')
        else:
            L.append(aem_noise(r, e, off))
    w(b, 'aem-author/error.log', L)
    w(b, 'ticket-55170.txt', [
        'Campaign Standard instance brandeu-mkt-prod1, AEM author https://author-p1234-e5678.adobeaemcloud.com',
        'When we synchronise an email based on an AEM template (Sync with AEM) the email designer shows:',
        '   Could not find configuration for domain \'publish\'',
        'and the content is not updated. The AEM author error.log of the same minutes is attached (server time CEST).',
    ])
    expect(b, 'field', 'KA-15275', [E('KA-15275', 'confirmed')],
           'ACS email "Sync with AEM" fails: the ticket quotes the ACS error "Could not find configuration for domain \'publish\'" and '
           'the AEM author error.log (DD.MM.YYYY, 500 noise lines) shows three IllegalArgumentException "Could not find configuration '
           'for domain \'publish\'" from ExternalizerImpl on the campaign.content.json requests made by Campaign.')

    b = 'ka-15275-near-i1'; fresh(b); r = rng(b)
    off = '+01:00'
    L = []
    t = U('2024-11-20T00:00:00')
    jobs = [U('2024-11-20T01:00:00.120') + D(hours=h) for h in range(0, 8, 2)]
    events = sorted([rt(r, t, 9) for _ in range(450)] + jobs)
    for e in events:
        if e in jobs:
            L.append('%s *ERROR* [sling-threadpool-7b2c-10-Sitemap Generation(org/apache/sling/sitemap/job)] org.apache.sling.sitemap.impl.SitemapGeneratorExecutor Failed to generate sitemap for /content/brand/en' % aem_ts(e, off))
            L.append('java.lang.IllegalArgumentException: Could not find configuration for domain \'publish\'')
            L.append('\tat com.day.cq.commons.impl.ExternalizerImpl.externalLink(ExternalizerImpl.java:215)')
            L.append('\tat com.adobe.aem.wcm.seo.impl.sitemap.linkbuilder.DefaultSitemapLinkExternalizer.externalize(DefaultSitemapLinkExternalizer.java:88)')
            L.append('\tat com.adobe.aem.wcm.seo.impl.sitemap.PageTreeSitemapGeneratorImpl.generate(PageTreeSitemapGeneratorImpl.java:174)')
        else:
            L.append(aem_noise(r, e, off).replace('2024-05-14', '2024-11-20'))
    w(b, 'aem-publish/error.log', L)
    w(b, 'ticket-56001.txt', [
        'Our web team sees sitemap generation errors on the AEM publish tier (log attached). We also use',
        'Campaign Standard with AEM templates; the template sync between AEM and Campaign works normally.',
        'Could the errors below be caused by the Campaign integration?',
    ])
    expect(b, 'near_miss', 'KA-15275', [E('KA-15275', 'not_confirmed', True)],
           'The same AEM Externalizer message "Could not find configuration for domain \'publish\'" but thrown by the AEM '
           'publish tier\'s sitemap generator job every two hours; no Campaign content-sync request, and the ticket says the '
           'ACS-AEM template sync works. Possible is acceptable: the exact message is the article\'s, only the context differs.')


# ---------------------------------------------------------------- KA-15793
def ka15793():
    b = 'ka-15793-field-i1'; fresh(b); r = rng(b)
    L = []
    t = U('2024-03-04T08:14:02.311')
    for k in range(6):
        t += D(seconds=r.randint(20, 400))
        st = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
        did = r.choice(['DM1742', 'DM1750', 'DM1768'])
        L.append('%s Navigated to https://brandapac-mkt-prod1.campaign.adobe.com/view/home#!/delivery/%s/report/deliverySummary' % (st, did))
        L.append('%s reporting-bundle.js:2 GET https://brandapac-mkt-prod1.campaign.adobe.com/rest/reporting/report/deliverySummary?deliveryId=%s 200' % (st, did))
        L.append('%s reporting-bundle.js:2 Report service URL: "" (option Realtime_Reporting_Server_URL)' % st)
        L.append('%s reporting-bundle.js:2 Unable to render visualization: Please check your columns and rows to ensure they contain valid components' % st)
    w(b, 'browser-console.log', L)
    w(b, 'ticket-70331.txt', [
        'Campaign Standard, APAC instance provisioned in February.',
        'The Delivery summary report of every delivery is empty. The report area shows:',
        '"Unable to render visualization: Please check your columns and rows to ensure they contain valid components"',
        'We did not change the report. Browser console attached.',
    ], crlf=True)
    expect(b, 'field', 'KA-15793', [E('KA-15793', 'confirmed', True)],
           'New APAC ACS instance: every Delivery summary report is empty; the Chrome console (ISO Z) shows "Unable to render '
           'visualization: Please check your columns and rows to ensure they contain valid components" each time, right after '
           'the page read an empty report service URL (option Realtime_Reporting_Server_URL ""). The article itself only says '
           'the message "may be related" to the option, so possible is accepted.')

    b = 'ka-15793-near-i1'; fresh(b); r = rng(b)
    L = []
    t = U('2024-08-19T14:02:44.017')
    for k in range(5):
        t += D(seconds=r.randint(20, 300))
        st = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
        L.append('%s Navigated to https://experience.adobe.com/#/@brandcorp/analytics/spa/#/workspace/edit/65c1f0a2b7' % st)
        L.append('%s workspace.js:1 Freeform table "Campaign emails by day": rows [Day], columns [] (no metric)' % st)
        L.append('%s workspace.js:1 Unable to render visualization: Please check your columns and rows to ensure they contain valid components' % st)
    w(b, 'browser-console.log', L)
    w(b, 'ticket-70412.txt', [
        'In our Analysis Workspace project (Adobe Analytics) the table of Campaign email days does not render.',
        'Our Campaign Standard delivery reports are fine.',
    ])
    expect(b, 'near_miss', 'KA-15793', [E('KA-15793', 'not_confirmed', True)],
           'The same "Unable to render visualization..." text, but in Adobe Analytics Analysis Workspace (experience.adobe.com '
           'analytics workspace) on a freeform table with no metric; Campaign delivery reports work. Possible is acceptable: '
           'the text is the article\'s.')


# ---------------------------------------------------------------- KA-19375
def ka19375():
    b = 'ka-19375-field-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+01:00', newest_first=True)
    t = U('2024-02-26T03:00:00')
    for d in range(4):
        run = t + D(days=d, seconds=r.randint(2, 30))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=1), 'fileTransfer', 'Connecting to \'s3://demdex-brandeu-aam-share/segments/\' (external account \'Import shared audience (importSharedAudience)\')')
        j.add(run + D(seconds=6), 'fileTransfer', 'CRL-290002 Download error in cURL')
        j.add(run + D(seconds=6, milliseconds=20), 'fileTransfer', "Couldn't resolve hostname 'demdex-brandeu-aam-share.s3.eu-west-1-encrypted.amazonaws.com'")
        j.add(run + D(seconds=6, milliseconds=40), 'fileTransfer', 'WKF-560029 The transfer of the file failed.')
        j.add(run + D(seconds=6, milliseconds=60), 'importSharedAudience', 'The workflow has been paused.')
    w(b, 'importSharedAudience-log.txt', j.lines())
    w(b, 'ticket-39018.txt', [
        'The technical workflow "Import shared audiences" (importSharedAudience) fails every night since we',
        'changed the external account "Import shared audience": we set the AWS region to eu-west-1 and ticked',
        '"Keep files in S3 encrypted". Log of the workflow attached (CET).',
    ])
    expect(b, 'field', 'KA-19375', [E('KA-19375', 'confirmed')],
           'ACS importSharedAudience journal, newest first, DD/MM/YYYY (CET): four nights of fileTransfer "CRL-290002 Download '
           'error in cURL" + "Couldn\'t resolve hostname \'...s3.eu-west-1-encrypted.amazonaws.com\'" then paused; the ticket says the '
           'external account got an AWS region and "Keep files in S3 encrypted" - the article\'s cause and fix.',
           args=['--tz', 'Europe/Paris'])

    b = 'ka-19375-near-i1'; fresh(b); r = rng(b)
    j = Journal('iso', '+09:00')
    t = U('2024-10-01T21:30:00')
    for d in range(3):
        run = t + D(days=d, seconds=r.randint(2, 30))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=1), 'transferFile', "Connecting to 'sftp://sftp.brand-partner.con:22/outgoing/stores_%s.csv' (external account 'Partner SFTP (partnerSftp)')" % (run + D(hours=9)).strftime('%Y%m%d'))
        j.add(run + D(seconds=3), 'transferFile', 'CRL-290002 Download error in cURL')
        j.add(run + D(seconds=3, milliseconds=15), 'transferFile', "Couldn't resolve hostname 'sftp.brand-partner.con'")
        j.add(run + D(seconds=3, milliseconds=30), 'cusStoreImport', 'The workflow has been paused.')
    w(b, 'cusStoreImport-log.txt', j.lines())
    expect(b, 'near_miss', 'KA-19375', [E('KA-19375', 'not_confirmed')],
           'Same "Couldn\'t resolve hostname" after CRL-290002, but in a custom store-import workflow that downloads from a '
           'partner SFTP whose host name is mistyped (.con); no shared-audience import, no AAM/S3 external account.')


# ---------------------------------------------------------------- KA-22483
def ka22483():
    b = 'ka-22483-field-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+02:00', newest_first=True, sep=' ')
    t = U('2024-06-17T13:12:00')
    for d in range(4):
        run = t + D(days=d, seconds=r.randint(0, 20))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=10), 'jsDataSource', 'User name: marta.klein@brand-eu.com:')
        j.add(run + D(seconds=14), 'jsDataSource', 'API call to Adobe Analytics failed - Url: https://api.omniture.com/admin/1.4/rest/?method=ReportSuite.GetTimeZone')
        j.ev[-1] = (j.ev[-1][0], j.ev[-1][1], j.ev[-1][2] + '\nRequest body : {"rsid_list":[ "brandeuprod"] } Response: 400 Error: {"error":"Bad Request","error_description":"Access denied for some selected report suites.","error_uri":null}')
        j.add(run + D(seconds=14, milliseconds=200), 'end', 'Workflow finished with errors')
    lines = []
    for l in j.lines():
        lines.extend(l.split('\n'))
    w(b, 'kpiSharing-log.txt', lines)
    w(b, 'ticket-67002.txt', [
        'Delivery KPIs in Adobe Analytics do not match what the ACS delivery dashboard shows since last week.',
        'The technical workflow kpiSharing shows the attached errors. The external account "Share KPIs with Adobe',
        'Analytics (shareKPI)" still uses the web service user of Marta Klein, who left the company on 14 June.',
    ])
    expect(b, 'field', 'KA-22483', [E('KA-22483', 'confirmed')],
           'ACS kpiSharing journal (newest first, DD/MM/YYYY, the request body on its own line as pasted): four daily runs with '
           '"User name: marta.klein@...:" then "API call to Adobe Analytics failed - Url: ...ReportSuite.GetTimeZone" / "Response: 400 '
           'Error: {"error":"Bad Request","error_description":"Access denied for some selected report suites."...}"; the ticket says '
           'the shareKPI account user left the company and the data differ between ACS and Analytics.')

    b = 'ka-22483-near-i1'; fresh(b); r = rng(b)
    j = Journal('eu', '+01:00', sep=' ')
    t = U('2024-12-01T00:00:00')
    for h in range(0, 48):
        run = t + D(hours=h, seconds=r.randint(0, 20))
        j.add(run, 'start', 'Workflow started')
        j.add(run + D(seconds=8), 'jsDataSource', 'User name: svc-analytics@brand-eu.com:')
        if 20 <= h <= 22:
            j.add(run + D(seconds=38), 'jsDataSource', 'API call to Adobe Analytics failed - Url: https://api.omniture.com/admin/1.4/rest/?method=ReportSuite.GetTimeZone Request body : {"rsid_list":[ "brandeuprod"] } Response: 503 Error: Service Temporarily Unavailable')
            j.add(run + D(seconds=38, milliseconds=100), 'end', 'Workflow finished with errors')
        else:
            j.add(run + D(seconds=11), 'jsDataSource', 'Time zone of report suite brandeuprod: Europe/Berlin')
            j.add(run + D(seconds=19), 'jsDataSource', '%d KPI row(s) sent to Adobe Analytics' % r.randint(10, 900))
            j.add(run + D(seconds=20), 'end', 'Workflow finished')
    w(b, 'kpiSharing-log.txt', j.lines())
    expect(b, 'near_miss', 'KA-22483', [E('KA-22483', 'not_confirmed')],
           'kpiSharing journal over two days (hourly): three consecutive runs get "API call to Adobe Analytics failed ... '
           'Response: 503 Error: Service Temporarily Unavailable" during an Analytics outage, then the same active user works '
           'again. No access denied, no inactive user.')


# ---------------------------------------------------------------- KA-22929
def ka22929():
    b = 'ka-22929-field-i1'; fresh(b); r = rng(b)
    host = 'brandna-prod-db3.c9xkq1w2e3r4.eu-west-1.rds.amazonaws.com'
    L = []
    t = U('2024-04-09T15:40:10.000')
    pages = ['#!/delivery/DM%d/logs/sendingLogs' % r.randint(3000, 3999), '#!/delivery/new/email/content', '#!/marketingPlans/PG%d' % r.randint(100, 999)]
    for k in range(14):
        t += D(seconds=r.randint(15, 240), milliseconds=r.randint(0, 999))
        st = t.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (t.microsecond // 1000)
        p = r.choice(pages)
        L.append('%s Navigated to https://brandna-mkt-prod1.campaign.adobe.com/view/home%s' % (st, p))
        if r.random() < 0.7:
            L.append('%s app.js:1 POST https://brandna-mkt-prod1.campaign.adobe.com/nl/jsp/soaprouter.jsp 500 (Internal Server Error)' % st)
            L.append('%s app.js:1 Error: could not translate host name "%s" to address: Temporary failure in name resolution' % (st, host))
        else:
            L.append('%s app.js:1 POST https://brandna-mkt-prod1.campaign.adobe.com/nl/jsp/soaprouter.jsp 200' % st)
    w(b, 'browser-console.log', L)
    rtest = []
    for c in range(1, 5):
        u = 'https://brandna-mkt-prod1-%d-t.campaign.adobe.com/r/test' % c
        if c == 3:
            rtest.append('$ curl -s -m 10 %s' % u)
            rtest.append('curl: (28) Operation timed out after 10001 milliseconds with 0 bytes received')
        else:
            rtest.append('$ curl -s -m 10 %s' % u)
            rtest.append("<redir status='OK' date='2024-04-09 16:21:%02d' build='9389' instance='brandna_mkt_prod1' sourceIP='52.4.%d.%d' host='brandna-mkt-prod1.campaign.adobe.com' localHost='brandna-mkt-prod1-%d'/>" % (r.randint(0, 59), r.randint(0, 255), r.randint(1, 254), c))
    w(b, 'r-test-containers.txt', rtest)
    w(b, 'ticket-81234.txt', [
        'Several Campaign Standard screens show an error since about 15:40 UTC:',
        '  - delivery > logs > Sending logs, click on an address to display the sent email',
        '  - new delivery, insert a link',
        '"Could not translate host name "%s" to address: Temporary failure in name resolution"' % host,
        'Other screens work. Console log and the r/test of each container attached.',
    ])
    expect(b, 'field', 'KA-22929', [E('KA-22929', 'confirmed')],
           'ACS: the console log (ISO Z) shows soaprouter 500s with "could not translate host name "...eu-west-1.rds.amazonaws.com" '
           'to address: Temporary failure in name resolution" on several screens (sending logs, new delivery link), others '
           'fine; the ticket quotes the same message and r/test of each container shows container 3 not answering.')

    b = 'ka-22929-near-i1'; fresh(b); r = rng(b)
    nl = NL(r, off='-05:00')
    start = U('2024-10-14T11:00:00')
    noise_web(nl, r, start, 10, 1400, inst='prod')
    e0 = U('2024-10-14T16:02:11')
    for k in range(5):
        tt = e0 + D(seconds=k * 7, milliseconds=r.randint(0, 999))
        nl.add(tt, 'error', 'PGS-220000 PostgreSQL error: could not translate host name "pgprod01.dc1.brand.local" to address: Temporary failure in name resolution (iRc=-2006)')
        nl.add(tt + D(milliseconds=3), 'error', 'Unable to open a connection to the database (iRc=-2006)')
    nl.add(e0 + D(seconds=50), 'info', 'Connection to the database re-established')
    w(b, 'nl6/var/default/log/web.log', nl.lines())
    w(b, 'dns-change-CHG0041123.txt', [
        'CHG0041123 - DNS server replacement dc1, window 2024-10-14 16:00-16:05 EST. Resolvers restarted 16:02-16:03.',
    ])
    expect(b, 'near_miss', 'KA-22929', [E('KA-22929', 'not_confirmed', True)],
           'Campaign Classic on-premise web.log (-05:00, busy): for 35 seconds during a planned DNS change the database host '
           'pgprod01.dc1.brand.local cannot be resolved ("could not translate host name ... Temporary failure in name resolution"), '
           'then the connection is re-established. Not Campaign Standard, no container down. Possible is acceptable (same message).')


def run():
    ka14575(); ka14941(); ka15275(); ka15793(); ka19375(); ka22483(); ka22929()
