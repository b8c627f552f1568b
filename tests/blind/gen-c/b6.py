from lib import *
import datetime as dt
b='acc-healthy-busy-c1'
d0=U('2026-10-20 00:00:00')
web=NL('+02:00'); wf=NL('+02:00'); mta=NL('+02:00'); wd=NL('+02:00')
noise_web(web,d0,48,400)
noise_wf(wf,d0,48,500,[('operationMgt',1021),('deliveryMgt',1022),('tracking',1033),('cleanup',1017),('billing',1040),('mcSynch_rt1',12011),('agg_messageCenter_full',1090),('wkfDailyNewsletter',50311)])
for day in (0,1):
    r=d0+dt.timedelta(days=day,hours=4)   # 06:00 local
    restart(web,r+dt.timedelta(seconds=1))
    for m in ('wfserver@prod','mta@prod','web@default','inMail@prod','stat@prod'):
        wd.add(r+dt.timedelta(seconds=R.randint(0,4)),'info',"Daily restart of '%s' (processRestartTime=06:00:00)"%m)
        wd.add(r+dt.timedelta(seconds=R.randint(5,12)),'info',"Running task '%s' ('nlserver %s -tracefile:%s -instance:%s') in a new process"%(m,m.split('@')[0],m,m.split('@')[1]))
    # mcSynch runs hourly at :20 (well away from the restart)
    for hh in range(24):
        t=d0+dt.timedelta(days=day,hours=hh,minutes=20,seconds=R.randint(0,5))
        wf.add(t,'info',"mcSynch_rt1 (id=12011) - Starting workflow")
        wf.add(t+dt.timedelta(seconds=R.randint(5,40)),'info',"mcSynch_rt1 (id=12011) - %d event(s) collected (step 'Collect processed events')"%R.randint(0,9000))
        wf.add(t+dt.timedelta(seconds=50),'info',"mcSynch_rt1 (id=12011) - Workflow finished (state=Finished)")
doms=['gmial.com','hotmial.com','yaho.fr','example-closed.net','oldcorp.de']
for i in range(300):
    t=d0+dt.timedelta(seconds=R.randint(0,48*3600)); k=R.randint(0,9)
    if k<5: mta.add(t,'info',"Delivery DM%d: %d message(s) sent in the last minute"%(R.choice([20411,20412,20433]),R.randint(500,9000)))
    elif k<7: mta.add(t,'warning',"550 5.1.1 <%s@%s>: Recipient address rejected: User unknown in virtual mailbox table"%(R.choice(['jo.b','m.dupont','kk','info','tom']),R.choice(['orange.fr','gmx.de','outlook.com'])))
    elif k<8: mta.add(t,'warning',"DNS query on domain '%s' failed: no MX record (NXDOMAIN)"%R.choice(doms))
    elif k<9: mta.add(t,'warning',"421 4.7.0 [TSS04] Messages from 192.0.2.15 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes")
    else: mta.add(t,'info',"Statistics: %d connection(s) opened, %d message(s) delivered, %d soft bounce(s)"%(R.randint(10,80),R.randint(10000,90000),R.randint(10,400)))
for i in range(6):
    t=d0+dt.timedelta(seconds=R.randint(0,48*3600))
    web.add(t,'warning',"Log in of 'marketing.user' from '10.2.4.%d' refused (instance 'prod'): password expired"%R.randint(2,250))
for i in range(4):
    t=d0+dt.timedelta(seconds=R.randint(0,48*3600))
    wf.add(t,'warning',"wkfDailyNewsletter (id=50311) - Workflow paused by operator 'a.berger'")
w(b,'app01/var/prod/log/wfserver.log',wf.lines())
w(b,'app01/var/default/log/web.log',web.lines())
w(b,'app01/var/prod/log/mta.log',mta.lines(),crlf=False)
w(b,'app01/var/default/log/watchdog.log',wd.lines())
expect(b,'healthy','healthy',[],
 "Two busy days of a healthy v7 instance (+02:00): hundreds of workflow runs incl. hourly mcSynch_rt1 at :20 (away from the 06:00 restart), the daily 06:00 restart in web.log and watchdog.log, mta bounces (550 5.1.1 user unknown, NXDOMAIN typo domains, Yahoo 421 deferrals), expired sessions, password-expired console logins, operator-paused workflow. Nothing may be confirmed.")
