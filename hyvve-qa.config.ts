import { defineConfig, referenceStack } from "hyvve-qa";

// The spec's deployment: AgentOS (A2A, the API, /metrics), the web app and
// CCR, each at its own URL. A deployed environment names where each one is;
// a service with no URL of its own lives at the base URL.
const deployed = (name: "STAGING" | "PRODUCTION") => ({
  baseUrlEnv: `HYVVE_${name}_URL`,
  tokenEnv: `HYVVE_${name}_TOKEN`,
  primary: "web",
  services: {
    web: {},
    agents: { urlEnv: `HYVVE_${name}_AGENTS_URL`, health: "/healthz" },
    ccr: { urlEnv: `HYVVE_${name}_CCR_URL`, health: "/ccr/health" },
  },
});

// The HYVVE suites and where they run. Environments hold URLs and the *names*
// of env vars with tokens; the values stay in the environment (CI secrets).
export default defineConfig({
  maxParallel: 2,
  environments: {
    // The embedded reference app, started for the run: web, agents and CCR on ports of their own.
    local: { workspaceId: "ws-qa", ...referenceStack() },
    staging: { ...deployed("STAGING"), workspaceId: "ws-qa" },
    production: { ...deployed("PRODUCTION"), workspaceId: "ws-qa", production: true },
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
      env: { HYVVE_CCR_URL: "{url.ccr}", HYVVE_AGENTS_URL: "{url.agents}" },
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
      env: { HYVVE_AGENTS_URL: "{url.agents}" },
      // Sends A2A tasks to move the counters it checks.
      mutates: true,
      timeout: 3 * 60_000,
    },
    load: {
      kind: "load",
      runner: "k6",
      files: ["suites/load/*.ts"],
      env: { HYVVE_AGENTS_URL: "{url.agents}", HYVVE_CCR_URL: "{url.ccr}" },
      exclusive: true,
      mutates: true,
      timeout: 15 * 60_000,
    },
  },
});
