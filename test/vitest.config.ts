import { defineConfig } from "vitest/config";

// The project's own tests (of the CLI and the reference app, not of HYVVE).
// They run the built CLI (`npm test` builds first) and talk HTTP to a real
// reference app; one shared app is started in global setup, and tests that
// need faults start their own so that they stay independent.
//
// Two groups, run one after the other: everything else side by side, then the
// k6 load runs alone — as `hyvve-qa run` runs load suites — because latency
// thresholds measured on a 2-core machine busy with browsers say nothing.
// test/cli/shards.test.ts runs k6 too (sharded load), so it goes with them.
// test/adopt/monorepo.test.ts runs k6 too, but checks only what k6 itself reported (its
// thresholds are 500 ms wide): it runs beside the others.
const LOAD_RUNS = ["test/load/cli.test.ts", "test/load/classic.test.ts", "test/cli/shards.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    // Tests run the built CLI several times each; on a busy 2-core machine that takes minutes.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // 2-core machines: keep worker count low so timing-sensitive children
    // (browsers, k6) are not starved.
    maxWorkers: 2,
    reporters: process.env.CI ? ["default", "junit"] : ["default"],
    outputFile: { junit: "reports/self-test/junit.xml" },
    projects: [
      {
        extends: true,
        test: {
          name: "cli",
          include: ["test/**/*.test.ts"],
          // Fixture projects hold suites of their own (run through the CLI), not tests of hyvve-qa.
          exclude: [...LOAD_RUNS, "test/fixtures/**"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "load",
          include: LOAD_RUNS,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
