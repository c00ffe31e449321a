/**
 * `run()`: config → plan → target → runners → model → baseline → reporters
 * → verdict, in process. `hyvve-qa run` is this with its flags parsed.
 * Whatever happens after the run folder exists (failures, a crashed
 * runner, an abort), a report is written.
 */
import { resolve } from "node:path";
import { loadConfig } from "../config/read.js";
import type { Config } from "../config/schema.js";
import { expectedSuiteWallTimes } from "../history/suite-times.js";
import { scheduleLongestFirst, type Plan } from "../plan/plan.js";
import { newRunId } from "../results/merge.js";
import { executeAgainstTarget } from "./against-target.js";
import type { RunContext, RunOutcome } from "./context.js";
import { gitInfo, type GitInfo } from "./git.js";
import { defaultRunOptions, type RunApiOptions, type RunOptions } from "./options.js";
import { planRun } from "./plan-run.js";
import { createReporters } from "./reporters.js";
import { historyChoiceOf, loadMemory, type Memory } from "./run-history.js";

export type { RunOutcome } from "./context.js";

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
  const memory = await loadMemory(config, rootDir, historyChoiceOf(options));
  const id = newRunId();
  const runDir = options.out
    ? resolve(api.cwd ?? process.cwd(), options.out)
    : resolve(rootDir, config.reportsDir, id);
  const reporters = await createReporters(
    { explicit: options.reporter, config: config.reporters, configFile: path },
    reporterContext(options, config, memory, envVars, stdout, print),
    (line) => warn(`${line}\n`),
  );
  // The run's end (assembly, baseline, history, alerts) and git's facts are
  // prepared while the runners work: started at the first line a runner
  // prints, or when the run ends without one.
  let ending: Promise<[typeof import("./finish.js"), GitInfo]> | undefined;
  const prepareEnd = () => (ending ??= Promise.all([import("./finish.js"), gitInfo(rootDir)]));
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
    onFirstOutput: () => void prepareEnd().catch(() => {}),
  };
  await reporters.onRunBegin({ outDir: runDir, suites: suitesOf(ctx.plan) });
  const executed = await executeAgainstTarget(ctx);
  const [{ finish }, git] = await prepareEnd();
  return finish(ctx, executed, memory, git);
}

/** The API's options over `hyvve-qa run`'s defaults (an undefined value keeps the default). */
function runOptionsOf(api: RunApiOptions, envVars: NodeJS.ProcessEnv): RunOptions {
  const given = Object.fromEntries(Object.entries(api).filter(([, v]) => v !== undefined));
  return { ...defaultRunOptions(envVars), ...given } as RunOptions;
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
