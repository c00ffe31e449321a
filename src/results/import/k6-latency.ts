/**
 * What the report shows of latency over time, reduced while the points
 * stream past, so that nothing here grows with the number of points:
 *
 * - the time series (request rate and p50/p95/p99 per time bucket) from one
 *   log-bucketed histogram per time slot: every percentile within 0.5 % of
 *   the exact one (DDSketch's mapping; k6's interpolation between ranks);
 *   slots start at 1 s from the first point and widen (2, 4, 8 s …) so there
 *   are never more than 960 of them, and the chart's ≤ 120 buckets are whole
 *   numbers of slots;
 * - the seeded latency samples per endpoint and overall (k6-sample.ts).
 *
 * The exact percentiles (overall, per endpoint, thresholds) are not made
 * here: they need every value (k6-values.ts).
 */
import type { LatencySample, LoadMetrics } from "../model.js";
import { Reservoir, seedOf } from "./k6-sample.js";

/** Relative accuracy of a bucket's percentiles. */
export const SERIES_RELATIVE_ERROR = 0.005;
const GAMMA = (1 + SERIES_RELATIVE_ERROR) / (1 - SERIES_RELATIVE_ERROR);
const LOG_GAMMA = Math.log(GAMMA);
/** Values at or below this (ms) count as 0: k6 reports 0 for requests that never went out. */
const ZERO_BELOW = 1e-9;
const SERIES_MAX_POINTS = 120;
const MAX_SLOTS = SERIES_MAX_POINTS * 8;

/** Counts per log bucket (bucket k holds (γ^(k−1), γ^k]), dense between the lowest and highest bucket seen. */
export class LogHistogram {
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  private zeros = 0;
  private offset = 0;
  private counts = new Uint32Array(0);

  add(value: number, times = 1): void {
    this.count += times;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value <= ZERO_BELOW) {
      this.zeros += times;
      return;
    }
    const k = Math.ceil(Math.log(value) / LOG_GAMMA);
    if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
    this.counts[k - this.offset]! += times;
  }

  /** Widen the dense range to take bucket k (at least doubling it, so widening is rare). */
  private cover(k: number): void {
    const empty = this.counts.length === 0;
    const room = Math.max(256, this.counts.length);
    const low = empty ? k - 256 : Math.min(this.offset, k - room);
    const high = empty ? k + 256 : Math.max(this.offset + this.counts.length, k + room);
    const counts = new Uint32Array(high - low);
    if (!empty) counts.set(this.counts, this.offset - low);
    this.counts = counts;
    this.offset = low;
  }

  merge(other: LogHistogram): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.zeros += other.zeros;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (let i = 0; i < other.counts.length; i++) {
      const c = other.counts[i]!;
      if (c === 0) continue;
      const k = other.offset + i;
      if (k < this.offset || k >= this.offset + this.counts.length) this.cover(k);
      this.counts[k - this.offset]! += c;
    }
  }

  /** The value at 0-based `rank`, within the relative error (and never outside min–max). */
  at(rank: number): number {
    if (rank < this.zeros) return Math.max(0, this.min);
    let seen = this.zeros;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (rank < seen) {
        const value = (2 * Math.exp((this.offset + i) * LOG_GAMMA)) / (1 + GAMMA);
        return Math.min(this.max, Math.max(this.min, value));
      }
    }
    return this.max;
  }

  /** k6's percentile (interpolating between the values at the ranks around p·(n−1)); 0 when empty. */
  percentile(pct: number): number {
    if (this.count === 0) return 0;
    const i = pct * (this.count - 1);
    const lo = Math.floor(i);
    const a = this.at(lo);
    const b = this.at(Math.ceil(i));
    return a + (b - a) * (i - lo);
  }
}

/**
 * Latency histograms per time slot, counted from the first point read (ms
 * since it / slot width; an earlier point, out of order, goes before it),
 * widened to stay few.
 */
