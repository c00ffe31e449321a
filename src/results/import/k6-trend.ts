/**
 * Trend statistics and metric selectors over raw k6 points, computed the
 * way k6 computes them, so that on a single instance they equal k6's own
 * end-of-test summary and on several instances they equal what one run over
 * the union of the points computes.
 *
 * Percentiles follow k6's TrendSink.P (metrics/sink.go, k6 v2): sort all
 * values, i = p·(n−1), interpolate linearly between values[floor(i)] and
 * values[ceil(i)]; one value → that value, none → 0. Metric selectors
 * `name{tag:value,…}` select the points carrying those tags.
 */
import type { K6Points, Series, Tags } from "./k6-points.js";

/** k6's percentile of ascending `sorted` values; `pct` in 0..1. */
export function percentile(sorted: Float64Array, pct: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (n === 1) return sorted[0]!;
  const i = pct * (n - 1);
  const lo = Math.floor(i);
  const j = sorted[lo]!;
  const k = sorted[Math.ceil(i)]!;
  return j + (k - j) * (i - lo);
}

export interface TrendStats {
  count: number;
  min: number;
  max: number;
  avg: number;
  med: number;
  p90: number;
  p95: number;
  p99: number;
  /** Ascending values, for further percentiles. */
  sorted: Float64Array;
}

/** Stats of a trend; `values` is sorted in place (pass a copy to keep the original order). */
export function trendStats(values: Float64Array): TrendStats {
  values.sort();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const n = values.length;
  return {
    count: n,
    min: n ? values[0]! : 0,
    max: n ? values[n - 1]! : 0,
    avg: n ? sum / n : 0,
    med: percentile(values, 0.5),
    p90: percentile(values, 0.9),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    sorted: values,
  };
}

/** `name{a:b, c:"d"}` → base name and the tags a point must carry. */
export function parseSelector(selector: string): { name: string; tags: Record<string, string> } {
  const open = selector.indexOf("{");
  if (open === -1) return { name: selector, tags: {} };
  if (!selector.endsWith("}"))
    throw new Error(`metric selector ${selector}: no closing brace at the end`);
  const tags: Record<string, string> = {};
  for (const part of selector.slice(open + 1, -1).split(",")) {
    const colon = part.indexOf(":");
    if (colon === -1) throw new Error(`metric selector ${selector}: "${part}" is not key:value`);
    const key = part.slice(0, colon).trim();
    let value = part.slice(colon + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0])
      value = value.slice(1, -1);
    tags[key] = value;
  }
  return { name: selector.slice(0, open), tags };
}

/** Values of `series` whose tags match `where` (all of them, equal values). */
export function selectValues(
  points: K6Points,
  series: Series | undefined,
  where: Readonly<Record<string, string>>,
): Float64Array {
  if (!series) return new Float64Array(0);
  const keys = Object.keys(where);
  if (keys.length === 0) return series.values.slice(0, series.length);
  const match = tagMatcher(points.tagSets, (t) => keys.every((k) => t[k] === where[k]));
  let n = 0;
  for (let i = 0; i < series.length; i++) if (match(series.tagIds[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < series.length; i++)
    if (match(series.tagIds[i]!)) out[j++] = series.values[i]!;
  return out;
}

function tagMatcher(
  tagSets: readonly Tags[],
  predicate: (t: Tags) => boolean,
): (id: number) => boolean {
  const cache = new Int8Array(tagSets.length);
  return (id) => {
    let c = cache[id]!;
    if (c === 0) {
      c = predicate(tagSets[id]!) ? 1 : -1;
      cache[id] = c;
    }
    return c === 1;
  };
}
