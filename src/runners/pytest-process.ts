/**
 * One pytest process under the supervisor, and what its exit code means.
 * pytest's codes: 0 all passed, 1 some failed, 2 interrupted (Ctrl-C, or
 * collection errors), 3 internal error, 4 usage error, 5 no tests collected.
 */
import { exitCodeOf, type Finished } from "../process/process-end.js";
import { superviseRunner } from "./supervise-runner.js";
import type { SuiteResult } from "../results/model.js";
import { JUNIT_SUITE_NAME } from "./pytest-paths.js";
import { suiteOutcome, type RunnerOutput } from "./outcome.js";
import type { SuiteRunContext } from "./types.js";

/**
 * pytest's own JUnit into `path`: xunit1, the only family that writes each
 * case's `file` (and the one that adds no record_property warning a plain
 * pytest run would not give), under a fixed <testsuite> name.
 */
export function junitFlags(path: string): string[] {
  return [
    `--junitxml=${path}`,
    "-o",
    "junit_family=xunit1",
    "-o",
    `junit_suite_name=${JUNIT_SUITE_NAME}`,
  ];
}

/** `<python> -m pytest …` in the suite's folder; Ctrl-C and timeouts as pytest's own Ctrl-C (it then writes its JUnit). */
export function runPytest(
  ctx: SuiteRunContext,
  python: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<Finished> {
  return superviseRunner(python, ["-m", "pytest", ...args], {
    cwd: ctx.cwd,
    env: ctx.env,
    timeoutMs,
    signal: ctx.signal,
    stopSignal: "SIGINT",
    forceKillAfterMs: 10_000,
    ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(line) } : {}),
  });
}

const MEANING: Record<number, string> = {
  2: "interrupted",
  3: "internal error",
  4: "usage error",
};

/** The line where pytest says what went wrong: its `ERROR:`, its `Interrupted: …`, else its last line. */
export function pytestSays(proc: Finished): string {
  const lines = `${proc.stderr}\n${proc.stdout}`.split("\n").map((l) => l.trim());
  const error = lines.find((l) => l.startsWith("ERROR: "));
  if (error) return error;
  const interrupted = lines.findLast((l) => /Interrupted: /.test(l));
  if (interrupted) return interrupted.replace(/^[!=\s]+|[!=\s]+$/g, "");
  return lines.findLast((l) => l !== "") ?? "no output";
}

/**
 * The suite from pytest's end and JUnit: suiteOutcome's rules, plus exit 5
 * as a skipped suite with a note, and exits 2–4 in pytest's own words (the
 * suite's error, or a note beside the failed cases of a collection error).
 */
export function pytestOutcome(
  ctx: SuiteRunContext,
  proc: Finished,
  output: RunnerOutput,
  notes: readonly string[],
): SuiteResult {
  const extra = notes.length > 0 ? { notes: [...notes] } : {};
  const suite = suiteOutcome(ctx, proc, output, { cleanExitCodes: [5], extra });
  const code = exitCodeOf(proc.end);
  if (code === 5 && (suite.status === "passed" || suite.status === "skipped"))
    return { ...suite, status: "skipped", notes: [...notes, "pytest collected no tests (exit 5)"] };
  const meaning = code === undefined ? undefined : MEANING[code];
  if (meaning === undefined || output.kind === "unreadable") return suite;
  const what = `pytest exited with code ${code} (${meaning}): ${pytestSays(proc)}`;
  if (suite.status === "errored" && suite.error)
    return { ...suite, error: { ...suite.error, message: what } };
  return { ...suite, notes: [...notes, what] };
}
