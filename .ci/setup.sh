#!/usr/bin/env bash
# Sets up everything hyvve-qa and its suites need on a fresh machine, and is
# quick when it is all there already (npm test and npm run qa call it first):
#   Debian's Chromium and its headless shell (Playwright cannot download a browser here),
#   Debian's pytest (python3-pytest: the pytest runner's own tests; no PyPI here),
#   npm packages (from package-lock.json, and examples/monorepo/apps/web's own), the build (CLI + reference app),
#   and k6 (on PATH at v2, or built once from the Go module proxy into .cache/k6).
# Arguments name extra pinned Go tools to build into .cache/ (e.g. jaeger and
# promtool, the real receivers of the telemetry tests: their project's global
# setup, test/global-setup-telemetry.ts, asks for them itself).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# Debian's Chromium draws the visual suite; its headless shell (same build, no
# desktop browser around it) runs e2e and quota at about 2.5x less CPU.
packages=()
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then packages+=(chromium); fi
if [ ! -x /usr/lib/chromium/chromium-headless-shell ] && [ -z "${CHROMIUM_HEADLESS_SHELL_PATH:-}" ]; then
  packages+=(chromium-headless-shell)
fi
if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's ${packages[*]}"
    apt-get update -qq
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null; then
      # Only the headless shell is optional: without it e2e and quota use the full browser.
      if [[ " ${packages[*]} " == *" chromium "* ]]; then
        say "could not install Debian's chromium: install it by hand or set CHROMIUM_PATH" >&2
        exit 2
      fi
      say "could not install chromium-headless-shell: e2e and quota will use the full Chromium (slower)" >&2
    fi
  elif [[ " ${packages[*]} " == *" chromium "* ]]; then
    say "no Chromium found: install it (apt-get install chromium chromium-headless-shell) or set CHROMIUM_PATH" >&2
    exit 2
  else
    say "no chromium-headless-shell: e2e and quota will use the full Chromium (slower); apt-get install chromium-headless-shell" >&2
  fi
fi

# The pytest runner's tests run Debian's /usr/bin/python3 with Debian's pytest.
# Optional: without it only those tests fail, each with the runner's "no pytest" message.
if ! /usr/bin/python3 -c "import pytest" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's python3-pytest"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pytest >/dev/null ||
      say "could not install python3-pytest: the pytest runner's tests will fail (no pytest)" >&2
  else
    say "no pytest for /usr/bin/python3: the pytest runner's tests will fail; apt-get install python3-pytest" >&2
  fi
fi

# npm ci only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The worked example's web package has installs of its own (its Playwright, its vitest, jsdom):
# the adoption tests run a team's suites with them, as written.
web=examples/monorepo/apps/web
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
  say "installing the example's own npm packages ($web)"
  npm ci --prefix "$web" --no-audit --no-fund --loglevel=error
fi

say "building (tsc + vite)"
npm run --silent build

say "providing k6${*:+ and $*}"
node bin/hyvve-qa.js setup "$@"
