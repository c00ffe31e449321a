import { defineConfig } from "vitest/config";

// The project's own tests (of the CLI and the reference app, not of HYVVE).
// test/<dir>/ mirrors the repo: a stage of src/ (test/orchestrate/ for
// src/orchestrate/, ...), or suites/, examples/, ci/ and fixtures/reference-app
// (test/reference-app/); checks over the whole repo sit in test/ itself. What a
// test needs is in its file name, and names its project (`vitest --project
// NAME`, `npm run test:NAME`):
//
//   *.unit.test.ts       unit: src/ imported directly; no build, no reference app,
//                        no browser, no k6, no Go-built tool. Seconds.
//   *.test.ts            cli: the built CLI (`npm test` builds first) and the
//                        shared reference app.
//   *.browser.test.ts    browser: launches Chromium (through the CLI, Playwright
//                        or a team's own suites); one file at a time.
//   *.load.test.ts       load: k6 runs whose latencies count; one file at a time, last.
//   *.telemetry.test.ts  telemetry: real Jaeger and promtool, built into .cache/
//                        by the project's own global setup (and only for it).
//
// test/architecture.unit.test.ts keeps the names honest (no CLI, app, browser
// or k6 in a unit file; the browser and Jaeger helpers only in their projects).
//
// Groups run one after the other. First unit, cli and telemetry side by side;
// then the browser files alone, one at a time — two browser runs at once on a
// 2-core machine would time each other out; then the k6 runs alone, as
// `hyvve-qa run` runs load suites, because latency thresholds measured on a
// machine busy with browsers say nothing. (examples/monorepo runs k6 too but
// checks only what k6 itself reported; it is a browser file.)
const PROJECTS = ["unit", "browser", "load", "telemetry"] as const;
const ofProject = (name: string) => `test/**/*.${name}.test.ts`;
// Fixture projects hold suites of their own (run through the CLI), not tests of hyvve-qa.
const FIXTURES = "test/fixtures/**";
// One reference app for every file of the projects that list it (tests that need
// faults or other env start their own).
const REFERENCE_APP = "test/global-setup.ts";

export default defineConfig({
  test: {
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
          name: "unit",
          include: [ofProject("unit")],
          exclude: [FIXTURES],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "cli",
          include: ["test/**/*.test.ts"],
          exclude: [...PROJECTS.map(ofProject), FIXTURES],
          globalSetup: [REFERENCE_APP],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "telemetry",
          include: [ofProject("telemetry")],
          exclude: [FIXTURES],
          globalSetup: [REFERENCE_APP, "test/global-setup-telemetry.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: [ofProject("browser")],
          exclude: [FIXTURES],
          globalSetup: [REFERENCE_APP],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "load",
          include: [ofProject("load")],
          exclude: [FIXTURES],
          globalSetup: [REFERENCE_APP],
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
