/**
 * Numbers from raw k6 points, computed the way k6 computes them, so that on a
 * single instance they equal k6's own end-of-test summary and on several
 * instances they equal what one run over the union of the points computes.
 *
 * Percentiles follow k6's TrendSink.P (metrics/sink.go, k6 v2): sort all
 * values, i = p·(n−1), interpolate linearly between values[floor(i)] and
 * values[ceil(i)]; one value → that value, none → 0. Thresholds follow k6's
 * grammar (metrics/thresholds_parser.go): `agg op number`, agg ∈ count, rate,
 * value, avg, min, max, med, p(N); op ∈ <, <=, >, >=, ==, ===, !=; metric
 * selectors `name{tag:value,…}` select the points carrying those tags.
 */
import type { EndpointMetrics, LoadMetrics } from "../results/model.js";
import {
  baseMetric,
  type K6Points,
  type MetricType,
  type Series,
  type Tags,
  type ThresholdDef,
} from "./k6-points.js";

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

// ---------- thresholds ----------

/** Longest first, as k6's scanner matches them. */
const OPERATORS = ["<=", ">=", "===", "==", "!=", "<", ">"] as const;
type Operator = (typeof OPERATORS)[number];

export interface ThresholdExpression {
  aggregation: string;
  /** Percentile in 0..100 for `p(N)`. */
  pct?: number;
  op: Operator;
  value: number;
}

export function parseThresholdExpression(source: string): ThresholdExpression {
  const text = source.replaceAll(" ", "");
  // Longest operator first at each position, as k6's scanner does.
  for (let i = 0; i < text.length; i++) {
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) continue;
    const left = text.slice(0, i);
    const right = text.slice(i + op.length);
    if (!/^\d+(\.\d+)?$/.test(right))
      throw new Error(`threshold "${source}": right side must be a number`);
    const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(left);
    if (p) {
      const pct = Number(p[1]);
      if (pct < 0 || pct > 100)
        throw new Error(`threshold "${source}": percentile must be between 0 and 100`);
      return { aggregation: `p(${pct})`, pct, op, value: Number(right) };
    }
    if (!["count", "rate", "value", "avg", "min", "max", "med"].includes(left)) {
      throw new Error(`threshold "${source}": unknown aggregation "${left}"`);
    }
    return { aggregation: left, op, value: Number(right) };
  }
  throw new Error(`threshold "${source}": no comparison operator`);
}

function compare(a: number, op: Operator, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "==":
    case "===":
      return a === b;
    case "!=":
      return a !== b;
  }
}

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** The aggregated value compared; undefined when the metric had no points (k6 then passes it). */
  observed: number | undefined;
  aggregation: string;
  /** Tags of the selector, e.g. { endpoint: "a2a_navi" }. */
  tags: Record<string, string>;
  samples: number;
}

function inferType(points: K6Points, name: string): MetricType {
  const known = points.types.get(name);
  if (known) return known;
  if (name === "http_req_failed" || name === "checks") return "rate";
  if (name === "http_reqs" || name === "iterations") return "counter";
  return "trend";
}

