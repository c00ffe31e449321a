/** ctrf.json: the run in the Common Test Report Format, with insights against the history's means. */
import { describe, expect, it } from "vitest";
import { renderCtrf } from "../../src/reporters/ctrf.js";
import type { CaseResult, RunResult } from "../../src/results/model.js";

const c = (
  id: string,
  status: CaseResult["status"],
  ms: number,
  extra: Partial<CaseResult> = {},
): CaseResult => ({
  id,
  title: id,
  titlePath: ["group", id],
  status,
  durationMs: ms,
  retries: status === "flaky" ? 1 : 0,
  attachments: [],
  ...extra,
});

const run: RunResult = {
  schemaVersion: 1,
  id: "r",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:10.000Z",
  environment: { name: "staging" },
  git: { commit: "abc", branch: "main" },
  status: "failed",
  suites: [
    {
      name: "e2e",
      kind: "e2e",
      runner: "playwright",
      status: "failed",
      durationMs: 9000,
      cases: [
        c("a", "passed", 100, { file: "suites/e2e/a.spec.ts" }),
        c("b", "failed", 300, { failure: { message: "expected 1 to be 2", stack: "at b" } }),
        c("f", "flaky", 200),
        c("s", "skipped", 0),
      ],
    },
  ],
  history: {
    runs: 4,
    cases: [],
    suggestions: [],
    expired: [],
    earlier: {
      passRate: 1,
      failRate: 0,
      flakyRate: 0,
      averageTestDurationMs: 150,
      averageRunDurationMs: 8000,
      p95RunDurationMs: 9000,
    },
  },
};

describe("ctrf.json", () => {
  it("holds every case with CTRF's statuses and a summary that adds up", () => {
    const report = JSON.parse(renderCtrf(run));
    expect(report.reportFormat).toBe("CTRF");
    expect(report.specVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.results.tool).toEqual({ name: "hyvve-qa" });
    expect(report.results.summary).toEqual(
      expect.objectContaining({
        tests: 4,
        passed: 2,
        failed: 1,
        skipped: 1,
        pending: 0,
        other: 0,
        flaky: 1,
      }),
    );
    expect(report.results.summary.start).toBe(Date.parse(run.startedAt));
    expect(report.results.summary.duration).toBe(10_000);
    const b = report.results.tests.find((t: { rawStatus: string }) => t.rawStatus === "failed");
    expect(b).toEqual(
      expect.objectContaining({
        name: "group › b",
        status: "failed",
        message: "expected 1 to be 2",
        trace: "at b",
        suite: ["e2e", "group"],
      }),
    );
    expect(report.results.tests[0].filePath).toBe("suites/e2e/a.spec.ts");
    expect(report.results.environment).toEqual(
      expect.objectContaining({
        testEnvironment: "staging",
        commit: "abc",
        branchName: "main",
        healthy: false,
      }),
    );
  });

  it("compares this run's rates and durations with the earlier runs' means", () => {
    const { insights } = JSON.parse(renderCtrf(run));
    // 3 cases ran (the skipped one is not counted): 2 passed (one of them flaky), 1 failed.
    expect(insights.passRate.current).toBeCloseTo(2 / 3, 12);
    expect(insights.passRate.change).toBeCloseTo(2 / 3 - 1, 12);
    expect(insights.failRate).toEqual({ current: 1 / 3, baseline: 0, change: 1 / 3 });
    expect(insights.flakyRate.current).toBeCloseTo(1 / 3, 12);
    // (100 + 300 + 200) / 3 = 200 ms against 150.
    expect(insights.averageTestDuration).toEqual({ current: 200, baseline: 150, change: 50 });
    expect(insights.averageRunDuration).toEqual({ current: 10_000, baseline: 8000, change: 2000 });
    expect(insights.runsAnalyzed).toBe(4);
  });

  it("is written as JSON.stringify(report) would write it, hostile strings included", () => {
    const hostile = [
      'quote " and \\ back',
      "line\nbreak\ttab",
      "\u0001ctl",
      "emoji 😀 › ",
      "</script>",
    ];
    const cases = hostile.flatMap((h, i) => [
      c(`p${i}`, "passed", i + 0.4, { titlePath: ["g", h, `p${i}`], file: h }),
      c(`e${i}`, "failed", 1, {
        quarantined: i % 2 === 0,
        failure: { message: h, stack: i % 2 ? h : undefined, kind: "error" },
      }),
      c(`s${i}`, "skipped", Number.NaN, { titlePath: [h] }),
    ]);
    // Several suites, an empty one, and one across a batch boundary (512 tests a batch).
    const many = Array.from({ length: 600 }, (_, i) => c(`m${i}`, "passed", i));
    const e2e = run.suites[0]!;
    const text = renderCtrf({
      ...run,
      suites: [
        { ...e2e, cases },
        { ...e2e, name: "empty", cases: [] },
        { ...e2e, name: "many", cases: many },
      ],
    });
    expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
    expect(JSON.parse(text).results.tests).toHaveLength(cases.length + many.length);
  });
});
