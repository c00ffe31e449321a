/**
 * Merged JUnit through junit-report-builder: one <testsuites> with one
 * <testsuite> per suite. A suite whose runner broke gets a synthetic errored
 * case so CI tools that only count cases still see it. Flaky cases pass (they
 * did, on retry) and carry `flaky`/`retries` properties and a system-out line.
 * Regressions against the baseline get a `baseline` testsuite of their own.
 */
import { describeOutdated } from "../results/baseline-notes.js";
import junitBuilderModule, { type Builder } from "junit-report-builder";
import type { RunResult, SuiteResult } from "../results/model.js";

// The package is CommonJS whose module.exports *is* the default builder; its
// typings describe an ES default export, which nodenext reads as `.default`.
const junitBuilder = junitBuilderModule as unknown as Builder;

export function renderJUnit(run: RunResult): string {
  const builder = junitBuilder.newBuilder();
  builder.name(`hyvve-qa ${run.id}`);
  for (const suite of run.suites) addSuite(builder, suite);
  addBaselineSuite(builder, run);
  return builder.build();
}

function addSuite(builder: Builder, suite: SuiteResult): void {
  const node = builder.testSuite().name(suite.name);
  node
    .property("kind", suite.kind)
    .property("runner", suite.runner)
    .property("status", suite.status);
  if (suite.durationMs !== null) node.time(suite.durationMs / 1000);
  for (const c of suite.cases) {
    const tc = node
      .testCase()
      .className(c.titlePath.slice(0, -1).join(" > ") || suite.name)
      .name(c.title);
    if (c.file) tc.file(c.file);
    if (c.durationMs !== null) tc.time(c.durationMs / 1000);
    if (c.status === "failed" && c.quarantined) {
      // Reported, not red: CI test views count a quarantined failure as skipped, with why.
      tc.property("quarantined", "true").skipped();
      tc.standardOutput(`quarantined, failed: ${c.failure?.message ?? "failed"}`);
    } else if (c.status === "failed" && c.failure?.kind === "error") {
      // An error stays an error (pytest, Surefire): CI views count errors and failures apart.
      tc.error(c.failure.message, c.failure.type, c.failure.stack);
    } else if (c.status === "failed") {
      tc.failure(c.failure?.message ?? "failed", c.failure?.type);
      if (c.failure?.stack) tc.stacktrace(c.failure.stack);
    } else if (c.status === "skipped") {
      tc.skipped();
    } else if (c.status === "flaky") {
      tc.property("flaky", "true").property("retries", String(c.retries));
      tc.standardOutput(`flaky: passed after ${c.retries} retr${c.retries === 1 ? "y" : "ies"}`);
    }
  }
  if (suite.error) {
    node
      .testCase()
      .className(suite.name)
      .name(`${suite.name} (runner ${suite.status})`)
      .error(suite.error.message, suite.status, suite.error.stderrTail);
  }
}

/**
 * A `baseline` testsuite with one failing case per regression, so CI test UIs
 * (Jenkins, GitLab, GitHub) that only count cases show the red a regression is.
 */
function addBaselineSuite(builder: Builder, run: RunResult): void {
  const regressions = run.baseline?.findings.filter((f) => f.regression) ?? [];
  const outdated = run.baseline?.outdated;
  if (regressions.length === 0 && !outdated) return;
  const node = builder.testSuite().name("baseline");
  node.property("kind", "baseline");
  if (run.baseline?.source) node.property("source", run.baseline.source);
  // Read by whoever opens the file: the comparison above was weaker than it looks.
  if (outdated) node.property("outdated", describeOutdated(outdated));
  for (const f of regressions) {
    node
      .testCase()
      .className(`baseline > ${f.suite}`)
      .name(f.caseId ? `${f.kind}: ${f.caseId}` : `${f.kind}: ${f.suite}`)
      .failure(f.message, f.kind);
  }
}
