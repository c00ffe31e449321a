/**
 * From k6 raw points (one instance, several instances of one test, or the
 * files a distributed k6-operator run leaves) to a load suite in the common
 * model: metrics, one JUnit case per threshold and per check group. Pure:
 * the points are already read (k6-points.ts).
 *
 * Thresholds come from the raw output itself (the `thresholds` of Metric
 * lines, and our scripts' `hyvve_threshold` declarations, which also cover
 * submetric selectors), plus any k6 summary JSON given alongside. With one
 * instance, k6's own verdict in its summary is authoritative; otherwise they
 * are evaluated here on the union of the points.
 */
import type { CaseResult, LoadMetrics } from "../model.js";
import type { K6Points, ThresholdDef } from "./k6-points.js";
import { checkGroups, loadMetrics, type CheckGroup } from "./k6-metrics.js";
import {
  evaluateThresholds,
  parseThresholdExpression,
  type ThresholdResult,
} from "./k6-thresholds.js";
import { parseSelector } from "./k6-trend.js";

/** The parts of k6's summary data (handleSummary / --summary-export) that are read. */
export interface K6Summary {
  state?: { testRunDurationMs?: number };
  metrics?: Record<
    string,
    {
      type?: string;
      values?: Record<string, number>;
      thresholds?: Record<string, { ok: boolean } | boolean>;
    }
  >;
}

export interface BuildOptions {
  suiteName: string;
  points: K6Points;
  summaries: readonly K6Summary[];
  /** Whether k6's own threshold verdicts (single instance) decide, rather than evaluation here. */
  k6Verdict: boolean;
  /** scenario → script file (repo-relative), for case ids and the report. */
  fileOfScenario?: (scenario: string) => string | undefined;
}

export interface BuiltLoad {
  load: LoadMetrics;
  cases: CaseResult[];
  thresholds: ThresholdResult[];
}

function testDurationS(points: K6Points, summaries: readonly K6Summary[]): number {
  const fromSummaries = summaries
    .map((s) => s.state?.testRunDurationMs)
    .filter((v): v is number => typeof v === "number");
  if (fromSummaries.length > 0) return Math.max(...fromSummaries) / 1000;
  return Number.isFinite(points.firstTime)
    ? Math.max(0, points.lastTime - points.firstTime) / 1000
    : 0;
}

function k6Ok(
  summaries: readonly K6Summary[],
  metric: string,
  expression: string,
): boolean | undefined {
  for (const s of summaries) {
    const t = s.metrics?.[metric]?.thresholds?.[expression];
    if (t !== undefined) return typeof t === "boolean" ? t : t.ok;
  }
  return undefined;
}

function fmt(aggregation: string, metric: string, value: number): string {
  const name = parseSelector(metric).name;
  if (aggregation === "rate" && name !== "http_reqs")
    return `${value.toFixed(4)} (${(value * 100).toFixed(2)}%)`;
  if (name.endsWith("duration") || name.startsWith("http_req_")) {
    if (aggregation !== "count" && aggregation !== "rate") return `${value.toFixed(2)} ms`;
  }
  return String(Number(value.toFixed(4)));
}

export function buildLoadSuite(options: BuildOptions): BuiltLoad {
  const { points, summaries } = options;
  const durationS = testDurationS(points, summaries);
  const defs = thresholdDefs(points, summaries);
  const evaluated = evaluateThresholds(points, defs, durationS).map((t) => {
    if (!options.k6Verdict) return t;
    const ok = k6Ok(summaries, t.metric, t.expression);
    return ok === undefined ? t : { ...t, ok };
  });
  const load = loadMetrics(points, durationS, evaluated);
  const cases = new CaseList(options.suiteName);
  const fileOf = (scenario: string | undefined) =>
    scenario ? options.fileOfScenario?.(scenario) : undefined;
  const scenarioOfEndpoint = new Map<string, string>();
  for (const e of load.endpoints)
    if (!scenarioOfEndpoint.has(e.endpoint)) scenarioOfEndpoint.set(e.endpoint, e.scenario);
  for (const t of evaluated) {
    const endpoint = t.tags["endpoint"];
    const scenario =
      t.tags["scenario"] ?? (endpoint ? scenarioOfEndpoint.get(endpoint) : undefined);
    cases.push(thresholdCase(t, endpoint, scenario, fileOf(scenario)));
  }
  const allowedFailRate = allowedCheckFailRate(defs);
  for (const g of checkGroups(points))
    cases.push(checkGroupCase(g, allowedFailRate, fileOf(g.scenario)));
  return { load, cases: cases.list, thresholds: evaluated };
}

