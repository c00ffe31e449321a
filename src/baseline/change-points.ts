/**
 * Change points in a series of per-run values (an endpoint's p95 over the
 * last runs, say): the runs where the series shifted to a new level.
 *
 * Binary segmentation, as Apache Otava (E-Divisive means) does it, but with
 * ranks and medians: in a segment, every split with at least `minSegment`
 * values on each side is a candidate; the one that leaves the two sides
 * closest to their medians (least absolute deviation) is where the level
 * changed, and a two-sided Mann–Whitney U test (left against right) says
 * whether it did: kept if its p, Bonferroni-corrected over the segment's
 * candidates, is below alpha and the medians differ by a share that matters;
 * then both sides are split again, until nothing is accepted.
 *
 * Ranks, not means: a p95 series has outliers (one run on a busy machine
 * triples the p95), and a mean-based statistic would cut the series around
 * each of them; ranks and medians count an outlier as just one high run.
 * Missing runs (null) are skipped, indices still refer to the given series.
 */
import { median } from "simple-statistics";
import { mannWhitneyGreater } from "./load-stats.js";

export interface ChangePointLimits {
  /** Fewest runs on each side of a split. */
  minSegment: number;
  /** Significance after the Bonferroni correction over the candidate splits of a segment. */
  alpha: number;
  /** The medians must differ by at least this share of the smaller one. */
  minRelative: number;
}

export const DEFAULT_CHANGE_POINT_LIMITS: ChangePointLimits = {
  minSegment: 5,
  alpha: 0.01,
  minRelative: 0.2,
};

export interface ChangePoint {
  /** First run of the new regime, as a position in the given series. */
  index: number;
  /** Median of the segment before the split (within the segment that was split). */
  before: number;
  /** Median of the segment from the split on (within the segment that was split). */
  after: number;
  /** Two-sided p of the split, × the segment's number of candidate splits, capped at 1. */
  p: number;
}

/** A value with its position in the original series, so nulls can be dropped. */
interface Run {
  index: number;
  value: number;
}

/** The best split of a segment: where it falls and its two-sided (uncorrected) p. */
interface Split {
  k: number;
  p: number;
}

/** Where the series shifted, sorted by index; [] when nothing passes the limits. */
export function changePoints(
  series: readonly (number | null)[],
  limits: Partial<ChangePointLimits> = {},
): ChangePoint[] {
  const full = { ...DEFAULT_CHANGE_POINT_LIMITS, ...limits };
  const minSegment = Math.max(1, Math.floor(full.minSegment));
  const runs: Run[] = [];
  series.forEach((value, index) => {
    if (value !== null && Number.isFinite(value)) runs.push({ index, value });
  });
  const found: ChangePoint[] = [];
  segment(runs, { ...full, minSegment }, found);
  return found.sort((a, b) => a.index - b.index);
}

/** One step of binary segmentation: accept this segment's best split, then split both sides. */
function segment(runs: readonly Run[], limits: ChangePointLimits, found: ChangePoint[]): void {
  const values = runs.map((r) => r.value);
  const split = bestSplit(values, limits.minSegment);
  if (split === undefined) return;
  const candidates = values.length - 2 * limits.minSegment + 1;
  const p = Math.min(1, split.p * candidates);
  const before = median(values.slice(0, split.k));
  const after = median(values.slice(split.k));
  const large = Math.abs(after - before) >= limits.minRelative * Math.min(before, after);
  if (p >= limits.alpha || !large) return;
  found.push({ index: runs[split.k]!.index, before, after, p });
  segment(runs.slice(0, split.k), limits, found);
  segment(runs.slice(split.k), limits, found);
}

/**
 * Where a segment is best split: the candidate with the least total absolute
 * deviation from the two sides' medians (an L1 cost). The rank test's p alone
 * would place a clean step a run early whenever that makes the sides more
 * balanced; the cost does not care about balance. Then its rank test.
 */
function bestSplit(values: readonly number[], minSegment: number): Split | undefined {
  let bestK: number | undefined;
  let bestCost = Infinity;
  for (let k = minSegment; k <= values.length - minSegment; k++) {
    const cost = deviation(values.slice(0, k)) + deviation(values.slice(k));
    if (cost < bestCost) [bestK, bestCost] = [k, cost];
  }
  if (bestK === undefined) return undefined;
  return twoSided(values.slice(0, bestK), values.slice(bestK), bestK);
}

/** Σ |x − median|: how far a side is from being one level. */
function deviation(values: readonly number[]): number {
  const m = median([...values]);
  return values.reduce((sum, v) => sum + Math.abs(v - m), 0);
}

/** The rank test both ways round, since a shift may go down as well as up. */
function twoSided(left: readonly number[], right: readonly number[], k: number): Split {
  const up = mannWhitneyGreater(right, left);
  const down = mannWhitneyGreater(left, right);
  const shift = up.p <= down.p ? up : down;
  return { k, p: Math.min(1, 2 * shift.p) };
}
