/**
 * Runs the BUILT CLI (bin/hyvve-qa.js → dist/) as a user would, with a
 * minimal environment: PATH, HOME and NO_COLOR plus what the test passes, so
 * nothing from the developer's shell leaks in. Every test that runs the CLI
 * goes through here; a variable a test needs from the machine (a
 * CHROMIUM_PATH, a HYVVE_K6) is passed explicitly, e.g. with `hostEnv`.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa, type ResultPromise } from "execa";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BIN = join(REPO, "bin", "hyvve-qa.js");
export const BASIC_PROJECT = join(REPO, "test", "fixtures", "projects", "basic");

export interface CliResult {
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, as they arrived. */
  all: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to PATH, HOME and NO_COLOR; an undefined value leaves the variable unset. */
  env?: Record<string, string | undefined>;
  /** Kill the CLI after this many ms (default 120 s). */
  timeout?: number;
  /**
   * A run of the browser suites (e2e, visual): such runs take turns across test
   * files, so two of them never share the 2 cores at once (their per-case
   * timings and timeouts assume a machine that is not doing it twice).
   */
  browsers?: boolean;
}

/** These variables as the machine running the tests has them (unset ones stay unset). */
export function hostEnv(...names: string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, process.env[name]]));
}

export function startCli(args: string[], options: CliOptions = {}): ResultPromise {
  return execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NO_COLOR: "1", ...options.env },
    extendEnv: false,
    reject: false,
    timeout: options.timeout ?? 120_000,
    stdin: "ignore",
    all: true,
  });
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const release = options.browsers ? await takeBrowserTurn() : undefined;
  const r = await startCli(args, options).finally(() => release?.());
  return cliResult(r);
}

/** What a finished CLI process gave, as plain strings (execa's result, however it was started). */
export function cliResult(r: {
  exitCode?: number | undefined;
  signal?: string | undefined;
  stdout?: unknown;
  stderr?: unknown;
  all?: unknown;
}): CliResult {
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    all: String(r.all ?? ""),
  };
}

const TURN = join(tmpdir(), "hyvve-qa-test-browser-turn");

/** Why: a test that runs browsers itself (a native Playwright run) takes the same turn as runCli's. */
export async function withBrowserTurn<T>(work: () => Promise<T>): Promise<T> {
  const release = await takeBrowserTurn();
  try {
    return await work();
  } finally {
    release();
  }
}

/** A cross-process turn (mkdir is atomic); a turn older than 10 minutes is stale and taken over. */
async function takeBrowserTurn(): Promise<() => void> {
  for (;;) {
    try {
      mkdirSync(TURN);
      return () => rmSync(TURN, { recursive: true, force: true });
    } catch {
      const age = Date.now() - (statSync(TURN, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 10 * 60_000) rmSync(TURN, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export function tempDir(prefix = "hyvve-qa-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The URL `hyvve-qa show` prints once it listens; rejects if it exits first. */
export function servedUrl(server: ResultPromise): Promise<string> {
  let out = "";
  return new Promise<string>((resolve, reject) => {
    server.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^hyvve-qa: serving .+ at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C to stop\)$/m.exec(
        out,
      );
      if (m) resolve(m[1]!);
    });
    server.then((r) => reject(new Error(`show exited ${r.exitCode}: ${String(r.all)}`)), reject);
  });
}
