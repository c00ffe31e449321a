/**
 * `ctrf.json`: the Common Test Report Format (ctrf.io), so CTRF's GitHub
 * and GitLab tools can read our runs. Every case becomes a CTRF test with
 * its suite path, file, retries and flaky flag; the run's rates and
 * durations are CTRF insights, compared with the mean of the earlier runs
 * the history holds (`baseline` is that mean, `change` the difference).
 */
import type { CaseResult, RunResult } from "../results/model.js";

const STATUS: Record<CaseResult["status"], "passed" | "failed" | "skipped"> = {
  passed: "passed",
  flaky: "passed",
  failed: "failed",
  skipped: "skipped",
};

export function renderCtrf(run: RunResult): string {
  const start = Date.parse(run.startedAt);
  const stop = Date.parse(run.finishedAt);
  const tests = run.suites.flatMap((suite) => suite.cases.map((c) => ctrfTest(suite.name, c)));
  const count = (s: string) => tests.filter((t) => t.status === s).length;
  const report = {
    reportFormat: "CTRF",
    specVersion: "0.0.0",
    timestamp: new Date(stop).toISOString(),
    generatedBy: "hyvve-qa",
    results: {
      tool: { name: "hyvve-qa" },
      summary: {
        tests: tests.length,
        passed: count("passed"),
        failed: count("failed"),
        skipped: count("skipped"),
        pending: 0,
        other: 0,
        flaky: tests.filter((t) => t.flaky).length,
        suites: run.suites.length,
        start,
        stop,
        duration: Math.max(0, stop - start),
      },
      tests,
      environment: {
        testEnvironment: run.environment.name,
        ...(run.git.commit ? { commit: run.git.commit } : {}),
        ...(run.git.branch ? { branchName: run.git.branch } : {}),
        healthy: run.verdict ? run.verdict.status === "passed" : run.status === "passed",
      },
      ...baselineExtra(run),
    },
    insights: insights(run, tests),
  };
  return JSON.stringify(report, null, 2) + "\n";
}

/** What the baseline comparison could not do well (CTRF has no field for it: `extra`). */
function baselineExtra(run: RunResult) {
  const b = run.baseline;
  if (!b || (!b.note && !b.outdated)) return {};
  const { kind, source, note, outdated } = b;
  return { extra: { baseline: { kind, source, note, outdated } } };
}

/** One case as a CTRF test. */
function ctrfTest(suite: string, c: CaseResult) {
  return {
    name: c.titlePath.join(" › "),
    status: STATUS[c.status],
    duration: Math.round(c.durationMs ?? 0),
    suite: [suite, ...c.titlePath.slice(0, -1)],
    ...(c.failure ? { message: c.failure.message } : {}),
    ...(c.failure?.stack ? { trace: c.failure.stack } : {}),
    ...(c.file ? { filePath: c.file } : {}),
    retries: c.retries,
    flaky: c.status === "flaky",
    // CTRF has no error status: an errored case is failed, and says so in rawStatus.
    rawStatus: c.failure?.kind === "error" && c.status === "failed" ? "errored" : c.status,
    ...(c.quarantined ? { labels: { quarantined: true } } : {}),
  };
}

/** This run's rates and durations, with the earlier runs' means as the baseline. */
function insights(
  run: RunResult,
  tests: readonly { status: string; flaky: boolean; duration: number }[],
) {
  const ran = tests.filter((t) => t.status !== "skipped");
  const n = Math.max(ran.length, 1);
  const runMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  const earlier = run.history?.earlier;
  const delta = (current: number, baseline: number | undefined) =>
    baseline === undefined ? { current } : { current, baseline, change: current - baseline };
  return {
    passRate: delta(ran.filter((t) => t.status === "passed").length / n, earlier?.passRate),
    failRate: delta(ran.filter((t) => t.status === "failed").length / n, earlier?.failRate),
    flakyRate: delta(ran.filter((t) => t.flaky).length / n, earlier?.flakyRate),
    averageRunDuration: delta(runMs, earlier?.averageRunDurationMs),
    p95RunDuration: delta(runMs, earlier?.p95RunDurationMs),
    averageTestDuration: delta(
      ran.reduce((sum, t) => sum + t.duration, 0) / n,
      earlier?.averageTestDurationMs,
    ),
    runsAnalyzed: run.history?.runs ?? 0,
  };
}