export class SlotSeries {
  private widthS = 1;
  private anchor = Number.NaN;
  private readonly slots = new Map<number, LogHistogram>();
  private minSlot = Number.POSITIVE_INFINITY;
  private maxSlot = Number.NEGATIVE_INFINITY;
  private lastSlot = Number.NaN;
  private lastHistogram: LogHistogram | undefined;

  add(timeMs: number, value: number): void {
    if (Number.isNaN(this.anchor)) this.anchor = timeMs;
    const slot = Math.floor((timeMs - this.anchor) / (1000 * this.widthS));
    if (slot !== this.lastSlot) this.select(slot);
    this.lastHistogram!.add(value);
  }

  private select(slot: number): void {
    let h = this.slots.get(slot);
    if (!h) {
      const min = Math.min(this.minSlot, slot);
      const max = Math.max(this.maxSlot, slot);
      if (max - min + 1 > MAX_SLOTS) {
        this.widen();
        this.select(Math.floor(slot / 2));
        return;
      }
      this.minSlot = min;
      this.maxSlot = max;
      h = new LogHistogram();
      this.slots.set(slot, h);
    }
    this.lastSlot = slot;
    this.lastHistogram = h;
  }

  /** Twice as wide: slot s goes into s/2 (rounded down). */
  private widen(): void {
    const old = [...this.slots];
    this.slots.clear();
    for (const [slot, h] of old) {
      const into = Math.floor(slot / 2);
      const existing = this.slots.get(into);
      if (existing) existing.merge(h);
      else this.slots.set(into, h);
    }
    this.widthS *= 2;
    this.minSlot = Math.floor(this.minSlot / 2);
    this.maxSlot = Math.floor(this.maxSlot / 2);
    this.lastSlot = Number.NaN;
  }

  /** At most 120 buckets of whole slots, from the first slot on (t: seconds since its start). */
  series(): LoadMetrics["series"] {
    if (this.slots.size === 0) return [];
    const slots = this.maxSlot - this.minSlot + 1;
    const perBucket = Math.max(1, Math.ceil(slots / SERIES_MAX_POINTS));
    const bucketS = perBucket * this.widthS;
    const out: LoadMetrics["series"] = [];
    for (let b = 0; b * perBucket < slots; b++) {
      const merged = new LogHistogram();
      for (let s = 0; s < perBucket; s++) {
        const h = this.slots.get(this.minSlot + b * perBucket + s);
        if (h) merged.merge(h);
      }
      out.push({
        t: b * bucketS,
        rps: merged.count / bucketS,
        p50: merged.percentile(0.5),
        p95: merged.percentile(0.95),
        p99: merged.percentile(0.99),
      });
    }
    return out;
  }
}

/** Streams the latency points (http_req_duration) into the series and the samples. */
export class LatencyStream {
  readonly series = new SlotSeries();
  firstTime = Number.POSITIVE_INFINITY;
  private readonly all = new Reservoir(seedOf("(all)"));
  private readonly byGroup: Reservoir[] = [];

  /** `groupName` names a (scenario, endpoint) group: its sample's seed. */
  constructor(private readonly groupName: (group: number) => string) {}

  /** One point of (scenario, endpoint) group `group`. */
  add(timeMs: number, value: number, group: number): void {
    if (timeMs < this.firstTime) this.firstTime = timeMs;
    this.series.add(timeMs, value);
    let r = this.byGroup[group];
    if (r === undefined) {
      r = new Reservoir(seedOf(this.groupName(group)));
      this.byGroup[group] = r;
    }
    r.offer(timeMs, value);
    this.all.offer(timeMs, value);
  }

  /** The sample of each group (by group index; empty for a group without points) and of all points; times in ms since the first point. */
  samples(groups: number): { groups: LatencySample[]; all: LatencySample } {
    const t0 = Number.isFinite(this.firstTime) ? this.firstTime : 0;
    return {
      groups: Array.from(
        { length: groups },
        (_, g) => this.byGroup[g]?.sample(t0) ?? { t: [], v: [] },
      ),
      all: this.all.sample(t0),
    };
  }
}
