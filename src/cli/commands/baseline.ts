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
import { refreshHint } from "../../baseline/outdated.js";
import type { Config } from "../../config/schema.js";
import { loadConfig } from "../../config/read.js";
import { UsageError } from "../../errors.js";
import { countCases, type RunResult } from "../../results/model.js";
import { readRunFile, writeFileAtomic } from "../../results/run-file.js";
import { targetEnv } from "../../target/index.js";
import { EXIT } from "../exit.js";
import { withLocalTarget } from "../../orchestrate/local-target.js";

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
  if (run.environment.faultInjected)
    throw new UsageError(
      `${source}: a run with injected faults (HYVVE_REF_FAULTS) cannot be a baseline`,
      "run again without HYVVE_REF_FAULTS, or use `hyvve-qa baseline record`",
    );
  await storeBaseline(rootDir, config, kindToStore(run, raw, source), source, run);
  return EXIT.ok;
}

/** Copies a checked run.json into its kind's baseline file, atomically, and says so. */
async function storeBaseline(
  rootDir: string,
  config: Config,
  kind: BaselineKind,
  source: string,
  run: RunResult,
): Promise<void> {
  const target = baselinePath(rootDir, config, kind);
  await mkdir(dirname(target), { recursive: true });
  // Atomic: an interrupted update never leaves half a baseline.
  await writeFileAtomic(target, await readFile(source));
  process.stdout.write(
    `${kindLabel(kind)} baseline ← ${relative(rootDir, source)} (run ${run.id}, ${run.status})\nstored at ${relative(rootDir, target)}\n`,
  );
}

/**
 * `baseline record`: the repeatable way to (re)make a baseline. Runs every
 * suite of the config against the environment, then stores the run only if
 * it is clean: passed, no failed case (quarantined or not), no injected
 * fault, and latency samples for every load suite, so the statistical
 * comparison has what it needs.
 */
export async function baselineRecordCommand(raw: BaselineOptions): Promise<number> {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  if (parseFaultsEnv(process.env["HYVVE_REF_FAULTS"]))
    throw new UsageError(
      "HYVVE_REF_FAULTS is set: a baseline must come from a run without injected faults",
      "unset HYVVE_REF_FAULTS and run `hyvve-qa baseline record` again",
    );
  const { runCommand } = await import("./run.js");
  const startedAt = new Date().toISOString();
  const code = await runCommand([], {
    env: raw.env ?? "local",
    profile: raw.profile ?? "smoke",
    baseline: false,
    history: false,
    ...(raw.config ? { config: raw.config } : {}),
  });
  // The run's own folder, reports/<run-id>, through the link the run just made to it.
  const latest = resolve(rootDir, config.reportsDir, "latest", "run.json");
  if (code === EXIT.interrupted || !existsSync(latest)) return code;
  const run = await readRunFile(latest);
  if (run.startedAt < startedAt) return code; // no run.json of this run: the run said why
  const source = resolve(rootDir, config.reportsDir, run.id, "run.json");
  const problems = cleanRunProblems(run);
  if (problems.length > 0)
    throw new UsageError(
      `not recorded as a baseline: ${problems.join("; ")}`,
      `fix them and run \`hyvve-qa baseline record\` again (the run's report: ${relative(process.cwd(), join(dirname(source), "index.html"))})`,
    );
  await storeBaseline(rootDir, config, kindOfRun(run), source, run);
  return EXIT.ok;
}

/** Why a run may not become a baseline: anything but a clean pass with every sample a rule needs. */
export function cleanRunProblems(run: RunResult): string[] {
  const problems: string[] = [];
  if (run.environment.faultInjected) problems.push("faults were injected");
  if (run.status !== "passed") problems.push(`the run ${run.status}`);
  const failed = run.suites.flatMap((s) => s.cases.filter((c) => c.status === "failed"));
  if (failed.length > 0)
    problems.push(`${failed.length} case${failed.length === 1 ? "" : "s"} failed`);
  for (const s of run.suites) {
    if (s.status === "errored") problems.push(`suite ${s.name} errored`);
    if (s.load && (!s.load.sample || s.load.endpoints.some((e) => !e.sample)))
      problems.push(`suite ${s.name} recorded no latency samples`);
  }
  return problems;
}

/** Whether HYVVE_REF_FAULTS names any fault ("[]" and blank name none). */
function parseFaultsEnv(value: string | undefined): boolean {
  const text = value?.trim() ?? "";
  return text !== "" && text !== "[]";
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
      // Without samples, runs are compared with it by each endpoint's p95 only (baseline/outdated.ts).
      const old =
        s.latencySamples === false
          ? `, no latency samples (outdated: refresh it with \`${b.refresh}\`)`
          : "";
      process.stdout.write(`  ${s.name}: ${s.status}, ${s.cases} cases${load}${old}\n`);
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
  const kind = kindOfRun(run);
  return {
    kind: kindLabel(kind),
    refresh: refreshHint(kind),
    source: relative(rootDir, path),
    id: run.id,
    status: run.status,
    startedAt: run.startedAt,
    ...(run.git.commit ? { commit: run.git.commit } : {}),
    suites: run.suites.map((s) => ({
      name: s.name,
      status: s.status,
      cases: countCases(s.cases).total,
      ...(s.load
        ? {
            p95Ms: s.load.latencyMs.p95,
            latencySamples: !!s.load.sample && s.load.endpoints.every((e) => e.sample),
          }
        : {}),
    })),
  };
}
