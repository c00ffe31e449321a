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
    if (suite.load?.sample && oldSuite?.load?.sample) {
      latency.push(...compareLoad(suite.name, suite.load, oldSuite.load, limits));
    } else if (suite.load && oldSuite?.load) {
      const was = oldSuite.load.latencyMs.p95;
      const now = suite.load.latencyMs.p95;
      if (
        was > 0 &&
        (now - was) / was > limits.latencyRegressionRatio &&
        now - was >= limits.latencyMinDeltaMs
      ) {
        findings.push({
          kind: "latency-regression",
          suite: suite.name,
          message: `p95 ${was.toFixed(1)} ms → ${now.toFixed(1)} ms (+${Math.round(((now - was) / was) * 100)}%, limit +${Math.round(limits.latencyRegressionRatio * 100)}%)`,
          regression: true,
        });
      }
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

/** Overall and per endpoint (matched by scenario and endpoint), where both runs have samples. */
function compareLoad(
  suiteName: string,
  current: LoadMetrics,
  baseline: LoadMetrics,
  limits: Thresholds,
): LatencyComparison[] {
  const latencyLimits = {
    tolerance: limits.latencyRegressionRatio,
    alpha: limits.latencyAlpha,
    minDeltaMs: limits.latencyMinDeltaMs,
    resamples: limits.latencyResamples,
    minSamples: 10,
  };
  const pairs: [string, LatencySample | undefined, LatencySample | undefined][] = [
    [`${suiteName} › all endpoints`, current.sample, baseline.sample],
    ...current.endpoints.map(
      (e): [string, LatencySample | undefined, LatencySample | undefined] => [
        `${suiteName} › ${e.scenario} › ${e.endpoint}`,
        e.sample,
        baseline.endpoints.find((b) => b.scenario === e.scenario && b.endpoint === e.endpoint)
          ?.sample,
      ],
    ),
  ];
  return pairs.flatMap(([name, cur, base]) => {
    const c = cur && base ? compareLatency(name, cur, base, latencyLimits) : undefined;
    return c ? [c] : [];
  });
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
