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
import type { BaselineFinding, CaseResult, RunResult } from "../results/model.js";

type Thresholds = Config["baseline"];

export function compareWithBaseline(
  run: RunResult,
  baseline: RunResult,
  limits: Thresholds,
  history: readonly HistoryRecord[] = [],
): BaselineFinding[] {
  const findings: BaselineFinding[] = [];
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
  return [...findings, ...historyFindings(run, limits, history)];
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
