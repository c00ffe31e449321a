/**
 * k6 thresholds evaluated on raw points (the union, for several instances).
 * The grammar follows k6's metrics/thresholds_parser.go: `agg op number`,
 * agg ∈ count, rate, value, avg, min, max, med, p(N); op ∈ <, <=, >, >=,
 * ==, ===, !=.
 */
import { baseMetric, type K6Points, type MetricType, type ThresholdDef } from "./k6-points.js";
import {
  parseSelector,
  percentile,
  selectValues,
  trendStats,
  type TrendStats,
} from "./k6-trend.js";

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
