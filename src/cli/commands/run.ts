/**
 * `hyvve-qa run`: config → plan → target → runners → model → baseline →
 * reporters → verdict. Whatever happens after the run folder exists
 * (failures, a crashed runner, Ctrl-C), a report is written.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { relative, resolve } from "node:path";
import chalk from "chalk";
import { compareWithStoredBaseline } from "../../baseline/store.js";
import { loadConfig } from "../../config/load.js";
import type { Config } from "../../config/schema.js";
import { EnvironmentError, UsageError, describeError } from "../../errors.js";
import { expectedSuiteWallTimes } from "../../history/durations.js";
import {
  buildPlan,
  scheduleLongestFirst,
  selectSuites,
  type Plan,
  type PlannedSuite,
} from "../../plan/plan.js";
import { onlyLastFailed } from "../../plan/last-failed.js";
import { newRunId } from "../../results/merge.js";
import { deriveRunStatus, RUN_SCHEMA_VERSION, type RunResult } from "../../results/model.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { verdict } from "../../results/verdict.js";
import { alertSecretEnvNames } from "../../export/alerts.js";
import { exportRun } from "../../export/index.js";
import { linkLatest, writeReports } from "../../reporters/index.js";
import { startTarget, type Target } from "../../target/index.js";
import { executePlan, type ExecuteResult } from "../execute.js";
import { EXIT, printReporterErrors, printUsageError } from "../exit.js";
import { gitInfo, selectChanged } from "../git.js";
import { handleInterrupts, type Interrupt } from "../interrupt.js";
import { exportChoices, parseRunOptions, type RunOptions } from "../options.js";
import { judgeWithHistory, loadMemory, recordRun } from "../run-history.js";
import { placeholderValues, targetRunEnv, tokenEnvNames, withoutCredentials } from "../run-env.js";

/** What one run knows once its folder is chosen. */
interface RunContext {
  options: RunOptions;
  config: Config;
  rootDir: string;
  plan: Plan;
  id: string;
  runDir: string;
  startedAt: string;
}

/** What executing the plan against the target produced. */
interface Executed extends ExecuteResult {
  target: Target | undefined;
  internalError: string | undefined;
  secrets: (string | undefined)[];
}

export async function runCommand(names: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseRunOptions(raw);
  if (process.env["NO_COLOR"]) chalk.level = 0;
  const cwd = process.cwd();
  const { config, rootDir, path } = await loadConfig(cwd, options.config);
  const planned = await planRun(config, rootDir, path, names, options);
  if ("nothing" in planned) {
    process.stdout.write(`hyvve-qa: no suites to run (${planned.nothing})\n`);
    return EXIT.ok;
  }
  // A corrupt history line is a warning; a corrupt quarantine file is exit 2 before anything runs.
  const historyChoice = {
    file: options.history,
    off: options.noHistory,
    quarantine: options.quarantine,
  };
  const memory = await loadMemory(config, rootDir, historyChoice);
  const plan = scheduleLongestFirst(
    planned.plan,
    expectedSuiteWallTimes(memory.earlier, options.profile),
  );
  const id = newRunId();
  const runDir = options.out ? resolve(cwd, options.out) : resolve(rootDir, config.reportsDir, id);
  const ctx: RunContext = {
    options,
    config,
    rootDir,
    plan,
    id,
    runDir,
    startedAt: new Date().toISOString(),
  };
  const interrupt = handleInterrupts(() =>
    process.stderr.write(
      "\nhyvve-qa: interrupted, stopping runners and writing the partial report (Ctrl-C again to exit now)\n",
    ),
  );
  const executed = await executeAgainstTarget(ctx, interrupt).finally(() => interrupt.dispose());
  const interrupted = interrupt.signal.aborted;
  const run = await assembleRun(ctx, executed, interrupted);
  judgeWithHistory(run, config, memory);
  if (options.baseline && !interrupted)
    run.baseline = await compareWithStoredBaseline(run, config, rootDir, memory.earlier);
  // Every reporter shows this verdict; a reporter that then fails can only make it worse.
  const inputs = {
    run,
    interrupted,
    internalError: executed.internalError,
    environmentErrors: executed.environmentErrors,
  };
  run.verdict = verdict(inputs);
  const reporterErrors = await report(run, ctx);
  // Traces, metrics and alerts: warnings at worst, never a changed verdict.
  await exportRun(run, {
    ...exportChoices(options, process.env),
    outDir: ctx.runDir,
    alerts: config.alerts,
    partial: options.shard !== undefined || interrupted,
    earlier: memory.earlier,
  });
  // A shard is not a run (report --run records the merged one); a partial run would skew flakiness.
  if (!options.shard && !interrupted) await recordRun(run, config, rootDir, historyChoice);
  for (const message of executed.environmentErrors) printUsageError(new EnvironmentError(message));
  if (executed.internalError)
    process.stderr.write(
      `hyvve-qa: internal error while running suites: ${executed.internalError}\n`,
    );
  return verdict({ ...inputs, reporterErrors }).exitCode;
}

