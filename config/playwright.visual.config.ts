/**
 * visual suite (spec DM-09.5): every widget and approval-card state, and the
 * queue default and empty, on the preview pages, at 1280, 768 and 375 px.
 * Local baselines live in suites/visual/__snapshots__/ (committed, one set for
 * every platform); more than 1% of pixels different fails. Percy, when
 * PERCY_TOKEN is set, gets the same pages via percySnapshot (widths from .percy.yml).
 */
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { outputRoot, reporters, rootDir, sharedUse } from "./playwright.shared.js";

/** The viewport widths of the spec; also in .percy.yml. */
export const VISUAL_WIDTHS = [1280, 768, 375] as const;

export default defineConfig({
  testDir: join(rootDir, "suites", "visual"),
  testMatch: "**/*.visual.ts",
  outputDir: join(outputRoot, "test-results"),
  // No {platform} in the name: the baselines are committed once and rendered by the same Chromium everywhere.
  snapshotPathTemplate: "{testDir}/__snapshots__/{arg}-{projectName}{ext}",
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
    toHaveScreenshot: {
      maxDiffPixelRatio: 0.01,
      animations: "disabled",
      caret: "hide",
      scale: "css",
    },
  },
  reporter: reporters(),
  use: {
    ...sharedUse,
    trace: "off",
    screenshot: "off",
    video: "off",
  },
  projects: VISUAL_WIDTHS.map((width) => ({
    name: `w${width}`,
    use: { viewport: { width, height: 900 } },
  })),
});
