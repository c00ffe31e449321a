/**
 * A bounded, seeded sample of latencies per endpoint (and overall), kept in
 * run.json and so in the committed baseline: enough for a rank test and a
 * bootstrap against a later run without the baseline's raw archive. Reservoir
 * sampling (Algorithm R) keeps every point with the same probability; the
 * sample stays in time order, because latencies within a run are correlated
 * and the bootstrap resamples blocks of time. Points are offered as they are
 * read, so a reservoir holds its sample and nothing else.
 */
import type { LatencySample } from "../model.js";

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

/** Algorithm R over the points offered, in the order offered. */
export class Reservoir {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private seen = 0;
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly size = SAMPLE_SIZE,
  ) {
    this.random = mulberry32(seed);
  }

  offer(timeMs: number, value: number): void {
    this.seen++;
    if (this.times.length < this.size) {
      this.times.push(timeMs);
      this.values.push(value);
      return;
    }
    const j = Math.floor(this.random() * this.seen);
    if (j < this.size) {
      this.times[j] = timeMs;
      this.values[j] = value;
    }
  }

  /** The kept points in time order: ms since `t0`, and values rounded to µs. */
  sample(t0: number): LatencySample {
    const order = this.times.map((_, i) => i).sort((a, b) => this.times[a]! - this.times[b]!);
    return {
      t: order.map((i) => Math.round(this.times[i]! - t0)),
      v: order.map((i) => Math.round(this.values[i]! * 1000) / 1000),
    };
  }
}
