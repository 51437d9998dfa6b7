# shellcheck shell=bash
# Asterisk 22 from Debian sid, installed into a debootstrap chroot and run with `chroot`.
# Sourced by scripts/services.sh (after scripts/lib.sh). Facts this relies on: docs real-pbx.md.
#
# Functions: asterisk_install, asterisk_start, asterisk_stop, asterisk_status, asterisk_cli.

ASTERISK_DIR="${VOIPKIT_ASTERISK_DIR:-$VOIPKIT_CACHE/asterisk-sid}"
ASTERISK_TEMPLATES="$VOIPKIT_SCRIPTS/asterisk/etc"
ASTERISK_TLS_DIR="$VOIPKIT_CACHE/tls"
# Debian sid's Release file is often past its Valid-Until date on snapshot mirrors.
ASTERISK_APT_OPTS=(-o Acquire::Check-Valid-Until=false -o Acquire::Check-Date=false)
# Endpoints created in pjsip.conf; tests register some of them with sipp.
ASTERISK_ENDPOINTS=(101-ep 102-ep 103-ep 104-ep 105-ep)

# Runs an Asterisk CLI command against the running Asterisk: asterisk_cli "core show version"
asterisk_cli() {
  chroot "$ASTERISK_DIR" /usr/sbin/asterisk -rx "$1"
}

# Unmounts whatever an interrupted debootstrap left mounted below $1 (deepest first), so that a
# half-built root can be removed without touching the host's /proc or /sys.
_asterisk_unmount_below() {
  local root="$1" m
  [[ -d "$root" ]] || return 0
  root="$(cd "$root" && pwd -P)"
  while read -r m; do
    [[ -n "$m" ]] && umount -l "$m" 2>/dev/null || true
  done < <(awk -v r="$root/" 'index($2, r) == 1 { print $2 }' /proc/self/mounts | sort -r)
}

asterisk_install() {
  if [[ -x "$ASTERISK_DIR/usr/sbin/asterisk" ]]; then
    return 0
  fi
  vk_require_root "installing Asterisk"
  local tmp="$ASTERISK_DIR.tmp" log="$VOIPKIT_IT_DIR/asterisk-install.log" t0
  vk_log "installing Asterisk 22 into $ASTERISK_DIR (first run, ~1 min; log: $log)"
  vk_apt_install debootstrap
  mkdir -p "$(dirname "$ASTERISK_DIR")"
  # A previous attempt may have died half-way: start that root again from scratch.
  _asterisk_unmount_below "$tmp"
  rm -rf --one-file-system "$tmp"
  local mirror; mirror="$(vk_debian_mirror)"
  t0="$(vk_now)"
  if ! debootstrap --variant=minbase sid "$tmp" "$mirror" >"$log" 2>&1; then
    _asterisk_unmount_below "$tmp"
    tail -n 20 "$log" >&2
    vk_die "debootstrap of Debian sid from $mirror failed (log: $log)"
  fi
  _asterisk_unmount_below "$tmp"
  vk_log "  debootstrap sid: $(vk_elapsed "$t0")"
  t0="$(vk_now)"
  if ! { chroot "$tmp" apt-get "${ASTERISK_APT_OPTS[@]}" update \
      && chroot "$tmp" env DEBIAN_FRONTEND=noninteractive apt-get "${ASTERISK_APT_OPTS[@]}" \
           install -y --no-install-recommends asterisk asterisk-modules \
      && chroot "$tmp" apt-get clean; } >>"$log" 2>&1; then
    _asterisk_unmount_below "$tmp"
    tail -n 20 "$log" >&2
    vk_die "installing asterisk into the sid root failed (log: $log)"
  fi
  _asterisk_unmount_below "$tmp"
  [[ -x "$tmp/usr/sbin/asterisk" ]] || vk_die "asterisk is missing from the sid root after installing it (log: $log)"
  vk_log "  apt-get install asterisk: $(vk_elapsed "$t0") ($(chroot "$tmp" /usr/sbin/asterisk -V))"
  # Only a complete root gets the final name, so an interrupted install is never mistaken for one.
  mv "$tmp" "$ASTERISK_DIR"
}

