/**
 * `hyvve-qa baseline update|show`. The baseline is a run.json kept in the
 * repo (reports/baseline/ is not git-ignored); `update visual` re-records the
 * visual suite's snapshot images instead.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../errors.js";
import { countCases } from "../../results/model.js";
import { readRunFile } from "../../results/run-file.js";
import { EXIT } from "../exit.js";

export async function baselineUpdateCommand(suite: string | undefined, raw: { run?: string; config?: string }): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  if (suite === "visual") {
    const { updateVisualBaselines } = await import("../../runners/visual-baseline.js");
    return updateVisualBaselines({ config, rootDir });
  }
  if (suite !== undefined) throw new UsageError(`baseline update ${suite}: only "visual" has its own baselines`, "omit the suite to store the latest run");
  const source = resolve(process.cwd(), raw.run ?? resolve(rootDir, config.reportsDir, "latest", "run.json"));
  const run = await readRunFile(source); // validates before anything is replaced
  if (run.status === "interrupted") throw new UsageError(`${source}: an interrupted run cannot be a baseline`, "run the suites to completion first");
  const target = resolve(rootDir, config.baseline.file);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(source, target);
  process.stdout.write(`baseline ← ${relative(rootDir, source)} (run ${run.id}, ${run.status})\nstored at ${relative(rootDir, target)}\n`);
  return EXIT.ok;
}

export async function baselineShowCommand(raw: { config?: string }): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const path = resolve(rootDir, config.baseline.file);
  const run = await readRunFile(path).catch(() => {
    throw new UsageError(`no baseline at ${relative(rootDir, path)}`, "store one with: hyvve-qa baseline update");
  });
  process.stdout.write(`baseline: run ${run.id} (${run.status}) from ${run.startedAt}${run.git.commit ? `, commit ${run.git.commit.slice(0, 12)}` : ""}\n`);
  for (const s of run.suites) {
    const n = countCases(s.cases);
    const load = s.load ? `, p95 ${s.load.latencyMs.p95.toFixed(1)} ms` : "";
    process.stdout.write(`  ${s.name}: ${s.status}, ${n.total} cases${load}\n`);
  }
  return EXIT.ok;
}
