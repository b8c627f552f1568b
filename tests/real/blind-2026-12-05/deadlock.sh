# run a real deadlock between two psql sessions; assumes PGHOST etc set
P -c "create table if not exists acct(id int primary key, bal int); insert into acct values (1,100),(2,100) on conflict do nothing;"
( psql -X -d postgres -c "begin; update acct set bal=bal-1 where id=1; select pg_sleep(1); update acct set bal=bal+1 where id=2; commit;" ) >/dev/null 2>&1 &
sleep 0.3
psql -X -d postgres -c "begin; update acct set bal=bal-1 where id=2; select pg_sleep(1); update acct set bal=bal+1 where id=1; commit;" >/dev/null 2>&1
wait
