/**
 * Runs the BUILT CLI (bin/hyvve-qa.js → dist/) as a user would, with a
 * minimal environment: PATH, HOME and NO_COLOR plus what the test passes, so
 * nothing from the developer's shell leaks in. Every test that runs the CLI
 * goes through here; a variable a test needs from the machine (a
 * CHROMIUM_PATH, a HYVVE_K6) is passed explicitly, e.g. with `hostEnv`.
 */
import { mkdtempSync } from "node:fs";
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

/**
 * A run of the browser suites (e2e, visual, quota) belongs in a *.browser.test.ts
 * file: the browser project runs those files one at a time (test/vitest.config.ts),
 * so two browser runs never share the 2 cores (their per-case timings and
 * timeouts assume a machine that is not doing it twice).
 */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return cliResult(await startCli(args, options));
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
