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
  return [...ctrfChunks(run)].join("");
}

/** Stands for the tests array in the report's text; nothing before it can hold user text. */
const TESTS_MARK = "\u0000ctrf-tests\u0000";
/** Chunks about this big: few enough writes, and never the whole file as one string. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The text of JSON.stringify(report) + "\n", test by test: neither the array
 * of 100k test objects nor the file's text is ever whole in memory. Compact,
 * like run.json: indented, 100k tests were 35 MB, and tools pretty-print on
 * demand.
 */
export function* ctrfChunks(run: RunResult): Generator<string, void, undefined> {
  const text = JSON.stringify(ctrfReport(run, countTests(run), TESTS_MARK)) + "\n";
  const at = text.indexOf(JSON.stringify(TESTS_MARK));
  let out = `${text.slice(0, at)}[`;
  let first = true;
  for (const suite of run.suites) {
    const suiteName = JSON.stringify(suite.name);
    for (const c of suite.cases) {
      out += `${first ? "" : ","}${ctrfTestJson(suiteName, c)}`;
      first = false;
      if (out.length >= CHUNK_CHARS) {
        yield out;
        out = "";
      }
    }
  }
  yield `${out}]${text.slice(at + JSON.stringify(TESTS_MARK).length)}`;
}

/** What the summary and the insights count, in one pass over the cases instead of the tests. */
interface TestCounts {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
  /** Tests that ran (not skipped) and their rounded durations' sum, for the insights. */
  ran: number;
  ranDuration: number;
}

/** The counts of the CTRF tests the cases become (a flaky case is a passed test). */
function countTests(run: RunResult): TestCounts {
  const n: TestCounts = {
    tests: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    flaky: 0,
    ran: 0,
    ranDuration: 0,
  };
  for (const suite of run.suites) {
    for (const c of suite.cases) {
      const status = STATUS[c.status];
      n.tests++;
      n[status]++;
      if (c.status === "flaky") n.flaky++;
      if (status !== "skipped") {
        n.ran++;
        n.ranDuration += Math.round(c.durationMs ?? 0);
      }
    }
  }
  return n;
}

/** The whole report; `tests` is the array, or a mark where ctrfChunks streams it. */
function ctrfReport(run: RunResult, n: TestCounts, tests: unknown) {
  const start = Date.parse(run.startedAt);
  const stop = Date.parse(run.finishedAt);
  return {
    reportFormat: "CTRF",
    specVersion: "0.0.0",
    timestamp: new Date(stop).toISOString(),
    generatedBy: "hyvve-qa",
    results: {
      tool: { name: "hyvve-qa" },
      summary: {
        tests: n.tests,
        passed: n.passed,
        failed: n.failed,
        skipped: n.skipped,
        pending: 0,
        other: 0,
        flaky: n.flaky,
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
    insights: insights(run, n),
  };
}

/** What the baseline comparison could not do well (CTRF has no field for it: `extra`). */
function baselineExtra(run: RunResult) {
  const b = run.baseline;
  if (!b || (!b.note && !b.outdated)) return {};
  const { kind, source, note, outdated } = b;
  return { extra: { baseline: { kind, source, note, outdated } } };
}

/** CTRF has no error status: an errored case is failed, and says so in rawStatus. */
function rawStatus(c: CaseResult): string {
  return c.failure?.kind === "error" && c.status === "failed" ? "errored" : c.status;
}

/**
 * One case as a CTRF test (keys in CTRF's order), the text JSON.stringify
 * would write for it, written directly: building 100k objects of varying
 * shape to stringify them took twice as long. `suite` is already JSON.
 * test/reporters/ctrf.unit.test.ts holds the file to JSON.stringify's text.
 */
function ctrfTestJson(suite: string, c: CaseResult): string {
  let suitePath = suite;
  for (let i = 0; i < c.titlePath.length - 1; i++)
    suitePath += `,${JSON.stringify(c.titlePath[i])}`;
  let out =
    `{"name":${JSON.stringify(c.titlePath.join(" › "))},"status":"${STATUS[c.status]}",` +
    `"duration":${JSON.stringify(Math.round(c.durationMs ?? 0))},"suite":[${suitePath}]`;
  const failure = c.failure;
  if (failure && failure.message !== undefined)
    out += `,"message":${JSON.stringify(failure.message)}`;
  if (failure?.stack) out += `,"trace":${JSON.stringify(failure.stack)}`;
  if (c.file) out += `,"filePath":${JSON.stringify(c.file)}`;
  out += `,"retries":${JSON.stringify(c.retries)},"flaky":${c.status === "flaky"}`;
  out += `,"rawStatus":"${rawStatus(c)}"`;
  if (c.quarantined) out += `,"labels":{"quarantined":true}`;
  return `${out}}`;
}

/** This run's rates and durations, with the earlier runs' means as the baseline. */
function insights(run: RunResult, tests: TestCounts) {
  const n = Math.max(tests.ran, 1);
  const runMs = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  const earlier = run.history?.earlier;
  const delta = (current: number, baseline: number | undefined) =>
    baseline === undefined ? { current } : { current, baseline, change: current - baseline };
  // Skipped tests did not run: every passed, failed and flaky test did.
  return {
    passRate: delta(tests.passed / n, earlier?.passRate),
    failRate: delta(tests.failed / n, earlier?.failRate),
    flakyRate: delta(tests.flaky / n, earlier?.flakyRate),
    averageRunDuration: delta(runMs, earlier?.averageRunDurationMs),
    p95RunDuration: delta(runMs, earlier?.p95RunDurationMs),
    averageTestDuration: delta(tests.ranDuration / n, earlier?.averageTestDurationMs),
    runsAnalyzed: run.history?.runs ?? 0,
  };
}
