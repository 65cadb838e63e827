#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing (Playwright never
# downloads a browser). Without root or apt-get it only says so; the browser tests then
# skip with that reason.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium for the browser tests (Debian package)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "note: /usr/bin/chromium is missing; the browser tests will be skipped (apt-get install chromium)"
fi
