from lib import *
import datetime as dt
# ---------- KA-05406 field: marketing wfserver.log (+08:00), RT web.log (+01:00) restarting; two days same collision
b='ka-05406-field-c1'
mk=NL('+08:00'); rt=NL('+01:00')
d0=U('2026-03-09 00:00:00')
noise_wf(mk,d0,48,70,[('operationMgt',2211),('deliveryMgt',2212),('cleanup',2203),('mcSynch_rtEU2',18844),('billing',2230)])
noise_web(rt,d0,48,60)
for day in (0,1):
    rs=d0+dt.timedelta(days=day,hours=5,seconds=2)   # 06:00:02 +01:00
    restart(rt,rs)
    t=d0+dt.timedelta(days=day,hours=5,seconds=4+day)
    mk.add(t-dt.timedelta(seconds=2),'info',"mcSynch_rtEU2 (id=18844) - Starting workflow")
    mk.add(t,'error',"mcSynch_rtEU2 (id=18844) - Empty return for method 'Logon' of service 'xtk:session'")
    mk.add(t+dt.timedelta(milliseconds=40),'error',"mcSynch_rtEU2 (id=18844) - Workflow 'mcSynch_rtEU2' paused after an error in activity 'Connection information'")
w(b,'mkt-prod/var/mkt/log/wfserver.log',mk.lines())
w(b,'rt-eu2/var/default/log/web.log',rt.lines(),crlf=True)
expect(b,'field','KA-05406',[E('KA-05406','confirmed')],
 "Marketing wfserver.log in +08:00 with 'Empty return for method 'Logon' of service 'xtk:session'' for mcSynch_rtEU2 on two days at 13:00:04/05 local; RT web.log (CRLF, +01:00) shows the daily web restart at 06:00:02 local (05:00:02Z) each day, 2-3 s before. Other workflow/zone/instance names than the article.")
# ---------- KA-05406 near: the same error far from any RT restart (RT web.log covers the time, restart only at 06:00)
b='ka-05406-near-c1'
mk=NL('Z'); rt=NL('+02:00')
d0=U('2026-06-15 00:00:00')
noise_wf(mk,d0,24,50,[('operationMgt',3011),('mcSynch_mcExec3',40211),('cleanup',3003)])
noise_web(rt,d0,24,50)
restart(rt,U('2026-06-15 04:00:01'))
for hh in ('13:00:03','14:00:04'):
    t=U('2026-06-15 '+hh)
    mk.add(t,'error',"mcSynch_mcExec3 (id=40211) - Empty return for method 'Logon' of service 'xtk:session'")
rt.add(U('2026-06-15 12:58:10'),'warning',"Request not processed after 30 seconds: 4")
rt.add(U('2026-06-15 13:00:02'),'error',"WDB-200001 SQL statement 'SELECT iSessionId FROM XtkSessionInfo WHERE sToken=$(sz)' could not be executed.")
rt.add(U('2026-06-15 13:00:02'),'error',"PGS-220000 PostgreSQL error: FATAL:  terminating connection due to administrator command")
w(b,'marketing/wfserver.log',mk.lines())
w(b,'rt1/web.log',rt.lines())
expect(b,'near_miss','KA-05406',[E('KA-05406','not_confirmed')],
 "Same Logon empty-return error on an mcSynch workflow, but at 13:00Z and 14:00Z while the RT web.log (+02:00) covers the whole day and shows only the 06:00 local restart (04:00Z), 9-10 h away; the RT database dropped sessions instead. Not a restart collision: the article's cause does not hold.")
# ---------- KA-15129 field: delivery journal pasted in ticket (EU dates), custom target mapping
b='ka-15129-field-c1'
t0=U('2026-02-17 09:41:00')
L=["Ticket 48811 - delivery 'DM_Spring_Loyalty' fails at personalisation",
"Customer: our spring loyalty e-mail stopped working since we switched the delivery to the target mapping 'Loyalty members (cusLoyaltyMember)'.",
"The workflow WKF_SPRING_LOY does a query on Recipients (nms:recipient) and passes the result to the Email delivery activity.",
"Delivery log (copied from the console, Audit tab):",
""]
j=[("info","Delivery 'DM_Spring_Loyalty' (DM4471) analysis started"),
   ("info","Targeting: 41 208 recipient(s) from the transition of query 'query2'"),
   ("info","Target mapping: 'Loyalty members' (cusLoyaltyMember)"),
   ("error","'content htmlContent' line 27: recipient is not defined."),
   ("error","SCR-160012 JavaScript: error while evaluating script 'content htmlContent'."),
   ("error","DLV-490050 Error during the personalization of the message content for the recipient (id=0)."),
   ("info","DLV-490119 Analysis completed in 3s with errors (3 message(s) waiting)."),]
