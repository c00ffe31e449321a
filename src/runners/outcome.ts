/**
 * Turning "what the process did" plus "what results it left" into a suite
 * status. Shared by every adapter so that crash, hang, cancel and missing
 * output mean the same thing whatever the runner.
 */
import { deriveSuiteStatus, type CaseResult, type SuiteResult } from "../results/model.js";
import { tail, type SupervisedResult } from "./supervisor.js";
import type { SuiteRunContext } from "./types.js";

export interface ReadResults {
  cases: CaseResult[];
}

export function suiteOutcome(
  ctx: SuiteRunContext,
  proc: SupervisedResult,
  results: ReadResults | { error: string } | undefined,
  extra: Partial<SuiteResult> = {},
): SuiteResult {
  const base: SuiteResult = {
    name: ctx.name,
    kind: ctx.suite.kind,
    runner: ctx.suite.runner,
    status: "passed",
    durationMs: Math.round(proc.durationMs),
    cases: results && "cases" in results ? results.cases : [],
    ...extra,
  };
  const stderrTail = tail(proc.stderr || proc.stdout) || undefined;
  const fail = (status: SuiteResult["status"], message: string): SuiteResult => ({
    ...base,
    status,
    error: stderrTail === undefined ? { message } : { message, stderrTail },
  });

  if (proc.spawnError !== undefined)
    return fail("errored", `could not start ${ctx.suite.runner}: ${proc.spawnError}`);
  if (proc.cancelled) return fail("interrupted", `${ctx.suite.runner} was stopped (interrupted)`);
  if (proc.timedOut)
    return fail(
      "timedout",
      `${ctx.suite.runner} did not finish within ${ctx.suite.timeout} ms and was stopped`,
    );
  if (results === undefined) {
    const how = proc.signal ? `was killed by ${proc.signal}` : `exited with code ${proc.exitCode}`;
    return fail("errored", `${ctx.suite.runner} ${how} without writing results`);
  }
  if ("error" in results) return fail("errored", results.error);
  const status = deriveSuiteStatus(base.cases);
  if (proc.exitCode !== 0 && status !== "failed") {
    const how = proc.signal ? `was killed by ${proc.signal}` : `exited with code ${proc.exitCode}`;
    return fail("errored", `${ctx.suite.runner} ${how} but reported no failed test`);
  }
  return { ...base, status };
}
