# shellcheck shell=bash
# MariaDB 10.11 from Debian, as a private server (its own data directory, socket and port
# 127.0.0.1:$VOIPKIT_MARIADB_PORT, --no-defaults so /etc/mysql is ignored) next to whatever
# MariaDB the machine runs for itself. Data: /var/lib/voipkit-mariadb (error log inside it);
# socket and PID file: /run/voipkit-mariadb. Sourced by scripts/services.sh.

MARIADB_DATADIR="${VOIPKIT_MARIADB_DATADIR:-/var/lib/voipkit-mariadb}"
MARIADB_RUNDIR=/run/voipkit-mariadb
MARIADB_SOCKET="$MARIADB_RUNDIR/mysqld.sock"
MARIADB_LOG="$MARIADB_DATADIR/voipkit-error.log"

mariadb_install() {
  [[ -x /usr/sbin/mariadbd && -x /usr/bin/mariadb ]] && return 0
  vk_apt_install mariadb-server mariadb-client
  [[ -x /usr/sbin/mariadbd ]] || vk_die "mariadbd is missing after installing mariadb-server"
}

_mariadb_pid() { cat "$MARIADB_RUNDIR/mysqld.pid" 2>/dev/null || true; }

_mariadb_admin() { mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" --connect-timeout=2 "$@"; }

mariadb_status() {
  vk_pid_alive "$(_mariadb_pid)" && _mariadb_admin ping >/dev/null 2>&1
}

mariadb_start() {
  mariadb_install
  vk_require_root "running MariaDB"
  if [[ ! -d "$MARIADB_DATADIR/mysql" ]]; then
    vk_log "creating the MariaDB data directory $MARIADB_DATADIR"
    # Built aside and renamed, so that a half-initialised directory is never used.
    rm -rf "$MARIADB_DATADIR.tmp"
    install -d -o mysql -g mysql -m 750 "$MARIADB_DATADIR.tmp"
    mariadb-install-db --no-defaults --user=mysql --datadir="$MARIADB_DATADIR.tmp" \
      --auth-root-authentication-method=socket --skip-test-db >"$VOIPKIT_IT_DIR/mariadb-install.log" 2>&1 \
      || { tail -n 20 "$VOIPKIT_IT_DIR/mariadb-install.log" >&2; vk_die "mariadb-install-db failed (log: $VOIPKIT_IT_DIR/mariadb-install.log)"; }
    rm -rf "$MARIADB_DATADIR"
    mv "$MARIADB_DATADIR.tmp" "$MARIADB_DATADIR"
  fi
  install -d -o mysql -g mysql -m 755 "$MARIADB_RUNDIR"
  if mariadb_status; then
    vk_log "MariaDB already running"
  else
    if vk_port_open "$VOIPKIT_MARIADB_PORT"; then
      vk_die "127.0.0.1:$VOIPKIT_MARIADB_PORT is taken by another program; set VOIPKIT_MARIADB_PORT to a free port"
    fi
    rm -f "$MARIADB_SOCKET" "$MARIADB_RUNDIR/mysqld.pid"
    setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$MARIADB_DATADIR" \
      --socket="$MARIADB_SOCKET" --pid-file="$MARIADB_RUNDIR/mysqld.pid" \
      --port="$VOIPKIT_MARIADB_PORT" --bind-address=127.0.0.1 --skip-name-resolve \
      --log-error="$MARIADB_LOG" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --default-time-zone=+00:00 --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=0 \
      </dev/null >/dev/null 2>&1 8>&- &
    echo $! >"$VOIPKIT_IT_DIR/mariadb.pid"
    vk_mark_started mariadb
    if ! vk_wait 60 "MariaDB to accept connections" _mariadb_admin ping; then
      tail -n 20 "$MARIADB_LOG" >&2 2>/dev/null || true
      vk_die "MariaDB did not start (log: $MARIADB_LOG)"
    fi
  fi
  local password; password="$(vk_secret MARIADB_PASSWORD)"
  mariadb --no-defaults --socket="$MARIADB_SOCKET" -u root <<SQL
CREATE DATABASE IF NOT EXISTS voipkit CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'voipkit'@'127.0.0.1' IDENTIFIED BY '$password';
ALTER USER 'voipkit'@'127.0.0.1' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON voipkit.* TO 'voipkit'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
}

mariadb_stop() {
  if ! vk_started_by_us mariadb && [[ "${1:-}" != force ]]; then return 0; fi
  local pid; pid="$(_mariadb_pid)"
  [[ -n "$pid" ]] || pid="$(cat "$VOIPKIT_IT_DIR/mariadb.pid" 2>/dev/null || true)"
  if vk_pid_alive "$pid"; then
    _mariadb_admin -u root shutdown >/dev/null 2>&1 || kill -TERM "$pid" 2>/dev/null || true
    vk_wait 30 "MariaDB to stop" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$VOIPKIT_IT_DIR/mariadb.pid"
  vk_clear_started mariadb
}

mariadb_properties() {
  printf 'mariadb.url=jdbc:mariadb://127.0.0.1:%s/voipkit\n' "$VOIPKIT_MARIADB_PORT"
  printf 'mariadb.user=voipkit\n'
  printf 'mariadb.password=%s\n' "$(vk_secret MARIADB_PASSWORD)"
}
