/**
 * The attributes of the run's trace: OpenTelemetry's CI/CD and test
 * semantic conventions where they have a name (`cicd.pipeline.*`,
 * `test.suite.*`, `test.case.*`, `vcs.*`, `code.*`), `hyvve_qa.*` for what
 * they lack (skip, flaky, retries, quarantine, the verdict, load numbers).
 * The names are copied here, not imported from
 * `@opentelemetry/semantic-conventions/incubating`: that package asks users
 * of its unstable names to copy them, since they may change in a minor release.
 */
import { describeOutdated } from "../results/baseline-notes.js";
import type { Attributes } from "@opentelemetry/api";
import {
  countCases,
  countRun,
  type CaseResult,
  type LoadMetrics,
  type RunResult,
  type SuiteResult,
} from "../results/model.js";

/** The pipeline's name: low-cardinality, as the CI/CD conventions ask (environment and profile, not the run). */
export function pipelineName(run: RunResult): string {
  return `hyvve-qa ${run.environment.name}${run.profile ? `/${run.profile}` : ""}`;
}

/** `cicd.pipeline.result` from the verdict (success, failure, error, timeout, cancellation). */
export function pipelineResult(run: RunResult): string {
  if (run.status === "interrupted" || run.verdict?.status === "interrupted") return "cancellation";
  if (run.status === "timedout") return "timeout";
  if (run.verdict)
    return { passed: "success", failed: "failure", error: "error" }[run.verdict.status];
  return run.status === "passed" ? "success" : "failure";
}

/** Where the CI provider shows this run, when the run happens in one we know (GitHub Actions, GitLab CI). */
export function ciRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT } = env;
  if (GITHUB_SERVER_URL && GITHUB_REPOSITORY && GITHUB_RUN_ID) {
    const attempt = GITHUB_RUN_ATTEMPT ? `/attempts/${GITHUB_RUN_ATTEMPT}` : "";
    return `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/actions/runs/${GITHUB_RUN_ID}${attempt}`;
  }
  return env["CI_PIPELINE_URL"] || undefined;
}

/** The root span's attributes: the pipeline run, its verdict and its counts. */
export function runAttributes(
  run: RunResult,
  env: NodeJS.ProcessEnv,
  partial: boolean,
): Attributes {
  const result = pipelineResult(run);
  const counts = countRun(run);
  const url = ciRunUrl(env);
  return {
    "cicd.pipeline.name": pipelineName(run),
    "cicd.pipeline.action.name": "RUN",
    "cicd.pipeline.run.id": run.id,
    "cicd.pipeline.result": result,
    ...(url ? { "cicd.pipeline.run.url.full": url } : {}),
    ...(result === "failure" || result === "error" ? { "error.type": errorType(run) } : {}),
    ...(run.git.commit ? { "vcs.ref.head.revision": run.git.commit } : {}),
    ...(run.git.branch ? { "vcs.ref.head.name": run.git.branch } : {}),
    "hyvve_qa.environment": run.environment.name,
    ...(run.profile ? { "hyvve_qa.profile": run.profile } : {}),
    ...(run.environment.faultInjected ? { "hyvve_qa.fault_injected": true } : {}),
    "hyvve_qa.run.status": run.status,
    ...(run.verdict
      ? {
          "hyvve_qa.verdict.exit_code": run.verdict.exitCode,
          "hyvve_qa.verdict.reasons": run.verdict.reasons.slice(0, 20),
        }
      : {}),
    "hyvve_qa.partial": partial,
    "hyvve_qa.cases.total": counts.total,
    "hyvve_qa.cases.passed": counts.passed,
    "hyvve_qa.cases.failed": counts.failed,
    "hyvve_qa.cases.skipped": counts.skipped,
    "hyvve_qa.cases.flaky": counts.flaky,
    "hyvve_qa.baseline.regressions": (run.baseline?.findings ?? []).filter((f) => f.regression)
      .length,
    ...(run.baseline?.outdated
      ? { "hyvve_qa.baseline.outdated": describeOutdated(run.baseline.outdated) }
      : {}),
  };
}

