// apps/web/playwright.config.ts - E2E (DM-09.3/09.4) and visual (DM-09.5) projects
import 'dotenv/config';
import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Playwright cannot download its own browsers on our machines: use the system
// Chromium (Debian's /usr/bin/chromium), or CHROMIUM_PATH when it lives elsewhere.
const executablePath =
  process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const launchOptions = {
  ...(executablePath ? { executablePath } : {}),
  args: [
    '--no-sandbox',
    '--disable-setuid-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  chromiumSandbox: false,
};

export default defineConfig({
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 2 : 0,
  workers: process.env.CI ? 1 : undefined,
  timeout: 60 * 1000,
  expect: {
    timeout: 15 * 1000,
    // Spec DM-09.5 AC5: more than 1% of the pixels changed fails.
    toHaveScreenshot: { maxDiffPixelRatio: 0.01, animations: 'disabled', caret: 'hide', scale: 'css' },
  },
  // Committed baselines, one set for every platform (the same system Chromium renders them).
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFileName}/{arg}{ext}',
  use: {
    baseURL: process.env.WEB_URL,
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 15 * 1000,
    navigationTimeout: 30 * 1000,
  },
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }],
    ['junit', { outputFile: 'playwright-report/junit.xml' }],
  ],
  projects: [
    {
      name: 'chromium',
      testDir: './e2e/tests',
      use: { ...devices['Desktop Chrome'] },
    },
    {
      name: 'visual',
      testDir: './src/components/__visual_tests__',
      testMatch: '**/*.visual.ts',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 1024 } },
    },
  ],
  // Checks that the target stack answers before any test runs.
  globalSetup: './e2e/global-setup.ts',
});
