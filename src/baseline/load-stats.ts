/**
 * Load latency regressions decided by statistics, per endpoint and overall:
 * a one-sided Mann–Whitney U test (is the current run's latency shifted
 * up?) and a bootstrap 95 % confidence interval of the p95 ratio
 * (current / baseline), resampling blocks of consecutive points because
 * latencies within a run are correlated. A regression when the interval's
 * lower bound is above 1 + tolerance, p is below alpha, and the p95 grew by
 * a margin that matters in milliseconds.
 *
 * simple-statistics gives the rank sum (ties averaged), the error function
 * and the quantiles; the glue here is the U statistic's normal
 * approximation with tie correction and the block bootstrap.
 */
import { errorFunction, quantileSorted, wilcoxonRankSum } from "simple-statistics";
import { mulberry32, seedOf } from "../results/import/k6-sample.js";
import { percentile } from "../results/import/k6-trend.js";
import type { LatencySample } from "../results/model.js";

export interface MannWhitney {
  u: number;
  z: number;
  /** One-sided: the probability of a shift this large upward by chance. */
  p: number;
}

/** U of `current` against `baseline`, its z (tie- and continuity-corrected) and one-sided p. */
export function mannWhitneyGreater(
  current: readonly number[],
  baseline: readonly number[],
): MannWhitney {
  const n1 = current.length;
  const n2 = baseline.length;
  const w = wilcoxonRankSum([...current], [...baseline]);
  const u = w - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const ties = tieTerm([...current, ...baseline]);
  const variance = ((n1 * n2) / 12) * (n + 1 - ties / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, p: 1 };
  const z = (u - (n1 * n2) / 2 - 0.5) / Math.sqrt(variance);
  return { u, z, p: 1 - normalCdf(z) };
}

/** Σ (t³ − t) over groups of tied values. */
function tieTerm(values: number[]): number {
  values.sort((a, b) => a - b);
  let sum = 0;
  for (let i = 0; i < values.length;) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    const t = j - i;
    if (t > 1) sum += t * t * t - t;
    i = j;
  }
  return sum;
}

/** Φ(z) through the error function. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

export interface BootstrapOptions {
  resamples: number;
  /** Points per block; default √n, so blocks span correlated stretches of the run. */
  blockSize?: number;
  seed: number;
}

/** The 95 % interval of p95(current) / p95(baseline) by moving-block bootstrap. */
export function bootstrapP95Ratio(
  current: readonly number[],
  baseline: readonly number[],
  options: BootstrapOptions,
): { ratio: number; low: number; high: number } {
  const random = mulberry32(options.seed);
  const ratios = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    const cur = blockResample(current, options.blockSize, random);
    const base = blockResample(baseline, options.blockSize, random);
    ratios[r] = p95(cur) / Math.max(p95(base), 1e-9);
  }
  const sorted = Array.from(ratios).sort((a, b) => a - b);
  return {
    ratio: p95(current) / Math.max(p95(baseline), 1e-9),
    low: quantileSorted(sorted, 0.025),
    high: quantileSorted(sorted, 0.975),
  };
}

/** A resample of `values` (in time order) made of random whole blocks, as long as the original. */
function blockResample(
  values: readonly number[],
  blockSize: number | undefined,
  random: () => number,
): number[] {
  const n = values.length;
  const size = Math.max(1, Math.min(n, blockSize ?? Math.round(Math.sqrt(n))));
  const out: number[] = [];
  while (out.length < n) {
    const start = Math.floor(random() * (n - size + 1));
    for (let i = start; i < start + size && out.length < n; i++) out.push(values[i]!);
  }
  return out;
}

/** k6's p95 (k6-trend.ts), so these numbers read like every other p95 in the report. */
function p95(values: readonly number[]): number {
  return percentile(Float64Array.from(values).sort(), 0.95);
}

export interface LatencyLimits {
  /** A regression needs the interval's lower bound above 1 + this (0.5 = +50 %). */
  tolerance: number;
  /** …p below this… */
  alpha: number;
  /** …and the p95 up by at least this many ms (7 → 11 ms is +57 % and noise). */
  minDeltaMs: number;
  resamples: number;
  /** Fewer sampled points than this on either side: no claim. */
  minSamples: number;
}

export interface LatencyComparison {
  name: string;
  baselineP95: number;
  currentP95: number;
  ratio: number;
  low: number;
  high: number;
  p: number;
  regression: boolean;
}

/** One endpoint (or the whole run): the test, the interval and the decision. */
export function compareLatency(
  name: string,
  current: LatencySample,
  baseline: LatencySample,
  limits: LatencyLimits,
): LatencyComparison | undefined {
  if (current.v.length < limits.minSamples || baseline.v.length < limits.minSamples)
    return undefined;
  const mw = mannWhitneyGreater(current.v, baseline.v);
  const ci = bootstrapP95Ratio(current.v, baseline.v, {
    resamples: limits.resamples,
    seed: seedOf(name),
  });
  const baselineP95 = p95(baseline.v);
  const currentP95 = p95(current.v);
  const regression =
    ci.low > 1 + limits.tolerance &&
    mw.p < limits.alpha &&
    currentP95 - baselineP95 >= limits.minDeltaMs;
  return {
    name,
    baselineP95,
    currentP95,
    ratio: ci.ratio,
    low: ci.low,
    high: ci.high,
    p: mw.p,
    regression,
  };
}
