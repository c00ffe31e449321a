/**
 * e2e suite (spec DM-09.3/09.4): critical flows against the reference app (or
 * --env staging). Each flow runs twice, mocked and live (see suites/e2e/).
 * Retries only in CI; a case that passes on retry is reported as flaky.
 */
import { join } from "node:path";
import { defineConfig } from "@playwright/test";
import { chromiumLaunchOptions } from "../src/setup/chromium.js";
import {
  headlessChromiumPath,
  isCI,
  outputRoot,
  reporters,
  rootDir,
  sharedUse,
  traceMode,
  videoAvailable,
} from "./playwright.shared.js";

export default defineConfig({
  testDir: join(rootDir, "suites", "e2e"),
  testMatch: "**/*.spec.ts",
  outputDir: join(outputRoot, "test-results"),
  fullyParallel: true,
  forbidOnly: isCI,
  retries: isCI ? 2 : 0,
  // 2-core machines: more workers only fight over the CPU.
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: reporters(),
  use: {
    ...sharedUse,
    // e2e checks behaviour, not pixels: the headless shell, not the browser that drew the visual baselines.
    launchOptions: chromiumLaunchOptions(headlessChromiumPath),
    viewport: { width: 1280, height: 800 },
    trace: traceMode,
    screenshot: "only-on-failure",
    video: videoAvailable ? "retain-on-failure" : "off",
  },
  projects: [{ name: "chromium" }],
});
