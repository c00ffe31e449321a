/**
 * `run()`: config → plan → target → runners → model → baseline → reporters
 * → verdict, in process. `hyvve-qa run` is this with its flags parsed.
 * Whatever happens after the run folder exists (failures, a crashed
 * runner, an abort), a report is written.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { compareWithStoredBaseline } from "../baseline/store.js";
import { loadConfig } from "../config/read.js";
import type { Config } from "../config/schema.js";
import { EnvironmentError, formatUsageError } from "../errors.js";
import { expectedSuiteWallTimes } from "../history/durations.js";
import { scheduleLongestFirst, type Plan } from "../plan/plan.js";
import { newRunId } from "../results/merge.js";
import type { RunResult } from "../results/model.js";
import { verdict, type ExitCode } from "../results/verdict.js";
import { executeAgainstTarget, type Executed } from "./against-target.js";
import { assembleRun } from "./assemble.js";
import type { RunContext } from "./context.js";
import { linkLatest } from "./latest.js";
import { defaultRunOptions, type RunApiOptions, type RunOptions } from "./options.js";
import { planRun } from "./plan-run.js";
import { createReporters } from "./reporters.js";
import { judgeWithHistory, loadMemory, recordRun, type Memory } from "./run-history.js";

/** How a run ended: its record (none when nothing ran), its folder and its exit code. */
export interface RunOutcome {
  exitCode: ExitCode;
  run?: RunResult;
  runDir?: string;
  /** Why no suite ran (--changed found nothing, --last-failed had nothing): exit 0. */
  nothing?: string;
  /** Reporters that threw (the verdict counts them) and export warnings. */
  reporterErrors: { reporter: string; message: string }[];
  warnings: string[];
}

/** Runs the suites (default: all) and reports them; throws a UsageError for what the user can fix. */
export async function run(api: RunApiOptions = {}): Promise<RunOutcome> {
  const envVars = api.envVars ?? process.env;
  const stdout = api.stdout ?? process.stdout;
  const stderr = api.stderr ?? process.stderr;
  const options = runOptionsOf(api, envVars);
  const print = (text: string) => void stdout.write(text);
  const warn = (text: string) => void stderr.write(text);
  const { config, rootDir, path } = await loadConfig(api.cwd ?? process.cwd(), options.config);
  const planned = await planRun(config, rootDir, path, api.suites ?? [], options, print);
  if ("nothing" in planned)
    return { exitCode: 0, nothing: planned.nothing, reporterErrors: [], warnings: [] };
  // A corrupt history line is a warning; a corrupt quarantine file is exit 2 before anything runs.
  const memory = await loadMemory(config, rootDir, historyChoice(options));
  const id = newRunId();
  const runDir = options.out
    ? resolve(api.cwd ?? process.cwd(), options.out)
    : resolve(rootDir, config.reportsDir, id);
  const reporters = await createReporters(
    { explicit: options.reporter, config: config.reporters, configFile: path },
    reporterContext(options, config, memory, envVars, stdout, print),
    (line) => warn(`${line}\n`),
  );
  const ctx: RunContext = {
    options,
    config,
    rootDir,
    plan: longestFirst(planned.plan, memory, options),
    id,
    runDir,
    startedAt: new Date().toISOString(),
    envVars,
    signal: api.signal ?? new AbortController().signal,
    reporters,
    print,
    warn,
  };
  await reporters.onRunBegin({ outDir: runDir, suites: suitesOf(ctx.plan) });
  const executed = await executeAgainstTarget(ctx);
  return finish(ctx, executed, memory);
}

/** The API's options over `hyvve-qa run`'s defaults (an undefined value keeps the default). */
function runOptionsOf(api: RunApiOptions, envVars: NodeJS.ProcessEnv): RunOptions {
  const given = Object.fromEntries(Object.entries(api).filter(([, v]) => v !== undefined));
  return { ...defaultRunOptions(envVars), ...given } as RunOptions;
}

function historyChoice(options: RunOptions) {
  return { file: options.history, off: options.noHistory, quarantine: options.quarantine };
}

/** The plan with the longest suite (by the history's wall times) started first in each batch. */
function longestFirst(plan: Plan, memory: Memory, options: RunOptions): Plan {
  return scheduleLongestFirst(plan, expectedSuiteWallTimes(memory.earlier, options.profile));
}

function suitesOf(plan: Plan) {
  return plan.batches.flat().map((p) => ({
    name: p.name,
    kind: p.suite.kind,
    runner: p.suite.runner,
  }));
}

/** What the built-in reporters are given: where to print, the exports' choices, the history. */
function reporterContext(
  options: RunOptions,
  config: Config,
  memory: Memory,
  envVars: NodeJS.ProcessEnv,
  stdout: NonNullable<RunApiOptions["stdout"]>,
  print: (text: string) => void,
) {
  return {
    env: envVars,
    print,
    annotations: options.ci && envVars["GITHUB_ACTIONS"] === "true",
    tty: !options.ci && stdout.isTTY ? stdout : undefined,
    verbose: options.verbose,
    otlpEndpoint: options.otlp,
    otlpFile: options.otlpFile,
    metricsFile: options.metricsFile,
    dryRunAlerts: options.dryRunAlerts,
    alerts: config.alerts,
    earlier: memory.earlier,
  };
}

/** The record, its verdict, every reporter, the history; then the exit code. */
async function finish(ctx: RunContext, executed: Executed, memory: Memory): Promise<RunOutcome> {
  const { options, config } = ctx;
  const interrupted = ctx.signal.aborted;
  const run = await assembleRun(ctx, executed, interrupted);
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
    await recordRun(run, config, ctx.rootDir, historyChoice(options));
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
