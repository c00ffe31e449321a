/**
 * k6 thresholds evaluated on raw points (the union, for several instances).
 * The grammar follows k6's metrics/thresholds_parser.go: `agg op number`,
 * agg ∈ count, rate, value, avg, min, max, med, p(N); op ∈ <, <=, >, >=,
 * ==, ===, !=.
 */
import { baseMetric, type K6Points, type TagPoints, type ThresholdDef } from "./k6-points.js";
import { scenarioIn } from "./k6-scripts.js";
import { parseSelector, percentile, selectTags, trendStats, type TrendStats } from "./k6-trend.js";

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
  /** The script that set it (repo-relative), when known. */
  script?: string;
  /** A trend's distribution over the selected points, as k6's summary shows it. */
  trend?: Omit<TrendStats, "sorted">;
}

/** Evaluate thresholds on the points (the union, for several instances). */
export function evaluateThresholds(
  points: K6Points,
  defs: readonly ThresholdDef[],
  durationS: number,
): ThresholdResult[] {
  const cache = new Map<string, { tags: TagPoints[]; stats?: TrendStats }>();
  return defs.map(({ metric, expression, script }) => {
    const { name, tags } = parseSelector(metric);
    const parsed = parseThresholdExpression(expression);
    const key = `${script ?? ""}\u0000${metric}`;
    let entry = cache.get(key);
    if (!entry) {
      entry = { tags: selectScriptTags(points, name, tags, script) };
      cache.set(key, entry);
    }
    const samples = entry.tags.reduce((n, t) => n + t.count, 0);
    const base = {
      metric,
      expression,
      aggregation: parsed.aggregation,
      tags,
      samples,
      ...(script !== undefined ? { script } : {}),
    };
    if (samples === 0) return { ...base, ok: true, observed: undefined };
    const type = points.typeOf(baseMetric(metric));
    if (type === "trend") entry.stats ??= trendStats(entry.tags);
    const observed = aggregate(type, parsed, entry.tags, entry.stats, durationS);
    if (observed === undefined)
      throw new Error(
        `threshold "${expression}" on ${metric}: ${parsed.aggregation} does not apply to a ${type} metric`,
      );
    const trend = entry.stats ? { trend: withoutValues(entry.stats) } : {};
    return { ...base, ok: compare(observed, parsed.op, parsed.value), observed, ...trend };
  });
}

/**
 * The tag sets a selector picks among one script's points (all points
 * without a script); a `scenario` tag in it is the script's own name for it.
 */
function selectScriptTags(
  points: K6Points,
  name: string,
  where: Readonly<Record<string, string>>,
  script: string | undefined,
): TagPoints[] {
  if (script === undefined) return selectTags(points, name, where);
  const own = points.scripts.find((s) => s.file === script);
  const scenario = where["scenario"];
  const translated =
    own && scenario !== undefined ? { ...where, scenario: scenarioIn(own, scenario) } : where;
  return selectTags(points, name, translated).filter((t) => points.scriptOf(t.tagId) === script);
}

/** A trend's numbers without its values. */
function withoutValues(stats: TrendStats): Omit<TrendStats, "sorted"> {
  const { count, min, max, avg, med, p90, p95, p99 } = stats;
  return { count, min, max, avg, med, p90, p95, p99 };
}

/** The threshold's aggregation of the selected points, as k6's sink of that metric type has it. */
function aggregate(
  type: string,
  parsed: ThresholdExpression,
  tags: readonly TagPoints[],
  stats: TrendStats | undefined,
  durationS: number,
): number | undefined {
  if (type === "trend" && stats) {
    if (parsed.pct !== undefined) return percentile(stats.sorted, parsed.pct / 100);
    return { avg: stats.avg, min: stats.min, max: stats.max, med: stats.med }[parsed.aggregation];
  }
  let count = 0;
  let sum = 0;
  let nonZero = 0;
  let last: TagPoints | undefined;
  for (const t of tags) {
    count += t.count;
    sum += t.sum;
    nonZero += t.nonZero;
    if (!last || t.lastSeq > last.lastSeq) last = t;
  }
  if (type === "rate") return parsed.aggregation === "rate" ? nonZero / count : undefined;
  if (type === "counter") {
    if (parsed.aggregation === "count") return sum;
    if (parsed.aggregation === "rate") return durationS > 0 ? sum / durationS : undefined;
    return undefined;
  }
  return parsed.aggregation === "value" ? last?.last : undefined;
}
