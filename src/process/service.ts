/**
 * A long-running service of a stack: started in its own process group with
 * its output appended to a log file (not a pipe, so a service kept running
 * after hyvve-qa exits has somewhere to write), stopped with its whole group
 * (the stop signal, SIGKILL after a grace period), or released to outlive us.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import type { ProcessEnd } from "./process-end.js";
import { killGroup, trackGroup, untrackGroup } from "./supervisor.js";

export interface ServiceOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Appended to: the service's stdout and stderr. */
  logFile: string;
  /** Grace period between SIGTERM and SIGKILL. */
  stopTimeoutMs: number;
}

export interface ServiceProcess {
  pid: number | undefined;
  /** Resolves when the leader has exited, however it did (never rejects). */
  ended: Promise<ProcessEnd>;
  /** SIGTERM to the group, SIGKILL after the grace period; resolves when the leader is gone. */
  stop(): Promise<ProcessEnd>;
  /** Leave it running after hyvve-qa exits (--keep-stack). */
  release(): void;
}

/** A config's command as file and args: argv as given, a string through /bin/sh -c. */
export function argvOf(command: string | readonly string[]): [string, string[]] {
  return typeof command === "string"
    ? ["/bin/sh", ["-c", command]]
    : [command[0]!, command.slice(1)];
}

/** Start `file args` (or, with a string command, /bin/sh -c) as the leader of a new group. */
export function startService(
  command: string | readonly string[],
  options: ServiceOptions,
): ServiceProcess {
  const [file, args] = argvOf(command);
  const log = openSync(options.logFile, "a");
  let stopping = false;
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  // The child holds its own copy of the descriptor.
  closeSync(log);
  const pid = child.pid;
  if (pid !== undefined) trackGroup(pid);
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once("error", (error) => resolve({ kind: "spawn-failed", message: error.message }));
    child.once("exit", (code, signal) => {
      if (pid !== undefined) untrackGroup(pid);
      if (stopping) resolve({ kind: "cancelled" });
      else if (code !== null) resolve({ kind: "exited", code });
      else resolve({ kind: "killed", signal: signal ?? "unknown" });
    });
  });
  const stop = async () => {
    if (pid !== undefined && !stopping) {
      stopping = true;
      killGroup(pid, "SIGTERM");
      const force = setTimeout(() => killGroup(pid, "SIGKILL"), options.stopTimeoutMs);
      await ended;
      clearTimeout(force);
      // The leader is gone; whatever it left in its group goes too.
      killGroup(pid, "SIGKILL");
    }
    return ended;
  };
  return {
    pid,
    ended,
    stop,
    release: () => {
      if (pid !== undefined) untrackGroup(pid);
      child.unref();
    },
  };
}
