import { describe, expect, it } from "vitest";
import { compareWithBaseline } from "../../src/baseline/compare.js";
import { configSchema } from "../../src/config/schema.js";
import type { CaseResult, LoadMetrics, RunResult } from "../../src/results/model.js";

const limits = configSchema.parse({ suites: {} }).baseline;

function testCase(id: string, status: CaseResult["status"], durationMs: number): CaseResult {
  return { id, title: id, titlePath: [id], status, durationMs, retries: 0, attachments: [] };
}

function load(p95: number): LoadMetrics {
  const latencyMs = { p50: p95 / 2, p90: p95, p95, p99: p95 * 2, max: p95 * 3 };
  return {
    durationS: 20,
    requests: 100,
    rps: 5,
    errorRate: 0,
    checks: { passes: 1, fails: 0 },
    latencyMs,
    endpoints: [],
    thresholds: [],
    series: [],
  };
}

function run(cases: CaseResult[], p95?: number): RunResult {
  return {
    schemaVersion: 1,
    id: "r",
    startedAt: "2026-01-01T00:00:00Z",
    finishedAt: "2026-01-01T00:01:00Z",
    environment: { name: "local" },
    git: {},
    status: "passed",
    suites: [
      { name: "s", kind: "external", runner: "command", status: "passed", durationMs: 1, cases },
      ...(p95 === undefined
        ? []
        : [
            {
              name: "load",
              kind: "load" as const,
              runner: "k6",
              status: "passed" as const,
              durationMs: 1,
              cases: [],
              load: load(p95),
            },
          ]),
    ],
  };
}

describe("baseline comparison", () => {
  it("flags a case that passed before and fails now as a regression, and a fixed one as news", () => {
    const before = run([testCase("a", "passed", 10), testCase("b", "failed", 10)]);
    const now = run([testCase("a", "failed", 10), testCase("b", "passed", 10)]);
    const findings = compareWithBaseline(now, before, limits);
    expect(findings.map((f) => [f.kind, f.caseId, f.regression])).toEqual([
      ["new-failure", "a", true],
      ["fixed", "b", false],
    ]);
  });

  it("reports a case more than twice as slow (above the noise floor) without failing the run", () => {
    const findings = compareWithBaseline(
      run([testCase("a", "passed", 3000)]),
      run([testCase("a", "passed", 1000)]),
      limits,
    );
    expect(findings).toEqual([expect.objectContaining({ kind: "slower", regression: false })]);
    expect(
      compareWithBaseline(
        run([testCase("a", "passed", 300)]),
        run([testCase("a", "passed", 100)]),
        limits,
      ),
    ).toEqual([]);
  });

  it("flags a load p95 that grew by more than the ratio and the floor, not a few ms of noise", () => {
    expect(compareWithBaseline(run([], 11), run([], 7), limits)).toEqual([]);
    const findings = compareWithBaseline(run([], 200), run([], 100), limits);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "latency-regression", suite: "load", regression: true }),
    ]);
    expect(findings[0]!.message).toContain("p95 100.0 ms → 200.0 ms");
  });
});
