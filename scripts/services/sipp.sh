# shellcheck shell=bash
# sipp (Debian's sip-tester) plays SIP phones in the tests; nothing runs until a test starts it.
# Scenarios: scripts/sipp/*.xml (see scripts/README.md for the command lines).
# Sourced by scripts/services.sh.

sipp_install() {
  command -v sipp >/dev/null 2>&1 && return 0
  vk_apt_install sip-tester
  command -v sipp >/dev/null 2>&1 || vk_die "sipp is missing after installing sip-tester"
}

sipp_status() { command -v sipp >/dev/null 2>&1; }

sipp_start() { sipp_install; }

# sipp processes left behind by tests that used this checkout's scenarios (e.g. a test killed
# half-way), found by their command line.
_sipp_leftovers() {
  pgrep -f -- "sipp .*-sf $VOIPKIT_SCRIPTS/sipp/" || true
}

sipp_stop() {
  local pid
  for pid in $(_sipp_leftovers); do
    kill -TERM "$pid" 2>/dev/null || true
  done
}

sipp_properties() {
  printf 'sipp.path=%s\n' "$(command -v sipp)"
  printf 'sipp.scenarios.dir=%s\n' "$VOIPKIT_SCRIPTS/sipp"
}
