/**
 * The report's load numbers from raw k6 points: per scenario and endpoint
 * request counts, rates, error rates and exact percentiles (k6's
 * definition, k6-trend.ts), the latency-over-time series and check groups.
 * Everything is read from the per-tag-set reductions of k6-points.ts.
 */
import type { EndpointMetrics, LatencySample, LoadMetrics } from "../model.js";
import { LATENCY_METRIC, type K6Points, type TagPoints } from "./k6-points.js";
import type { ThresholdResult } from "./k6-thresholds.js";
import { trendStats } from "./k6-trend.js";

/** Requests and failures of one (scenario, endpoint) group. */
interface GroupTotals {
  latency: TagPoints[];
  failed: number;
  failedTotal: number;
}

/** Reduce points to the report's load metrics; `durationS` is the test's run time. */
export function loadMetrics(
  points: K6Points,
  durationS: number,
  thresholds: readonly ThresholdResult[],
): LoadMetrics {
  const duration = points.metric(LATENCY_METRIC);
  const dur = durationS > 0 ? durationS : 1;
  const totals = groupTotals(points);
  const failures = countRate(points.metric("http_req_failed")?.byTag ?? []);
  const samples = duration ? points.latency.samples(points.groups.length) : undefined;
  const all = trendStats(duration?.byTag ?? []);
  return {
    durationS,
    requests: all.count,
    rps: all.count / dur,
    errorRate: failures.total ? failures.trues / failures.total : 0,
    checks: checksTotal(points),
    latencyMs: { p50: all.med, p90: all.p90, p95: all.p95, p99: all.p99, max: all.max },
    endpoints: endpointMetrics(points, totals, dur, samples?.groups),
    ...(samples ? { sample: samples.all } : {}),
    thresholds: thresholds.map((t) => ({ metric: t.metric, expression: t.expression, ok: t.ok })),
    series: duration ? points.latency.series.series() : [],
  };
}

/** Each group's latency tag sets and its failed / all requests (http_req_failed). */
function groupTotals(points: K6Points): GroupTotals[] {
  const totals: GroupTotals[] = [];
  const of = (tagId: number) => {
    const g = points.groupOf(tagId);
    totals[g] ??= { latency: [], failed: 0, failedTotal: 0 };
    return totals[g];
  };
  for (const t of points.metric(LATENCY_METRIC)?.byTag ?? []) of(t.tagId).latency.push(t);
  for (const t of points.metric("http_req_failed")?.byTag ?? []) {
    const g = of(t.tagId);
    g.failed += t.nonZero;
    g.failedTotal += t.count;
  }
  return totals;
}

/** One row per (scenario, endpoint) that saw requests or failures, sorted by name. */
function endpointMetrics(
  points: K6Points,
  totals: readonly GroupTotals[],
  durationS: number,
  samples: readonly LatencySample[] | undefined,
): EndpointMetrics[] {
  return points.groups
    .map((g, i) => {
      const t = totals[i] ?? { latency: [], failed: 0, failedTotal: 0 };
      const s = trendStats(t.latency);
      return {
        scenario: g.scenario,
        endpoint: g.endpoint,
        requests: s.count,
        rps: s.count / durationS,
        errorRate: t.failedTotal ? t.failed / t.failedTotal : 0,
        latencyMs: { p50: s.med, p90: s.p90, p95: s.p95, p99: s.p99, max: s.max },
        ...(samples?.[i] ? { sample: samples[i] } : {}),
      };
    })
    .filter((e) => e.requests > 0 || e.errorRate > 0)
    .sort((a, b) => a.scenario.localeCompare(b.scenario) || a.endpoint.localeCompare(b.endpoint));
}

/** Non-zero values and all values of a rate's tag sets. */
function countRate(tags: readonly TagPoints[]): { trues: number; total: number } {
  let trues = 0;
  let total = 0;
  for (const t of tags) {
    trues += t.nonZero;
    total += t.count;
  }
  return { trues, total };
}

function checksTotal(points: K6Points): { passes: number; fails: number } {
  const { trues, total } = countRate(points.metric("checks")?.byTag ?? []);
  return { passes: trues, fails: total - trues };
}

export interface CheckGroup {
  scenario: string;
  group: string;
  checks: { name: string; passes: number; fails: number }[];
}

/** Checks per scenario and group (k6's `group` tag, "::A::B"), in first-seen order. */
export function checkGroups(points: K6Points): CheckGroup[] {
  const checks = points.metric("checks");
  if (!checks) return [];
  const byKey = new Map<string, CheckGroup>();
  const byCheck = new Map<string, { name: string; passes: number; fails: number }>();
  for (const t of checks.byTag) {
    const tags = points.tagSets[t.tagId]!;
    const scenario = tags["scenario"] ?? "default";
    const group = tags["group"] ?? "";
    const name = tags["check"] ?? "(unnamed)";
    const key = `${scenario}\u0000${group}\u0000${name}`;
    let c = byCheck.get(key);
    if (!c) {
      const gKey = `${scenario}\u0000${group}`;
      let g = byKey.get(gKey);
      if (!g) {
        g = { scenario, group, checks: [] };
        byKey.set(gKey, g);
      }
      c = { name, passes: 0, fails: 0 };
      g.checks.push(c);
      byCheck.set(key, c);
    }
    c.passes += t.nonZero;
    c.fails += t.count - t.nonZero;
  }
  return [...byKey.values()];
}
