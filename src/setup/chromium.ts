/**
 * Which Chromium the browser runners use: $CHROMIUM_PATH, then Debian's
 * /usr/bin/chromium; undefined means Playwright's own download (which this
 * network cannot fetch, so doctor reports it).
 */
import { existsSync } from "node:fs";

export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  const candidates = [env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Flags that keep Chromium quiet on a closed network and working as root in CI. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
