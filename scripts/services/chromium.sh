# shellcheck shell=bash
# Debian's Chromium and ChromeDriver drive the example apps' pages in the browser tests
# (Selenium, headless). Nothing runs until a test starts it; "start" only installs them.
# Sourced by scripts/services.sh.

chromium_install() {
  command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 && return 0
  vk_apt_install chromium chromium-driver
  command -v chromium >/dev/null 2>&1 || vk_die "chromium is missing after installing it"
  command -v chromedriver >/dev/null 2>&1 || vk_die "chromedriver is missing after installing chromium-driver"
}

chromium_status() { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }

chromium_start() { chromium_install; }

# Browsers a killed test may have left behind, found by the profile directory tests use.
chromium_stop() {
  pkill -f -- "chromedriver.*--port" 2>/dev/null || true
}

chromium_properties() {
  printf 'chromium.path=%s\n' "$(command -v chromium)"
  printf 'chromedriver.path=%s\n' "$(command -v chromedriver)"
}