/** Which suites run, in which batches, with which filters; or why nothing runs. */
async function planRun(
  config: Config,
  rootDir: string,
  configFile: string,
  names: readonly string[],
  options: RunOptions,
): Promise<{ plan: Plan } | { nothing: string }> {
  let planned = selectSuites(config, names);
  if (options.changed) {
    const picked = await selectChanged(config, rootDir, planned, configFile);
    if (picked.note) process.stdout.write(`hyvve-qa: --changed: ${picked.note}\n`);
    for (const p of picked.suites)
      process.stdout.write(`hyvve-qa: --changed: ${p.name}: ${picked.reasons.get(p.name) ?? ""}\n`);
    planned = picked.suites;
  }
  if (planned.length === 0) return { nothing: "nothing changed that a suite covers" };
  if (options.grep !== undefined) planned = planned.map((p) => ({ ...p, grep: options.grep! }));
  if (options.lastFailed) {
    const last = await readLastRun(rootDir, config);
    planned = onlyLastFailed(planned, last);
    if (planned.length === 0) return { nothing: `nothing failed in the last run (${last.id})` };
  }
  refuseProductionWrites(config, planned, options);
  const maxParallel = options.maxParallel ?? config.maxParallel;
  return { plan: buildPlan({ ...config, maxParallel }, planned) };
}

/** reports/latest/run.json, for --last-failed. */
async function readLastRun(rootDir: string, config: Config): Promise<RunResult> {
  const path = resolve(rootDir, config.reportsDir, "latest", "run.json");
  if (!existsSync(path))
    throw new UsageError(
      `--last-failed: no previous run at ${relative(rootDir, path)}`,
      "run the suites once first (hyvve-qa run)",
    );
  return readRunFile(path);
}

/**
 * Production is read-only unless said otherwise: load suites and every suite
 * that declares `mutates` are refused there without --allow-production.
 */
function refuseProductionWrites(
  config: Config,
  planned: readonly PlannedSuite[],
  options: RunOptions,
): void {
  const production =
    options.env === "production" || config.environments[options.env]?.production === true;
  if (!production || options.allowProduction) return;
  if (planned.some((p) => p.suite.kind === "load"))
    throw new UsageError(
      "refusing to run load tests against production",
      "pass --allow-production if you really mean it",
    );
  const writers = planned.filter((p) => p.suite.mutates).map((p) => p.name);
  if (writers.length > 0)
    throw new UsageError(
      `refusing to run ${writers.join(", ")} against production: ${writers.length === 1 ? "it writes" : "they write"} to the target (mutates: true)`,
      "run the read-only suites by name, or pass --allow-production if you really mean it",
    );
}

