import { fileURLToPath } from "node:url";
import { playwright } from "@vitest/browser-playwright";
import { defineConfig } from "vitest/config";
import { chromiumLaunchOptions, findHeadlessChromium } from "../src/setup/chromium.js";

// Runner config of the `quota` suite (hyvve-qa.config.ts), two projects:
// - quota-unit: the web app's quota store in a DOM environment (happy-dom);
// - quota-browser: the same store in real Chromium (vitest browser mode,
//   Playwright provider), where filling localStorage raises the browser's own
//   QuotaExceededError.
// Client-side faults (HYVVE_FAULTS, e.g. quota-cleanup-disabled) reach the
// unit tests through process.env and the browser tests through `provide`.

const root = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  root,
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    retry: 0,
    projects: [
      {
        extends: true,
        test: {
          name: "quota-unit",
          include: ["suites/quota/**/*.test.ts"],
          exclude: ["suites/quota/**/*.browser.test.ts"],
          environment: "happy-dom",
        },
      },
      {
        extends: true,
        // Pre-bundled up front, so that discovering it mid-run never reloads a test.
        optimizeDeps: { include: ["zod"] },
        test: {
          name: "quota-browser",
          include: ["suites/quota/**/*.browser.test.ts"],
          provide: { hyvveFaults: process.env["HYVVE_FAULTS"] ?? "" },
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              // Debian's headless shell, else its full Chromium (Playwright's own download is not reachable here).
              launchOptions: chromiumLaunchOptions(findHeadlessChromium(process.env)),
            }),
            instances: [{ browser: "chromium" }],
          },
        },
      },
    ],
  },
});
