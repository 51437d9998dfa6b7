# shellcheck shell=bash
# shellcheck disable=SC2034  # variables used by the scripts that source this file
# Shared helpers for scripts/test.sh, scripts/services.sh and scripts/services/*.sh.
# Sourced, never executed. Callers run with `set -euo pipefail`.

VOIPKIT_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VOIPKIT_SCRIPTS="$VOIPKIT_REPO/scripts"
# Per-checkout run state: PID files, logs, the generated properties file, the truststore.
VOIPKIT_IT_DIR="${VOIPKIT_IT_DIR:-$VOIPKIT_REPO/target/it}"
# Per-machine cache: the Asterisk chroot, the generated secrets and TLS key. Survives `mvn clean`.
VOIPKIT_CACHE="${VOIPKIT_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/voipkit}"

# Everything listens on 127.0.0.1 only. Ports can be moved when something else already uses them.
VOIPKIT_AMI_PORT="${VOIPKIT_AMI_PORT:-5038}"
VOIPKIT_AMI_TLS_PORT="${VOIPKIT_AMI_TLS_PORT:-5039}"
VOIPKIT_SIP_PORT="${VOIPKIT_SIP_PORT:-5060}"
# Not the default ports, so that a PostgreSQL or MariaDB the machine runs for itself is left alone.
VOIPKIT_PG_PORT="${VOIPKIT_PG_PORT:-15432}"
VOIPKIT_MARIADB_PORT="${VOIPKIT_MARIADB_PORT:-13306}"

vk_log() { printf '[voipkit] %s\n' "$*" >&2; }
vk_die() { printf '[voipkit] ERROR: %s\n' "$*" >&2; exit 1; }

# Wall-clock seconds with millisecond precision, for the per-step timings.
vk_now() { date +%s.%N; }
vk_elapsed() { awk -v s="$1" -v e="$(vk_now)" 'BEGIN { printf "%.1fs", e - s }'; }

# Runs a named step and prints how long it took: vk_step "PostgreSQL" postgres_start
vk_step() {
  local name="$1"; shift
  local t0; t0="$(vk_now)"
  "$@"
  vk_log "$name: ok ($(vk_elapsed "$t0"))"
}

vk_require_root() {
  [[ "$(id -u)" == 0 ]] || vk_die "$1 needs root (it installs packages / runs a chroot); run as root, e.g. sudo $0"
}

vk_have_pkg() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Installs Debian packages that are missing. Services the packages would start on their own
# (postinst scripts in a container without systemd) are blocked with a temporary policy-rc.d,
# so that only the private instances the scripts start run.
vk_apt_install() {
  local missing=() p
  for p in "$@"; do vk_have_pkg "$p" || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  vk_require_root "installing ${missing[*]}"
  vk_log "installing ${missing[*]} with apt-get"
  local policy=/usr/sbin/policy-rc.d own_policy=0
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; own_policy=1
  fi
  local rc=0
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >"$VOIPKIT_IT_DIR/apt.log" 2>&1; then
    # A clean machine may have no package lists yet, or stale ones.
    vk_log "apt-get install failed; running apt-get update and retrying"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$VOIPKIT_IT_DIR/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}" >>"$VOIPKIT_IT_DIR/apt.log" 2>&1 || rc=$?
  fi
  ((own_policy)) && rm -f "$policy"
  if ((rc != 0)); then
    tail -n 20 "$VOIPKIT_IT_DIR/apt.log" >&2
    vk_die "apt-get install ${missing[*]} failed (log: $VOIPKIT_IT_DIR/apt.log)"
  fi
}

# The Debian mirror this machine already uses (no host name is written into the repository).
vk_debian_mirror() {
  local uri=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    uri="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources)"
  fi
  if [[ -z "$uri" && -r /etc/apt/sources.list ]]; then
    uri="$(awk '$1 == "deb" && $2 !~ /security/ { print ($2 ~ /^\[/ ? $3 : $2); exit }' /etc/apt/sources.list)"
  fi
  [[ -n "$uri" ]] || vk_die "no Debian mirror found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  printf '%s\n' "$uri"
}

