#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, never a downloaded browser build.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $browser: installing Debian's chromium package…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<MSG
The browser tests need Chromium at $browser, and it is not there.
Install it (Debian/Ubuntu: sudo apt-get install -y chromium), or point CHROMIUM_PATH at a
Chromium or Chrome binary, then run the tests again.
MSG
exit 1
