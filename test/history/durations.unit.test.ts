/**
 * "Slower" from a case's own history (src/history/durations.ts): above
 * max(median + k·1.4826·MAD, median·(1 + minRelative)) of its recent
 * durations, with at least minSamples of them. The reference numbers were
 * computed independently, with Python's `statistics` module.
 */
import { describe, expect, it } from "vitest";
import {
  durationsOf,
  MAD_SCALE,
  slowerThanHistory,
  type DurationLimits,
} from "../../src/history/durations.js";
import { recordFromEntries, type CaseEntry, type HistoryRecord } from "../../src/history/record.js";
// The same seeded PRNG the latency samples use (one implementation, one sequence).
import { mulberry32 } from "../../src/results/import/k6-sample.js";

/** 20 durations of about 1.2 s: 1000 + round(400·u), u from mulberry32(20260301). */
function seededHistory(): number[] {
  const random = mulberry32(20260301);
  return Array.from({ length: 20 }, () => 1000 + Math.round(random() * 400));
}

// The same 20 numbers, written out for the Python reference below.
const HISTORY = [
  1233, 1308, 1390, 1221, 1166, 1191, 1391, 1227, 1119, 1096, 1042, 1370, 1106, 1015, 1171, 1165,
  1266, 1353, 1157, 1119,
];

// python3 -c "import statistics as s; x=[1233,1308,1390,1221,1166,1191,1391,1227,1119,1096,1042,1370,1106,1015,1171,1165,1266,1353,1157,1119]; m=s.median(x); mad=s.median([abs(v-m) for v in x]); print(m, mad, mad*1.4826, max(m+3*1.4826*mad, m*1.1), max(m+3*1.4826*mad, m*1.5))"
// → 1181.0 68.5 101.5581 1485.6743000000001 1771.5
const REF = { median: 1181, mad: 68.5, scaledMad: 101.5581, limitK: 1485.6743, limitRel: 1771.5 };

// python3 -c "import statistics as s; x=[1233,1308,1390,1221,1166]; m=s.median(x); mad=s.median([abs(v-m) for v in x]); print(m, mad, mad*1.4826, max(m+3*1.4826*mad, m*1.1))"
// → 1233 67 99.3342 1531.0026
const REF5 = { median: 1233, scaledMad: 99.3342, limit: 1531.0026 };

/** k = 3 and a 10 % margin: here the MAD term decides (1181·1.1 = 1299.1 < 1485.67). */
const LIMITS: DurationLimits = {
  samples: 20,
  minSamples: 5,
  k: 3,
  minRelative: 0.1,
  minDurationMs: 0,
};

describe("slowerThanHistory", () => {
  it("the seeded history is the one the reference was computed from", () => {
    expect(seededHistory()).toEqual(HISTORY);
    expect(MAD_SCALE).toBe(1.4826);
  });

  it("says nothing for durations inside the history's range", () => {
    const history = seededHistory();
    for (const current of [...history, REF.median, 1400, 1485])
      expect(slowerThanHistory(current, history, LIMITS), `${current} ms`).toBeUndefined();
    // At the limit is still inside.
    expect(slowerThanHistory(REF.limitK - 1e-6, history, LIMITS)).toBeUndefined();
  });

  it("finds a duration above median + 3·1.4826·MAD, with the reference median and MAD", () => {
    const history = seededHistory();
    for (const current of [1486, 2000, 60_000]) {
      const finding = slowerThanHistory(current, history, LIMITS);
      expect(finding, `${current} ms`).toBeDefined();
      expect(finding!.medianMs).toBe(REF.median);
      expect(finding!.madMs).toBeCloseTo(REF.scaledMad, 9);
      expect(finding!.limitMs).toBeCloseTo(REF.limitK, 9);
      expect(finding!.samples).toBe(20);
    }
    // Unscaled, the MAD is the Python one exactly.
    expect(slowerThanHistory(2000, history, LIMITS)!.madMs / MAD_SCALE).toBeCloseTo(REF.mad, 12);
  });

  it("needs the relative margin too: with 50 % the limit is median·1.5", () => {
    const history = seededHistory();
    const limits = { ...LIMITS, minRelative: 0.5 };
    expect(slowerThanHistory(1700, history, limits)).toBeUndefined();
    expect(slowerThanHistory(REF.limitRel, history, limits)).toBeUndefined();
    expect(slowerThanHistory(1772, history, limits)).toMatchObject({
      medianMs: REF.median,
      limitMs: REF.limitRel,
    });
  });

  it("says nothing with fewer than minSamples durations; exactly minSamples is enough", () => {
    const five = seededHistory().slice(0, 5);
    expect(slowerThanHistory(1_000_000, five.slice(0, 4), LIMITS)).toBeUndefined();
    expect(slowerThanHistory(1_000_000, [], LIMITS)).toBeUndefined();
    const finding = slowerThanHistory(1532, five, LIMITS);
    expect(finding).toBeDefined();
    expect(finding!.medianMs).toBe(REF5.median);
    expect(finding!.madMs).toBeCloseTo(REF5.scaledMad, 9);
    expect(finding!.limitMs).toBeCloseTo(REF5.limit, 9);
    expect(slowerThanHistory(1531, five, LIMITS)).toBeUndefined();
  });

  it("ignores cases faster than minDurationMs", () => {
    const fast = [10, 10, 11, 10, 10, 10];
    expect(slowerThanHistory(50, fast, LIMITS)).toMatchObject({ medianMs: 10 });
    expect(slowerThanHistory(50, fast, { ...LIMITS, minDurationMs: 1000 })).toBeUndefined();
  });

  it("does not reorder the caller's history", () => {
    const history = seededHistory();
    slowerThanHistory(2000, history, LIMITS);
    expect(history).toEqual(HISTORY);
  });
});

describe("durationsOf", () => {
  type Entry = [CaseEntry["status"], number | null, number, string | null];
  function record(n: number, entry: Entry | undefined): HistoryRecord {
    const meta = {
      runId: `run-${n}`,
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(),
      environment: "local",
      git: {},
      outcome: "passed",
    };
    const caseOf = ([status, durationMs, retries, signature]: Entry): CaseEntry => ({
      status,
      durationMs,
      retries,
      signature,
    });
    const cases: [string, CaseEntry][] = entry
      ? [
          ["e2e::x", caseOf(entry)],
          ["e2e::other", caseOf(["passed", 5, 0, null])],
        ]
      : [];
    return recordFromEntries(meta, cases);
  }

  it("takes the case's newest durations, oldest first, leaving out skips, nulls and absences", () => {
    const records = [
      ...HISTORY.map((ms, i) => record(i, ["passed", ms, 0, null])),
      record(20, ["skipped", 0, 0, null]),
      record(21, ["failed", null, 0, "abc"]),
      record(22, undefined),
      record(23, ["failed", 2500, 0, "abc"]),
      record(24, ["flaky", 1300, 1, null]),
    ];
    expect(durationsOf(records, "e2e::x", 20)).toEqual([...HISTORY.slice(2), 2500, 1300]);
    expect(durationsOf(records, "e2e::x", 3)).toEqual([1119, 2500, 1300]);
    expect(durationsOf(records, "e2e::nope", 20)).toEqual([]);
  });
});
