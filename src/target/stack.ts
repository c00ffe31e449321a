/**
 * Starting an environment's stack (config `stack`): each command in order,
 * in its own process group, its output in `<run folder>/stack/<name>.log`,
 * waited for by its ready checks; then watched, so a command that dies
 * during the run is known; stopped in reverse order with its whole group.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fillPlaceholders } from "../config/placeholders.js";
import type { StackEntry } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import type { StackEntryRecord } from "../results/model.js";
import { describeEnd, succeeded, type ProcessEnd } from "../process/process-end.js";
import { startService, type ServiceProcess } from "../process/service.js";
import { LogFollower } from "./stack-log.js";
import { pollUntil, probePort, probeUrl, waitForLogLine, type Probe } from "./stack-ready.js";
import { runStopCommand } from "./stack-stop.js";

export interface StackOptions {
  entries: readonly StackEntry[];
  rootDir: string;
  /** `<run folder>/stack`: one log file per command. */
  logDir: string;
  /** hyvve-qa's environment, under each command's own `env`. */
  env: NodeJS.ProcessEnv;
  /** What `{token}`, `{url.<name>}`… stand for; URLs a ready.log captures are added. */
  values: Record<string, string>;
  signal: AbortSignal;
  onLog?: (entry: string, line: string) => void;
}

/** How a stack command stands: the run's record of it (run.json `stack`). */
export interface EntryState {
  entry: StackEntry;
  status: "started" | "reused" | "detached" | "died" | "failed";
  process?: ServiceProcess;
  log?: LogFollower;
  logFile?: string;
  /** Its env, filled: its `stop` command gets the same (COMPOSE_PROJECT_NAME …). */
  env?: Record<string, string>;
  startupMs?: number;
  /** Services whose URLs its ready line gave. */
  captured: string[];
  end?: ProcessEnd;
  diedAt?: number;
}

/** A stack command that ended by itself during the run, as the verdict tells it. */
export interface StackDeath {
  name: string;
  end: ProcessEnd;
  lastLines: string[];
  logFile: string | undefined;
}

/** Start every command in order; on any failure stop what started and throw (exit 2). */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const stack = new RunningStack(options);
  await mkdir(options.logDir, { recursive: true });
  for (const entry of options.entries) {
    try {
      stack.states.push(await startEntry(entry, options));
    } catch (error) {
      await stack.stop();
      throw error;
    }
  }
  stack.watch();
  return stack;
}

/** One command: reused when asked and already up, else started and waited for. */
async function startEntry(entry: StackEntry, options: StackOptions): Promise<EntryState> {
  const fill = (template: string, what: string) =>
    fillPlaceholders(template, options.values, (name) => {
      throw new EnvironmentError(
        `stack "${entry.name}": ${what} uses {${name}}, which is not known before it starts`,
        "give that service a url, or start the command that prints it earlier in the stack",
      );
    });
  const env = Object.fromEntries(
    Object.entries(entry.env ?? {}).map(([key, template]) => [key, fill(template, `env.${key}`)]),
  );
  const readyUrl =
    entry.ready.url === undefined ? undefined : () => fill(entry.ready.url!, "ready.url");
  if (entry.reuse && (await alreadyUp(entry, readyUrl)))
    return { entry, status: "reused", captured: [] };
  const cwd = resolve(options.rootDir, entry.cwd ?? ".");
  if (!existsSync(cwd))
    throw new EnvironmentError(
      `stack "${entry.name}": its cwd ${cwd} does not exist`,
      "fix stack[].cwd in the config",
    );
  const logFile = join(options.logDir, `${entry.name}.log`);
  const started = performance.now();
  const service = startService(entry.command, {
    cwd,
    env: { ...options.env, ...env },
    logFile,
    stopTimeoutMs: entry.stopTimeout,
  });
  const log = new LogFollower(logFile);
  await log.follow(100);
  if (options.onLog) log.onLine((line) => options.onLog!(entry.name, line));
  const state: EntryState = {
    entry,
    status: "started",
    process: service,
    log,
    logFile,
    env,
    captured: [],
  };
  try {
    await waitReady(state, options, readyUrl);
  } catch (error) {
    state.status = "failed";
    await service.stop();
    await log.close();
    throw error;
  }
  state.startupMs = Math.round(performance.now() - started);
  // Ready: the log is read now only for --verbose and a death's last lines (read again then).
  await log.follow(500);
  if (await hasExited(service)) state.status = "detached";
  return state;
}

/** Whether the command has already ended (a detached start: its service runs on without it). */
async function hasExited(service: ServiceProcess): Promise<boolean> {
  const now = Symbol("running");
  return (await Promise.race([service.ended, Promise.resolve(now)])) !== now;
}

/** reuse: the ready url or port answers now. */
async function alreadyUp(
  entry: StackEntry,
  readyUrl: (() => string) | undefined,
): Promise<boolean> {
  if (readyUrl) return (await probeUrl(readyUrl())).ok;
  if (entry.ready.port !== undefined) return (await probePort(entry.ready.port)).ok;
  return false;
}

