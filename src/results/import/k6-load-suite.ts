/**
 * From k6 raw points (one instance, several instances of one test, or the
 * files a distributed k6-operator run leaves) to a load suite in the common
 * model: metrics, one JUnit case per threshold and per check group. Pure:
 * the points are already read (k6-points.ts).
 *
 * Thresholds come from the raw output itself (the `thresholds` of Metric
 * lines, and our scripts' `hyvve_threshold` declarations, which also cover
 * submetric selectors), each script's own (k6-scripts.ts), plus any k6
 * summary JSON given alongside. When one k6 process ran all of a script,
 * k6's own verdict in its summary is authoritative; otherwise they are
 * evaluated here on the union of that script's points.
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

/**
 * The parts of k6's summary data that are read: handleSummary's data
 * (`thresholds: { expr: { ok } }`) or the legacy `--summary-export`
 * (`thresholds: { expr: <crossed> }`: true means the threshold FAILED).
 */
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
  /** Summaries of the whole test (any script). */
  summaries: readonly K6Summary[];
  /** Each script's own summaries (file → summaries), from the k6 processes that ran it. */
  scriptSummaries?: ReadonlyMap<string, readonly K6Summary[]>;
  /** Whether k6's own threshold verdicts (one process per script) decide, rather than evaluation here. */
  k6Verdict: boolean;
  /** scenario → script file (repo-relative), for case ids and the report, when the points do not say. */
  fileOfScenario?: (scenario: string) => string | undefined;
}

export interface BuiltLoad {
  load: LoadMetrics;
  cases: CaseResult[];
  thresholds: ThresholdResult[];
}

/** The test's run time: the longest k6 reported, else from the first to the last point. */
function testDurationS(points: K6Points, summaries: readonly K6Summary[]): number {
  const fromSummaries = summaries
    .map((s) => s.state?.testRunDurationMs)
    .filter((v): v is number => typeof v === "number");
  if (fromSummaries.length > 0) return Math.max(...fromSummaries) / 1000;
  return Number.isFinite(points.firstTime)
    ? Math.max(0, points.lastTime - points.firstTime) / 1000
    : 0;
}

/** k6's own verdict on a threshold in its summaries, if they have one. */
export function k6Ok(
  summaries: readonly K6Summary[],
  metric: string,
  expression: string,
): boolean | undefined {
  for (const s of summaries) {
    const t = s.metrics?.[metric]?.thresholds?.[expression];
    // --summary-export writes whether the threshold was crossed, handleSummary data { ok }.
    if (t !== undefined) return typeof t === "boolean" ? !t : t.ok;
  }
  return undefined;
}

/** An observed value as the case shows it (ms for durations, % for rates). */
function fmt(aggregation: string, metric: string, value: number): string {
  const name = parseSelector(metric).name;
  if (aggregation === "rate" && name !== "http_reqs")
    return `${value.toFixed(4)} (${(value * 100).toFixed(2)}%)`;
  if (name.endsWith("duration") || name.startsWith("http_req_")) {
    if (aggregation !== "count" && aggregation !== "rate") return `${value.toFixed(2)} ms`;
  }
  return String(Number(value.toFixed(4)));
}