/** Evaluate thresholds on the points (the union, for several instances). */
export function evaluateThresholds(
  points: K6Points,
  defs: readonly ThresholdDef[],
  durationS: number,
): ThresholdResult[] {
  const cache = new Map<string, { values: Float64Array; stats?: TrendStats }>();
  return defs.map(({ metric, expression }) => {
    const { name, tags } = parseSelector(metric);
    const parsed = parseThresholdExpression(expression);
    let entry = cache.get(metric);
    if (!entry) {
      entry = { values: selectValues(points, points.series.get(name), tags) };
      cache.set(metric, entry);
    }
    const values = entry.values;
    const base = {
      metric,
      expression,
      aggregation: parsed.aggregation,
      tags,
      samples: values.length,
    };
    if (values.length === 0) return { ...base, ok: true, observed: undefined };
    const type = inferType(points, baseMetric(metric));
    let observed: number | undefined;
    if (type === "trend") {
      entry.stats ??= trendStats(values.slice());
      const s = entry.stats;
      if (parsed.pct !== undefined) observed = percentile(s.sorted, parsed.pct / 100);
      else observed = { avg: s.avg, min: s.min, max: s.max, med: s.med }[parsed.aggregation];
    } else if (type === "rate") {
      if (parsed.aggregation === "rate") {
        let trues = 0;
        for (let i = 0; i < values.length; i++) if (values[i] !== 0) trues++;
        observed = trues / values.length;
      }
    } else if (type === "counter") {
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i]!;
      if (parsed.aggregation === "count") observed = sum;
      else if (parsed.aggregation === "rate")
        observed = durationS > 0 ? sum / durationS : undefined;
    } else if (parsed.aggregation === "value") {
      observed = values[values.length - 1];
    }
    if (observed === undefined)
      throw new Error(
        `threshold "${expression}" on ${metric}: ${parsed.aggregation} does not apply to a ${type} metric`,
      );
    return { ...base, ok: compare(observed, parsed.op, parsed.value), observed };
  });
}

// ---------- the report's numbers ----------

function endpointOf(tags: Tags): string {
  return tags["endpoint"] ?? tags["name"] ?? tags["url"] ?? "(untagged)";
}

interface Group {
  scenario: string;
  endpoint: string;
  durations: number[];
  failed: number;
  failedTotal: number;
}

const SERIES_MAX_POINTS = 120;

/** Reduce points to the report's load metrics; `durationS` is the test's run time. */
export function loadMetrics(
  points: K6Points,
  durationS: number,
  thresholds: readonly ThresholdResult[],
): LoadMetrics {
  const duration = points.series.get("http_req_duration");
  const failed = points.series.get("http_req_failed");
  const checks = points.series.get("checks");
  const dur = durationS > 0 ? durationS : 1;

  // Group key per tag set, computed once per distinct set.
  const groups: Group[] = [];
  const groupIndex = new Map<string, number>();
  const groupOfTag = new Int32Array(points.tagSets.length).fill(-1);
  const groupOf = (tagId: number): number => {
    let g = groupOfTag[tagId]!;
    if (g === -1) {
      const tags = points.tagSets[tagId]!;
      const scenario = tags["scenario"] ?? "default";
      const endpoint = endpointOf(tags);
      const key = `${scenario}\u0000${endpoint}`;
      g = groupIndex.get(key) ?? -1;
      if (g === -1) {
        g = groups.length;
        groups.push({ scenario, endpoint, durations: [], failed: 0, failedTotal: 0 });
        groupIndex.set(key, g);
      }
      groupOfTag[tagId] = g;
    }
    return g;
  };

  const counts: number[] = [];
  if (duration) {
    for (let i = 0; i < duration.length; i++) {
      const g = groupOf(duration.tagIds[i]!);
      counts[g] = (counts[g] ?? 0) + 1;
    }
  }
  const perGroup = groups.map((_, g) => new Float64Array(counts[g] ?? 0));
  const fill = new Int32Array(groups.length);
  if (duration) {
    for (let i = 0; i < duration.length; i++) {
      const g = groupOf(duration.tagIds[i]!);
      perGroup[g]![fill[g]!++] = duration.values[i]!;
    }
  }
  let failedCount = 0;
  let failedTotal = 0;
  if (failed) {
    for (let i = 0; i < failed.length; i++) {
      const g = groups[groupOf(failed.tagIds[i]!)]!;
      g.failedTotal++;
      failedTotal++;
      if (failed.values[i] !== 0) {
        g.failed++;
        failedCount++;
      }
    }
  }

  const endpoints: EndpointMetrics[] = groups
    .map((g, i) => {
      const values = perGroup[i] ?? new Float64Array(0);
      const s = trendStats(values);
      return {
        scenario: g.scenario,
        endpoint: g.endpoint,
        requests: s.count,
        rps: s.count / dur,
        errorRate: g.failedTotal ? g.failed / g.failedTotal : 0,
        latencyMs: { p50: s.med, p90: s.p90, p95: s.p95, p99: s.p99, max: s.max },
      };
    })
    .filter((e) => e.requests > 0 || e.errorRate > 0)
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.endpoint.localeCompare(b.endpoint));

  const all = trendStats(
    duration ? duration.values.slice(0, duration.length) : new Float64Array(0),
  );
  let passes = 0;
  let fails = 0;
  if (checks) {
    for (let i = 0; i < checks.length; i++) {
      if (checks.values[i] !== 0) passes++;
      else fails++;
    }
  }

  return {
    durationS,
    requests: all.count,
    rps: all.count / dur,
    errorRate: failedTotal ? failedCount / failedTotal : 0,
    checks: { passes, fails },
    latencyMs: { p50: all.med, p90: all.p90, p95: all.p95, p99: all.p99, max: all.max },
    endpoints,
    thresholds: thresholds.map((t) => ({ metric: t.metric, expression: t.expression, ok: t.ok })),
    series: duration ? timeSeries(duration) : [],
  };
}

