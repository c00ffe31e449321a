/**
 * `hyvve-qa baseline update|show`. A baseline is a run.json kept in the repo
 * (reports/baseline/ is not git-ignored), one per environment and profile
 * (baseline/store.ts); `update visual` re-records the
 * visual suite's snapshot images instead.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { glob } from "tinyglobby";
import {
  baselinePath,
  kindLabel,
  kindOfRun,
  updateHint,
  type BaselineKind,
} from "../../baseline/store.js";
import type { Config } from "../../config/schema.js";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../errors.js";
import { countCases, type RunResult } from "../../results/model.js";
import { readRunFile, writeFileAtomic } from "../../results/run-file.js";
import { targetEnv } from "../../target/index.js";
import { EXIT } from "../exit.js";
import { withLocalTarget } from "../local-target.js";

export interface BaselineOptions {
  run?: string;
  config?: string;
  env?: string;
  profile?: string;
  json?: boolean;
}

export async function baselineUpdateCommand(
  suite: string | undefined,
  raw: BaselineOptions,
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
  const kind = kindToStore(run, raw, source);
  const target = baselinePath(rootDir, config, kind);
  await mkdir(dirname(target), { recursive: true });
  // Atomic: an interrupted update never leaves half a baseline.
  await writeFileAtomic(target, await readFile(source));
  process.stdout.write(
    `${kindLabel(kind)} baseline ← ${relative(rootDir, source)} (run ${run.id}, ${run.status})\nstored at ${relative(rootDir, target)}\n`,
  );
  return EXIT.ok;
}

/**
 * The kind a run is stored as: its own. --env/--profile may name it (and
 * must, for runs imported from other tools) but never relabel a run of
 * another kind: a local run stored as the staging baseline would fail
 * every staging run against numbers it was never meant to meet.
 */
function kindToStore(run: RunResult, raw: BaselineOptions, source: string): BaselineKind {
  const own = kindOfRun(run);
  if (run.environment.name === "imported") {
    if (!raw.env)
      throw new UsageError(
        `${source}: an imported run records no environment`,
        "say which baseline it is with --env (and --profile)",
      );
    return { environment: raw.env, profile: raw.profile ?? own.profile };
  }
  const wanted = { environment: raw.env ?? own.environment, profile: raw.profile ?? own.profile };
  if (kindLabel(wanted) !== kindLabel(own))
    throw new UsageError(
      `${source} is a ${kindLabel(own)} run: it cannot be the ${kindLabel(wanted)} baseline`,
      `run \`hyvve-qa run --env ${wanted.environment} --profile ${wanted.profile}\` first, or pass --run with such a run`,
    );
  return own;
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

export async function baselineShowCommand(raw: BaselineOptions): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const paths = await shownBaselines(config, rootDir, raw);
  const shown = await Promise.all(paths.map((path) => describeBaseline(rootDir, path)));
  if (raw.json) {
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return EXIT.ok;
  }
  for (const b of shown) {
    process.stdout.write(
      `${b.kind} baseline (${b.source}): run ${b.id} (${b.status}) from ${b.startedAt}${b.commit ? `, commit ${b.commit.slice(0, 12)}` : ""}\n`,
    );
    for (const s of b.suites) {
      const load = s.p95Ms !== undefined ? `, p95 ${s.p95Ms.toFixed(1)} ms` : "";
      process.stdout.write(`  ${s.name}: ${s.status}, ${s.cases} cases${load}\n`);
    }
  }
  return EXIT.ok;
}

/** One kind when --env/--profile name it, else every stored baseline. */
async function shownBaselines(
  config: Config,
  rootDir: string,
  raw: BaselineOptions,
): Promise<string[]> {
  if (raw.env || raw.profile) {
    const kind = { environment: raw.env ?? "local", profile: raw.profile ?? "smoke" };
    const path = baselinePath(rootDir, config, kind);
    if (!existsSync(path))
      throw new UsageError(
        `no ${kindLabel(kind)} baseline at ${relative(rootDir, path)}`,
        `store one with: ${updateHint(kind)}`,
      );
    return [path];
  }
  const dir = resolve(rootDir, config.baseline.dir);
  const found = (await glob("*/run.json", { cwd: dir, absolute: true })).sort();
  if (found.length === 0)
    throw new UsageError(
      `no baseline stored under ${relative(rootDir, dir) || "."}`,
      "store one with: hyvve-qa baseline update",
    );
  return found;
}

/** What `baseline show` says of one baseline (also its --json shape). */
async function describeBaseline(rootDir: string, path: string) {
  const run = await readRunFile(path);
  return {
    kind: kindLabel(kindOfRun(run)),
    source: relative(rootDir, path),
    id: run.id,
    status: run.status,
    startedAt: run.startedAt,
    ...(run.git.commit ? { commit: run.git.commit } : {}),
    suites: run.suites.map((s) => ({
      name: s.name,
      status: s.status,
      cases: countCases(s.cases).total,
      ...(s.load ? { p95Ms: s.load.latencyMs.p95 } : {}),
    })),
  };
}
