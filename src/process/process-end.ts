/**
 * How a supervised process ended, as one value (execa's style): callers
 * switch on `kind` instead of reading several flags that can contradict
 * each other, and one function says it in words for every report.
 */
export type ProcessEnd =
  /** It exited by itself (or after our SIGTERM, when it handles it and exits). */
  | { kind: "exited"; code: number }
  /** A signal ended it that we did not send (OOM killer, a crash). */
  | { kind: "killed"; signal: string }
  /** It ran past its time limit and was stopped. */
  | { kind: "timedout"; afterMs: number }
  /** The run was interrupted (Ctrl-C) and the process was stopped. */
  | { kind: "cancelled" }
  /** It never started (ENOENT, EACCES). */
  | { kind: "spawn-failed"; message: string };

/** What a supervised process left: its end, its output, how long it took. */
export interface Finished {
  end: ProcessEnd;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** One phrase for the report: "exited with code 3", "was killed by SIGSEGV", … */
export function describeEnd(end: ProcessEnd): string {
  switch (end.kind) {
    case "exited":
      return `exited with code ${end.code}`;
    case "killed":
      return `was killed by ${end.signal}`;
    case "timedout":
      return `did not finish within ${end.afterMs} ms and was stopped`;
    case "cancelled":
      return "was stopped (interrupted)";
    case "spawn-failed":
      return `could not be started: ${end.message}`;
  }
}

/** The exit code when the process exited by itself, else undefined. */
export function exitCodeOf(end: ProcessEnd): number | undefined {
  return end.kind === "exited" ? end.code : undefined;
}

/** The last `lines` lines of a stream, for error messages. */
export function tail(text: string, lines = 40): string {
  const all = text.trimEnd().split("\n");
  return all.slice(-lines).join("\n");
}

/** Whether the process exited by itself with code 0. */
export function succeeded(end: ProcessEnd): boolean {
  return end.kind === "exited" && end.code === 0;
}