# A self-signed certificate for AMI over TLS, valid for 127.0.0.1, kept in the cache.
_asterisk_tls() {
  mkdir -p "$ASTERISK_TLS_DIR"
  chmod 700 "$ASTERISK_TLS_DIR"
  if [[ ! -s "$ASTERISK_TLS_DIR/ami.crt" || ! -s "$ASTERISK_TLS_DIR/ami.key" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1" \
      -keyout "$ASTERISK_TLS_DIR/ami.key" -out "$ASTERISK_TLS_DIR/ami.crt" >/dev/null 2>&1 \
      || vk_die "openssl could not create the AMI TLS certificate"
    chmod 600 "$ASTERISK_TLS_DIR/ami.key"
  fi
  # The truststore Java tests use to trust exactly this certificate.
  local store="$VOIPKIT_IT_DIR/truststore.p12" pass
  pass="$(vk_secret TRUSTSTORE_PASSWORD)"
  if [[ ! -s "$store" || "$store" -ot "$ASTERISK_TLS_DIR/ami.crt" ]]; then
    rm -f "$store"
    keytool -importcert -noprompt -alias voipkit-ami -file "$ASTERISK_TLS_DIR/ami.crt" \
      -keystore "$store" -storetype PKCS12 -storepass "$pass" >/dev/null 2>&1 \
      || vk_die "keytool could not create $store"
    chmod 600 "$store"
  fi
}

# Writes the project's configuration (scripts/asterisk/etc/*.conf) into the chroot, with the
# generated secrets filled in. Prints "changed" when it differs from what was there.
_asterisk_configure() {
  local etc="$ASTERISK_DIR/etc/asterisk" stage="$VOIPKIT_IT_DIR/asterisk-etc" f
  # Values the templates use (@@NAME@@).
  local AMI_PORT="$VOIPKIT_AMI_PORT" AMI_TLS_PORT="$VOIPKIT_AMI_TLS_PORT" SIP_PORT="$VOIPKIT_SIP_PORT"
  local AMI_SECRET AMI_READONLY_SECRET PG_PORT="$VOIPKIT_PG_PORT" PG_PASSWORD
  AMI_SECRET="$(vk_secret AMI_SECRET)"
  AMI_READONLY_SECRET="$(vk_secret AMI_READONLY_SECRET)"
  PG_PASSWORD="$(vk_secret PG_PASSWORD)"
  local ep var
  for ep in "${ASTERISK_ENDPOINTS[@]}"; do
    var="SIP_PASSWORD_${ep%-ep}"
    local "$var=$(vk_secret "$var")"
  done
  rm -rf "$stage"; mkdir -p "$stage/keys"; chmod 700 "$stage"
  for f in "$ASTERISK_TEMPLATES"/*.conf; do
    vk_render "$f" "$stage/$(basename "$f")"
  done
  cp "$ASTERISK_TLS_DIR/ami.crt" "$ASTERISK_TLS_DIR/ami.key" "$stage/keys/"
  if [[ -f "$etc/.voipkit" ]] && diff -r -q "$stage" "$etc" -x .voipkit >/dev/null 2>&1; then
    return 0
  fi
  # Replace the packaged samples completely: only what the project writes is configuration.
  rm -rf "$etc"; mkdir -p "$etc"
  cp -a "$stage/." "$etc/"
  echo "written by voipkit scripts/services/asterisk.sh; replaced on every start" >"$etc/.voipkit"
  chmod 700 "$etc"
  echo changed
}

asterisk_status() {
  [[ -x "$ASTERISK_DIR/usr/sbin/asterisk" && -S "$ASTERISK_DIR/run/asterisk/asterisk.ctl" ]] \
    && asterisk_cli "core show version" >/dev/null 2>&1
}

_asterisk_wait_booted() {
  local deadline=$((SECONDS + 60)) pid="$1"
  until timeout 10 chroot "$ASTERISK_DIR" /usr/sbin/asterisk -rx "core waitfullybooted" >/dev/null 2>&1; do
    if ! vk_pid_alive "$pid"; then
      vk_log "Asterisk exited during start-up; last lines of $VOIPKIT_IT_DIR/asterisk.out:"
      tail -n 30 "$VOIPKIT_IT_DIR/asterisk.out" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      vk_log "Asterisk did not finish booting within 60 s; last lines of its log:"
      tail -n 30 "$VOIPKIT_IT_DIR/asterisk.out" >&2 || true
      tail -n 30 "$ASTERISK_DIR/var/log/asterisk/messages" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.3
  done
}

asterisk_start() {
  asterisk_install
  mkdir -p "$VOIPKIT_IT_DIR"
  _asterisk_tls
  local changed; changed="$(_asterisk_configure)"
  if asterisk_status; then
    if [[ "$changed" != changed ]]; then
      vk_log "Asterisk already running"
      return 0
    fi
    local others; others="$(vk_other_leases "${VOIPKIT_LEASE_PID:-}" | tr '\n' ' ')"
    if [[ -n "$others" ]]; then
      # Another test run (PIDs $others) is using this Asterisk: reload instead of restarting.
      vk_log "Asterisk configuration changed; test runs $others use it, so it is reloaded, not restarted"
      asterisk_cli "core reload" >/dev/null 2>&1 || vk_log "core reload failed"
      return 0
    fi
    vk_log "Asterisk configuration changed: restarting it"
    local by; by="$(vk_started_by asterisk)"
    asterisk_stop force
    [[ -n "$by" ]] && VOIPKIT_STARTED_BY="$by"
  fi
  vk_require_root "running Asterisk in its chroot"
  local d
  for d in /etc/asterisk /var/lib/asterisk /var/log/asterisk /var/spool/asterisk /run/asterisk; do
    mkdir -p "$ASTERISK_DIR$d"
  done
  # The packaged files belong to a uid that does not exist outside the chroot; Asterisk runs as
  # root without -U (with -U root it drops capabilities and cannot read its own configuration).
  chroot "$ASTERISK_DIR" chown -R root:root /etc/asterisk /var/lib/asterisk /var/log/asterisk \
    /var/spool/asterisk /run/asterisk
  rm -f "$ASTERISK_DIR/run/asterisk/asterisk.ctl" "$ASTERISK_DIR/run/asterisk/asterisk.pid"
  # Each start begins with fresh logs and call records (the previous ones are kept as *.1), so
  # that tests read only what this Asterisk wrote and the cache does not grow without bound.
  local log
  for log in full messages queue_log cdr-csv/Master.csv; do
    if [[ -f "$ASTERISK_DIR/var/log/asterisk/$log" ]]; then
      mv -f "$ASTERISK_DIR/var/log/asterisk/$log" "$ASTERISK_DIR/var/log/asterisk/$log.1"
    fi
  done
  # -f: foreground, so the PID recorded is Asterisk's own and its console output is kept.
  setsid chroot "$ASTERISK_DIR" /usr/sbin/asterisk -f -n </dev/null >"$VOIPKIT_IT_DIR/asterisk.out" 2>&1 8>&- &
  local pid=$!
  echo "$pid" >"$VOIPKIT_IT_DIR/asterisk.pid"
  vk_mark_started asterisk
  if ! _asterisk_wait_booted "$pid"; then
    asterisk_stop force || true
    vk_die "Asterisk did not start (console: $VOIPKIT_IT_DIR/asterisk.out, logs: $ASTERISK_DIR/var/log/asterisk)"
  fi
  vk_wait 20 "AMI on 127.0.0.1:$VOIPKIT_AMI_PORT" vk_port_open "$VOIPKIT_AMI_PORT" \
    || vk_die "Asterisk booted but AMI does not listen on 127.0.0.1:$VOIPKIT_AMI_PORT"
}

# Stops Asterisk if these scripts started it ("force": also when they did not).
asterisk_stop() {
  if ! vk_started_by_us asterisk && [[ "${1:-}" != force ]]; then
    return 0
  fi
  local pid=""
  [[ -f "$VOIPKIT_IT_DIR/asterisk.pid" ]] && pid="$(cat "$VOIPKIT_IT_DIR/asterisk.pid")"
  if asterisk_status; then
    asterisk_cli "core stop now" >/dev/null 2>&1 || true
  fi
  if [[ -n "$pid" ]] && ! vk_wait 15 "Asterisk to stop" bash -c "! kill -0 $pid 2>/dev/null"; then
    kill -TERM "$pid" 2>/dev/null || true
    vk_wait 5 "Asterisk to exit" bash -c "! kill -0 $pid 2>/dev/null" || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$VOIPKIT_IT_DIR/asterisk.pid" "$ASTERISK_DIR/run/asterisk/asterisk.ctl"
  vk_clear_started asterisk
}

asterisk_properties() {
  local ep
  printf 'asterisk.host=127.0.0.1\n'
  printf 'asterisk.port=%s\n' "$VOIPKIT_AMI_PORT"
  printf 'asterisk.tls.port=%s\n' "$VOIPKIT_AMI_TLS_PORT"
  printf 'asterisk.username=voipkit\n'
  printf 'asterisk.secret=%s\n' "$(vk_secret AMI_SECRET)"
  printf 'asterisk.readonly.username=readonly\n'
  printf 'asterisk.readonly.secret=%s\n' "$(vk_secret AMI_READONLY_SECRET)"
  printf 'asterisk.truststore.path=%s\n' "$VOIPKIT_IT_DIR/truststore.p12"
  printf 'asterisk.truststore.password=%s\n' "$(vk_secret TRUSTSTORE_PASSWORD)"
  printf 'asterisk.chroot=%s\n' "$ASTERISK_DIR"
  printf 'asterisk.log.dir=%s\n' "$ASTERISK_DIR/var/log/asterisk"
  printf 'asterisk.cli=chroot %s /usr/sbin/asterisk -rx\n' "$ASTERISK_DIR"
  printf 'asterisk.version=%s\n' "$(chroot "$ASTERISK_DIR" /usr/sbin/asterisk -V | awk '{print $2}')"
  printf 'asterisk.sip.host=127.0.0.1\n'
  printf 'asterisk.sip.port=%s\n' "$VOIPKIT_SIP_PORT"
  local IFS=,
  printf 'pjsip.endpoints=%s\n' "${ASTERISK_ENDPOINTS[*]}"
  unset IFS
  for ep in "${ASTERISK_ENDPOINTS[@]}"; do
    printf 'pjsip.%s.password=%s\n' "$ep" "$(vk_secret "SIP_PASSWORD_${ep%-ep}")"
  done
}