/** Request rate and latency percentiles per time bucket (1 s, wider for long runs). */
export function timeSeries(duration: Series): LoadMetrics["series"] {
  if (duration.length === 0) return [];
  let t0 = Number.POSITIVE_INFINITY;
  let t1 = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < duration.length; i++) {
    const t = duration.times[i]!;
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  const spanS = (t1 - t0) / 1000;
  const bucketS = Math.max(1, Math.ceil(spanS / SERIES_MAX_POINTS));
  const buckets = Math.floor(spanS / bucketS) + 1;
  const bucketOf = new Int32Array(duration.length);
  const counts = new Int32Array(buckets);
  for (let i = 0; i < duration.length; i++) {
    const b = Math.min(buckets - 1, Math.floor((duration.times[i]! - t0) / 1000 / bucketS));
    bucketOf[i] = b;
    counts[b]!++;
  }
  const arrays = Array.from(counts, (c) => new Float64Array(c));
  const fill = new Int32Array(buckets);
  for (let i = 0; i < duration.length; i++) {
    const b = bucketOf[i]!;
    arrays[b]![fill[b]!++] = duration.values[i]!;
  }
  return arrays.map((values, b) => {
    values.sort();
    return {
      t: b * bucketS,
      rps: values.length / bucketS,
      p50: percentile(values, 0.5),
      p95: percentile(values, 0.95),
      p99: percentile(values, 0.99),
    };
  });
}

export interface CheckGroup {
  scenario: string;
  group: string;
  checks: { name: string; passes: number; fails: number }[];
}

/** Checks per scenario and group (k6's `group` tag, "::A::B"), in first-seen order. */
export function checkGroups(points: K6Points): CheckGroup[] {
  const checks = points.series.get("checks");
  if (!checks) return [];
  const byKey = new Map<string, CheckGroup>();
  const byCheck = new Map<string, { name: string; passes: number; fails: number }>();
  const keyOfTag: (string | undefined)[] = [];
  for (let i = 0; i < checks.length; i++) {
    const id = checks.tagIds[i]!;
    let key = keyOfTag[id];
    const tags = points.tagSets[id]!;
    if (key === undefined) {
      key = `${tags["scenario"] ?? "default"}\u0000${tags["group"] ?? ""}\u0000${tags["check"] ?? "(unnamed)"}`;
      keyOfTag[id] = key;
    }
    let c = byCheck.get(key);
    if (!c) {
      const scenario = tags["scenario"] ?? "default";
      const group = tags["group"] ?? "";
      const gKey = `${scenario}\u0000${group}`;
      let g = byKey.get(gKey);
      if (!g) {
        g = { scenario, group, checks: [] };
        byKey.set(gKey, g);
      }
      c = { name: tags["check"] ?? "(unnamed)", passes: 0, fails: 0 };
      g.checks.push(c);
      byCheck.set(key, c);
    }
    if (checks.values[i] !== 0) c.passes++;
    else c.fails++;
  }
  return [...byKey.values()];
}
