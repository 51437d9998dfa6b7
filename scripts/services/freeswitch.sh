# shellcheck shell=bash
# FreeSWITCH 1.10.12 for the ESL integration tests comes prebuilt in ../shared/pbx (no Debian
# release packages it); the tests unpack and start it themselves with their own configuration.
# "start" only installs the Debian runtime libraries it links against (list from
# ../shared/pbx/README.md). Sourced by scripts/services.sh.

FREESWITCH_LIBS=(libcurl4 libedit2 libjpeg62-turbo libopus0 libpcre3 libsndfile1 libspeex1 libspeexdsp1
  libsqlite3-0 libssl3 libtiff6 libuuid1 zlib1g libfreetype6 libpng16-16)

freeswitch_install() { vk_apt_install "${FREESWITCH_LIBS[@]}"; }

freeswitch_status() {
  local p
  for p in "${FREESWITCH_LIBS[@]}"; do vk_have_pkg "$p" || return 1; done
}

freeswitch_start() { freeswitch_install; }

# The tests stop the FreeSWITCH they start; nothing runs between test runs.
freeswitch_stop() { :; }

freeswitch_properties() {
  printf 'freeswitch.dist=%s\n' "$(cd "$VOIPKIT_REPO/.." && pwd)/shared/pbx"
}