/** Every ready check in turn (log first: it may give the URL the url check needs), under its timeout. */
async function waitReady(
  state: EntryState,
  options: StackOptions,
  readyUrl: (() => string) | undefined,
): Promise<void> {
  const { entry } = state;
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(), entry.timeout);
  const stopWaiting = AbortSignal.any([giveUp.signal, options.signal]);
  let waitingFor = "its ready line";
  let lastProbe: Probe | undefined;
  const checks = async () => {
    if (entry.ready.log !== undefined) {
      const line = waitForLogLine(state.log!, new RegExp(entry.ready.log));
      stopWaiting.addEventListener("abort", line.cancel, { once: true });
      const groups = await Promise.race([line.matched, aborted(stopWaiting)]);
      for (const [name, url] of Object.entries(groups ?? {})) {
        state.captured.push(name);
        // A URL given by --url, urlEnv or url wins over what the command printed.
        options.values[`url.${name}`] ??= url;
      }
    }
    if (readyUrl && !stopWaiting.aborted) {
      waitingFor = readyUrl();
      lastProbe = await pollUntil(() => probeUrl(waitingFor, stopWaiting), stopWaiting);
    }
    if (entry.ready.port !== undefined && !stopWaiting.aborted) {
      waitingFor = `port ${entry.ready.port}`;
      lastProbe = await pollUntil(() => probePort(entry.ready.port!), stopWaiting);
    }
  };
  // A command that starts its service in the background and exits 0 (docker compose up -d)
  // is not a failure while a url or port check can still tell whether the service came up.
  const detachable = entry.ready.url !== undefined || entry.ready.port !== undefined;
  const exited = state.process!.ended.then((end) =>
    detachable && succeeded(end) ? new Promise<never>(() => {}) : { end },
  );
  try {
    const checking = checks();
    // When the command exits first, the checks are abandoned; they must not surface later.
    checking.catch(() => {});
    const first = await Promise.race([checking.then(() => undefined), exited]);
    await state.log!.read();
    if (first?.end.kind === "spawn-failed")
      throw new EnvironmentError(
        `stack "${entry.name}" could not be started: ${first.end.message}`,
        `check stack[].command and cwd of "${entry.name}" in the config`,
      );
    if (first) throw notReady(state, `exited before it was ready (it ${describeEnd(first.end)})`);
    if (options.signal.aborted)
      throw new EnvironmentError(`interrupted while stack "${entry.name}" was starting`);
    if (giveUp.signal.aborted) {
      const why = lastProbe && !lastProbe.ok ? `: ${lastProbe.why}` : "";
      throw notReady(
        state,
        `was not ready within ${entry.timeout / 1000} s (waited for ${waitingFor}${why})`,
      );
    }
  } finally {
    clearTimeout(timer);
    // Ends a url or port poll still going after a failure.
    giveUp.abort();
  }
}

/** Resolves (with nothing) when the signal aborts. */
function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener("abort", () => resolve(undefined), { once: true });
  });
}

/** The error for a command that did not come up: what happened, its last lines, its log. */
function notReady(state: EntryState, what: string): EnvironmentError {
  const lines = state.log!.last(5).join(" | ");
  return new EnvironmentError(
    `stack "${state.entry.name}" ${what}${lines ? `; last lines: ${lines}` : "; it printed nothing"}`,
    `its whole output: ${state.logFile}`,
  );
}

/** The started stack: watched during the run, stopped (or kept) after it. */
export class RunningStack {
  readonly states: EntryState[] = [];
  private readonly deaths: ((death: StackDeath) => void)[] = [];
  private stopping = false;
  private readonly startedAt = performance.now();

  constructor(private readonly options: StackOptions) {}

  /** Called once per command that ends by itself with a failure during the run. */
  onDeath(listener: (death: StackDeath) => void): void {
    this.deaths.push(listener);
  }

  /** Watch each started command: exit 0 after ready is "detached" (it started something and left). */
  watch(): void {
    for (const state of this.states) {
      void state.process?.ended.then(async (end) => {
        if (this.stopping) return;
        state.end = end;
        if (end.kind === "exited" && end.code === 0) {
          state.status = "detached";
          return;
        }
        state.status = "died";
        state.diedAt = Math.round(performance.now() - this.startedAt);
        await state.log?.read();
        const death = {
          name: state.entry.name,
          end,
          lastLines: state.log?.last(10) ?? [],
          logFile: state.logFile,
        };
        for (const listener of this.deaths) listener(death);
      });
    }
  }

  /** Stop in reverse order: each group (SIGTERM, then SIGKILL), then its `stop` command. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const state of [...this.states].reverse()) {
      if (state.status === "reused") continue;
      await state.process?.stop();
      await state.log?.close();
      if (state.entry.stop !== undefined)
        await runStopCommand(
          state.entry,
          this.options.rootDir,
          { ...this.options.env, ...state.env },
          state.logFile,
        );
    }
  }

  /** What run.json says of each command; logs relative to the run folder. */
  records(): StackEntryRecord[] {
    return this.states.map((state) => ({
      name: state.entry.name,
      status: state.status,
      services: state.captured,
      ...(state.logFile ? { log: `stack/${state.entry.name}.log` } : {}),
      ...(state.startupMs !== undefined ? { startupMs: state.startupMs } : {}),
      ...(state.end ? { end: describeEnd(state.end) } : {}),
      ...(state.diedAt !== undefined ? { diedAfterMs: state.diedAt } : {}),
      ...(state.status === "died" ? { lastLines: state.log?.last(10) ?? [] } : {}),
    }));
  }

  /** --keep-stack: leave every started command running; how to stop each. */
  keep(): string[] {
    this.stopping = true;
    const how: string[] = [];
    for (const state of this.states) {
      void state.log?.close();
      const stop = state.entry.stop;
      if (state.status === "detached" && stop !== undefined)
        how.push(`${state.entry.name}: ${typeof stop === "string" ? stop : stop.join(" ")}`);
      if (state.status !== "started" || state.process?.pid === undefined) continue;
      state.process.release();
      how.push(
        `${state.entry.name}: process group ${state.process.pid} (kill -TERM -- -${state.process.pid})`,
      );
    }
    return how;
  }
}
