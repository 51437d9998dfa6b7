#!/usr/bin/env bash
# The project's test command (CI runs it through .ci/run): starts the real services the
# integration tests need (scripts/services.sh start: Asterisk 22, PostgreSQL 15, MariaDB 10.11,
# sipp; installed on first use, cached), runs
#   ./mvnw -B verify -Dvoipkit.it.config=<checkout>/target/it/services.properties -Dvoipkit.it.required=true ARGS...
# and stops, on success, failure or Ctrl-C, the services it started itself (services that were
# already running are left running; with concurrent runs, the last one stops them). Exits with
# Maven's exit code.
#
#   scripts/test.sh                                  everything
#   scripts/test.sh -pl voip-ami -am -Dit.test=AmiChainIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$VOIPKIT_REPO"

T_ALL="$(vk_now)"
# Services this script starts are marked "test"; services started by hand (scripts/services.sh
# start) or by another program are left running. Concurrent test runs share the services
# through leases: the last one to finish stops them.
export VOIPKIT_STARTED_BY=test VOIPKIT_LEASE_PID=$$
vk_lease_take $$

finish() {
  local rc=$? s others to_stop=()
  trap - EXIT INT TERM
  vk_lease_drop $$
  others="$(vk_other_leases $$ | tr '\n' ' ')"
  if [[ -n "$others" ]]; then
    vk_log "leaving the services running: test runs $others still use them"
  else
    for s in postgres mariadb asterisk; do
      [[ "$(vk_started_by "$s")" == test ]] && to_stop+=("$s")
    done
    if ((${#to_stop[@]} > 0)); then
      local t0; t0="$(vk_now)"
      # sipp: phones a killed test may have left behind.
      scripts/services.sh stop "${to_stop[@]}" sipp chromium >/dev/null 2>&1 \
        || vk_log "stopping ${to_stop[*]} failed; see scripts/services.sh status"
      vk_log "stopped ${to_stop[*]} ($(vk_elapsed "$t0"))"
    fi
  fi
  vk_log "done in $(vk_elapsed "$T_ALL"): exit code $rc"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0="$(vk_now)"
vk_log "starting the test services (scripts/services.sh start)"
scripts/services.sh start
vk_log "services ready ($(vk_elapsed "$t0"))"

t0="$(vk_now)"
vk_log "running ./mvnw -B verify $*"
rc=0
./mvnw -B verify -Dvoipkit.it.config="$VOIPKIT_IT_DIR/services.properties" -Dvoipkit.it.required=true "$@" || rc=$?
vk_log "maven finished with exit code $rc ($(vk_elapsed "$t0"))"
exit "$rc"
