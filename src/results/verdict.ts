/**
 * The one place that decides how a run ends: its exit code and the reasons
 * for it, from the run (case and suite statuses, baseline findings) and from
 * what went wrong around it (the environment, a reporter, a bug of ours).
 * `run` and `report` both end through here, so they cannot disagree.
 */
import type { RunResult, VerdictRecord } from "./model.js";

/** The exit-code contract (docs/ARCHITECTURE.md, README "Exit codes and errors"). */
/** 3 is "hyvve-qa itself failed", as pytest's internal error: CI tells a tool crash from a red build. */
export const EXIT = { ok: 0, failed: 1, usage: 2, internal: 3, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface VerdictInputs {
  run: Pick<RunResult, "status" | "suites" | "baseline" | "history">;
  /** Ctrl-C stopped the run (its report is partial). */
  interrupted?: boolean;
  /** A bug of ours while running suites; the report was still written. */
  internalError?: string | undefined;
  /** Suites that could not run because the machine or target lacks something. */
  environmentErrors?: readonly string[];
  /** Stack commands that died during the run: what ran after is not the product's verdict. */
  stackErrors?: readonly string[];
  /** Reporters that threw (the others' output is intact). */
  reporterErrors?: readonly { reporter: string; message: string }[];
}

export interface Verdict extends VerdictRecord {
  exitCode: ExitCode;
}

const STATUS_OF_EXIT: Record<ExitCode, VerdictRecord["status"]> = {
  0: "passed",
  1: "failed",
  2: "error",
  3: "error",
  130: "interrupted",
};

export function verdict(inputs: VerdictInputs): Verdict {
  const reasons = [
    ...(inputs.interrupted ? ["interrupted: the report is partial"] : []),
    ...(inputs.internalError ? [`internal error: ${inputs.internalError}`] : []),
    ...(inputs.stackErrors ?? []).map((e) => `stack: ${e}`),
    ...(inputs.environmentErrors ?? []).map((e) => `could not run ${e}`),
    ...suiteReasons(inputs.run),
    ...(inputs.run.history?.expired ?? []).map(
      (e) =>
        `quarantine of ${e.pattern} expired on ${e.expires}: ${e.owner}, fix it or extend the entry`,
    ),
    ...(inputs.run.baseline?.findings ?? [])
      .filter((f) => f.regression)
      .map((f) => `regression: ${f.message}`),
    ...(inputs.reporterErrors ?? []).map((e) => `the ${e.reporter} reporter failed: ${e.message}`),
  ];
  const exitCode = exitCodeFor(inputs, reasons.length === 0);
  return { status: STATUS_OF_EXIT[exitCode], exitCode, reasons };
}

/** Precedence: interrupted, then our own bug, then the environment, then the tests. */
function exitCodeFor(inputs: VerdictInputs, clean: boolean): ExitCode {
  if (inputs.interrupted) return EXIT.interrupted;
  if (inputs.internalError) return EXIT.internal;
  if ((inputs.environmentErrors ?? []).length > 0 || (inputs.stackErrors ?? []).length > 0)
    return EXIT.usage;
  return clean && inputs.run.status === "passed" ? EXIT.ok : EXIT.failed;
}

/** A line per suite that did not pass, with its failed-case count or its error. */
function suiteReasons(run: VerdictInputs["run"]): string[] {
  return run.suites
    .filter((s) => s.status !== "passed" && s.status !== "skipped")
    .map((s) => {
      const failed = s.cases.filter((c) => c.status === "failed" && !c.quarantined).length;
      const detail = failed > 0 ? `${failed} failed` : (s.error?.message ?? s.status);
      return `${s.name}: ${s.status} (${detail.split("\n")[0]})`;
    });
}
