/**
 * The one process supervisor every child goes through (runners, git, go),
 * built on node:child_process.
 *
 * Each child is started `detached`, which makes it the leader of its own
 * process group; stopping it signals the whole group, so a runner's own
 * children (browsers, workers, k6) go with it: the stop signal once, SIGKILL
 * after the grace delay. When the leader exits, whatever it left in its group
 * is killed, so a grandchild holding the output pipe cannot keep the result
 * waiting. A crash is data (a ProcessEnd), never an exception.
 *
 * Plain child_process rather than execa: execa and its dependencies are 140
 * modules, a tenth of a second of start-up before the first runner spawns,
 * for features (piping, templates, Windows shims) this file does not use.
 */
import { spawn, type ChildProcess } from "node:child_process";
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
  /**
   * Keep at most this many characters of each stream: the last ones, since
   * callers quote a stream's tail in their messages. The child is not stopped.
   */
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
  const child = spawnDetached(file, args, options);
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
  const output = collectOutput(child, options);

  const result = waitForEnd(child).then((raw): Finished => {
    clearTimeout(timeoutTimer);
    clearTimeout(forceTimer);
    options.signal?.removeEventListener("abort", stop);
    if (pid !== undefined) live.delete(pid);
    return {
      end: classifyEnd(raw, state, options.timeoutMs ?? 0),
      stdout: output.stdout.text(),
      stderr: output.stderr.text(),
      durationMs: performance.now() - started,
    };
  });
  return { result, pid, stop };
}

/** The settings every child shares: own group, no stdin, only the given environment. */
function spawnDetached(file: string, args: readonly string[], options: SuperviseOptions) {
  return spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** How the leader ended, before we know whether we asked it to. */
type RawEnd = { code: number | null; signal: NodeJS.Signals | null } | { spawnError: string };

/**
 * Resolves once the leader has exited and both pipes are drained. On exit
 * the group is killed first: the pipes then close even when a grandchild
 * had inherited them.
 */
function waitForEnd(child: ChildProcess): Promise<RawEnd> {
  return new Promise((resolve) => {
    child.once("error", (error) => {
      // A failed spawn has no pid and emits no "close" worth waiting for.
      if (child.pid === undefined) resolve({ spawnError: error.message });
    });
    child.once("exit", () => {
      if (child.pid !== undefined) killGroup(child.pid, "SIGKILL");
    });
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
}

/** setTimeout that does nothing without a limit. */
function startTimeout(ms: number | undefined, onTimeout: () => void): NodeJS.Timeout | undefined {
  return ms === undefined ? undefined : setTimeout(onTimeout, ms);
}

/** A stream's text, keeping only its last `limit` characters. */
class TailBuffer {
  private chunks: string[] = [];
  private length = 0;
  constructor(private readonly limit: number) {}

  push(text: string): void {
    this.chunks.push(text);
    this.length += text.length;
    // Drop whole chunks from the front while the rest still fills the limit.
    while (this.chunks.length > 1 && this.length - this.chunks[0]!.length >= this.limit) {
      this.length -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const all = this.chunks.join("");
    return all.length > this.limit ? all.slice(all.length - this.limit) : all;
  }
}

/** Buffer both streams, and hand each complete line to `onLine` as it arrives. */
function collectOutput(child: ChildProcess, options: SuperviseOptions) {
  const limit = options.maxBuffer ?? 50_000_000;
  const output = { stdout: new TailBuffer(limit), stderr: new TailBuffer(limit) };
  for (const name of ["stdout", "stderr"] as const) {
    const stream = child[name];
    if (!stream) continue;
    stream.setEncoding("utf8");
    let pending = "";
    stream.on("data", (chunk: string) => {
      output[name].push(chunk);
      if (!options.onLine) return;
      pending += chunk;
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const line of parts) options.onLine(line, name);
    });
    // A last line without a newline is still a line.
    stream.on("end", () => {
      if (pending !== "") options.onLine?.(pending, name);
      pending = "";
    });
  }
  return output;
}

/** How the leader ended plus what we asked for → one ProcessEnd. */
function classifyEnd(raw: RawEnd, state: StopState, timeoutMs: number): ProcessEnd {
  if ("spawnError" in raw) return { kind: "spawn-failed", message: raw.spawnError };
  if (state.timedOut) return { kind: "timedout", afterMs: timeoutMs };
  if (state.requested) return { kind: "cancelled" };
  if (raw.code !== null) return { kind: "exited", code: raw.code };
  return { kind: "killed", signal: raw.signal ?? "unknown" };
}

/** Start and wait. */
export function runSupervised(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Promise<Finished> {
  return supervise(file, args, options).result;
}
