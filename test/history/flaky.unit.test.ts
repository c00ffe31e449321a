/**
 * Flakiness from the history (src/history/flaky.ts): classes new, stable,
 * flaky and broken over a window of usable runs, outage runs left out.
 */
import { describe, expect, it } from "vitest";
import {
  analyseFlakiness,
  classify,
  DEFAULT_FLAKY_THRESHOLDS,
  outageRuns,
  statusSeries,
  type CaseFlakiness,
} from "../../src/history/flaky.js";
import { recordOfRun, type HistoryRecord } from "../../src/history/record.js";
import type { CaseResult, RunResult } from "../../src/results/model.js";

type Status = CaseResult["status"];
const T0 = Date.parse("2026-05-01T00:00:00.000Z");

/** A small run through recordOfRun: one suite, one case per entry of `statuses`. */
function recordOf(n: number, statuses: Record<string, Status>): HistoryRecord {
  const cases: CaseResult[] = Object.entries(statuses).map(([id, status]) => ({
    id,
    title: id,
    titlePath: [id],
    status,
    durationMs: 100,
    retries: status === "flaky" ? 1 : 0,
    attachments: [],
    ...(status === "failed" ? { failure: { message: `boom in run ${n}` } } : {}),
  }));
  const failed = cases.some((c) => c.status === "failed");
  const startedAt = new Date(T0 + n * 3_600_000).toISOString();
  const run: RunResult = {
    schemaVersion: 1,
    id: `run-${String(n).padStart(2, "0")}`,
    startedAt,
    finishedAt: startedAt,
    environment: { name: "staging" },
    git: {},
    status: failed ? "failed" : "passed",
    suites: [
      {
        name: "e2e",
        kind: "e2e",
        runner: "playwright",
        status: failed ? "failed" : "passed",
        durationMs: 1000,
        cases,
      },
    ],
  };
  return recordOfRun(run);
}

/** `count` runs; `status(run, id)` says each case's status in each run. */
function history(
  count: number,
  ids: readonly string[],
  status: (run: number, id: string) => Status,
): HistoryRecord[] {
  return Array.from({ length: count }, (_, n) =>
    recordOf(n, Object.fromEntries(ids.map((id) => [id, status(n, id)]))),
  );
}

function byId(results: CaseFlakiness[], id: string): CaseFlakiness {
  const found = results.find((r) => r.id === id);
  if (!found) throw new Error(`no result for ${id}`);
  return found;
}

describe("analyseFlakiness", () => {
  const ids = ["alternating", "always-fails", "always-passes", "retried-twice", "retried-once"];
  const records = history(10, ids, (n, id) => {
    if (id === "alternating") return n % 2 === 0 ? "passed" : "failed";
    if (id === "always-fails") return "failed";
    if (id === "retried-twice") return n === 3 || n === 8 ? "flaky" : "passed";
    if (id === "retried-once") return n === 4 ? "flaky" : "passed";
    return "passed";
  });
  const results = analyseFlakiness(records);

  it("a case alternating pass/fail over 10 runs is flaky with flip rate 1.0 (9 flips / 9)", () => {
    expect(byId(results, "alternating")).toEqual({
      id: "alternating",
      class: "flaky",
      runs: 10,
      failures: 5,
      passOnRetry: 0,
      flips: 9,
      flipRate: 1,
      failureRate: 0.5,
      recent: "pfpfpfpfpf",
    });
  });

  it("a case failing every time is broken, never flaky", () => {
    expect(byId(results, "always-fails")).toEqual({
      id: "always-fails",
      class: "broken",
      runs: 10,
      failures: 10,
      passOnRetry: 0,
      flips: 0,
      flipRate: 0,
      failureRate: 1,
      recent: "ffffffffff",
    });
  });

  it("a case passing every time is stable", () => {
    expect(byId(results, "always-passes")).toMatchObject({
      class: "stable",
      runs: 10,
      failures: 0,
      flips: 0,
      flipRate: 0,
      recent: "pppppppppp",
    });
  });

  it("passing on a retry twice in 10 runs is flaky; once is not", () => {
    expect(byId(results, "retried-twice")).toMatchObject({
      class: "flaky",
      runs: 10,
      failures: 0,
      passOnRetry: 2,
      flips: 0,
      flipRate: 0,
      recent: "ppprpppprp",
    });
    expect(byId(results, "retried-once")).toMatchObject({ class: "stable", passOnRetry: 1 });
  });

  it("ranks flaky first, then broken, then stable", () => {
    expect(results.map((r) => r.class)).toEqual(["flaky", "flaky", "broken", "stable", "stable"]);
    // Among the flaky, the higher flip rate first.
    expect(results[0]!.id).toBe("alternating");
  });

  it("fewer runs than minRuns (5) is new, whatever happened; 5 runs is enough", () => {
    const four = analyseFlakiness(history(4, ["x"], (n) => (n % 2 ? "failed" : "passed")));
    expect(byId(four, "x")).toMatchObject({ class: "new", runs: 4, flips: 3, flipRate: 1 });
    const allFailed = analyseFlakiness(history(4, ["x"], () => "failed"));
    expect(byId(allFailed, "x").class).toBe("new");
    const five = analyseFlakiness(history(5, ["x"], (n) => (n % 2 ? "failed" : "passed")));
    expect(byId(five, "x")).toMatchObject({ class: "flaky", runs: 5, flips: 4, flipRate: 1 });
  });

  it("a case that appears in only some runs is judged on those", () => {
    const records = [
      ...history(7, ["always"], () => "passed"),
      ...history(10, ["always", "late"], () => "passed").slice(7),
    ];
    expect(byId(analyseFlakiness(records), "late")).toMatchObject({ class: "new", runs: 3 });
  });
});

