#!/usr/bin/env bash
# Starts, stops and reports the real services the integration tests use, all on 127.0.0.1:
# PostgreSQL 15, MariaDB 10.11, Asterisk 22 (in a Debian sid chroot), sipp and Chromium. Installs what is
# missing on first use (cached under ${VOIPKIT_CACHE:-~/.cache/voipkit}), idempotent.
#
#   scripts/services.sh start  [service...]   start (and install) them; write target/it/services.properties
#   scripts/services.sh stop   [service...]   stop the ones these scripts started
#   scripts/services.sh status [service...]   exit 0 when all of them run
#
# Services: postgres mariadb asterisk sipp chromium freeswitch (default: all). See scripts/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
for f in "$VOIPKIT_SCRIPTS"/services/*.sh; do source "$f"; done

ALL_SERVICES=(sipp chromium freeswitch postgres mariadb asterisk)   # start order: the databases before Asterisk's cdr_pgsql
PROPERTIES="$VOIPKIT_IT_DIR/services.properties"

usage() { sed -n '2,12s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

selected() {
  local s
  if (($# == 0)); then printf '%s\n' "${ALL_SERVICES[@]}"; return; fi
  for s in "$@"; do
    [[ " ${ALL_SERVICES[*]} " == *" $s "* ]] || vk_die "unknown service '$s' (known: ${ALL_SERVICES[*]})"
    echo "$s"
  done
}

label() {
  case "$1" in
    postgres) echo "PostgreSQL $PG_VERSION (127.0.0.1:$VOIPKIT_PG_PORT)" ;;
    mariadb) echo "MariaDB (127.0.0.1:$VOIPKIT_MARIADB_PORT)" ;;
    asterisk) echo "Asterisk 22 (AMI 127.0.0.1:$VOIPKIT_AMI_PORT, TLS $VOIPKIT_AMI_TLS_PORT, SIP $VOIPKIT_SIP_PORT)" ;;
    sipp) echo "sipp" ;;
    chromium) echo "Chromium (headless browser tests)" ;;
    freeswitch) echo "FreeSWITCH runtime libraries" ;;
  esac
}

# Java properties: escape backslashes so that values are read back verbatim.
write_properties() {
  local tmp="$PROPERTIES.tmp"
  (
    umask 077
    {
      echo "# Written by scripts/services.sh start on $(date -u +%FT%TZ). Secrets: do not share."
      echo "# Read by io.voipkit.testsupport.ItServices (system property voipkit.it.config)."
      asterisk_properties
      postgres_properties
      mariadb_properties
      sipp_properties
      chromium_properties
      freeswitch_properties
    } | sed 's/\\/\\\\/g' >"$tmp"
  )
  chmod 600 "$tmp"
  mv "$tmp" "$PROPERTIES"
}

cmd_start() {
  local s t0
  for s in $(selected "$@"); do
    t0="$(vk_now)"
    "${s}_start"
    vk_log "$(label "$s"): up ($(vk_elapsed "$t0"))"
  done
  # The properties describe all services; write them once everything asked for is up.
  if asterisk_status && postgres_status && mariadb_status && sipp_status && chromium_status && freeswitch_status; then
    write_properties
    vk_log "services ready: $PROPERTIES"
  else
    vk_log "not all services run; $PROPERTIES not written (start them all for the integration tests)"
  fi
}

cmd_stop() {
  local s list=() i
  mapfile -t list < <(selected "$@")
  for ((i = ${#list[@]} - 1; i >= 0; i--)); do
    s="${list[i]}"
    if vk_started_by_us "$s" || [[ "$s" == sipp || "$s" == chromium || "$s" == freeswitch ]]; then
      "${s}_stop"
      vk_log "$(label "$s"): stopped"
    fi
  done
  (($# == 0)) && rm -f "$PROPERTIES"
  return 0
}

cmd_status() {
  local s rc=0 how
  for s in $(selected "$@"); do
    if "${s}_status"; then
      how="running"; vk_started_by_us "$s" && how="running (started by scripts/services.sh)"
      [[ "$s" == sipp || "$s" == chromium || "$s" == freeswitch ]] && how="installed"
    else
      how="not running"; [[ "$s" == sipp || "$s" == chromium || "$s" == freeswitch ]] && how="not installed"; rc=3
    fi
    printf '%-9s %s\n' "$s" "$how"
  done
  return "$rc"
}

(($# >= 1)) || usage
command="$1"; shift
for s in "$@"; do
  [[ " ${ALL_SERVICES[*]} " == *" $s "* ]] || vk_die "unknown service '$s' (known: ${ALL_SERVICES[*]})"
done
mkdir -p "$VOIPKIT_IT_DIR" "$VOIPKIT_CACHE"
vk_secrets_init
# One start/stop at a time per checkout and per machine-wide service.
exec 8>"$VOIPKIT_CACHE/services.lock"
case "$command" in
  start) flock 8; cmd_start "$@" ;;
  stop) flock 8; cmd_stop "$@" ;;
  status) cmd_status "$@" ;;
  *) usage ;;
esac
