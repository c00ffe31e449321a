/**
 * The run against its target: start the environment's services (and its
 * stack), run the plan, stop them again — also on Ctrl-C, a stack command
 * that dies, or a bug of ours — and keep every secret the run learnt.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describeError } from "../errors.js";
import { alertSecretEnvNames } from "../export/alerts-secrets.js";
import { describeEnd } from "../process/process-end.js";
import type { SuiteResult } from "../results/model.js";
import { makeRedactor, secretValuesFromEnv } from "../results/redact.js";
import { preloadRunners } from "../runners/index.js";
import { startTarget, type StackDeath, type Target } from "../target/index.js";
import { executePlan, type ExecuteResult } from "./execute.js";
import type { RunContext } from "./context.js";
import { redactFolder } from "./redact-files.js";
import { placeholderValues, targetRunEnv, tokenEnvNames } from "./run-env.js";

/** What executing the plan against the target produced. */
export interface Executed extends ExecuteResult {
  target: Target | undefined;
  internalError: string | undefined;
  secrets: (string | undefined)[];
  /** Stack commands that died during the run (the runners were stopped then). */
  stackErrors: string[];
}

/** Start the target, run the plan against it, stop it — also on Ctrl-C or a bug of ours. */
export async function executeAgainstTarget(ctx: RunContext): Promise<Executed> {
  const { options, config } = ctx;
  const executed: Executed = {
    target: undefined,
    suites: [],
    environmentErrors: [],
    internalError: undefined,
    stackErrors: [],
    // Alert secrets too: a runner that prints its environment must not leak a webhook URL.
    secrets: secretValuesFromEnv(ctx.envVars, [
      ...tokenEnvNames(config),
      ...alertSecretEnvNames(config.alerts),
    ]),
  };
  preloadRunners(ctx.plan.batches.flat().map((p) => p.suite.runner));
  try {
    executed.target = await startRunTarget(ctx, executed.secrets);
  } catch (error) {
    // Interrupted while starting: go on and write the (empty) partial report.
    // Anything else (the target never came up) is the user's to fix: exit 2, nothing run.
    if (!ctx.signal.aborted) throw error;
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
      env: targetRunEnv(target, options, ctx.envVars),
      placeholders: placeholderValues(target, options),
      signal: AbortSignal.any([ctx.signal, stackDown.signal]),
      shard: options.shard,
      profile: options.profile,
      ci: options.ci,
      instances: options.instances,
      reporters: ctx.reporters,
      ...(ctx.onFirstOutput ? { onFirstOutput: ctx.onFirstOutput } : {}),
      redact: makeRedactor(executed.secrets),
    });
    Object.assign(executed, result);
    if (executed.stackErrors.length > 0) noteStackDown(executed.suites, target);
  } catch (error) {
    // A bug of ours mid-run: still write what there is, and say so.
    executed.internalError = describeError(error);
  } finally {
    await stopOrKeep(target, options.keepStack, ctx.warn);
    // The stack's own output may print a token it was given.
    await redactFolder(join(ctx.runDir, "stack"), makeRedactor(executed.secrets)).catch(() => 0);
  }
  return executed;
}

/** The run's target: the environment's services, its stack started when it has one. */
function startRunTarget(ctx: RunContext, secrets: (string | undefined)[]) {
  const { options } = ctx;
  return startTarget({
    config: ctx.config,
    name: options.env,
    baseUrlOverride: options.baseUrl,
    urlOverrides: options.urls,
    env: ctx.envVars,
    rootDir: ctx.rootDir,
    logDir: join(ctx.runDir, "stack"),
    signal: ctx.signal,
    labels: { profile: options.profile },
    // --verbose: the stack's own log, with whatever secret it might hold redacted.
    ...(options.verbose ? { onLog: stackLogPrinter(secrets, ctx.warn) } : {}),
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
async function stopOrKeep(
  target: Target,
  keep: boolean,
  warn: (text: string) => void,
): Promise<void> {
  if (keep && target.stack) {
    const how = target.stack.keep();
    if (how.length > 0)
      warn(
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
  warn: (text: string) => void,
): (entry: string, line: string) => void {
  let known = -1;
  let redact: (text: string) => string = (text) => text;
  return (entry, line) => {
    if (secrets.length !== known) {
      known = secrets.length;
      redact = makeRedactor(secrets);
    }
    warn(`[${entry}] ${redact(line)}\n`);
  };
}
