/** Real Chromium for the project's own tests: Debian's when present (no download possible here). */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "@playwright/test";
import {
  chromiumLaunchOptions,
  findChromium,
  findHeadlessChromium,
} from "../../src/setup/chromium.js";

export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions(findChromium(process.env)));
}

export interface BrowserLaunchLog {
  /** CHROMIUM_PATH and CHROMIUM_HEADLESS_SHELL_PATH, each a logging wrapper around the real binary. */
  env: Record<string, string>;
  /** The suite folder (or "vitest") of every launch of the full browser and of the headless shell so far. */
  launches(): { full: string[]; headlessShell: string[] };
}

/**
 * Why: which Chromium build a suite launched cannot be seen from inside the
 * browser (both say HeadlessChrome), so each is replaced by a script that
 * notes the launch — tagged with the suite's folder, which the Playwright
 * adapter hands down as HYVVE_PW_OUTPUT_DIR — and then execs the real binary.
 */
export function logBrowserLaunches(dir: string): BrowserLaunchLog {
  const real = {
    full: findChromium(process.env),
    headlessShell: findHeadlessChromium(process.env),
  };
  const env: Record<string, string> = {};
  for (const [kind, variable] of [
    ["full", "CHROMIUM_PATH"],
    ["headlessShell", "CHROMIUM_HEADLESS_SHELL_PATH"],
  ] as const) {
    const target = real[kind];
    if (!target) throw new Error(`no Chromium (${kind}) on this machine: run .ci/setup.sh`);
    const script = join(dir, `${kind}.sh`);
    writeFileSync(
      script,
      [
        "#!/bin/sh",
        `out="\${HYVVE_PW_OUTPUT_DIR:-vitest}"`,
        `echo "\${out##*/}" >> '${join(dir, `${kind}.log`)}'`,
        `exec '${target}' "$@"`,
        "",
      ].join("\n"),
    );
    chmodSync(script, 0o755);
    env[variable] = script;
  }
  const read = (kind: string) => {
    const log = join(dir, `${kind}.log`);
    return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  };
  return { env, launches: () => ({ full: read("full"), headlessShell: read("headlessShell") }) };
}
