/**
 * The report's load numbers from raw k6 points: per scenario and endpoint
 * request counts, rates, error rates and exact percentiles (k6's
 * definition, k6-trend.ts), the latency-over-time series and check groups.
 */
import type { EndpointMetrics, LatencySample, LoadMetrics } from "../model.js";
import type { K6Points, Series, Tags } from "./k6-points.js";
import { sampleByGroup } from "./k6-sample.js";
import type { ThresholdResult } from "./k6-thresholds.js";
import { percentile, trendStats } from "./k6-trend.js";

function endpointOf(tags: Tags): string {
  return tags["endpoint"] ?? tags["name"] ?? tags["url"] ?? "(untagged)";
}

interface Group {
  scenario: string;
  endpoint: string;
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
  const dur = durationS > 0 ? durationS : 1;
  const grouping = new EndpointGrouping(points);
  const perGroup = grouping.durations(duration);
  const failures = grouping.countFailures(points.series.get("http_req_failed"));
  const samples = duration
    ? sampleByGroup(
        duration,
        (id) => grouping.groupOf(id),
        grouping.groups.map((g) => `${g.scenario} › ${g.endpoint}`),
      )
    : undefined;
  const endpoints = endpointMetrics(grouping.groups, perGroup, dur, samples?.groups);
  const all = trendStats(
    duration ? duration.values.slice(0, duration.length) : new Float64Array(0),
  );
  return {
    durationS,
    requests: all.count,
    rps: all.count / dur,
    errorRate: failures.total ? failures.failed / failures.total : 0,
    checks: countChecks(points.series.get("checks")),
    latencyMs: { p50: all.med, p90: all.p90, p95: all.p95, p99: all.p99, max: all.max },
    endpoints,
    ...(samples ? { sample: samples.all } : {}),
    thresholds: thresholds.map((t) => ({ metric: t.metric, expression: t.expression, ok: t.ok })),
    series: duration ? timeSeries(duration) : [],
  };
}

/**
 * Points grouped by (scenario, endpoint). The group of a tag set is worked
 * out once per distinct set, not once per point: millions of points share a
 * few hundred tag sets.
 */
class EndpointGrouping {
  readonly groups: Group[] = [];
  private readonly index = new Map<string, number>();
  private readonly ofTag: Int32Array;

  constructor(private readonly points: K6Points) {
    this.ofTag = new Int32Array(points.tagSets.length).fill(-1);
  }

  groupOf(tagId: number): number {
    let g = this.ofTag[tagId]!;
    if (g !== -1) return g;
    const tags = this.points.tagSets[tagId]!;
    const scenario = tags["scenario"] ?? "default";
    const endpoint = endpointOf(tags);
    const key = `${scenario}\u0000${endpoint}`;
    g = this.index.get(key) ?? -1;
    if (g === -1) {
      g = this.groups.length;
      this.groups.push({ scenario, endpoint, failed: 0, failedTotal: 0 });
      this.index.set(key, g);
    }
    this.ofTag[tagId] = g;
    return g;
  }

  /** Each group's latency values, in exactly sized arrays (two passes: count, then fill). */
  durations(duration: Series | undefined): Float64Array[] {
    const counts: number[] = [];
    if (duration)
      for (let i = 0; i < duration.length; i++) {
        const g = this.groupOf(duration.tagIds[i]!);
        counts[g] = (counts[g] ?? 0) + 1;
      }
    const perGroup = this.groups.map((_, g) => new Float64Array(counts[g] ?? 0));
    const fill = new Int32Array(this.groups.length);
    if (duration)
      for (let i = 0; i < duration.length; i++) {
        const g = this.groupOf(duration.tagIds[i]!);
        perGroup[g]![fill[g]!++] = duration.values[i]!;
      }
    return perGroup;
  }

  /** Counts failed requests per group (into the groups) and overall (returned). */
  countFailures(failed: Series | undefined): { failed: number; total: number } {
    let count = 0;
    let total = 0;
    if (failed)
      for (let i = 0; i < failed.length; i++) {
        const g = this.groups[this.groupOf(failed.tagIds[i]!)]!;
        g.failedTotal++;
        total++;
        if (failed.values[i] !== 0) {
          g.failed++;
          count++;
        }
      }
    return { failed: count, total };
  }
}

/** One row per (scenario, endpoint) that saw requests or failures, sorted by name. */
function endpointMetrics(
  groups: readonly Group[],
  perGroup: readonly Float64Array[],
  durationS: number,
  samples: readonly LatencySample[] | undefined,
): EndpointMetrics[] {
  return groups
    .map((g, i) => {
      const s = trendStats(perGroup[i] ?? new Float64Array(0));
      return {
        scenario: g.scenario,
        endpoint: g.endpoint,
        requests: s.count,
        rps: s.count / durationS,
        errorRate: g.failedTotal ? g.failed / g.failedTotal : 0,
        latencyMs: { p50: s.med, p90: s.p90, p95: s.p95, p99: s.p99, max: s.max },
        ...(samples?.[i] ? { sample: samples[i] } : {}),
      };
    })
    .filter((e) => e.requests > 0 || e.errorRate > 0)
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.endpoint.localeCompare(b.endpoint));
}

function countChecks(checks: Series | undefined): { passes: number; fails: number } {
  let passes = 0;
  let fails = 0;
  if (checks)
    for (let i = 0; i < checks.length; i++) {
      if (checks.values[i] !== 0) passes++;
      else fails++;
    }
  return { passes, fails };
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