# Per-machine secrets, generated once and kept in the cache (mode 600) so that a restarted
# service and an existing database keep agreeing with the properties file.
VOIPKIT_SECRET_NAMES=(AMI_SECRET AMI_READONLY_SECRET TRUSTSTORE_PASSWORD PG_PASSWORD MARIADB_PASSWORD
  SIP_PASSWORD_101 SIP_PASSWORD_102 SIP_PASSWORD_103 SIP_PASSWORD_104 SIP_PASSWORD_105)
declare -gA VK_SECRETS=()

# Generates the missing secrets and loads all of them (one pass: process start-up is slow).
vk_secrets_init() {
  local file="$VOIPKIT_CACHE/secrets.env" name value
  mkdir -p "$VOIPKIT_CACHE"
  command -v openssl >/dev/null 2>&1 || vk_apt_install openssl
  {
    flock 9
    umask 077
    touch "$file"
    chmod 600 "$file"
    while IFS='=' read -r name value; do
      [[ -n "$name" && -n "$value" ]] && VK_SECRETS["$name"]="$value"
    done <"$file"
    for name in "${VOIPKIT_SECRET_NAMES[@]}"; do
      if [[ -z "${VK_SECRETS[$name]:-}" ]]; then
        value="$(openssl rand -hex 16)" || vk_die "openssl rand failed"
        printf '%s=%s\n' "$name" "$value" >>"$file"
        VK_SECRETS["$name"]="$value"
      fi
    done
  } 9>"$VOIPKIT_CACHE/secrets.lock"
}

vk_secret() {
  ((${#VK_SECRETS[@]} > 0)) || vk_secrets_init
  [[ -n "${VK_SECRETS[$1]:-}" ]] || vk_die "unknown secret $1 (add it to VOIPKIT_SECRET_NAMES in scripts/lib.sh)"
  printf '%s\n' "${VK_SECRETS[$1]}"
}

# True when something accepts TCP connections on 127.0.0.1:PORT.
vk_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# vk_wait SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s until it succeeds.
vk_wait() {
  local limit="$1" what="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || { vk_log "timed out after ${limit}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# True when PID is alive (and not a zombie).
vk_pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]
}

# Marks a service as started by these scripts (so that `stop` stops only what `start` started).
# The marker says who: "test" (scripts/test.sh, which stops it again) or "manual".
vk_mark_started() { mkdir -p "$VOIPKIT_IT_DIR/state"; echo "${VOIPKIT_STARTED_BY:-manual}" >"$VOIPKIT_IT_DIR/state/$1.started"; }
vk_started_by_us() { [[ -f "$VOIPKIT_IT_DIR/state/$1.started" ]]; }
vk_started_by() { cat "$VOIPKIT_IT_DIR/state/$1.started" 2>/dev/null || true; }
vk_clear_started() { rm -f "$VOIPKIT_IT_DIR/state/$1.started"; }

# Leases: every running scripts/test.sh holds one (its PID), so that concurrent test runs on one
# machine share the services: the last one to finish stops them, and nobody restarts them
# under another run's feet.
VOIPKIT_LEASES="$VOIPKIT_CACHE/leases"
vk_lease_take() { mkdir -p "$VOIPKIT_LEASES"; echo "$VOIPKIT_REPO" >"$VOIPKIT_LEASES/$1"; }
vk_lease_drop() { rm -f "$VOIPKIT_LEASES/$1"; }
# PIDs of live leases other than $1 (stale ones, of killed runs, are removed).
vk_other_leases() {
  local f pid
  for f in "$VOIPKIT_LEASES"/*; do
    [[ -e "$f" ]] || continue
    pid="${f##*/}"
    [[ "$pid" == "${1:-}" ]] && continue
    if kill -0 "$pid" 2>/dev/null; then echo "$pid"; else rm -f "$f"; fi
  done
  return 0
}

# Replaces @@NAME@@ placeholders in a template with the values of the shell variables NAME.
vk_render() {
  local src="$1" dst="$2" line out name
  out=""
  while IFS= read -r line || [[ -n "$line" ]]; do
    while [[ "$line" =~ @@([A-Z0-9_]+)@@ ]]; do
      name="${BASH_REMATCH[1]}"
      [[ -v "$name" ]] || vk_die "template $src uses @@$name@@, which is not set"
      line="${line//@@$name@@/${!name}}"
    done
    out+="$line"$'\n'
  done <"$src"
  printf '%s' "$out" >"$dst"
}
