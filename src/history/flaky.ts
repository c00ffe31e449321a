/**
 * Flakiness from the history, per case, over a window of recent runs: the
 * flip rate (how often pass ↔ fail changes from one run to the next), how
 * often it passed only on a retry, its failure rate; and a class, with the
 * numbers behind it. A case that fails every time is `broken`, never
 * `flaky`. Runs where most cases failed at once (an outage) are left out of
 * the statistics, as Trunk does: they say nothing about any one case.
 */
import type { HistoryRecord } from "./record.js";

export type FlakyClass = "new" | "stable" | "flaky" | "broken";

export interface FlakyThresholds {
  /** How many recent runs the statistics look at. */
  window: number;
  /** Fewer runs of a case than this: `new`, nothing is claimed. */
  minRuns: number;
  /** Flip rate at or above this: `flaky`. */
  flipRate: number;
  /** Passed-on-retry this many times in the window: `flaky`. */
  passOnRetry: number;
  /** A run where at least this share of its cases failed is an outage, left out. */
  outageFailureRate: number;
}

export const DEFAULT_FLAKY_THRESHOLDS: FlakyThresholds = {
  window: 30,
  minRuns: 5,
  flipRate: 0.1,
  passOnRetry: 2,
  outageFailureRate: 0.5,
};

export interface CaseFlakiness {
  id: string;
  class: FlakyClass;
  /** Runs of this case counted (skips and outage runs left out). */
  runs: number;
  failures: number;
  passOnRetry: number;
  flips: number;
  flipRate: number;
  failureRate: number;
  /** Oldest first: "p" passed, "f" failed, "r" passed on retry (flaky), "s" skipped. */
  recent: string;
}

/** Outage runs: at least `rate` of their cases (and at least 5) failed together. */
export function outageRuns(records: readonly HistoryRecord[], rate: number): Set<string> {
  const out = new Set<string>();
  for (const r of records) {
    const entries = Object.values(r.cases);
    const failed = entries.filter((e) => e[0] === "failed").length;
    if (failed >= 5 && failed / entries.length >= rate) out.add(r.runId);
  }
  return out;
}

const LETTER = { passed: "p", failed: "f", flaky: "r", skipped: "s" } as const;

/** Every case's flakiness over the last `window` usable runs, worst first. */
export function analyseFlakiness(
  records: readonly HistoryRecord[],
  thresholds: FlakyThresholds = DEFAULT_FLAKY_THRESHOLDS,
): CaseFlakiness[] {
  const outages = outageRuns(records, thresholds.outageFailureRate);
  const usable = records.filter((r) => !outages.has(r.runId)).slice(-thresholds.window);
  const series = new Map<string, string[]>();
  for (const r of usable)
    for (const [id, entry] of Object.entries(r.cases)) {
      const list = series.get(id) ?? [];
      list.push(LETTER[entry[0]]);
      series.set(id, list);
    }
  const result = [...series].map(([id, letters]) => classify(id, letters, thresholds));
  const rank: Record<FlakyClass, number> = { flaky: 0, broken: 1, new: 2, stable: 3 };
  return result.sort((a, b) => rank[a.class] - rank[b.class] || b.flipRate - a.flipRate);
}

/** The numbers and the class of one case's recent statuses. */
export function classify(
  id: string,
  letters: readonly string[],
  t: FlakyThresholds,
): CaseFlakiness {
  const ran = letters.filter((l) => l !== "s");
  const failures = ran.filter((l) => l === "f").length;
  const passOnRetry = ran.filter((l) => l === "r").length;
  let flips = 0;
  for (let i = 1; i < ran.length; i++) if ((ran[i] === "f") !== (ran[i - 1] === "f")) flips++;
  const flipRate = ran.length > 1 ? flips / (ran.length - 1) : 0;
  const failureRate = ran.length > 0 ? failures / ran.length : 0;
  const base = { id, runs: ran.length, failures, passOnRetry, flips, flipRate, failureRate };
  const recent = letters.join("");
  if (ran.length < t.minRuns) return { ...base, class: "new", recent };
  if (failures === ran.length) return { ...base, class: "broken", recent };
  const flaky = flipRate >= t.flipRate || passOnRetry >= t.passOnRetry;
  return { ...base, class: flaky ? "flaky" : "stable", recent };
}
