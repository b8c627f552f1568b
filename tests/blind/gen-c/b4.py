from lib import *
import datetime as dt
# ---------- KA-19371 field: delivery audit in ticket + mta/web log of marketing instance
b='ka-19371-field-c1'
t0=U('2026-05-20 13:02:10')
L=["Deliveries with tracked links are blocked after analysis since this morning. Deliveries without tracking go out fine.","Delivery DM9921 'May_Promo_FR' audit:",""]
j=["Analysis of delivery 'May_Promo_FR' started",
 "Uploading tracking information on server '10.44.12.31'...",
 "RED-520025 Communication failed with tracking server 'http://10.44.12.31'. Please check that the server is started and check if the connection parameters defined in the deployment wizard (or directly in the options), are correct.",
 "RED-520005 Wrong configuration of remote redirection server. Please check the server configuration.",
 "Uploading tracking information on server '10.44.13.31'...",
 "RED-520025 Communication failed with tracking server 'http://10.44.13.31'. Please check that the server is started and check if the connection parameters defined in the deployment wizard (or directly in the options), are correct.",
 "DLV-490119 Analysis completed in 2s with warnings (1 message(s) waiting)."]
for i,m in enumerate(j): L.append("%s %s"%(jdate(t0+dt.timedelta(seconds=i),'eu','+02:00'),m))
L+=["","Deployment wizard internal tracking servers: 10.44.12.31, 10.44.13.31"]
w(b,'ticket-55403.txt',L)
nl=NL('+02:00'); noise_web(nl,U('2026-05-20 08:00:00'),8,40)
nl.add(t0+dt.timedelta(seconds=1),'error',"RED-520025 Communication failed with tracking server 'http://10.44.12.31'. Please check that the server is started and check if the connection parameters defined in the deployment wizard (or directly in the options), are correct.")
nl.add(t0+dt.timedelta(seconds=1),'error',"RED-520005 Wrong configuration of remote redirection server. Please check the server configuration.")
w(b,'mkt-app/web.log',nl.lines())
expect(b,'field','KA-19371',[E('KA-19371','confirmed')],
 "Delivery audit pasted (EU dates) plus web.log (+02:00): 'Uploading tracking information on server', RED-520025 Communication failed with tracking server, RED-520005 Wrong configuration of remote redirection server, DLV-490119 analysis completed with warnings; untracked deliveries work. Other IPs.")
# ---------- KA-19371 near: tracking upload OK, delivery blocked by typology warnings
b='ka-19371-near-c1'
t0=U('2026-05-21 09:00:00')
L=["Delivery DM9950 'Newsletter_21May' stays in 'Pending' after analysis.",""]
j=["Analysis of delivery 'Newsletter_21May' started",
 "Uploading tracking information on server '10.44.12.31'...",
 "Tracking information uploaded on server '10.44.12.31' (42 URL(s)).",
 "Uploading tracking information on server '10.44.13.31'...",
 "Tracking information uploaded on server '10.44.13.31' (42 URL(s)).",
 "DLV-490053 The typology rule 'Check unsubscription link' returned a warning.",
 "DLV-490119 Analysis completed in 4s with warnings (1 message(s) waiting).",
 "Delivery awaiting confirmation by operator"]
for i,m in enumerate(j): L.append("%s %s"%(jdate(t0+dt.timedelta(seconds=i),'eu','+02:00'),m))
w(b,'ticket-55460.txt',L)
expect(b,'near_miss','KA-19371',[E('KA-19371','not_confirmed')],
 "Tracking information uploaded fine to both tracking servers; the delivery waits for confirmation after a typology warning (DLV-490119 with warnings). No RED-520025/RED-520005.")
# ---------- KA-23473 field: large delivery, prep > 10 min, mta/web log (Z)
b='ka-23473-field-c1'
nl=NL('Z'); d0=U('2026-11-26 05:00:00'); noise_web(nl,d0,6,40)
t=U('2026-11-26 07:02:00')
nl.add(t,'info',"Starting preparation of delivery 'BlackFriday_All_DE' (DM20488) for 14 820 331 recipient(s)")
nl.add(t+dt.timedelta(minutes=1),'info',"DM20488 - Personalization data: 14 820 331 row(s) in 61 s")
nl.add(t+dt.timedelta(minutes=9),'info',"DM20488 - Message generation progress 62%")
nl.add(t+dt.timedelta(minutes=14,seconds=31),'error',"The delivery has failed XSV-350122 An error occurred and the process has been stopped.")
nl.add(t+dt.timedelta(minutes=14,seconds=31),'error',"SOP-330011 Error while executing the method 'PrepareMessageImpl' of service 'nms:delivery'.")
nl.add(t+dt.timedelta(minutes=14,seconds=31),'error',"Replication not confirmed: schema:'nms:dlvMidRemoteIdRel', id(s): '883120457'")
w(b,'v8-mkt01/web.log',nl.lines())
expect(b,'field','KA-23473',[E('KA-23473','confirmed')],
 "v8 web.log (Z): delivery to 14.8 M recipients, preparation running 14.5 minutes, fails with XSV-350122, SOP-330011 PrepareMessageImpl nms:delivery, Replication not confirmed: schema:'nms:dlvMidRemoteIdRel'. Preparation longer than the 10-min confirmation cache.")
