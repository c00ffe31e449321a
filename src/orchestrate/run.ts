/**
 * `hyvve-qa run`: config → plan → target → runners → model → baseline →
 * reporters → verdict. Whatever happens after the run folder exists
 * (failures, a crashed runner, Ctrl-C), a report is written.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
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
import {
  deriveRunStatus,
  RUN_SCHEMA_VERSION,
  type RunResult,
  type SuiteResult,
} from "../../results/model.js";
import { describeEnd } from "../../process/process-end.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { verdict } from "../../results/verdict.js";
import { alertSecretEnvNames } from "../../export/alerts.js";
import { exportRun } from "../../export/index.js";
import { linkLatest, writeReports } from "../../reporters/index.js";
import { startTarget, type StackDeath, type Target } from "../../target/index.js";
import { executePlan, type ExecuteResult } from "../execute.js";
import { redactFolder } from "../redact-files.js";
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
  /** Stack commands that died during the run (the runners were stopped then). */
  stackErrors: string[];
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
  // A run cut short (Ctrl-C, a stack command that died) says nothing about the product.
  const cutShort = interrupted || executed.stackErrors.length > 0;
  if (options.baseline && !cutShort)
    run.baseline = await compareWithStoredBaseline(run, config, rootDir, memory.earlier);
  // Every reporter shows this verdict; a reporter that then fails can only make it worse.
  const inputs = {
    run,
    interrupted,
    internalError: executed.internalError,
    environmentErrors: executed.environmentErrors,
    stackErrors: executed.stackErrors,
  };
  run.verdict = verdict(inputs);
  const reporterErrors = await report(run, ctx);
  // Traces, metrics and alerts: warnings at worst, never a changed verdict.
  await exportRun(run, {
    ...exportChoices(options, process.env),
    outDir: ctx.runDir,
    alerts: config.alerts,
    partial: options.shard !== undefined || cutShort,
    earlier: memory.earlier,
  });
  // A shard is not a run (report --run records the merged one); a partial run would skew flakiness.
  if (!options.shard && !cutShort) await recordRun(run, config, rootDir, historyChoice);
  for (const message of executed.environmentErrors) printUsageError(new EnvironmentError(message));
  for (const message of executed.stackErrors)
    printUsageError(new EnvironmentError(`stack ${message}`, `the report: ${ctx.runDir}`));
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
  const { options, config } = ctx;
  const executed: Executed = {
    target: undefined,
    suites: [],
    environmentErrors: [],
    internalError: undefined,
    stackErrors: [],
    // Alert secrets too: a runner that prints its environment must not leak a webhook URL.
    secrets: secretValuesFromEnv(process.env, [
      ...tokenEnvNames(config),
      ...alertSecretEnvNames(config.alerts),
    ]),
  };
  try {
    executed.target = await startRunTarget(ctx, interrupt.signal, executed.secrets);
  } catch (error) {
    // Interrupted while starting: go on and write the (empty) partial report.
    // Anything else (the target never came up) is the user's to fix: exit 2, nothing run.
    if (!interrupt.signal.aborted) throw error;
    return executed;
  }
  const target = executed.target;
  executed.secrets.push(target.token, ...Object.values(target.services).map((s) => s.token));
  // A stack command that dies stops the runners: what they would report next is the stack's failure.
  const stackDown = new AbortController();
  target.stack?.onDeath((death) => {
    executed.stackErrors.push(describeDeath(death));
    stackDown.abort();
  });
  try {
    await mkdir(ctx.runDir, { recursive: true });
    const result = await executePlan({
      plan: ctx.plan,
      runDir: ctx.runDir,
      rootDir: ctx.rootDir,
      env: targetRunEnv(target, options),
      placeholders: placeholderValues(target, options),
      signal: AbortSignal.any([interrupt.signal, stackDown.signal]),
      shard: options.shard,
      profile: options.profile,
      ci: options.ci,
      instances: options.instances,
      plain: options.ci || !process.stdout.isTTY,
      verbose: options.verbose,
      redact: makeRedactor(executed.secrets),
    });
    Object.assign(executed, result);
    if (executed.stackErrors.length > 0) noteStackDown(executed.suites, target);
  } catch (error) {
    // A bug of ours mid-run: still write what there is, and say so.
    executed.internalError = describeError(error);
  } finally {
    await stopOrKeep(target, options.keepStack);
    // The stack's own output may print a token it was given.
    await redactFolder(join(ctx.runDir, "stack"), makeRedactor(executed.secrets)).catch(() => 0);
  }
  return executed;
}

