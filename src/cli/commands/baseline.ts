/**
 * `hyvve-qa baseline update|show`. The baseline is a run.json kept in the
 * repo (reports/baseline/ is not git-ignored); `update visual` re-records the
 * visual suite's snapshot images instead.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { Config } from "../../config/schema.js";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../errors.js";
import { countCases } from "../../results/model.js";
import { readRunFile, writeFileAtomic } from "../../results/run-file.js";
import { targetEnv } from "../../target/index.js";
import { EXIT } from "../exit.js";
import { withLocalTarget } from "../local-target.js";

export async function baselineUpdateCommand(
  suite: string | undefined,
  raw: { run?: string; config?: string },
): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  if (suite === "visual") return updateVisual(config, rootDir);
  if (suite !== undefined)
    throw new UsageError(
      `baseline update ${suite}: only "visual" has its own baselines`,
      "omit the suite to store the latest run",
    );
  const source = resolve(
    process.cwd(),
    raw.run ?? resolve(rootDir, config.reportsDir, "latest", "run.json"),
  );
  const run = await readRunFile(source); // validates before anything is replaced
  if (run.status === "interrupted")
    throw new UsageError(
      `${source}: an interrupted run cannot be a baseline`,
      "run the suites to completion first",
    );
  const target = resolve(rootDir, config.baseline.file);
  await mkdir(dirname(target), { recursive: true });
  // Atomic: an interrupted update never leaves half a baseline.
  await writeFileAtomic(target, await readFile(source));
  process.stdout.write(
    `baseline ← ${relative(rootDir, source)} (run ${run.id}, ${run.status})\nstored at ${relative(rootDir, target)}\n`,
  );
  return EXIT.ok;
}

/** Re-records the visual snapshots against a freshly started reference app and lists what changed. */
async function updateVisual(config: Config, rootDir: string): Promise<number> {
  const { updateVisualBaselines } = await import("./baseline-visual.js");
  return withLocalTarget(config, rootDir, async (target, signal) => {
    const scratch = await mkdtemp(join(tmpdir(), "hyvve-qa-visual-"));
    try {
      process.stdout.write(
        `updating visual baselines against the reference app at ${target.baseUrl} …\n`,
      );
      const result = await updateVisualBaselines({
        config,
        rootDir,
        env: { ...process.env, ...targetEnv(target) },
        signal,
        outDir: scratch,
      });
      for (const f of result.added) process.stdout.write(`  added    ${result.snapshotDir}/${f}\n`);
      for (const f of result.changed)
        process.stdout.write(`  changed  ${result.snapshotDir}/${f}\n`);
      process.stdout.write(
        `visual baselines (${result.suite}): ${result.changed.length} changed, ${result.added.length} added, ${result.unchanged} unchanged\n`,
      );
      if (signal.aborted) return EXIT.interrupted;
      if (!result.allPassed) {
        process.stderr.write(
          "hyvve-qa: some visual cases failed for another reason than a changed image; run `hyvve-qa run visual` to see them\n",
        );
        return EXIT.failed;
      }
      return EXIT.ok;
    } finally {
      await rm(scratch, { recursive: true, force: true }).catch(() => {});
    }
  });
}

export async function baselineShowCommand(raw: { config?: string }): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const path = resolve(rootDir, config.baseline.file);
  const run = await readRunFile(path).catch(() => {
    throw new UsageError(
      `no baseline at ${relative(rootDir, path)}`,
      "store one with: hyvve-qa baseline update",
    );
  });
  process.stdout.write(
    `baseline: run ${run.id} (${run.status}) from ${run.startedAt}${run.git.commit ? `, commit ${run.git.commit.slice(0, 12)}` : ""}\n`,
  );
  for (const s of run.suites) {
    const n = countCases(s.cases);
    const load = s.load ? `, p95 ${s.load.latencyMs.p95.toFixed(1)} ms` : "";
    process.stdout.write(`  ${s.name}: ${s.status}, ${n.total} cases${load}\n`);
  }
  return EXIT.ok;
}