for i,(lv,m) in enumerate(j):
    L.append("%s  %s"%(jdate(t0+dt.timedelta(seconds=i*2),'eu','+01:00'),m))
L+=["","The content uses <%= recipient.firstName %> and <%= recipient.email %> in the header block.","Regards, Jana (CRM team)"]
w(b,'ticket-48811.txt',L,crlf=True)
expect(b,'field','KA-15129',[E('KA-15129','confirmed',True)],
 "Delivery audit pasted in a CRLF ticket (DD/MM/YYYY, no zone): \"'content htmlContent' line 27: recipient is not defined.\" then SCR-160012 for 'content htmlContent'; the delivery uses a custom target mapping while the workflow query feeds nms:recipient. Line number differs from the article's (depends on the template). Only a pasted journal, so a possible is acceptable.")
# ---------- KA-15129 near: SCR-160012 on content htmlContent with a syntax error
b='ka-15129-near-c1'
nl=NL('-05:00'); d0=U('2026-04-02 12:00:00'); noise_wf(nl,d0,6,40)
t=U('2026-04-02 14:12:09')
nl.add(t,'error',"WKF_NEWS_APR (id=55120) - delivery 'NL_April' (DM5120) - 'content htmlContent' line 112: SyntaxError: unterminated string literal")
nl.add(t,'error',"WKF_NEWS_APR (id=55120) - delivery 'NL_April' (DM5120) - SCR-160012 JavaScript: error while evaluating script 'content htmlContent'.")
nl.add(t+dt.timedelta(seconds=1),'error',"WKF_NEWS_APR (id=55120) - DLV-490050 Error during the personalization of the message content for the recipient (id=0).")
w(b,'app1/var/prod/log/wfserver.log',nl.lines())
expect(b,'near_miss','KA-15129',[E('KA-15129','not_confirmed')],
 "SCR-160012 on 'content htmlContent' but the cause is a JavaScript syntax error in the template (unterminated string literal), not 'recipient is not defined' from a target mapping mismatch.")
# ---------- KA-16641 field: web.log, non admin operators cannot create web app
b='ka-16641-field-c1'
nl=NL('+09:00'); d0=U('2026-05-11 00:00:00'); noise_web(nl,d0,10,60)
for i,(op,h) in enumerate([('k.tanaka','01:14:22'),('k.tanaka','01:15:40'),('m.sato','03:02:11')]):
    t=U('2026-05-11 '+h)
    nl.add(t,'info',"Log in of '%s' from '10.40.2.%d' (instance 'jpprod')"%(op,31+i))
    nl.add(t+dt.timedelta(seconds=45),'error',"QUE-370023 Missing right to write a nms:webApp")
    nl.add(t+dt.timedelta(seconds=45,milliseconds=3),'error',"SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
w(b,'jp-app01/web.log',nl.lines())
w(b,'ticket-7710.txt',["Since last week our marketers (operator group 'JP Marketing') can no longer create a new web application from the template 'Newsletter subscription'. They get 'missing right to write a nms:webApp'. Admin operators can. web.log attached."])
expect(b,'field','KA-16641',[E('KA-16641','confirmed')],
 "web.log (+09:00) with 'QUE-370023 Missing right to write a nms:webApp' (capital M) three times for two non-admin operators after their log in, wrapped by SOP-330011 Write; ticket says admins can create web apps.")
# ---------- KA-16641 near: missing right on another schema
b='ka-16641-near-c1'
nl=NL('+01:00'); d0=U('2026-05-12 06:00:00'); noise_web(nl,d0,8,50)
t=U('2026-05-12 09:31:02')
nl.add(t,'error',"QUE-370023 Missing right to write a nms:delivery")
nl.add(t,'error',"SOP-330011 Error while executing the method 'Write' of service 'xtk:session'.")
nl.add(t+dt.timedelta(minutes=3),'error',"QUE-370023 Missing right to write a nms:recipient")
w(b,'web.log',nl.lines())
expect(b,'near_miss','KA-16641',[E('KA-16641','not_confirmed')],
 "Same QUE-370023 'Missing right to write' but on nms:delivery and nms:recipient (operator rights on folders), not on a web application (nms:webApp).")
