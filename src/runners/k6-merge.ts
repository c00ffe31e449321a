/**
 * From k6 raw points (one instance, several instances of one test, or the
 * files a distributed k6-operator run leaves) to a load suite in the common
 * model: metrics, one JUnit case per threshold and per check group.
 *
 * Thresholds come from the raw output itself (the `thresholds` of Metric
 * lines, and our scripts' `hyvve_threshold` declarations, which also cover
 * submetric selectors), plus any k6 summary JSON given alongside. With one
 * instance, k6's own verdict in its summary is authoritative; otherwise they
 * are evaluated here on the union of the points.
 */
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InputFileError, describeError } from "../errors.js";
import { importedRun } from "../results/merge.js";
import {
  deriveSuiteStatus,
  type CaseResult,
  type LoadMetrics,
  type RunResult,
  type SuiteResult,
} from "../results/model.js";
import { K6Points, readK6Output } from "./k6-points.js";
import {
  checkGroups,
  evaluateThresholds,
  loadMetrics,
  parseSelector,
  parseThresholdExpression,
  type ThresholdResult,
} from "./k6-stats.js";

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
  const { points, summaries, suiteName } = options;
  const durationS = testDurationS(points, summaries);
  const defs = points.thresholdDefs();
  for (const s of summaries) {
    for (const [metric, m] of Object.entries(s.metrics ?? {})) {
      for (const expression of Object.keys(m.thresholds ?? {})) {
        if (!defs.some((d) => d.metric === metric && d.expression === expression))
          defs.push({ metric, expression });
      }
    }
  }
  const evaluated = evaluateThresholds(points, defs, durationS).map((t) => {
    if (!options.k6Verdict) return t;
    const ok = k6Ok(summaries, t.metric, t.expression);
    return ok === undefined ? t : { ...t, ok };
  });
  const load = loadMetrics(points, durationS, evaluated);

  // endpoint → scenario, from the request points.
  const scenarioOfEndpoint = new Map<string, string>();
  for (const e of load.endpoints)
    if (!scenarioOfEndpoint.has(e.endpoint)) scenarioOfEndpoint.set(e.endpoint, e.scenario);
  const fileOf = (scenario: string | undefined) =>
    scenario ? options.fileOfScenario?.(scenario) : undefined;

  const cases: CaseResult[] = [];
  const ids = new Set<string>();
  const push = (c: Omit<CaseResult, "id" | "retries" | "attachments" | "durationMs">) => {
    let id = `${suiteName}::${c.file ?? ""}::${c.titlePath.join(" > ")}`;
    for (let n = 2; ids.has(id); n++) id = `${id}#${n}`;
    ids.add(id);
    cases.push({ id, durationMs: null, retries: 0, attachments: [], ...c });
  };

  for (const t of evaluated) {
    const endpoint = t.tags["endpoint"];
    const scenario =
      t.tags["scenario"] ?? (endpoint ? scenarioOfEndpoint.get(endpoint) : undefined);
    const title = `${t.metric} ${t.expression}`;
    const where = endpoint
      ? ` on endpoint ${endpoint}`
      : scenario
        ? ` in scenario ${scenario}`
        : "";
    const observed =
      t.observed === undefined
        ? "no data"
        : `${t.aggregation} = ${fmt(t.aggregation, t.metric, t.observed)}`;
    const file = fileOf(scenario);
    push({
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
    });
  }

  // A check group fails when one of its checks failed more often than the
  // suite's `checks` threshold allows (`rate>0.99` → 1 %); without one, any failure.
  const checksThreshold = defs.find((d) => d.metric === "checks");
  let allowedFailRate = 0;
  if (checksThreshold) {
    const parsed = parseThresholdExpression(checksThreshold.expression);
    if (parsed.aggregation === "rate" && (parsed.op === ">" || parsed.op === ">="))
      allowedFailRate = 1 - parsed.value;
  }
  for (const g of checkGroups(points)) {
    const groupName = g.group.replace(/^::/, "").replaceAll("::", " > ") || "(no group)";
    const title = `checks: ${groupName}`;
    const failing = g.checks.filter(
      (c) => c.fails / (c.passes + c.fails) > allowedFailRate + 1e-12,
    );
    const describe = (c: { name: string; passes: number; fails: number }) =>
      `"${c.name}": ${c.fails} of ${c.passes + c.fails} failed (${((c.fails / (c.passes + c.fails)) * 100).toFixed(2)}%)`;
    const file = fileOf(g.scenario);
    push({
      title,
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
    });
  }
  return { load, cases, thresholds: evaluated };
}

/** Whether a file is k6 summary JSON (rather than raw JSON lines). */
async function readSummaryIfSummary(path: string): Promise<K6Summary | undefined> {
  if (path.endsWith(".gz")) return undefined;
  const handle = await open(path, "r");
  let head: string;
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await handle.read(buf, 0, 64, 0);
    head = buf.subarray(0, bytesRead).toString("utf8").trimStart();
  } finally {
    await handle.close();
  }
  if (head.startsWith('{"type":"Metric"') || head.startsWith('{"metric":"')) return undefined;
  if ((await stat(path)).size > 256 * 1024 * 1024) return undefined;
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
    if (parsed && typeof parsed === "object" && "metrics" in parsed) return parsed as K6Summary;
  } catch {
    // not a single JSON document: raw lines after all
  }
  return undefined;
}

/** `hyvve-qa report --k6 FILE...`: raw outputs (and optional summaries) of one test → a run. */
export async function runFromK6Outputs(paths: string[], now = new Date()): Promise<RunResult> {
  const points = new K6Points();
  const summaries: K6Summary[] = [];
  let rawFiles = 0;
  for (const path of paths) {
    try {
      const summary = await readSummaryIfSummary(path);
      if (summary) {
        summaries.push(summary);
        continue;
      }
      const before = points.lines - points.skippedLines;
      await readK6Output(path, points);
      if (points.lines - points.skippedLines === before)
        throw new Error("no k6 metric or point lines in it");
      rawFiles++;
    } catch (error) {
      throw new InputFileError(
        `${path}: not a k6 raw output (--out json): ${describeError(error)}`,
        "pass the files written by k6 run --out json=FILE (plain or .gz)",
      );
    }
  }
  if (rawFiles === 0)
    throw new InputFileError(
      "no k6 raw output among the --k6 files (only summaries)",
      "add the --out json files of every instance",
    );
  let built: BuiltLoad;
  try {
    built = buildLoadSuite({ suiteName: "load", points, summaries, k6Verdict: false });
  } catch (error) {
    throw new InputFileError(`k6 outputs: ${describeError(error)}`);
  }
  const suite: SuiteResult = {
    name: "load",
    kind: "load",
    runner: "k6",
    status: deriveSuiteStatus(built.cases),
    durationMs: Math.round(built.load.durationS * 1000),
    cases: built.cases,
    load: built.load,
    notes: [
      `merged from ${rawFiles} k6 raw output${rawFiles === 1 ? "" : "s"} (${paths.map((p) => basename(p)).join(", ")}); thresholds evaluated on the merged points`,
    ],
  };
  const startedAt = Number.isFinite(points.firstTime)
    ? new Date(points.firstTime).toISOString()
    : now.toISOString();
  const finishedAt = Number.isFinite(points.lastTime)
    ? new Date(points.lastTime).toISOString()
    : now.toISOString();
  return importedRun([suite], startedAt, finishedAt, now);
}
