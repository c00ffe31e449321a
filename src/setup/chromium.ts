/**
 * Which Chromium the browser runners use. Playwright's own downloads are not
 * reachable here, so both come from Debian:
 *   - the full browser ($CHROMIUM_PATH, then /usr/bin/chromium) renders the
 *     visual suite, whose committed baselines it drew;
 *   - the headless shell ($CHROMIUM_HEADLESS_SHELL_PATH, then Debian's
 *     chromium-headless-shell) runs the suites that never compare pixels (e2e,
 *     quota): the same Chromium build without the desktop browser around it,
 *     what Playwright itself launches for headless runs, and about 2.5x less
 *     CPU per e2e case on 2 cores (bench/RESULTS.md, issue 14).
 * undefined means Playwright's own download (which `doctor` reports missing).
 */
import { existsSync } from "node:fs";

/** Where Debian's chromium-headless-shell package puts the binary (its /usr/bin entry is a shell wrapper). */
export const DEBIAN_HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";

function firstExisting(candidates: ReadonlyArray<string | undefined>): string | undefined {
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** The full browser: what the visual baselines were rendered with. */
export function findChromium(env: NodeJS.ProcessEnv): string | undefined {
  return firstExisting([env["CHROMIUM_PATH"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]);
}

/** Why: e2e and quota check behaviour, not pixels, so they take the lighter headless shell when there is one. */
export function findHeadlessChromium(
  env: NodeJS.ProcessEnv,
  debianShell: string = DEBIAN_HEADLESS_SHELL,
): string | undefined {
  return firstExisting([env["CHROMIUM_HEADLESS_SHELL_PATH"], debianShell]) ?? findChromium(env);
}

/** Flags that keep Chromium quiet on a closed network and working as root in CI. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Playwright launch options for one of the binaries above (Playwright's own download when undefined). */
export function chromiumLaunchOptions(executablePath: string | undefined): {
  executablePath?: string;
  args: string[];
} {
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}
