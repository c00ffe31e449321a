/**
 * Trend statistics and metric selectors over raw k6 points, computed the
 * way k6 computes them, so that on a single instance they equal k6's own
 * end-of-test summary and on several instances they equal what one run over
 * the union of the points computes.
 *
 * Percentiles follow k6's TrendSink.P (metrics/sink.go, k6 v2): sort all
 * values, i = p·(n−1), interpolate linearly between values[floor(i)] and
 * values[ceil(i)]; one value → that value, none → 0. Metric selectors
 * `name{tag:value,…}` select the points carrying those tags. The values are
 * kept per tag set (k6-points.ts); a selection is read by rank across them
 * (k6-values.ts), which gives exactly what sorting the selection would.
 */
import type { K6Points, TagPoints, Tags } from "./k6-points.js";
import { SortedRuns } from "./k6-values.js";

/** k6's percentile of ascending `sorted` values (an array, or runs read by rank); `pct` in 0..1. */
export function percentile(sorted: Float64Array | SortedRuns, pct: number): number {
  const n = sorted instanceof SortedRuns ? sorted.count : sorted.length;
  const at = sorted instanceof SortedRuns ? (r: number) => sorted.at(r) : (r: number) => sorted[r]!;
  if (n === 0) return 0;
  if (n === 1) return at(0);
  const i = pct * (n - 1);
  const lo = Math.floor(i);
  const j = at(lo);
  const k = at(Math.ceil(i));
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
  /** Every value in ascending order, read by rank, for further percentiles. */
  sorted: SortedRuns;
}

/** Stats of a trend's values: an array (sorted here, in place) or the points of some tag sets. */
export function trendStats(values: Float64Array | readonly TagPoints[]): TrendStats {
  let runs: SortedRuns;
  let sum = 0;
  if (values instanceof Float64Array) {
    values.sort();
    for (let i = 0; i < values.length; i++) sum += values[i]!;
    runs = new SortedRuns([values]);
  } else {
    runs = new SortedRuns(values.flatMap((t) => t.values?.sortedRuns() ?? []));
    for (const t of values) sum += t.sum;
  }
  const n = runs.count;
  return {
    count: n,
    min: n ? runs.min : 0,
    max: n ? runs.max : 0,
    avg: n ? sum / n : 0,
    med: percentile(runs, 0.5),
    p90: percentile(runs, 0.9),
    p95: percentile(runs, 0.95),
    p99: percentile(runs, 0.99),
    sorted: runs,
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

/** The tag sets of metric `name` whose tags match `where` (all of them, equal values). */
export function selectTags(
  points: K6Points,
  name: string,
  where: Readonly<Record<string, string>>,
): TagPoints[] {
  const metric = points.metric(name);
  if (!metric) return [];
  const keys = Object.keys(where);
  const matches = (t: Tags) => keys.every((k) => t[k] === where[k]);
  return metric.byTag.filter((t) => matches(points.tagSets[t.tagId]!));
}

/** Every value of metric `name` whose tags match `where`, ascending (tests; small selections). */
export function selectValues(
  points: K6Points,
  name: string,
  where: Readonly<Record<string, string>> = {},
): Float64Array {
  return trendStats(selectTags(points, name, where)).sorted.toArray();
}
