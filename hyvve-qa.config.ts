import { defineConfig } from "hyvve-qa";

// The HYVVE suites and where they run. Environments hold URLs and the *names*
// of env vars with tokens; the values stay in the environment (CI secrets).
export default defineConfig({
  maxParallel: 2,
  environments: {
    local: { workspaceId: "ws-qa" },
    staging: {
      baseUrlEnv: "HYVVE_STAGING_URL",
      tokenEnv: "HYVVE_STAGING_TOKEN",
      workspaceId: "ws-qa",
    },
    production: {
      baseUrlEnv: "HYVVE_PRODUCTION_URL",
      tokenEnv: "HYVVE_PRODUCTION_TOKEN",
      workspaceId: "ws-qa",
      production: true,
    },
  },
  suites: {
    e2e: {
      kind: "e2e",
      runner: "playwright",
      config: "config/playwright.e2e.config.ts",
      files: ["suites/e2e/**/*.spec.ts"],
      // Live flows create, approve and reject approvals.
      mutates: true,
      timeout: 5 * 60_000,
    },
    visual: {
      kind: "visual",
      runner: "playwright",
      config: "config/playwright.visual.config.ts",
      files: ["suites/visual/**/*.visual.ts"],
      percy: true,
      timeout: 5 * 60_000,
    },
    ccr: {
      kind: "ccr",
      runner: "vitest",
      config: "config/vitest.ccr.config.ts",
      files: ["suites/ccr/**/*.test.ts"],
      // The quota cases spend tokens of fresh workspaces.
      mutates: true,
      timeout: 3 * 60_000,
    },
    quota: {
      kind: "quota",
      runner: "vitest",
      config: "config/vitest.quota.config.ts",
      files: ["suites/quota/**/*.test.ts"],
      timeout: 3 * 60_000,
    },
    observability: {
      kind: "observability",
      runner: "vitest",
      config: "config/vitest.observability.config.ts",
      files: ["suites/observability/**/*.test.ts"],
      // Sends A2A tasks to move the counters it checks.
      mutates: true,
      timeout: 3 * 60_000,
    },
    load: {
      kind: "load",
      runner: "k6",
      files: ["suites/load/*.ts"],
      exclusive: true,
      mutates: true,
      timeout: 15 * 60_000,
    },
  },
});
