#!/usr/bin/env bash
# Browser tests for the editor (see editor.mjs) and for the sites Beacon builds
# (see run.mjs): quick exit, axe-core, keyboard, privacy, reflow and
# html-validate on every page.
#
# Works from any directory. Installs what is missing: Chromium and Firefox ESR
# (Debian packages, only if /usr/bin/chromium or /usr/bin/firefox-esr is
# absent) and the npm packages from
# package-lock.json (only if node_modules is absent); then builds the release
# binary and runs the tests. Exits non-zero on any failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]} (apt-get)"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi

if [ ! -d "$here/node_modules" ]; then
  echo "== npm ci (tests/browser)"
  (cd "$here" && npm ci --no-audit --no-fund)
fi

echo "== cargo build --release"
(cd "$repo" && cargo build --release)

cd "$here"
echo "== browser tests: the editor (serve --edit) in Chromium"
node editor.mjs
echo "== browser tests: the editor (serve --edit) in Firefox"
BROWSER=firefox node editor.mjs

echo "== browser tests: the sites"
exec node run.mjs
