/**
 * The one process supervisor every child goes through (runners and the
 * reference app alike), built on execa.
 *
 * Each child is started `detached`, which makes it the leader of its own
 * process group; stopping it signals the whole group, so a runner's own
 * children (browsers, workers, k6) go with it. execa's `cancelSignal`,
 * `timeout` and `forceKillAfterDelay` only reach the direct child, so the
 * group kill is done here: SIGTERM first, SIGKILL after the grace delay.
 * `reject: false` means a crash is data, not an exception.
 */
import { execa, type ResultPromise } from "execa";

export interface SuperviseOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Stop the child after this long (ms) and report `timedOut`. */
  timeoutMs?: number;
  /** Abort to stop the child (Ctrl-C). */
  signal?: AbortSignal;
  /** Grace period between SIGTERM and SIGKILL. */
  forceKillAfterMs?: number;
  /** Each line of combined output, as it arrives (progress rendering). */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /** Keep at most this many characters of each stream. */
  maxBuffer?: number;
}

export interface SupervisedResult {
  exitCode: number | undefined;
  signal: string | undefined;
  timedOut: boolean;
  cancelled: boolean;
  /** The child could not be started at all (ENOENT, EACCES). */
  spawnError: string | undefined;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const live = new Set<number>();

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

/** Last resort: if hyvve-qa itself exits, no runner outlives it. */
process.on("exit", () => {
  for (const pid of live) killGroup(pid, "SIGKILL");
});

export function tail(text: string, lines = 40): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

export interface Supervised {
  /** Resolves when the child has exited (never rejects). */
  result: Promise<SupervisedResult>;
  pid: number | undefined;
  /** Stop the group now (SIGTERM, then SIGKILL after the grace delay). */
  stop(): void;
}

export function supervise(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Supervised {
  const started = performance.now();
  const forceKillAfterMs = options.forceKillAfterMs ?? 5000;
  const stopper = new AbortController();
  let timedOut = false;
  let stopRequested = false;

  const child: ResultPromise = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    detached: true,
    stdin: "ignore",
    cancelSignal: stopper.signal,
    // The group kill below does the escalation; execa's own only reaches the leader.
    forceKillAfterDelay: forceKillAfterMs,
    maxBuffer: options.maxBuffer ?? 50_000_000,
    stripFinalNewline: false,
    lines: false,
  });
  const pid = child.pid;
  if (pid !== undefined) live.add(pid);

  let forceTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (stopRequested || pid === undefined) return;
    stopRequested = true;
    killGroup(pid, "SIGTERM");
    stopper.abort();
    forceTimer = setTimeout(() => killGroup(pid, "SIGKILL"), forceKillAfterMs);
    forceTimer.unref();
  };

  const timeoutTimer =
    options.timeoutMs !== undefined
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  const onAbort = () => stop();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener("abort", onAbort, { once: true });

  if (options.onLine) {
    const onLine = options.onLine;
    const forward = (stream: "stdout" | "stderr") => {
      let pending = "";
      child[stream]?.on("data", (chunk: Buffer) => {
        pending += chunk.toString("utf8");
        const parts = pending.split("\n");
        pending = parts.pop() ?? "";
        for (const line of parts) onLine(line, stream);
      });
    };
    forward("stdout");
    forward("stderr");
  }

  const result = child.then((r) => {
    if (timeoutTimer) clearTimeout(timeoutTimer);
    options.signal?.removeEventListener("abort", onAbort);
    if (pid !== undefined) {
      // The leader is gone; make sure no grandchild of it is left behind.
      killGroup(pid, "SIGKILL");
      live.delete(pid);
    }
    if (forceTimer) clearTimeout(forceTimer);
    const failedToStart = r.exitCode === undefined && r.signal === undefined && !stopRequested;
    const supervised: SupervisedResult = {
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut,
      cancelled: stopRequested && !timedOut,
      spawnError: failedToStart ? r.originalMessage || r.shortMessage : undefined,
      stdout: asText(r.stdout),
      stderr: asText(r.stderr),
      durationMs: performance.now() - started,
    };
    return supervised;
  });
  return { result, pid, stop };
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return "";
}

/** Convenience: start and wait. */
export function runSupervised(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Promise<SupervisedResult> {
  return supervise(file, args, options).result;
}
