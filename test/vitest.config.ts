import { defineConfig } from "vitest/config";

// The project's own tests (of the CLI and the reference app, not of HYVVE).
// They run the built CLI (`npm test` builds first) and talk HTTP to a real
// reference app; one shared app is started in global setup, and tests that
// need faults start their own so that they stay independent.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // 2-core machines: keep worker count low so timing-sensitive children
    // (browsers, k6) are not starved.
    maxWorkers: 2,
    reporters: process.env.CI ? ["default", "junit"] : ["default"],
    outputFile: { junit: "reports/self-test/junit.xml" },
  },
});
