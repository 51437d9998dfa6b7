# shellcheck shell=bash
# PostgreSQL 15 from Debian, as a cluster of its own ("15/voipkit" on 127.0.0.1:$VOIPKIT_PG_PORT)
# next to whatever cluster the machine runs for itself. Debian's cluster tools keep its data in
# /var/lib/postgresql/15/voipkit, its configuration in /etc/postgresql/15/voipkit and its log
# in /var/log/postgresql/postgresql-15-voipkit.log; it is started with pg_ctlcluster (no systemd
# needed). Sourced by scripts/services.sh.

PG_VERSION=15
PG_CLUSTER=voipkit
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
PG_LOG="/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"

postgres_install() {
  [[ -x "$PG_BIN/postgres" && -x /usr/bin/pg_createcluster ]] && return 0
  vk_apt_install "postgresql-$PG_VERSION" postgresql-client-common postgresql-common
  [[ -x "$PG_BIN/postgres" ]] || vk_die "PostgreSQL $PG_VERSION is not in $PG_BIN after installing it"
}

_postgres_exists() { [[ -f "/etc/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.conf" ]]; }

postgres_status() {
  _postgres_exists && pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1
}

# Runs SQL as the database superuser over the local socket (peer authentication).
_postgres_psql() {
  PGOPTIONS="-c client_min_messages=warning" runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$VOIPKIT_PG_PORT" "$@"
}

postgres_start() {
  postgres_install
  vk_require_root "running PostgreSQL"
  if ! _postgres_exists; then
    vk_log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" -p "$VOIPKIT_PG_PORT" --start-conf=manual \
      -e UTF8 --locale C.UTF-8 -- --auth-local=peer --auth-host=scram-sha-256 >"$VOIPKIT_IT_DIR/postgres-create.log" 2>&1 \
      || { cat "$VOIPKIT_IT_DIR/postgres-create.log" >&2; vk_die "pg_createcluster $PG_VERSION $PG_CLUSTER failed"; }
  fi
  # Loopback only, on our port, whatever the cluster was created with (conf.d is read last).
  pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" set port "$VOIPKIT_PG_PORT"
  cat >"/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/voipkit.conf" <<'CONF'
# Written by voipkit scripts/services/postgres.sh on every start.
listen_addresses = '127.0.0.1'
timezone = 'UTC'
# Test data: speed over durability.
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  # Containers start with an empty /run.
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  if postgres_status; then
    vk_log "PostgreSQL already running"
  else
    if vk_port_open "$VOIPKIT_PG_PORT"; then
      vk_die "127.0.0.1:$VOIPKIT_PG_PORT is taken by another program; set VOIPKIT_PG_PORT to a free port"
    fi
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >"$VOIPKIT_IT_DIR/postgres-start.log" 2>&1 8>&- || {
      cat "$VOIPKIT_IT_DIR/postgres-start.log" >&2; tail -n 20 "$PG_LOG" >&2 2>/dev/null || true
      vk_die "PostgreSQL did not start (log: $PG_LOG)"; }
    vk_mark_started postgres
  fi
  vk_wait 30 "PostgreSQL to accept connections" _postgres_psql -c 'select 1' \
    || vk_die "PostgreSQL does not accept connections (log: $PG_LOG)"
  # The test database, its owner with this machine's generated password, and the table
  # Asterisk's cdr_pgsql writes (columns as in Asterisk's own schema). One psql run: process
  # start-up is slow on small machines.
  local password; password="$(vk_secret PG_PASSWORD)"
  _postgres_psql <<SQL >/dev/null
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'voipkit') THEN CREATE ROLE voipkit LOGIN; END IF;
END \$\$;
ALTER ROLE voipkit WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE voipkit OWNER voipkit ENCODING ''UTF8'''
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'voipkit')\gexec
\connect voipkit
SET ROLE voipkit;
CREATE TABLE IF NOT EXISTS cdr (
  accountcode varchar(80), src varchar(80), dst varchar(80), dcontext varchar(80),
  clid varchar(80), channel varchar(80), dstchannel varchar(80), lastapp varchar(80),
  lastdata varchar(80), start timestamp, answer timestamp, "end" timestamp,
  duration integer, billsec integer, disposition varchar(45), amaflags varchar(45),
  userfield varchar(256), uniqueid varchar(150), linkedid varchar(150),
  peeraccount varchar(80), sequence integer
);
SQL
}

postgres_stop() {
  if ! vk_started_by_us postgres && [[ "${1:-}" != force ]]; then return 0; fi
  if postgres_status; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast >/dev/null 2>&1 \
      || pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m immediate >/dev/null 2>&1 || true
  fi
  vk_clear_started postgres
}

postgres_properties() {
  printf 'postgres.url=jdbc:postgresql://127.0.0.1:%s/voipkit\n' "$VOIPKIT_PG_PORT"
  printf 'postgres.user=voipkit\n'
  printf 'postgres.password=%s\n' "$(vk_secret PG_PASSWORD)"
}
