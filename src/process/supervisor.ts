/**
 * The one process supervisor every child goes through (runners, the
 * reference app, git, go), built on execa.
 *
 * Each child is started `detached`, which makes it the leader of its own
 * process group; stopping it signals the whole group, so a runner's own
 * children (browsers, workers, k6) go with it. execa's `cancelSignal`,
 * `timeout` and `forceKillAfterDelay` only reach the direct child, so none of
 * them is used and the group kill is done here: the stop signal once, SIGKILL
 * after the grace delay. `reject: false` means a crash is data, not an
 * exception.
 */
import { execa, type Result, type ResultPromise } from "execa";
import type { Finished, ProcessEnd } from "./process-end.js";

export interface SuperviseOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Stop the child after this long (ms); it then ends as `timedout`. */
  timeoutMs?: number;
  /** Abort to stop the child (Ctrl-C); it then ends as `cancelled`. */
  signal?: AbortSignal;
  /** Grace period between the stop signal and SIGKILL. */
  forceKillAfterMs?: number;
  /**
   * The signal that asks this child to stop (default SIGTERM). Runners that
   * finish their reporters on Ctrl-C (Playwright, vitest) get SIGINT.
   */
  stopSignal?: NodeJS.Signals;
  /**
   * Who gets the stop signal: the whole group (default), or only the leader,
   * for a runner that stops its own workers (vitest: its forks would die of
   * the SIGINT before it could cancel the run). SIGKILL always goes to the group.
   */
  stopScope?: "group" | "leader";
  /** Each line of output, as it arrives (progress rendering). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Keep at most this many characters of each stream. */
  maxBuffer?: number;
}

export interface Supervised {
  /** Resolves when the child has exited (never rejects). */
  result: Promise<Finished>;
  pid: number | undefined;
  /** Stop the group now (stop signal, then SIGKILL after the grace delay). */
  stop(): void;
}

const live = new Set<number>();

/** Groups killed if hyvve-qa exits (process/service.ts registers its own here). */
export function trackGroup(pid: number): void {
  live.add(pid);
}

/** A group that may outlive hyvve-qa (--keep-stack) or is already gone. */
export function untrackGroup(pid: number): void {
  live.delete(pid);
}

/** Signal a child's whole process group; ignore groups that are already gone. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already exited.
    }
  }
}

function killLeader(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already exited.
  }
}

/** Last resort: if hyvve-qa itself exits, no runner outlives it. */
process.on("exit", () => {
  for (const pid of live) killGroup(pid, "SIGKILL");
});

/** Why a process is being stopped, as far as the supervisor knows. */
interface StopState {
  requested: boolean;
  timedOut: boolean;
}

/** Start `file args` in its own process group, under a timeout and an abort signal. */
export function supervise(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Supervised {
  const started = performance.now();
  const grace = options.forceKillAfterMs ?? 5000;
  const state: StopState = { requested: false, timedOut: false };
  const child = spawnDetached(file, args, options, grace);
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);

  let forceTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (state.requested || pid === undefined) return;
    state.requested = true;
    // Exactly one stop signal: a second one means "now" to k6 (it aborts
    // without writing its summary) and to vitest (default action: killed).
    const signal = options.stopSignal ?? "SIGTERM";
    if (options.stopScope === "leader") killLeader(pid, signal);
    else killGroup(pid, signal);
    forceTimer = setTimeout(() => killGroup(pid, "SIGKILL"), grace);
    forceTimer.unref();
  };
  const timeoutTimer = startTimeout(options.timeoutMs, () => {
    state.timedOut = true;
    stop();
  });
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", stop, { once: true });
  if (options.onLine) forwardLines(child, options.onLine);

  const result = child.then((r): Finished => {
    clearTimeout(timeoutTimer);
    clearTimeout(forceTimer);
    options.signal?.removeEventListener("abort", stop);
    if (pid !== undefined) {
      // The leader is gone; make sure no grandchild of it is left behind.
      killGroup(pid, "SIGKILL");
      live.delete(pid);
    }
    return {
      end: classifyEnd(r, state, options.timeoutMs ?? 0),
      stdout: asText(r.stdout),
      stderr: asText(r.stderr),
      durationMs: performance.now() - started,
    };
  });
  return { result, pid, stop };
}

/**
 * execa with the settings every child shares: own group, no stdin, crash as
 * data. No `cancelSignal`: on abort execa would signal the leader a second
 * time, right after stop()'s group signal.
 */
function spawnDetached(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
  grace: number,
): ResultPromise {
  return execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    detached: true,
    stdin: "ignore",
    // The group kill in stop() does the escalation; execa's own only reaches the leader.
    forceKillAfterDelay: grace,
    killSignal: options.stopSignal ?? "SIGTERM",
    maxBuffer: options.maxBuffer ?? 50_000_000,
    stripFinalNewline: false,
    lines: false,
  });
}

/** setTimeout that does nothing without a limit. */
function startTimeout(ms: number | undefined, onTimeout: () => void): NodeJS.Timeout | undefined {
  return ms === undefined ? undefined : setTimeout(onTimeout, ms);
}

/** Hand each complete line of both streams to `onLine` as it arrives. */
function forwardLines(child: ResultPromise, onLine: NonNullable<SuperviseOptions["onLine"]>) {
  for (const stream of ["stdout", "stderr"] as const) {
    let pending = "";
    child[stream]?.on("data", (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) onLine(line, stream);
    });
    // A last line without a newline is still a line.
    child[stream]?.on("end", () => {
      if (pending !== "") onLine(pending, stream);
      pending = "";
    });
  }
}

/** execa's result plus what we asked for → one ProcessEnd. */
function classifyEnd(r: Result, state: StopState, timeoutMs: number): ProcessEnd {
  if (state.timedOut) return { kind: "timedout", afterMs: timeoutMs };
  if (state.requested) return { kind: "cancelled" };
  if (r.exitCode !== undefined) return { kind: "exited", code: r.exitCode };
  if (r.signal !== undefined) return { kind: "killed", signal: r.signal };
  return { kind: "spawn-failed", message: r.originalMessage || r.shortMessage || "unknown error" };
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return "";
}

/** Start and wait. */
export function runSupervised(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Promise<Finished> {
  return supervise(file, args, options).result;
}