/** The thresholds the raw output declares, plus those only a summary names. */
function thresholdDefs(points: K6Points, summaries: readonly K6Summary[]): ThresholdDef[] {
  const defs = points.thresholdDefs();
  for (const s of summaries) {
    for (const [metric, m] of Object.entries(s.metrics ?? {})) {
      for (const expression of Object.keys(m.thresholds ?? {})) {
        if (!defs.some((d) => d.metric === metric && d.expression === expression))
          defs.push({ metric, expression });
      }
    }
  }
  return defs;
}

type CaseDraft = Omit<CaseResult, "id" | "retries" | "attachments" | "durationMs">;

/** Cases with ids unique within the suite (a repeated title gets #2, #3, …). */
class CaseList {
  readonly list: CaseResult[] = [];
  private readonly ids = new Set<string>();
  constructor(private readonly suiteName: string) {}

  push(c: CaseDraft): void {
    let id = `${this.suiteName}::${c.file ?? ""}::${c.titlePath.join(" > ")}`;
    for (let n = 2; this.ids.has(id); n++) id = `${id}#${n}`;
    this.ids.add(id);
    this.list.push({ id, durationMs: null, retries: 0, attachments: [], ...c });
  }
}

/** One case per threshold; a crossed one says where and by how much. */
function thresholdCase(
  t: ThresholdResult,
  endpoint: string | undefined,
  scenario: string | undefined,
  file: string | undefined,
): CaseDraft {
  const title = `${t.metric} ${t.expression}`;
  const where = endpoint ? ` on endpoint ${endpoint}` : scenario ? ` in scenario ${scenario}` : "";
  const observed =
    t.observed === undefined
      ? "no data"
      : `${t.aggregation} = ${fmt(t.aggregation, t.metric, t.observed)}`;
  return {
    title,
    titlePath: ["thresholds", title],
    ...(file ? { file } : {}),
    status: t.ok ? "passed" : "failed",
    ...(t.ok
      ? { stdout: `${observed} over ${t.samples} points` }
      : {
          failure: {
            message: `threshold ${t.expression} crossed${where}: ${observed} over ${t.samples} points (${t.metric})`,
            type: "ThresholdCrossed",
          },
        }),
  };
}

/**
 * A check group fails when one of its checks failed more often than the
 * suite's `checks` threshold allows (`rate>0.99` → 1 %); without one, any failure.
 */
function allowedCheckFailRate(defs: readonly ThresholdDef[]): number {
  const checksThreshold = defs.find((d) => d.metric === "checks");
  if (!checksThreshold) return 0;
  const parsed = parseThresholdExpression(checksThreshold.expression);
  if (parsed.aggregation === "rate" && (parsed.op === ">" || parsed.op === ">="))
    return 1 - parsed.value;
  return 0;
}

function checkGroupCase(
  g: CheckGroup,
  allowedFailRate: number,
  file: string | undefined,
): CaseDraft {
  const groupName = g.group.replace(/^::/, "").replaceAll("::", " > ") || "(no group)";
  const failing = g.checks.filter((c) => c.fails / (c.passes + c.fails) > allowedFailRate + 1e-12);
  const describe = (c: { name: string; passes: number; fails: number }) =>
    `"${c.name}": ${c.fails} of ${c.passes + c.fails} failed (${((c.fails / (c.passes + c.fails)) * 100).toFixed(2)}%)`;
  return {
    title: `checks: ${groupName}`,
    titlePath: ["checks", g.scenario, groupName],
    ...(file ? { file } : {}),
    status: failing.length > 0 ? "failed" : "passed",
    ...(failing.length > 0
      ? {
          failure: {
            message: `checks failed in ${groupName} (${g.scenario}): ${failing.map(describe).join("; ")}`,
            type: "CheckFailed",
          },
        }
      : { stdout: g.checks.map(describe).join("\n") }),
  };
}
