/**
 * The report's trends (src/baseline/trends.ts) and the history strips
 * (src/history/insights.ts), from history records: per suite values per run
 * with gaps where a suite did not run, per endpoint its p95 series with its
 * change points named by run, and the last 20 statuses of every case.
 */
import { describe, expect, it } from "vitest";
import { historyTrends } from "../../src/baseline/trends.js";
import { DEFAULT_FLAKY_THRESHOLDS } from "../../src/history/flaky.js";
import { historyInsights, STRIP_LENGTH } from "../../src/history/insights.js";
import { recordFromEntries, type CaseEntry, type HistoryRecord } from "../../src/history/record.js";
import type { RunResult } from "../../src/results/model.js";
import { mulberry32 } from "../../src/results/import/k6-sample.js";

const passed: CaseEntry = { status: "passed", durationMs: 10, retries: 0, signature: null };
const failed: CaseEntry = { status: "failed", durationMs: 10, retries: 0, signature: "abc" };

/** Run `n`: e2e always; ccr only on even runs; the load endpoint's p95 as given. */
function record(n: number, p95: number, e2e = { passed: 3, failed: 1, flaky: 0 }): HistoryRecord {
  const suites: HistoryRecord["suites"] = {
    e2e: { durationMs: 1000 + n, skipped: 0, ...e2e },
    ...(n % 2 === 0
      ? { ccr: { durationMs: 500, passed: 2, failed: 0, flaky: 1, skipped: 0 } }
      : {}),
  };
  const load = { "load › a2a › a2a_navi": { requests: 100, errorRate: 0, p50: 3, p95, p99: p95 } };
  return recordFromEntries(
    {
      runId: `run-${n}`,
      startedAt: new Date(Date.UTC(2026, 5, 1, n)).toISOString(),
      environment: "local",
      git: {},
      outcome: "passed",
      suites,
      load,
    },
    [["e2e::a", n % 3 === 0 ? failed : passed]],
  );
}

describe("historyTrends", () => {
  it("gives per suite one value per run, null where the suite did not run", () => {
    const records = [0, 1, 2, 3].map((n) => record(n, 7));
    const trends = historyTrends(records);
    expect(trends.runs.map((r) => r.runId)).toEqual(["run-0", "run-1", "run-2", "run-3"]);
    expect(trends.suites["e2e"]).toEqual({
      passRate: [0.75, 0.75, 0.75, 0.75],
      durationMs: [1000, 1001, 1002, 1003],
      flaky: [0, 0, 0, 0],
    });
    // ccr ran in runs 0 and 2 only; its passed-on-retry case counts as passed and as flaky.
    expect(trends.suites["ccr"]).toEqual({
      passRate: [1, null, 1, null],
      durationMs: [500, null, 500, null],
      flaky: [1, null, 1, null],
    });
    // A suite where nothing ran has no pass rate, not 0 %.
    const none = historyTrends([record(0, 7, { passed: 0, failed: 0, flaky: 0 })]);
    expect(none.suites["e2e"]!.passRate).toEqual([null]);
  });

  it("shows the newest runs only, this one last", () => {
    const records = Array.from({ length: 40 }, (_, n) => record(n, 7));
    const trends = historyTrends(records, 30);
    expect(trends.runs).toHaveLength(30);
    expect(trends.runs[0]!.runId).toBe("run-10");
    expect(trends.runs.at(-1)!.runId).toBe("run-39");
  });

  it("names the run where an endpoint's p95 shifted, and finds none in noise", () => {
    const random = mulberry32(11);
    const noisy = () => 7 * Math.exp(0.1 * (random() + random() + random() - 1.5));
    const flat = Array.from({ length: 30 }, (_, n) => record(n, noisy()));
    expect(historyTrends(flat).endpoints["load › a2a › a2a_navi"]!.changePoints).toEqual([]);

    const shifted = Array.from({ length: 30 }, (_, n) => record(n, noisy() + (n >= 20 ? 100 : 0)));
    const navi = historyTrends(shifted).endpoints["load › a2a › a2a_navi"]!;
    expect(navi.p95).toHaveLength(30);
    expect(navi.changePoints).toEqual([expect.objectContaining({ index: 20, runId: "run-20" })]);
    expect(navi.changePoints[0]!.after - navi.changePoints[0]!.before).toBeGreaterThan(90);
  });

  it("an endpoint missing from a run is a null in its series", () => {
    const records = [record(0, 7), { ...record(1, 7), load: {} }, record(2, 8)];
    expect(historyTrends(records).endpoints["load › a2a › a2a_navi"]!.p95).toEqual([7, null, 8]);
  });
});

describe("history strips", () => {
  const run: RunResult = {
    schemaVersion: 1,
    id: "now",
    startedAt: "2026-07-01T00:00:00.000Z",
    finishedAt: "2026-07-01T00:00:00.000Z",
    environment: { name: "local" },
    git: {},
    status: "passed",
    suites: [
      {
        name: "e2e",
        kind: "e2e",
        runner: "playwright",
        status: "passed",
        durationMs: 1,
        cases: ["e2e::a", "e2e::new"].map((id) => ({
          id,
          title: id,
          titlePath: [id],
          status: "passed" as const,
          durationMs: 1,
          retries: 0,
          attachments: [],
        })),
      },
    ],
  };

  it("are the last 20 statuses of each case of this run, oldest first, this run last", () => {
    const earlier = Array.from({ length: 25 }, (_, n) => record(n, 7));
    const insights = historyInsights(run, earlier, DEFAULT_FLAKY_THRESHOLDS, []);
    // e2e::a failed in runs divisible by 3; the strip covers runs 6…24 and this run.
    const expected = Array.from({ length: 19 }, (_, i) => ((i + 6) % 3 === 0 ? "f" : "p")).join("");
    expect(insights.strips?.["e2e::a"]).toBe(`${expected}p`);
    expect(insights.strips?.["e2e::a"]).toHaveLength(STRIP_LENGTH);
    // A case seen for the first time has a strip of one.
    expect(insights.strips?.["e2e::new"]).toBe("p");
  });
});