describe("outage runs", () => {
  // 10 cases; in runs 3 and 7 everything failed at once (the target was down).
  const ids = Array.from({ length: 10 }, (_, i) => `case-${i}`);
  const records = history(10, ids, (n) => (n === 3 || n === 7 ? "failed" : "passed"));

  it("are the runs where at least 5 cases and at least half of them failed", () => {
    expect([...outageRuns(records, 0.5)]).toEqual(["run-03", "run-07"]);
    // 4 of 4 failed: half, but fewer than 5 cases: not an outage.
    expect(
      outageRuns(
        history(1, ["a", "b", "c", "d"], () => "failed"),
        0.5,
      ).size,
    ).toBe(0);
    // 5 of 11 failed: 5 cases, but less than half: not an outage.
    const eleven = Array.from({ length: 11 }, (_, i) => `c${i}`);
    const fewFailed = history(1, eleven, (_, id) => (eleven.indexOf(id) < 5 ? "failed" : "passed"));
    expect(outageRuns(fewFailed, 0.5).size).toBe(0);
    // 5 of 10 failed: exactly half: an outage.
    const half = history(1, ids, (_, id) => (ids.indexOf(id) < 5 ? "failed" : "passed"));
    expect(outageRuns(half, 0.5).size).toBe(1);
  });

  it("are left out: a stable case that failed only in 2 outage runs stays stable", () => {
    const results = analyseFlakiness(records);
    expect(results).toHaveLength(10);
    for (const r of results)
      expect(r).toMatchObject({ class: "stable", runs: 8, failures: 0, recent: "pppppppp" });
  });

  it("a case failing alone in one run is not an outage: it counts", () => {
    const withLoneFailure = history(10, ids, (n, id) =>
      n === 3 || n === 7 || (n === 5 && id === "case-0") ? "failed" : "passed",
    );
    expect(byId(analyseFlakiness(withLoneFailure), "case-0")).toMatchObject({
      class: "flaky",
      runs: 8,
      failures: 1,
      flips: 2,
      recent: "ppppfppp",
    });
  });
});

describe("the window", () => {
  it("looks at the last 30 usable runs only (outage runs do not use up the window)", () => {
    // 40 runs of 6 cases; runs 35 and 36 are outages. The usable runs are
    // 0–34 and 37–39, so the window holds runs 8–34 and 37–39.
    const ids = ["early", "edge", "others-1", "others-2", "others-3", "others-4"];
    const records = history(40, ids, (n, id) => {
      if (n === 35 || n === 36) return "failed";
      if (id === "early") return n < 8 && n % 2 === 1 ? "failed" : "passed";
      if (id === "edge") return n === 8 ? "failed" : "passed";
      return "passed";
    });
    expect([...outageRuns(records, 0.5)]).toEqual(["run-35", "run-36"]);
    const results = analyseFlakiness(records);
    // Its failures in runs 1, 3, 5 and 7 are before the window.
    expect(byId(results, "early")).toMatchObject({
      class: "stable",
      runs: 30,
      failures: 0,
      recent: "p".repeat(30),
    });
    // Run 8 is the window's first: one failure, one flip in 29 pairs.
    const edge = byId(results, "edge");
    expect(edge).toMatchObject({ class: "stable", runs: 30, failures: 1, flips: 1 });
    expect(edge.recent).toBe("f" + "p".repeat(29));
    expect(edge.flipRate).toBeCloseTo(1 / 29, 12);
    // Everything, no window: "early" flips 8 times.
    const all = analyseFlakiness(records, { ...DEFAULT_FLAKY_THRESHOLDS, window: 100 });
    expect(byId(all, "early")).toMatchObject({ class: "flaky", runs: 38, flips: 8 });
  });
});

describe("classify", () => {
  it("leaves skips out of the runs and of the flips", () => {
    const t = DEFAULT_FLAKY_THRESHOLDS;
    expect(classify("x", ["p", "s", "f", "s", "p", "f", "p"], t)).toMatchObject({
      class: "flaky",
      runs: 5,
      failures: 2,
      flips: 4,
      flipRate: 1,
      recent: "psfspfp",
    });
    // Six skips and four passes: four runs, new.
    expect(classify("y", ["s", "p", "s", "p", "s", "p", "s", "p", "s", "s"], t).class).toBe("new");
  });

  it("compares the flip rate with the threshold inclusively", () => {
    // 10 runs, one flip in 9 pairs = 0.111…: flaky at 0.1, stable at 0.2.
    const letters = ["p", "p", "p", "p", "p", "p", "p", "p", "p", "f"];
    const t = DEFAULT_FLAKY_THRESHOLDS;
    expect(classify("z", letters, t)).toMatchObject({ class: "flaky", flips: 1 });
    expect(classify("z", letters, { ...t, flipRate: 0.2 }).class).toBe("stable");
    expect(classify("z", letters, { ...t, flipRate: 1 / 9 }).class).toBe("flaky");
  });
});

describe("statusSeries", () => {
  it("gives one run's letters as the many-run path does (a run lacking every case adds none)", () => {
    const one = recordOf(1, { a: "passed", b: "failed", c: "flaky", d: "skipped", a2: "passed" });
    const empty: HistoryRecord = { ...recordOf(2, {}), ids: [], status: "", durations: [] };
    const viaGrid = statusSeries([one, empty]);
    expect(statusSeries([one])).toEqual(viaGrid);
    expect(Object.fromEntries(viaGrid)).toEqual({ a: "p", b: "f", c: "r", d: "s", a2: "p" });
  });
});
