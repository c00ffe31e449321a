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
    const failed = countLetter(r.status, "f");
    if (failed >= 5 && failed / r.status.length >= rate) out.add(r.runId);
  }
  return out;
}

/** How often `letter` occurs in `text`: indexOf skips the (many) other letters natively. */
export function countLetter(text: string, letter: string): number {
  let count = 0;
  for (let at = text.indexOf(letter); at !== -1; at = text.indexOf(letter, at + 1)) count++;
  return count;
}

/** Every case's flakiness over the last `window` usable runs, worst first. */
export function analyseFlakiness(
  records: readonly HistoryRecord[],
  thresholds: FlakyThresholds = DEFAULT_FLAKY_THRESHOLDS,
): CaseFlakiness[] {
  const outages = outageRuns(records, thresholds.outageFailureRate);
  const usable = records.filter((r) => !outages.has(r.runId)).slice(-thresholds.window);
  const result = [...statusSeries(usable)].map(([id, letters]) =>
    classify(id, letters, thresholds),
  );
  const rank: Record<FlakyClass, number> = { flaky: 0, broken: 1, new: 2, stable: 3 };
  return result.sort((a, b) => rank[a.class] - rank[b.class] || b.flipRate - a.flipRate);
}

/** Per case id, its status letters over `records`, oldest first (absent runs leave no letter). */
export function statusSeries(records: readonly HistoryRecord[]): Map<string, string> {
  // One run (a first run, an import with no history): each id's letter, no grid to build.
  if (records.length === 1)
    return new Map(records[0]!.ids.map((id, i) => [id, records[0]!.status[i]!]));
  const { slotOf, slotsByIds } = slotsOf(records);
  // One byte per (case, run), 0 where the run lacked the case: no per-case arrays to grow and collect.
  const runs = records.length;
  const grid = new Uint8Array(slotOf.size * runs);
  records.forEach((r, j) => {
    const slots = slotsByIds.get(r.ids)!;
    for (let i = 0; i < slots.length; i++) grid[slots[i]! * runs + j] = r.status.charCodeAt(i);
  });
  const series = new Map<string, string>();
  for (const [id, slot] of slotOf) {
    const row = grid.subarray(slot * runs, slot * runs + runs);
    series.set(id, LATIN1.decode(row.includes(0) ? row.filter((c) => c !== 0) : row));
  }
  return series;
}

const LATIN1 = new TextDecoder("latin1");

/** A slot per case id, and per shared id list the slots of its ids (runs of the same cases share one). */
function slotsOf(records: readonly HistoryRecord[]) {
  const slotOf = new Map<string, number>();
  const slotsByIds = new Map<readonly string[], Int32Array>();
  for (const { ids } of records) {
    if (slotsByIds.has(ids)) continue;
    slotsByIds.set(
      ids,
      Int32Array.from(ids, (id) => {
        let slot = slotOf.get(id);
        if (slot === undefined) slotOf.set(id, (slot = slotOf.size));
        return slot;
      }),
    );
  }
  return { slotOf, slotsByIds };
}

const [F, R, S] = ["f", "r", "s"].map((l) => l.charCodeAt(0)) as [number, number, number];

/** The numbers and the class of one case's recent statuses. */
export function classify(
  id: string,
  letters: string | readonly string[],
  t: FlakyThresholds,
): CaseFlakiness {
  const recent = typeof letters === "string" ? letters : letters.join("");
  // One pass over the letters: this runs for every case of a 10,000-case history.
  let runs = 0;
  let failures = 0;
  let passOnRetry = 0;
  let flips = 0;
  let lastFailed: boolean | undefined;
  for (let i = 0; i < recent.length; i++) {
    const letter = recent.charCodeAt(i);
    if (letter === S) continue;
    runs++;
    const failed = letter === F;
    if (failed) failures++;
    else if (letter === R) passOnRetry++;
    if (lastFailed !== undefined && failed !== lastFailed) flips++;
    lastFailed = failed;
  }
  const flipRate = runs > 1 ? flips / (runs - 1) : 0;
  const failureRate = runs > 0 ? failures / runs : 0;
  const base = { id, runs, failures, passOnRetry, flips, flipRate, failureRate };
  if (runs < t.minRuns) return { ...base, class: "new", recent };
  if (failures === runs) return { ...base, class: "broken", recent };
  const flaky = flipRate >= t.flipRate || passOnRetry >= t.passOnRetry;
  return { ...base, class: flaky ? "flaky" : "stable", recent };
}
