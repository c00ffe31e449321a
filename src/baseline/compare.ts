/**
 * Compares a run with the stored baseline run: status changes per case,
 * slowdowns, and load latency. Findings marked `regression` make the run
 * exit 1 even when every test passed (a p95 that doubled is a failure).
 */
import type { Config } from "../config/schema.js";
import type { BaselineFinding, CaseResult, RunResult } from "../results/model.js";

type Thresholds = Config["baseline"];

export function compareWithBaseline(
  run: RunResult,
  baseline: RunResult,
  limits: Thresholds,
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
      if (
        c.durationMs !== null &&
        old.durationMs !== null &&
        c.durationMs >= limits.minDurationMs
      ) {
        const ratio = (c.durationMs - old.durationMs) / Math.max(old.durationMs, 1);
        if (ratio > limits.slowdownRatio) {
          findings.push({
            kind: "slower",
            caseId: c.id,
            suite: suite.name,
            message: `${c.title}: ${Math.round(old.durationMs)} ms → ${Math.round(c.durationMs)} ms`,
            regression: false,
          });
        }
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
  return findings;
}
