/**
 * Compares a run with the stored baseline run: status changes per case and
 * load latency; and, from the run history, cases slower than their own
 * recent durations show (history/durations.ts — one earlier sample says
 * nothing about noise). Findings marked `regression` make the run exit 1
 * even when every test passed (a p95 that doubled is a failure).
 */
import type { Config } from "../config/schema.js";
import { durationsOf, slowerThanHistory } from "../history/durations.js";
import type { HistoryRecord } from "../history/record.js";
import type {
  BaselineFinding,
  CaseResult,
  LatencySample,
  LoadMetrics,
  RunResult,
} from "../results/model.js";
import { compareLatency, type LatencyComparison } from "./load-stats.js";

type Thresholds = Config["baseline"];

export function compareWithBaseline(
  run: RunResult,
  baseline: RunResult,
  limits: Thresholds,
  history: readonly HistoryRecord[] = [],
): { findings: BaselineFinding[]; latency: LatencyComparison[] } {
  const findings: BaselineFinding[] = [];
  const latency: LatencyComparison[] = [];
  const before = new Map<string, CaseResult>();
  for (const suite of baseline.suites) for (const c of suite.cases) before.set(c.id, c);

  for (const suite of run.suites) {
    for (const c of suite.cases) {
      const old = before.get(c.id);
      if (!old) continue;
      const wasGreen = old.status === "passed" || old.status === "flaky";
      if (wasGreen && c.status === "failed") {
        findings.push({
          kind: "new-failure",
          caseId: c.id,
          suite: suite.name,
          message: `${c.title}: passed in baseline, fails now`,
          regression: true,
        });
      } else if (old.status === "failed" && (c.status === "passed" || c.status === "flaky")) {
        findings.push({
          kind: "fixed",
          caseId: c.id,
          suite: suite.name,
          message: `${c.title}: failed in baseline, passes now`,
          regression: false,
        });
      }
    }
    const oldSuite = baseline.suites.find((s) => s.name === suite.name);
    if (suite.load && oldSuite?.load) {
      const compared = compareLoad(suite.name, suite.load, oldSuite.load, limits);
      latency.push(...compared.latency);
      findings.push(...compared.findings);
    }
  }
  findings.push(
    ...latency
      .filter((l) => l.regression)
      .map((l) => ({
        kind: "latency-regression" as const,
        suite: l.name.split(" › ")[0]!,
        message: describeLatency(l),
        regression: true,
      })),
  );
  return { findings: [...findings, ...historyFindings(run, limits, history)], latency };
}

/** "a2a › navi: p95 9.1 → 16.8 ms, ×1.85 (95 % CI 1.62–2.10), Mann–Whitney p < 0.001" */
export function describeLatency(l: LatencyComparison): string {
  const p = l.p < 0.001 ? "p < 0.001" : `p = ${l.p.toFixed(3)}`;
  return `${l.name}: p95 ${l.baselineP95.toFixed(1)} → ${l.currentP95.toFixed(1)} ms, ×${l.ratio.toFixed(2)} (95% CI ${l.low.toFixed(2)}–${l.high.toFixed(2)}), Mann–Whitney ${p}`;
}

/** One latency to compare: the whole run's or one endpoint's, on both sides. */
interface LatencyPair {
  name: string;
  current: { p95: number; sample?: LatencySample | undefined };
  baseline: { p95: number; sample?: LatencySample | undefined } | undefined;
}

/**
 * Overall and per endpoint (matched by scenario and endpoint): by statistics
 * where both runs have samples, else by the p95 ratio rule, so a baseline
 * from before samples still judges every endpoint it has a p95 for.
 */