/** The load suite (metrics and cases) from the points, and summaries where k6's verdict decides. */
export function buildLoadSuite(options: BuildOptions): BuiltLoad {
  const { points, summaries } = options;
  const scriptSummaries = options.scriptSummaries ?? new Map<string, readonly K6Summary[]>();
  const allSummaries = [...summaries, ...[...scriptSummaries.values()].flat()];
  const durationS = testDurationS(points, allSummaries);
  const defs = thresholdDefs(points, summaries, scriptSummaries);
  const evaluated = evaluateThresholds(points, defs, durationS).map((t) => {
    if (!options.k6Verdict) return t;
    const own = t.script === undefined ? summaries : (scriptSummaries.get(t.script) ?? []);
    const ok = k6Ok(own, t.metric, t.expression);
    return ok === undefined ? t : { ...t, ok };
  });
  const load = loadMetrics(points, durationS, evaluated);
  const cases = new CaseList(options.suiteName);
  const fileOf = (scenario: string | undefined) =>
    scenario
      ? (points.scenarioFiles.get(scenario) ?? options.fileOfScenario?.(scenario))
      : undefined;
  const scenarioOfEndpoint = new Map<string, string>();
  for (const e of load.endpoints)
    if (!scenarioOfEndpoint.has(e.endpoint)) scenarioOfEndpoint.set(e.endpoint, e.scenario);
  for (const t of evaluated) {
    const endpoint = t.tags["endpoint"];
    const scenario =
      t.tags["scenario"] ?? (endpoint ? scenarioOfEndpoint.get(endpoint) : undefined);
    cases.push(thresholdCase(t, endpoint, scenario, t.script ?? fileOf(scenario)));
  }
  for (const g of checkGroups(points)) {
    const file = fileOf(g.scenario);
    cases.push(checkGroupCase(g, allowedCheckFailRate(defs, file), file));
  }
  return { load, cases: cases.list, thresholds: evaluated };
}

/** The thresholds the raw output and the scripts declare, plus those only a summary names. */
function thresholdDefs(
  points: K6Points,
  summaries: readonly K6Summary[],
  scriptSummaries: ReadonlyMap<string, readonly K6Summary[]>,
): ThresholdDef[] {
  const defs = points.thresholdDefs();
  const from = (list: readonly K6Summary[], script: string | undefined) => {
    for (const s of list) {
      for (const [metric, m] of Object.entries(s.metrics ?? {})) {
        for (const expression of Object.keys(m.thresholds ?? {})) {
          const known = defs.some(
            (d) => d.metric === metric && d.expression === expression && d.script === script,
          );
          if (!known)
            defs.push({ metric, expression, ...(script !== undefined ? { script } : {}) });
        }
      }
    }
  };
  from(summaries, undefined);
  for (const [script, list] of scriptSummaries) from(list, script);
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

/** One case per threshold (per script); a crossed one says where and by how much. */
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
  const distribution = t.trend ? `\n${trendLine(t.trend)}` : "";
  return {
    title,
    titlePath: ["thresholds", title],
    ...(file ? { file } : {}),
    status: t.ok ? "passed" : "failed",
    ...(t.ok
      ? { stdout: `${observed} over ${t.samples} points${distribution}` }
      : {
          ...(distribution ? { stdout: distribution.slice(1) } : {}),
          failure: {
            message: `threshold ${t.expression} crossed${where}: ${observed} over ${t.samples} points (${t.metric})`,
            type: "ThresholdCrossed",
          },
        }),
  };
}

/**
 * A trend's distribution as k6's end-of-test summary lists it, every number
 * exact (the same as k6's own, so a reader can compare them).
 */
function trendLine(trend: NonNullable<ThresholdResult["trend"]>): string {
  const { count, avg, min, med, max, p90, p95, p99 } = trend;
  return `count=${count} avg=${avg} min=${min} med=${med} max=${max} p(90)=${p90} p(95)=${p95} p(99)=${p99}`;
}

/**
 * A check group fails when one of its checks failed more often than its
 * script's `checks` threshold allows (`rate>0.99` → 1 %); without one, any failure.
 */
function allowedCheckFailRate(defs: readonly ThresholdDef[], file: string | undefined): number {
  const checksThreshold =
    defs.find((d) => d.metric === "checks" && d.script !== undefined && d.script === file) ??
    defs.find((d) => d.metric === "checks" && d.script === undefined);
  if (!checksThreshold) return 0;
  const parsed = parseThresholdExpression(checksThreshold.expression);
  if (parsed.aggregation === "rate" && (parsed.op === ">" || parsed.op === ">="))
    return 1 - parsed.value;
  return 0;
}

/** One case per check group: failed when a check in it failed more than allowed. */
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
    // Every check of the group with its counts, failed or not.
    stdout: g.checks.map(describe).join("\n"),
    ...(failing.length > 0
      ? {
          failure: {
            message: `checks failed in ${groupName} (${g.scenario}): ${failing.map(describe).join("; ")}`,
            type: "CheckFailed",
          },
        }
      : {}),
  };
}
