/**
 * visual suite (spec DM-09.5): every widget and approval-card state, and the
 * queue default and empty, on the preview pages, at 1280, 768 and 375 px.
 * Local baselines live in suites/visual/__snapshots__/ (committed, one set for
 * every platform); more than 1% of pixels different fails. Percy, when
 * PERCY_TOKEN is set, gets the same pages via percySnapshot (widths from .percy.yml).
 * The widths are not projects but tests of one project, each titled
 * `… [w<width>]` (suites/visual/visual.ts): a worker keeps one page for all of
 * them, and two workers are launched in all rather than two per width.
 */
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import {
  SCREENSHOT_OPTIONS,
  VIEWPORT_HEIGHT,
  VISUAL_WIDTHS,
} from "../fixtures/visual/screenshot.js";
import { outputRoot, reporters, rootDir, sharedUse } from "./playwright.shared.js";

export default defineConfig({
  testDir: join(rootDir, "suites", "visual"),
  testMatch: "**/*.visual.ts",
  outputDir: join(outputRoot, "test-results"),
  // No {platform} in the name: the baselines are committed once and rendered by the same Chromium everywhere.
  // The suffix is the test's width, `w1280` (each test sets testInfo.snapshotSuffix).
  snapshotPathTemplate: "{testDir}/__snapshots__/{arg}{-snapshotSuffix}{ext}",
  // Baselines change only through `hyvve-qa baseline update visual` (--update-snapshots); a missing one fails.
  updateSnapshots: "none",
  fullyParallel: true,
  forbidOnly: !!process.env["CI"],
  // A pixel diff is deterministic: a retry could only hide a rendering flake, never fix a regression.
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: {
    timeout: 5_000,
    // SCREENSHOT_OPTIONS: animations off, caret hidden, CSS scale — the cluster rule's screenshot uses them too.
    toHaveScreenshot: { maxDiffPixelRatio: 0.01, ...SCREENSHOT_OPTIONS },
  },
  reporter: reporters(),
  use: {
    ...sharedUse,
    trace: "off",
    screenshot: "off",
    video: "off",
    // Each test sets its own width (suites/visual/visual.ts); the worker's page starts at the first.
    viewport: { width: VISUAL_WIDTHS[0], height: VIEWPORT_HEIGHT },
  },
});