# ---------- KA-23473 near: replication not confirmed for nms:delivery in PrepareTargetImpl (KA-24269's case)
b='ka-23473-near-c1'
nl=NL('+01:00'); d0=U('2026-11-27 05:00:00'); noise_web(nl,d0,6,40)
t=U('2026-11-27 08:00:40')
nl.add(t,'info',"Starting targeting of delivery 'Weekly_Digest' (DM20511)")
nl.add(t+dt.timedelta(minutes=3),'error',"XSV-350122 An error occurred and the process has been stopped.")
nl.add(t+dt.timedelta(minutes=3),'error',"SOP-330011 Error while executing the method 'PrepareTargetImpl' of service 'nms:delivery'.")
nl.add(t+dt.timedelta(minutes=3),'error',"Replication not confirmed: schema:'nms:delivery', id(s): '904411223'")
w(b,'web.log',nl.lines())
expect(b,'near_miss','KA-23473',[E('KA-23473','not_confirmed'),E('KA-24269','any')],
 "'Replication not confirmed' but for schema nms:delivery in PrepareTargetImpl after 3 minutes (KA-24269's Snowflake replication case, any), not nms:dlvMidRemoteIdRel in PrepareMessageImpl of a very large delivery.")
# ---------- KA-22174 field: forward to a friend on MID
b='ka-22174-field-c1'
nl=NL('-05:00'); d0=U('2026-03-10 12:00:00'); noise_web(nl,d0,12,50)
for k in range(3):
    t=U('2026-03-10 15:22:10')+dt.timedelta(minutes=37*k)
    nl.add(t,'info',"Web application 'viral' (Forward to a friend): form submitted from '203.0.113.%d'"%(10+k))
    nl.add(t+dt.timedelta(milliseconds=200),'error',"The '#EMAIL#' sender email address is not authorized (deliverability configuration not carried out)")
    nl.add(t+dt.timedelta(milliseconds=210),'error',"SOP-330011 Error while executing the method 'SubmitForwardToFriend' of service 'nms:delivery'.")
w(b,'hybrid-mkt/web.log',nl.lines())
w(b,'ticket.txt',["Hybrid setup, mid-sourcing instance hosted by Adobe. Recipients click 'Forward to a friend' in our emails, enter a friend's address in the web form and click Send: error shown. Web log attached."])
expect(b,'field','KA-22174',[E('KA-22174','confirmed')],
 "web.log (-05:00) of a hybrid/MID marketing instance: the 'viral' web app (Forward to a friend) fails three times with \"The '#EMAIL#' sender email address is not authorized (deliverability configuration not carried out)\"; ticket states the mid-sourcing set-up.")
# ---------- KA-22174 near: real sender address not authorized on a normal delivery
b='ka-22174-near-c1'
nl=NL('Z'); d0=U('2026-03-11 07:00:00'); noise_web(nl,d0,8,40)
t=U('2026-03-11 09:40:00')
nl.add(t,'info',"Analysis of delivery 'Spring_Sale_UK' (DM7711) started")
nl.add(t+dt.timedelta(seconds=2),'error',"The 'offers@shop-brand.co.uk' sender email address is not authorized (deliverability configuration not carried out)")
nl.add(t+dt.timedelta(seconds=2),'error',"DLV-490119 Analysis completed in 2s with errors (1 message(s) waiting).")
w(b,'web.log',nl.lines())
expect(b,'near_miss','KA-22174',[E('KA-22174','not_confirmed',True)],
 "Same 'sender email address is not authorized' message, but for a real new sender domain on an ordinary delivery analysis (domain not set up for deliverability), not the Forward-to-a-friend web app with '#EMAIL#' on MID.")
# ---------- KA-21964 field: ACS custom resource publish
b='ka-21964-field-c1'
t0=U('2026-09-01 11:20:00')
L=["Campaign Standard - cannot re-draft/publish custom resource 'Store visits' (cusStoreVisit)","Publication log:",""]
j=["Preparing publication of resource 'cusStoreVisit'",
 "Error while executing the method 'GenerateCusResource' of service 'xtk:builder'.",
 "'cpmcusStoreVisit' schema definition not found. Unable to generate from schema 'cus:cusStoreVisit'.",
 "Publication failed"]
for i,m in enumerate(j): L.append("%s | %s"%(jdate(t0+dt.timedelta(seconds=i),'us','+08:00'),m))
L+=["","Resources linked to cusStoreVisit: cusStore, cusLoyaltyCard (both 'do not synchronize')."]
w(b,'ticket-ACS-8812.txt',L,crlf=True)
expect(b,'field','KA-21964',[E('KA-21964','confirmed',True)],
 "ACS publication log pasted in CRLF ticket (US dates): GenerateCusResource of xtk:builder fails, \"'cpmcusStoreVisit' schema definition not found. Unable to generate from schema 'cus:cusStoreVisit'.\" Other resource names. Ticket only: possible acceptable.")
# ---------- KA-21964 near: GenerateCusResource fails for a SQL reason
b='ka-21964-near-c1'
t0=U('2026-09-02 08:00:00')
L=["ACS publication of 'cusOrder' fails:",""]
j=["Preparing publication of resource 'cusOrder'",
 "Error while executing the method 'GenerateCusResource' of service 'xtk:builder'.",
 "PGS-220000 PostgreSQL error: ERROR:  column \"sorderref\" of relation \"cusorder\" contains null values",
 "WDB-200001 SQL statement 'ALTER TABLE CusOrder ALTER COLUMN sOrderRef SET NOT NULL' could not be executed.",
 "Publication failed"]
for i,m in enumerate(j): L.append("%s | %s"%(jdate(t0+dt.timedelta(seconds=i),'eu','+01:00'),m))
w(b,'ticket-ACS-8840.txt',L)
expect(b,'near_miss','KA-21964',[E('KA-21964','not_confirmed',True)],
 "GenerateCusResource fails, but on a SQL NOT NULL constraint of a field made mandatory; no 'schema definition not found' / 'Unable to generate from schema'.")