/** The run's target: the environment's services, its stack started when it has one. */
function startRunTarget(ctx: RunContext, signal: AbortSignal, secrets: (string | undefined)[]) {
  const { options } = ctx;
  return startTarget({
    config: ctx.config,
    name: options.env,
    baseUrlOverride: options.baseUrl,
    urlOverrides: options.urls,
    env: process.env,
    rootDir: ctx.rootDir,
    logDir: join(ctx.runDir, "stack"),
    signal,
    labels: { profile: options.profile },
    // --verbose: the stack's own log, with whatever secret it might hold redacted.
    ...(options.verbose ? { onLog: stackLogPrinter(secrets) } : {}),
  });
}

/** One line for the verdict: which command died, how, when, its last lines, where its log is. */
function describeDeath(death: StackDeath): string {
  const last = death.lastLines.slice(-5).join(" | ");
  return (
    `"${death.name}" ${describeEnd(death.end)} during the run, so the runners were stopped` +
    `${last ? `; last lines: ${last}` : ""}; its log: stack/${death.name}.log`
  );
}

/** Suites that did not pass while a stack command was down say so next to their failures. */
function noteStackDown(suites: SuiteResult[], target: Target): void {
  const dead = (target.stack?.records() ?? [])
    .filter((r) => r.status === "died")
    .map((r) => r.name);
  for (const suite of suites) {
    if (suite.status === "passed" || suite.status === "skipped") continue;
    suite.notes = [
      ...(suite.notes ?? []),
      `ran while the stack's ${dead.join(", ")} was down: its failures may be the stack's, not the product's`,
    ];
  }
}

/** After the run: stop the stack, or with --keep-stack leave it and say how to stop it. */
async function stopOrKeep(target: Target, keep: boolean): Promise<void> {
  if (keep && target.stack) {
    const how = target.stack.keep();
    if (how.length > 0)
      process.stderr.write(
        `hyvve-qa: --keep-stack: the stack is still running at ${target.baseUrl}\n${how.map((h) => `  ${h}\n`).join("")}`,
      );
    return;
  }
  await target.stop().catch(() => {});
}

/**
 * --verbose: the stack's log lines on stderr, redacted. The secrets list grows
 * once (the target's token after start); the redactor is rebuilt only then,
 * not for every line.
 */
function stackLogPrinter(
  secrets: readonly (string | undefined)[],
): (entry: string, line: string) => void {
  let known = -1;
  let redact: (text: string) => string = (text) => text;
  return (entry, line) => {
    if (secrets.length !== known) {
      known = secrets.length;
      redact = makeRedactor(secrets);
    }
    process.stderr.write(`[${entry}] ${redact(line)}\n`);
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
          ...serviceUrls(target),
        }
      : { name: ctx.options.env },
    profile: ctx.options.profile,
    git: await gitInfo(ctx.rootDir),
    status: deriveRunStatus(executed.suites, interrupted),
    suites: executed.suites,
    ...(target?.stack ? { stack: target.stack.records() } : {}),
  };
  return redactInPlace(run, makeRedactor(executed.secrets));
}

/** run.json's environment.services: each service's URL without credentials. */
function serviceUrls(target: Target): { services?: Record<string, string> } {
  const entries = Object.entries(target.services);
  if (entries.length === 0) return {};
  return {
    services: Object.fromEntries(entries.map(([name, s]) => [name, withoutCredentials(s.url)])),
  };
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