function compareLoad(
  suiteName: string,
  current: LoadMetrics,
  baseline: LoadMetrics,
  limits: Thresholds,
): { latency: LatencyComparison[]; findings: BaselineFinding[] } {
  const latencyLimits = {
    tolerance: limits.latencyRegressionRatio,
    alpha: limits.latencyAlpha,
    minDeltaMs: limits.latencyMinDeltaMs,
    resamples: limits.latencyResamples,
    minSamples: 10,
  };
  const latency: LatencyComparison[] = [];
  const findings: BaselineFinding[] = [];
  for (const pair of latencyPairs(suiteName, current, baseline)) {
    const { current: cur, baseline: base } = pair;
    if (!base) continue;
    if (cur.sample && base.sample) {
      const c = compareLatency(pair.name, cur.sample, base.sample, latencyLimits);
      if (c) latency.push(c);
    } else {
      const finding = p95Regression(
        pair.name,
        base.p95,
        cur.p95,
        base.sample ? "run" : "baseline",
        limits,
      );
      if (finding) findings.push({ ...finding, suite: suiteName });
    }
  }
  return { latency, findings };
}

/** The whole run first, then each of the current run's endpoints with its baseline twin. */
function latencyPairs(
  suiteName: string,
  current: LoadMetrics,
  baseline: LoadMetrics,
): LatencyPair[] {
  const side = (m: { latencyMs: { p95: number }; sample?: LatencySample | undefined }) => ({
    p95: m.latencyMs.p95,
    sample: m.sample,
  });
  return [
    { name: `${suiteName} › all endpoints`, current: side(current), baseline: side(baseline) },
    ...current.endpoints.map((e) => {
      const twin = baseline.endpoints.find(
        (b) => b.scenario === e.scenario && b.endpoint === e.endpoint,
      );
      return {
        name: `${suiteName} › ${e.scenario} › ${e.endpoint}`,
        current: side(e),
        baseline: twin ? side(twin) : undefined,
      };
    }),
  ];
}

/** Without samples on one side, only the p95s can be compared: a ratio limit and a floor in ms. */
function p95Regression(
  name: string,
  was: number,
  now: number,
  unsampled: "run" | "baseline",
  limits: Thresholds,
): Omit<BaselineFinding, "suite"> | undefined {
  const grew = (now - was) / was;
  if (!(was > 0 && grew > limits.latencyRegressionRatio && now - was >= limits.latencyMinDeltaMs))
    return undefined;
  const why = unsampled === "baseline" ? "the baseline has" : "this run has";
  return {
    kind: "latency-regression",
    message: `${name}: p95 ${was.toFixed(1)} ms → ${now.toFixed(1)} ms (+${Math.round(grew * 100)}%, limit +${Math.round(limits.latencyRegressionRatio * 100)}%; p95 only: ${why} no latency samples)`,
    regression: true,
  };
}

/** Findings that need no baseline file: cases slower than their own history. */
export function historyFindings(
  run: RunResult,
  limits: Thresholds,
  history: readonly HistoryRecord[],
): BaselineFinding[] {
  return run.suites.flatMap((s) => slowerCases(s.name, s.cases, limits, history));
}

/** Cases slower than their own last durations in the history allow (informational). */
function slowerCases(
  suiteName: string,
  cases: readonly CaseResult[],
  limits: Thresholds,
  history: readonly HistoryRecord[],
): BaselineFinding[] {
  if (history.length === 0) return [];
  const out: BaselineFinding[] = [];
  for (const c of cases) {
    if (c.durationMs === null || c.status === "skipped") continue;
    const past = durationsOf(history, c.id, limits.durationSamples);
    const slower = slowerThanHistory(c.durationMs, past, {
      samples: limits.durationSamples,
      minSamples: limits.durationMinSamples,
      k: limits.durationK,
      minRelative: limits.slowdownRatio,
      minDurationMs: limits.minDurationMs,
    });
    if (!slower) continue;
    out.push({
      kind: "slower",
      caseId: c.id,
      suite: suiteName,
      message: `${c.title}: ${Math.round(c.durationMs)} ms, above its usual ${Math.round(slower.medianMs)} ms (limit ${Math.round(slower.limitMs)} ms = median + ${limits.durationK}·MAD over its last ${slower.samples} runs)`,
      regression: false,
    });
  }
  return out;
}