/** A low-cardinality class of why the run failed (`error.type`, required by the conventions then). */
function errorType(run: RunResult): string {
  if (run.verdict?.status === "error") return "environment";
  if (run.suites.some((s) => s.status === "errored")) return "runner_error";
  if (run.baseline?.findings.some((f) => f.regression)) return "regression";
  return "test_failure";
}

/** `test.suite.run.status`: success, failure, skipped, aborted, timed_out. */
export function suiteRunStatus(status: SuiteResult["status"]): string {
  return {
    passed: "success",
    failed: "failure",
    errored: "failure",
    skipped: "skipped",
    interrupted: "aborted",
    timedout: "timed_out",
  }[status];
}

/** A suite span's attributes; a load suite also carries its headline numbers. */
export function suiteAttributes(suite: SuiteResult): Attributes {
  const counts = countCases(suite.cases);
  return {
    "test.suite.name": suite.name,
    "test.suite.run.status": suiteRunStatus(suite.status),
    "hyvve_qa.suite.status": suite.status,
    "hyvve_qa.suite.kind": suite.kind,
    "hyvve_qa.suite.runner": suite.runner,
    "hyvve_qa.suite.duration_known": suite.durationMs !== null,
    "hyvve_qa.suite.start_known": suite.startedAt !== undefined,
    ...(suite.notes?.length ? { "hyvve_qa.suite.notes": suite.notes } : {}),
    "hyvve_qa.cases.total": counts.total,
    "hyvve_qa.cases.failed": counts.failed,
    "hyvve_qa.cases.skipped": counts.skipped,
    "hyvve_qa.cases.flaky": counts.flaky,
    ...(suite.load ? loadAttributes(suite.load) : {}),
  };
}

/** The load suite's headline: throughput, errors, latency percentiles, checks, thresholds. */
export function loadAttributes(load: LoadMetrics): Attributes {
  return {
    "hyvve_qa.load.duration_s": load.durationS,
    "hyvve_qa.load.requests": load.requests,
    "hyvve_qa.load.rps": load.rps,
    "hyvve_qa.load.error_rate": load.errorRate,
    "hyvve_qa.load.latency.p50_ms": load.latencyMs.p50,
    "hyvve_qa.load.latency.p90_ms": load.latencyMs.p90,
    "hyvve_qa.load.latency.p95_ms": load.latencyMs.p95,
    "hyvve_qa.load.latency.p99_ms": load.latencyMs.p99,
    "hyvve_qa.load.latency.max_ms": load.latencyMs.max,
    "hyvve_qa.load.checks.passes": load.checks.passes,
    "hyvve_qa.load.checks.fails": load.checks.fails,
    "hyvve_qa.load.thresholds.total": load.thresholds.length,
    "hyvve_qa.load.thresholds.failed": load.thresholds.filter((t) => !t.ok).length,
    "hyvve_qa.load.endpoints": load.endpoints.length,
  };
}

/** A case span's attributes; `test.case.result.status` only where the conventions have a value (pass, fail). */
export function caseAttributes(c: CaseResult, startEstimated: boolean): Attributes {
  const result = { passed: "pass", flaky: "pass", failed: "fail", skipped: undefined }[c.status];
  return {
    "test.case.name": c.titlePath.join(" › "),
    ...(result ? { "test.case.result.status": result } : {}),
    ...(c.file ? { "code.file.path": c.file } : {}),
    "hyvve_qa.case.id": c.id,
    "hyvve_qa.case.status": c.status,
    "hyvve_qa.case.skipped": c.status === "skipped",
    "hyvve_qa.case.flaky": c.status === "flaky",
    "hyvve_qa.case.retries": c.retries,
    "hyvve_qa.case.quarantined": c.quarantined === true,
    "hyvve_qa.case.duration_known": c.durationMs !== null,
    "hyvve_qa.case.start_estimated": startEstimated,
  };
}

/** The failure as the conventions' `exception` event attributes. */
export function failureEventAttributes(failure: NonNullable<CaseResult["failure"]>): Attributes {
  return {
    ...(failure.type ? { "exception.type": failure.type } : {}),
    "exception.message": failure.message,
    ...(failure.stack ? { "exception.stacktrace": failure.stack } : {}),
  };
}