/** Start the target, run the plan against it, stop it — also on Ctrl-C or a bug of ours. */
async function executeAgainstTarget(ctx: RunContext, interrupt: Interrupt): Promise<Executed> {
  const { options, config, rootDir } = ctx;
  const executed: Executed = {
    target: undefined,
    suites: [],
    environmentErrors: [],
    internalError: undefined,
    // Alert secrets too: a runner that prints its environment must not leak a webhook URL.
    secrets: secretValuesFromEnv(process.env, [
      ...tokenEnvNames(config),
      ...alertSecretEnvNames(config.alerts),
    ]),
  };
  try {
    executed.target = await startTarget({
      config,
      name: options.env,
      baseUrlOverride: options.baseUrl,
      env: process.env,
      rootDir,
      signal: interrupt.signal,
      // --verbose: the reference app's own log, with whatever secret it might hold redacted.
      ...(options.verbose ? { onLog: appLogPrinter(executed.secrets) } : {}),
    });
  } catch (error) {
    // Interrupted while starting: go on and write the (empty) partial report.
    // Anything else (the target never came up) is the user's to fix: exit 2, nothing written.
    if (!interrupt.signal.aborted) throw error;
    return executed;
  }
  executed.secrets.push(executed.target.token);
  try {
    await mkdir(ctx.runDir, { recursive: true });
    const result = await executePlan({
      plan: ctx.plan,
      runDir: ctx.runDir,
      rootDir,
      env: targetRunEnv(executed.target, options),
      placeholders: placeholderValues(executed.target, options),
      signal: interrupt.signal,
      shard: options.shard,
      profile: options.profile,
      ci: options.ci,
      instances: options.instances,
      plain: options.ci || !process.stdout.isTTY,
      verbose: options.verbose,
      redact: makeRedactor(executed.secrets),
    });
    Object.assign(executed, result);
  } catch (error) {
    // A bug of ours mid-run: still write what there is, and say so.
    executed.internalError = describeError(error);
  } finally {
    await executed.target.stop().catch(() => {});
  }
  return executed;
}

/**
 * --verbose: the app's log lines on stderr, redacted. The secrets list grows
 * once (the target's token after start); the redactor is rebuilt only then,
 * not for every line.
 */
function appLogPrinter(secrets: readonly (string | undefined)[]): (line: string) => void {
  let known = -1;
  let redact: (text: string) => string = (text) => text;
  return (line) => {
    if (secrets.length !== known) {
      known = secrets.length;
      redact = makeRedactor(secrets);
    }
    process.stderr.write(`[reference-app] ${redact(line)}\n`);
  };
}

/** The run record, with every secret the run knew of redacted. */
async function assembleRun(
  ctx: RunContext,
  executed: Executed,
  interrupted: boolean,
): Promise<RunResult> {
  const { target } = executed;
  const run: RunResult = {
    schemaVersion: RUN_SCHEMA_VERSION,
    id: ctx.id,
    startedAt: ctx.startedAt,
    finishedAt: new Date().toISOString(),
    environment: target
      ? {
          name: target.name,
          baseUrl: withoutCredentials(target.baseUrl),
          ...(hasFaults(target) ? { faultInjected: true } : {}),
        }
      : { name: ctx.options.env },
    profile: ctx.options.profile,
    git: await gitInfo(ctx.rootDir),
    status: deriveRunStatus(executed.suites, interrupted),
    suites: executed.suites,
  };
  return redactInPlace(run, makeRedactor(executed.secrets));
}

/** Whether the reference app was started with faults to inject (an empty list is none). */
function hasFaults(target: Target): boolean {
  const faults = target.faults?.trim();
  return faults !== undefined && faults !== "" && faults !== "[]";
}

/** Every reporter, then reports/latest; returns the reporters that failed. */
async function report(run: RunResult, ctx: RunContext) {
  await mkdir(ctx.runDir, { recursive: true });
  const outcome = await writeReports(run, {
    outDir: ctx.runDir,
    env: process.env,
    print: (text) => process.stdout.write(text),
    annotations: ctx.options.ci && process.env["GITHUB_ACTIONS"] === "true",
  });
  printReporterErrors(outcome.errors);
  if (!ctx.options.out) await linkLatest(ctx.runDir).catch(() => {});
  return outcome.errors;
}
