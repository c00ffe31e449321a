/** The run the trends tests render (html-trends.unit.test.ts, html-trends.browser.test.ts): six runs of history, a hostile suite name and endpoint. */
import type { CaseResult, RunResult } from "../../src/results/model.js";

export const HOSTILE_SUITE = "<img src=x onerror=alert(1)>";
export const HOSTILE_ENDPOINT = "load › smoke › GET /a?q=<svg onload=alert(2)>";
export const FAILED_STRIP = "ppfrpf";

function testCase(id: string, status: CaseResult["status"]): CaseResult {
  return {
    id,
    title: id,
    titlePath: [id],
    status,
    durationMs: 12,
    retries: status === "flaky" ? 1 : 0,
    attachments: [],
    ...(status === "failed" ? { failure: { message: "boom" } } : {}),
  };
}

export function trendRun(): RunResult {
  const runs = [1, 2, 3, 4, 5, 6].map((n) => ({
    runId: `run-${n}`,
    startedAt: `2026-01-0${n}T00:00:00.000Z`,
  }));
  return {
    schemaVersion: 1,
    id: "run-6",
    startedAt: "2026-01-06T00:00:00.000Z",
    finishedAt: "2026-01-06T00:00:10.000Z",
    environment: { name: "local" },
    git: {},
    status: "failed",
    suites: [
      {
        name: "api",
        kind: "e2e",
        runner: "playwright",
        status: "failed",
        durationMs: 1250,
        cases: [
          testCase("api::a.spec.ts::passes", "passed"),
          testCase("api::a.spec.ts::fails", "failed"),
          testCase("api::a.spec.ts::flaky", "flaky"),
        ],
      },
      {
        name: HOSTILE_SUITE,
        kind: "e2e",
        runner: "playwright",
        status: "passed",
        durationMs: 900,
        cases: [testCase("hostile::x", "passed")],
      },
    ],
    history: {
      runs: 5,
      cases: [
        {
          id: "api::a.spec.ts::flaky",
          class: "flaky",
          runs: 6,
          flipRate: 0.6,
          failureRate: 0,
          passOnRetry: 3,
          recent: "prprpr",
        },
      ],
      suggestions: ["api::a.spec.ts::flaky"],
      expired: [],
      trends: {
        runs,
        suites: {
          api: {
            passRate: [1, 1, null, 0.5, 1, 0.75],
            durationMs: [1200, 1100, null, 1500, 1300, 1250],
            flaky: [0, 1, null, 2, 0, 1],
          },
          [HOSTILE_SUITE]: {
            passRate: [1, 1, 1, 1, 1, 1],
            durationMs: [800, 850, 900, 880, 910, 900],
            flaky: [0, 0, 0, 0, 0, 0],
          },
        },
        endpoints: {
          [HOSTILE_ENDPOINT]: {
            p95: [100, 102, 98, 180, 185, 182],
            changePoints: [{ index: 3, runId: "run-4", before: 100, after: 182, p: 0.0123 }],
          },
        },
      },
      strips: {
        "api::a.spec.ts::passes": "pppppp",
        "api::a.spec.ts::fails": FAILED_STRIP,
        "api::a.spec.ts::flaky": "prprpr",
      },
    },
  };
}
