/**
 * Turning "how the process ended" plus "what results it left" into a suite
 * status. Shared by every adapter so that crash, hang, cancel and missing
 * output mean the same thing whatever the runner.
 */
import { describeEnd, tail, type Finished, type ProcessEnd } from "../process/process-end.js";
import { deriveSuiteStatus, type CaseResult, type SuiteResult } from "../results/model.js";
import type { SuiteRunContext } from "./types.js";

/** What a runner left for its importer: cases, a file that could not be read, or nothing. */
export type RunnerOutput =
  | { kind: "cases"; cases: CaseResult[] }
  | { kind: "unreadable"; error: string }
  | { kind: "missing" };

export const noOutput: RunnerOutput = { kind: "missing" };

export function casesOutput(cases: CaseResult[]): RunnerOutput {
  return { kind: "cases", cases };
}

export function unreadableOutput(error: string): RunnerOutput {
  return { kind: "unreadable", error };
}

export interface OutcomeOptions {
  /** Fields to add to the suite (notes, load metrics). */
  extra?: Partial<SuiteResult>;
  /**
   * Exit codes besides 0 that end a run normally even when no case failed
   * (k6's 99 over several instances: one segment crossed a threshold that the
   * merged points do not). Default: none.
   */
  cleanExitCodes?: readonly number[];
}

export function suiteOutcome(
  ctx: Pick<SuiteRunContext, "name" | "suite">,
  proc: Finished,
  output: RunnerOutput,
  options: OutcomeOptions = {},
): SuiteResult {
  const runner = ctx.suite.runner;
  const base: SuiteResult = {
    name: ctx.name,
    kind: ctx.suite.kind,
    runner,
    status: "passed",
    durationMs: Math.round(proc.durationMs),
    cases: output.kind === "cases" ? output.cases : [],
    ...options.extra,
  };
  const stderrTail = tail(proc.stderr || proc.stdout) || undefined;
  const fail = (status: SuiteResult["status"], message: string): SuiteResult => ({
    ...base,
    status,
    error: stderrTail === undefined ? { message } : { message, stderrTail },
  });

  const end = proc.end;
  if (end.kind === "spawn-failed")
    return fail("errored", `could not start ${runner}: ${end.message}`);
  if (end.kind === "cancelled") return fail("interrupted", `${runner} ${describeEnd(end)}`);
  if (end.kind === "timedout") return fail("timedout", `${runner} ${describeEnd(end)}`);
  if (output.kind === "missing")
    return fail("errored", `${runner} ${describeEnd(end)} without writing results`);
  if (output.kind === "unreadable") return fail("errored", output.error);
  const status = deriveSuiteStatus(base.cases);
  if (!isCleanEnd(end, options.cleanExitCodes ?? []) && status !== "failed")
    return fail("errored", `${runner} ${describeEnd(end)} but reported no failed test`);
  return { ...base, status };
}

function isCleanEnd(end: ProcessEnd, clean: readonly number[]): boolean {
  return end.kind === "exited" && (end.code === 0 || clean.includes(end.code));
}

/** A suite that had nothing to do in this shard: skipped, with the reason as a note. */
export function skippedSuite(
  ctx: Pick<SuiteRunContext, "name" | "suite">,
  note: string,
): SuiteResult {
  return {
    name: ctx.name,
    kind: ctx.suite.kind,
    runner: ctx.suite.runner,
    status: "skipped",
    durationMs: 0,
    cases: [],
    notes: [note],
  };
}
