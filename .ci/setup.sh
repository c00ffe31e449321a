#!/usr/bin/env bash
# Sets up everything hyvve-qa and its suites need on a fresh machine, and is
# quick when it is all there already (npm test and npm run qa call it first):
#   Debian's Chromium (Playwright cannot download a browser here),
#   npm packages (from package-lock.json), the build (CLI + reference app),
#   and k6 (on PATH at v2, or built once from the Go module proxy into .cache/k6).
# Arguments name extra pinned Go tools to build into .cache/ (npm test passes
# jaeger and promtool, the real receivers of the telemetry tests).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH" >&2
    exit 2
  fi
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "building (tsc + vite)"
npm run --silent build

say "providing k6${*:+ and $*}"
node bin/hyvve-qa.js setup "$@"
