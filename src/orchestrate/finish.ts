/**
 * The end of `run()`: the record, its verdict, every reporter's end, the
 * history; then the exit code. Loaded while the runners work (run.ts), so
 * none of it comes before the first runner starts.
 */
import { mkdir } from "node:fs/promises";
import { compareWithStoredBaseline } from "../baseline/store.js";
import { EnvironmentError, formatUsageError } from "../errors.js";
import { verdict } from "../results/verdict.js";
import type { Executed } from "./against-target.js";
import { assembleRun } from "./assemble.js";
import type { RunContext, RunOutcome } from "./context.js";
import type { GitInfo } from "./git.js";
import { judgeWithHistory, recordRun } from "./judge-history.js";
import { linkLatest } from "./latest.js";
import { historyChoiceOf, type Memory } from "./run-history.js";

/** The record, its verdict, every reporter, the history; then the exit code. */
export async function finish(
  ctx: RunContext,
  executed: Executed,
  memory: Memory,
  git: GitInfo,
): Promise<RunOutcome> {
  const { options, config } = ctx;
  const interrupted = ctx.signal.aborted;
  const run = assembleRun(ctx, executed, interrupted, git);
  judgeWithHistory(run, config, memory);
  // A run cut short (Ctrl-C, a stack command that died) says nothing about the product.
  const cutShort = interrupted || executed.stackErrors.length > 0;
  if (options.baseline && !cutShort)
    run.baseline = await compareWithStoredBaseline(run, config, ctx.rootDir, memory.earlier);
  // Every reporter shows this verdict; a reporter that then fails can only make it worse.
  const inputs = {
    run,
    interrupted,
    internalError: executed.internalError,
    environmentErrors: executed.environmentErrors,
    stackErrors: executed.stackErrors,
  };
  run.verdict = verdict(inputs);
  await mkdir(ctx.runDir, { recursive: true });
  const { reporters } = ctx;
  await reporters.onRunEnd(run, { outDir: ctx.runDir, partial: !!options.shard || cutShort });
  for (const e of reporters.errors)
    ctx.warn(`hyvve-qa: the ${e.reporter} reporter failed: ${e.message}\n`);
  if (!options.out) await linkLatest(ctx.runDir).catch(() => {});
  // A shard is not a run (report --run records the merged one); a partial run would skew flakiness.
  if (!options.shard && !cutShort)
    await recordRun(run, config, ctx.rootDir, historyChoiceOf(options));
  printRunProblems(ctx, executed);
  const { exitCode } = verdict({ ...inputs, reporterErrors: reporters.errors });
  return {
    exitCode,
    run,
    runDir: ctx.runDir,
    reporterErrors: reporters.errors,
    warnings: reporters.warnings,
  };
}

/** After the report: what kept the run from being a verdict on the product, one line each. */
function printRunProblems(ctx: RunContext, executed: Executed): void {
  for (const message of executed.environmentErrors)
    ctx.warn(formatUsageError(new EnvironmentError(message)));
  for (const message of executed.stackErrors)
    ctx.warn(
      formatUsageError(new EnvironmentError(`stack ${message}`, `the report: ${ctx.runDir}`)),
    );
  if (executed.internalError)
    ctx.warn(`hyvve-qa: internal error while running suites: ${executed.internalError}\n`);
}
