import { describe, expect, it } from "vitest";
import { compareWithBaseline } from "../../src/baseline/compare.js";
import { outdatedBaseline } from "../../src/baseline/outdated.js";
import { configSchema } from "../../src/config/schema.js";
import { recordOfRun } from "../../src/history/record.js";
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
    const { findings } = compareWithBaseline(now, before, limits);
    expect(findings.map((f) => [f.kind, f.caseId, f.regression])).toEqual([
      ["new-failure", "a", true],
      ["fixed", "b", false],
    ]);
  });

  // Was noise: one earlier sample made a clean rerun report 9 "slower" cases (2.6 s → 5.2 s).
  it("says nothing of a case slower than one earlier sample, without a history", () => {
    const { findings } = compareWithBaseline(
      run([testCase("a", "passed", 3000)]),
      run([testCase("a", "passed", 1000)]),
      limits,
    );
    expect(findings).toEqual([]);
  });

  it("reports a case slower than its own history shows (median + 3·MAD), without failing the run", () => {
    // Durations 990…1010 ms: median 1000, MAD 5 → limit max(1000 + 3·1.4826·5, 1000·1.5) = 1500 ms.
    const history = [1000, 1010, 990, 1005, 995].map((ms, i) =>
      recordOfRun({ ...run([testCase("a", "passed", ms)]), id: `h${i}` }),
    );
    const slower = compareWithBaseline(
      run([testCase("a", "passed", 1600)]),
      run([testCase("a", "passed", 1000)]),
      limits,
      history,
    ).findings;
    expect(slower).toEqual([
      expect.objectContaining({ kind: "slower", caseId: "a", regression: false }),
    ]);
    expect(slower[0]!.message).toContain("above its usual 1000 ms (limit 1500 ms");
    expect(
      compareWithBaseline(run([testCase("a", "passed", 1400)]), run([]), limits, history).findings,
    ).toEqual([]);
  });

  it("flags a load p95 that grew by more than the ratio and the floor, not a few ms of noise", () => {
    expect(compareWithBaseline(run([], 11), run([], 7), limits).findings).toEqual([]);
    const { findings } = compareWithBaseline(run([], 200), run([], 100), limits);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "latency-regression", suite: "load", regression: true }),
    ]);
    expect(findings[0]!.message).toContain("p95 100.0 ms → 200.0 ms");
  });
});

/** A load suite with endpoints; `sampled` adds seeded samples (the shape runs have had since samples were recorded). */
function endpointLoad(p95s: Record<string, number>, sampled: boolean): LoadMetrics {
  const base = load(Math.max(...Object.values(p95s)) / 20);
  const sample = (p95: number) => ({
    t: Array.from({ length: 40 }, (_, i) => i * 100),
    v: Array.from({ length: 40 }, (_, i) => (p95 * (i + 1)) / 40),
  });
  return {
    ...base,
    endpoints: Object.entries(p95s).map(([endpoint, p95]) => ({
      scenario: "dashboard",
      endpoint,
      requests: 40,
      rps: 2,
      errorRate: 0,
      latencyMs: { p50: p95 / 2, p90: p95, p95, p99: p95, max: p95 },
      ...(sampled ? { sample: sample(p95) } : {}),
    })),
    ...(sampled ? { sample: sample(base.latencyMs.p95) } : {}),
  };
}

function loadRun(metrics: LoadMetrics): RunResult {
  const r = run([]);
  r.suites = [
    {
      name: "load",
      kind: "load",
      runner: "k6",
      status: "passed",
      durationMs: 1,
      cases: [],
      load: metrics,
    },
  ];
  return r;
}

describe("a baseline from before latency samples", () => {
  // The false pass: one endpoint 100x slower moves no overall p95 that 4 % of requests make up.
  const before = loadRun(
    endpointLoad({ dashboard_metrics: 3, dashboard_page: 4, ccr_route: 10 }, false),
  );
  const now = loadRun(
    endpointLoad({ dashboard_metrics: 305, dashboard_page: 4.5, ccr_route: 11 }, true),
  );
  now.suites[0]!.load!.latencyMs = before.suites[0]!.load!.latencyMs;

  it("compares every endpoint's p95 with the ratio rule, so one slow endpoint is a regression", () => {
    const { findings, latency } = compareWithBaseline(now, before, limits);
    expect(latency).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "latency-regression", suite: "load", regression: true }),
    ]);
    expect(findings[0]!.message).toBe(
      "load › dashboard › dashboard_metrics: p95 3.0 ms → 305.0 ms (+10067%, limit +50%; p95 only: the baseline has no latency samples)",
    );
  });

  it("uses the statistics wherever both sides have samples, the p95 rule elsewhere", () => {
    const partly = loadRun(
      endpointLoad({ dashboard_metrics: 3, dashboard_page: 4, ccr_route: 10 }, true),
    );
    delete partly.suites[0]!.load!.endpoints[0]!.sample;
    const { findings, latency } = compareWithBaseline(now, partly, limits);
    expect(latency.map((l) => l.name)).toEqual([
      "load › all endpoints",
      "load › dashboard › dashboard_page",
      "load › dashboard › ccr_route",
    ]);
    expect(findings.map((f) => f.message.split(":")[0])).toEqual([
      "load › dashboard › dashboard_metrics",
    ]);
  });

  it("says which comparisons are weaker for it and how to refresh it", () => {
    expect(outdatedBaseline(now, before, { environment: "local", profile: "smoke" })).toEqual({
      reason: "the baseline predates per-endpoint latency samples",
      weaker: [
        "load: latency is compared by each endpoint's p95 against a ratio limit, with no significance test or confidence interval (dashboard_metrics, dashboard_page, ccr_route, all endpoints)",
      ],
      refresh: "hyvve-qa baseline record --env local --profile smoke",
    });
    const sampled = loadRun(
      endpointLoad({ dashboard_metrics: 3, dashboard_page: 4, ccr_route: 10 }, true),
    );
    expect(
      outdatedBaseline(now, sampled, { environment: "local", profile: "smoke" }),
    ).toBeUndefined();
  });
});
