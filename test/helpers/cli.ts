/**
 * Runs the BUILT CLI (bin/hyvve-qa.js → dist/) as a user would, with a
 * minimal environment: PATH and HOME plus what the test passes, so nothing
 * from the developer's shell leaks in.
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
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  timeout?: number;
}

export function startCli(args: string[], options: CliOptions = {}): ResultPromise {
  return execa(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NO_COLOR: "1", ...options.env },
    extendEnv: false,
    reject: false,
    timeout: options.timeout ?? 120_000,
    stdin: "ignore",
  });
}

export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const r = await startCli(args, options);
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
  };
}

export function tempDir(prefix = "hyvve-qa-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
