/**
 * Each suite's expected wall time (src/history/suite-times.ts): the median of
 * its last five recorded runs of the same profile. The medians were computed
 * independently with Python's `statistics.median`:
 *   python3 -c "import statistics as s; print(s.median([30,10,20]), s.median([4,1,3,2]),
 *     s.median([7]), s.median([1.5,2.5]), s.median([900,100,500,300,700]))"
 *   → 20 2.5 7 2.0 500
 */
import { describe, expect, it } from "vitest";
import { expectedSuiteWallTimes, medianOf } from "../../src/history/suite-times.js";
import type { HistoryRecord } from "../../src/history/record.js";

/** A record whose suites took these times (ms), under `profile`. */
function run(times: Record<string, number | null>, profile?: string): HistoryRecord {
  const suites = Object.fromEntries(
    Object.entries(times).map(([name, durationMs]) => [
      name,
      { durationMs, passed: 1, failed: 0, flaky: 0, skipped: 0 },
    ]),
  );
  return {
    v: 2,
    runId: "r",
    startedAt: "2026-12-07T00:00:00.000Z",
    environment: "local",
    ...(profile ? { profile } : {}),
    git: {},
    outcome: "passed",
    ids: [],
    status: "",
    durations: [],
    suites,
  };
}

describe("medianOf", () => {
  it.each([
    [[30, 10, 20], 20],
    [[4, 1, 3, 2], 2.5],
    [[7], 7],
    [[1.5, 2.5], 2],
    [[900, 100, 500, 300, 700], 500],
  ])("medianOf(%j) is %d, as Python's statistics.median says", (values, expected) => {
    expect(medianOf(values)).toBe(expected);
  });
});

describe("expectedSuiteWallTimes", () => {
  it("takes the median of each suite's last five runs, newest first", () => {
    // e2e's oldest run (10 000 ms) is the sixth from the end: not counted.
    const history = [10_000, 900, 100, 500, 300, 700].map((ms) => run({ e2e: ms, ccr: 40 }));
    const expected = expectedSuiteWallTimes(history, "smoke");
    expect(expected.get("e2e")).toBe(500);
    expect(expected.get("ccr")).toBe(40);
  });

  it("counts only runs of the same profile (a record without one is smoke)", () => {
    const history = [
      run({ load: 1000 }),
      run({ load: 60_000 }, "full"),
      run({ load: 3000 }, "smoke"),
    ];
    expect(expectedSuiteWallTimes(history, "smoke").get("load")).toBe(2000);
    expect(expectedSuiteWallTimes(history, "full").get("load")).toBe(60_000);
  });

  it("skips runs without a duration and leaves out suites it never timed", () => {
    const history = [run({ e2e: 30, visual: null }), run({ e2e: null }), run({ e2e: 10 })];
    const expected = expectedSuiteWallTimes(history, "smoke");
    expect(expected.get("e2e")).toBe(20);
    expect(expected.has("visual")).toBe(false);
    expect(expected.has("never")).toBe(false);
  });
});
