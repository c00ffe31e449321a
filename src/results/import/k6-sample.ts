/**
 * A bounded, seeded sample of latencies per endpoint (and overall), kept in
 * run.json and so in the committed baseline: enough for a rank test and a
 * bootstrap against a later run without the baseline's raw archive. Reservoir
 * sampling (Algorithm R) keeps every point with the same probability; the
 * sample stays in time order, because latencies within a run are correlated
 * and the bootstrap resamples blocks of time.
 */
import type { LatencySample } from "../model.js";
import type { Series } from "./k6-points.js";

/** Points kept per endpoint: 500 gives a p95 ratio interval a few percent wide. */
export const SAMPLE_SIZE = 500;

/** mulberry32: a small, fast, seeded PRNG (the same seed, the same sample). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed from a name, so each endpoint's sample is reproducible on its own. */
export function seedOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Reservoir samples of the points of `series`, one per group (`groupOf` the
 * point's tag id, -1 for "not sampled"), plus one over all points.
 */
export function sampleByGroup(
  series: Series,
  groupOf: (tagId: number) => number,
  groupNames: readonly string[],
  size = SAMPLE_SIZE,
): { groups: LatencySample[]; all: LatencySample } {
  const reservoirs = groupNames.map((name) => new Reservoir(size, seedOf(name)));
  const all = new Reservoir(size, seedOf("(all)"));
  for (let i = 0; i < series.length; i++) {
    const g = groupOf(series.tagIds[i]!);
    if (g >= 0) reservoirs[g]?.offer(i);
    all.offer(i);
  }
  const t0 = series.length > 0 ? minTime(series) : 0;
  return { groups: reservoirs.map((r) => r.sample(series, t0)), all: all.sample(series, t0) };
}

function minTime(series: Series): number {
  let t0 = Number.POSITIVE_INFINITY;
  for (let i = 0; i < series.length; i++) if (series.times[i]! < t0) t0 = series.times[i]!;
  return t0;
}

/** Algorithm R over point indices. */
class Reservoir {
  private readonly kept: number[] = [];
  private seen = 0;
  private readonly random: () => number;

  constructor(
    private readonly size: number,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  offer(index: number): void {
    this.seen++;
    if (this.kept.length < this.size) this.kept.push(index);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.size) this.kept[j] = index;
    }
  }

  /** The kept points in time order: ms since `t0`, and values rounded to µs. */
  sample(series: Series, t0: number): LatencySample {
    const order = [...this.kept].sort((a, b) => series.times[a]! - series.times[b]!);
    return {
      t: order.map((i) => Math.round(series.times[i]! - t0)),
      v: order.map((i) => Math.round(series.values[i]! * 1000) / 1000),
    };
  }
}
