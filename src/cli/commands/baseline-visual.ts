/**
 * `hyvve-qa baseline update visual`: re-record the visual suite's committed
 * snapshots from the current UI (Playwright --update-snapshots=changed: only
 * images that fail the comparison, or are missing, are rewritten) and say
 * which files changed. The caller (cli/) starts the target and hands its env
 * over; runners/ never starts one.
 */
import { suiteDir } from "../../config/suite-paths.js";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { glob } from "tinyglobby";
import type { Config, SuiteConfig } from "../../config/schema.js";
import { EnvironmentError, UsageError } from "../../errors.js";
import { describeEnd, succeeded, tail } from "../../process/process-end.js";
import { supervise } from "../../process/supervisor.js";
import { playwrightCommand } from "../../runners/playwright.js";

export interface VisualBaselineOptions {
  config: Config;
  rootDir: string;
  /** Process env plus the target's HYVVE_* vars. */
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Where Playwright's scratch output goes. */
  outDir: string;
  /** Suite name; default: the one visual playwright suite. */
  suite?: string;
  /** Progress lines. */
  onLine?: (line: string) => void;
}

export interface VisualBaselineChanges {
  suite: string;
  snapshotDir: string;
  added: string[];
  changed: string[];
  unchanged: number;
  /** Playwright passed every case (a failure with no changed image is another problem). */
  allPassed: boolean;
}

/** Snapshots live next to the visual specs, in __snapshots__ (config/playwright.visual.config.ts). */
function snapshotDirOf(rootDir: string, suite: SuiteConfig): string {
  const first = suite.files[0] ?? "suites/visual/**";
  const base = first.replace(/\/?\*.*$/, "");
  return join(suiteDir(rootDir, suite), base, "__snapshots__");
}

function pickSuite(config: Config, name: string | undefined): [string, SuiteConfig] {
  if (name !== undefined) {
    const suite = config.suites[name];
    if (!suite || suite.runner !== "playwright")
      throw new UsageError(`no playwright suite "${name}" in the config`);
    return [name, suite];
  }
  const found = Object.entries(config.suites).find(
    ([, s]) => s.kind === "visual" && s.runner === "playwright",
  );
  if (!found)
    throw new UsageError(
      "the config has no visual playwright suite",
      'add one with kind: "visual", runner: "playwright"',
    );
  return found;
}

async function hashes(dir: string): Promise<Map<string, string>> {
  const files = await glob("**/*.png", { cwd: dir, absolute: false });
  const map = new Map<string, string>();
  for (const f of files.sort())
    map.set(
      f,
      createHash("sha256")
        .update(await readFile(join(dir, f)))
        .digest("hex"),
    );
  return map;
}

export async function updateVisualBaselines(
  options: VisualBaselineOptions,
): Promise<VisualBaselineChanges> {
  const [name, suite] = pickSuite(options.config, options.suite);
  const snapshotDir = snapshotDirOf(options.rootDir, suite);
  const before = await hashes(snapshotDir);

  // Never through Percy: this only re-records local baselines.
  const command = playwrightCommand(
    {
      suite: suite.runner === "playwright" ? { ...suite, percy: false } : suite,
      cwd: suiteDir(options.rootDir, suite),
      outDir: options.outDir,
      env: options.env,
      shard: undefined,
    },
    ["--update-snapshots=changed"],
  );
  const proc = await supervise(command.file, command.args, {
    cwd: suiteDir(options.rootDir, suite),
    env: { ...command.env, CI: undefined },
    timeoutMs: suite.timeout,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onLine ? { onLine: (line: string) => options.onLine!(line) } : {}),
  }).result;
  if (proc.end.kind === "spawn-failed" || proc.end.kind === "timedout")
    throw new EnvironmentError(`updating visual baselines: Playwright ${describeEnd(proc.end)}`);

  const after = await hashes(snapshotDir);
  const added: string[] = [];
  const changed: string[] = [];
  let unchanged = 0;
  for (const [file, hash] of after) {
    const old = before.get(file);
    if (old === undefined) added.push(file);
    else if (old !== hash) changed.push(file);
    else unchanged++;
  }
  const allPassed = succeeded(proc.end);
  if (!allPassed && added.length === 0 && changed.length === 0) {
    throw new EnvironmentError(
      `Playwright failed while updating visual baselines (it ${describeEnd(proc.end)}): ${tail(proc.stderr || proc.stdout, 8)}`,
      "run `hyvve-qa run visual` to see which cases break",
    );
  }
  return {
    suite: name,
    snapshotDir: relative(options.rootDir, snapshotDir),
    added,
    changed,
    unchanged,
    allPassed,
  };
}
