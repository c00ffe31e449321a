/**
 * What the e2e and visual Playwright configs share: the browser (system
 * Chromium when present, Playwright's own otherwise), the target the CLI
 * hands over (HYVVE_BASE_URL), and where results go (HYVVE_PW_OUTPUT_DIR,
 * set by the hyvve-qa adapter to the suite's folder in the run folder).
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PlaywrightTestConfig, ReporterDescription } from "@playwright/test";
import {
  chromiumLaunchOptions,
  findChromium,
  findHeadlessChromium,
} from "../src/setup/chromium.js";

export const rootDir = resolve(import.meta.dirname, "..");

/** Where the adapter wants the JSON/JUnit output and test artifacts; a local folder when run by hand. */
export const outputRoot =
  process.env["HYVVE_PW_OUTPUT_DIR"] ?? join(rootDir, "reports", "playwright-local");

export const baseURL = process.env["HYVVE_BASE_URL"];
export const isCI = !!process.env["CI"] && process.env["CI"] !== "false";

export function reporters(): ReporterDescription[] {
  return [
    [isCI || !process.stdout.isTTY ? "line" : "list"],
    ["json", { outputFile: join(outputRoot, "results.json") }],
    ["junit", { outputFile: join(outputRoot, "junit.xml") }],
  ];
}

export const chromiumPath = findChromium(process.env);
/** The suites that compare no pixels launch the headless shell when there is one (src/setup/chromium.ts). */
export const headlessChromiumPath = findHeadlessChromium(process.env);

/** Video needs Playwright's ffmpeg build; without it a recording would fail every test, so it is off then. */
function ffmpegAvailable(): boolean {
  const base =
    process.env["PLAYWRIGHT_BROWSERS_PATH"] ??
    join(process.env["HOME"] ?? "/root", ".cache", "ms-playwright");
  try {
    return readdirSync(base).some((d) => d.startsWith("ffmpeg"));
  } catch {
    return false;
  }
}

export const videoAvailable = ffmpegAvailable();

/**
 * A trace records request headers, i.e. the bearer token and session cookie,
 * and it is a zip that hyvve-qa cannot redact. Against the local reference
 * app the token is a throwaway that dies with the run, so traces are kept on
 * failure; against a deployed stack only when HYVVE_TRACE=on says so.
 * The trace keeps its DOM snapshots (the viewer shows the page at every
 * action) but not the screencast film strip: the frames were ~40% of the e2e
 * suite's CPU (bench/RESULTS.md, issue 14), and a failure keeps its own
 * screenshot anyway (`screenshot: "only-on-failure"`).
 */
export const traceMode: NonNullable<PlaywrightTestConfig["use"]>["trace"] =
  process.env["HYVVE_ENV"] === "local" || process.env["HYVVE_TRACE"] === "on"
    ? { mode: "retain-on-failure", screenshots: false }
    : "off";

export const sharedUse: PlaywrightTestConfig["use"] = {
  ...(baseURL ? { baseURL } : {}),
  browserName: "chromium",
  headless: true,
  launchOptions: chromiumLaunchOptions(chromiumPath),
  locale: "en-US",
  timezoneId: "UTC",
  colorScheme: "light",
  deviceScaleFactor: 1,
  actionTimeout: 10_000,
  navigationTimeout: 15_000,
};
