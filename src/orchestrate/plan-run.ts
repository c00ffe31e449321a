/**
 * Which suites a run starts: the names asked for, narrowed by --changed,
 * --grep and --last-failed, refused against production when they would
 * write there, in batches the scheduler runs.
 */
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Config } from "../config/schema.js";
import { UsageError } from "../errors.js";
import { onlyLastFailed } from "../plan/last-failed.js";
import { buildPlan, selectSuites, type Plan, type PlannedSuite } from "../plan/plan.js";
import type { RunResult } from "../results/model.js";
import { readRunFile } from "../results/run-file.js";
import { selectChanged } from "./git.js";
import type { RunOptions } from "./options.js";

/** Which suites run, in which batches, with which filters; or why nothing runs. */
export async function planRun(
  config: Config,
  rootDir: string,
  configFile: string,
  names: readonly string[],
  options: RunOptions,
  print: (text: string) => void,
): Promise<{ plan: Plan } | { nothing: string }> {
  let planned = selectSuites(config, names);
  if (options.changed) {
    const picked = await selectChanged(config, rootDir, planned, configFile);
    if (picked.note) print(`hyvve-qa: --changed: ${picked.note}\n`);
    for (const p of picked.suites)
      print(`hyvve-qa: --changed: ${p.name}: ${picked.reasons.get(p.name) ?? ""}\n`);
    planned = picked.suites;
  }
  if (planned.length === 0) return { nothing: "nothing changed that a suite covers" };
  if (options.grep !== undefined) planned = planned.map((p) => ({ ...p, grep: options.grep! }));
  if (options.lastFailed) {
    const last = await readLastRun(rootDir, config);
    planned = onlyLastFailed(planned, last);
    if (planned.length === 0) return { nothing: `nothing failed in the last run (${last.id})` };
  }
  refuseProductionWrites(config, planned, options);
  const maxParallel = options.maxParallel ?? config.maxParallel;
  return { plan: buildPlan({ ...config, maxParallel }, planned) };
}

/** reports/latest/run.json, for --last-failed. */
async function readLastRun(rootDir: string, config: Config): Promise<RunResult> {
  const path = resolve(rootDir, config.reportsDir, "latest", "run.json");
  if (!existsSync(path))
    throw new UsageError(
      `--last-failed: no previous run at ${relative(rootDir, path)}`,
      "run the suites once first (hyvve-qa run)",
    );
  return readRunFile(path);
}

/**
 * Production is read-only unless said otherwise: load suites and every suite
 * that declares `mutates` are refused there without --allow-production.
 */
function refuseProductionWrites(
  config: Config,
  planned: readonly PlannedSuite[],
  options: RunOptions,
): void {
  const production =
    options.env === "production" || config.environments[options.env]?.production === true;
  if (!production || options.allowProduction) return;
  if (planned.some((p) => p.suite.kind === "load"))
    throw new UsageError(
      "refusing to run load tests against production",
      "pass --allow-production if you really mean it",
    );
  const writers = planned.filter((p) => p.suite.mutates).map((p) => p.name);
  if (writers.length > 0)
    throw new UsageError(
      `refusing to run ${writers.join(", ")} against production: ${writers.length === 1 ? "it writes" : "they write"} to the target (mutates: true)`,
      "run the read-only suites by name, or pass --allow-production if you really mean it",
    );
}
