import os, gzip, random, datetime as dt
ROOT='/work/blind-c/bundles'
R=random.Random(7)
def w(bundle, rel, lines, crlf=False, gz=False):
    p=os.path.join(ROOT,bundle,rel); os.makedirs(os.path.dirname(p),exist_ok=True)
    nl='\r\n' if crlf else '\n'
    data=(nl.join(lines)+nl).encode()
    if gz:
        with gzip.open(p,'wb') as f: f.write(data)
    else:
        open(p,'wb').write(data)
def tz(off):
    if off=='Z': return dt.timezone.utc
    sign=1 if off[0]=='+' else -1; h,m=int(off[1:3]),int(off[4:6]) if len(off)>3 else 0
    return dt.timezone(sign*dt.timedelta(hours=h,minutes=m))
def fmt_ts(t, off):
    lt=t.astimezone(tz(off))
    s=lt.strftime('%Y-%m-%d %H:%M:%S.')+'%03d'%(lt.microsecond//1000)
    return s+('Z' if off=='Z' else off)
def U(s): return dt.datetime.fromisoformat(s).replace(tzinfo=dt.timezone.utc)
class NL:
    """nlserver log, layout B"""
    def __init__(s, off='Z', pid=None):
        s.off=off; s.pid=pid or '%08X'%R.randint(0x1000,0x3FFFFF); s.ev=[]
    def add(s, t, level, msg, tid=None, cat='log'):
        tid=tid or '%08X'%(int(s.pid,16)+R.randint(1,40))
        s.ev.append((t, '%s %s %s 1 %s %s %s'%(fmt_ts(t,s.off), s.pid, tid, level, cat, msg)))
    def lines(s): return [l for t,l in sorted(s.ev,key=lambda x:x[0])]
def noise_web(nl, start, hours, n=40):
    msgs=[('info',"Log in of 'webapp' from '10.2.%d.%d' (instance 'prod')"),
          ('info',"Log in of 'mc' from '172.16.4.%d' (instance 'prod')"),
          ('info',"Re-using the session token for operator '%s'"),
          ('warning',"Request not processed after 30 seconds: %d"),]
    ops=['aklein','tmoreau','jsmith','webapp','svc_api']
    for i in range(n):
        t=start+dt.timedelta(seconds=R.randint(0,int(hours*3600)))
        k=R.randint(0,9)
        if k<4: nl.add(t,'info',"Log in of '%s' from '10.2.%d.%d' (instance 'prod')"%(R.choice(ops),R.randint(0,9),R.randint(2,250)))
        elif k<6: nl.add(t,'info',"Logoff of operator '%s'"%R.choice(ops))
        elif k<8: nl.add(t,'info',"HTTP request 'POST /nl/jsp/soaprouter.jsp' from '10.2.%d.%d' processed in %d ms"%(R.randint(0,9),R.randint(2,250),R.randint(3,900)))
        elif k<9: nl.add(t,'warning',"XSV-350008 Session has expired or is invalid. Please reconnect.")
        else: nl.add(t,'info',"Loading schema 'nms:recipient' in the cache")
def noise_wf(nl, start, hours, n=40, wfs=None):
    wfs=wfs or [('operationMgt',1021),('deliveryMgt',1022),('tracking',1033),('cleanup',1017),('billing',1040)]
    for i in range(n):
        t=start+dt.timedelta(seconds=R.randint(0,int(hours*3600)))
        name,i2=R.choice(wfs); k=R.randint(0,5)
        if k<2: nl.add(t,'info',"%s (id=%d) - Starting workflow"%(name,i2))
        elif k<4: nl.add(t,'info',"%s (id=%d) - Workflow finished (state=Finished)"%(name,i2))
        elif k<5: nl.add(t,'info',"Workflow '%s' (%d) has been scheduled for %s"%(name,i2,(t+dt.timedelta(hours=1)).strftime('%Y-%m-%d %H:%M:%S')))
        else: nl.add(t,'info',"%s (id=%d) - %d record(s) processed (step 'Update')"%(name,i2,R.randint(0,5000)))
def restart(nl, t, module='web', inst='default', pidn=None):
    pidn=pidn or R.randint(2000,40000)
    nl.add(t,'info',"Stop requested for '%s@%s' ('nlserver %s -tracefile:%s@%s -instance:%s -detach -tomcat -autorepair', pid=%d, tid=-1225184768)..."%(module,inst,module,module,inst,inst,pidn-7))
    nl.add(t+dt.timedelta(seconds=1),'info',"Web server stopped (pid=%d, tid=-1225184768)..."%(pidn-7))
    nl.add(t+dt.timedelta(seconds=3),'info',"Starting Web server module (pid=%d, tid=-1224824320)..."%pidn)
    nl.add(t+dt.timedelta(seconds=7),'info',"Tomcat started")
    nl.add(t+dt.timedelta(seconds=8),'info',"Server started")
def jdate(t, style, off):
    lt=t.astimezone(tz(off))
    if style=='eu': return lt.strftime('%d/%m/%Y %H:%M:%S')
    if style=='us': return lt.strftime('%m/%d/%Y ')+str(int(lt.strftime('%I')))+lt.strftime(':%M:%S %p')
    return lt.strftime('%Y-%m-%d %H:%M:%S')
EXP=[]
def expect(bundle, kind, frm, exp, note, args=None):
    EXP.append(dict(bundle=bundle,kind=kind,written_from=frm,args=args or [],expect=exp,note=note))
def E(i,o,ap=False): return dict(id=i,outcome=o,accept_possible=ap)
