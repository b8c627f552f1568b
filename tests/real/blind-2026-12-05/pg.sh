# helper: source then pg_new NAME PORT "extra conf lines"
PGBIN=/usr/lib/postgresql/15/bin
export PATH=$PGBIN:$PATH
pg_new() {
  local name=$1 port=$2 conf=$3
  C=/tmp/h9/work/cases/$name; mkdir -p $C/bundle $C/run/sock
  chown -R postgres $C/run $C/bundle; chmod 755 $C $C/run
  su postgres -c "$PGBIN/initdb -D $C/run/data -A trust -U postgres >/dev/null"
  cat >> $C/run/data/postgresql.conf <<EOC
port = $port
unix_socket_directories = '$C/run/sock'
listen_addresses = '127.0.0.1'
logging_collector = on
log_directory = '$C/bundle'
log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'
shared_buffers = 16MB
$conf
EOC
  su postgres -c "$PGBIN/pg_ctl -D $C/run/data -l $C/run/startup.log -w start >/dev/null"
  export PGHOST=$C/run/sock PGPORT=$port PGUSER=postgres
}
pg_stop() { su postgres -c "$PGBIN/pg_ctl -D $C/run/data -m fast -w stop >/dev/null"; }
P() { psql -X -q -d postgres "$@"; }
