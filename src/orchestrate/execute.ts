/**
 * Runs the planned batches through their adapters (scheduler.ts decides
 * when each starts) and tells the reporters as it goes: a suite begins, a
 * line of its runner's output, its cases and its end. A suite whose adapter
 * throws becomes an errored suite; the others carry on.
 */
import { mkdir, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { EnvironmentError, describeError } from "../errors.js";
import { workersPerSuite, type Plan, type PlannedSuite, type Shard } from "../plan/plan.js";
import type { SuiteResult } from "../results/model.js";
import type { PlaceholderValues } from "../config/placeholders.js";
import { suiteDir } from "../config/suite-paths.js";
import { loadRunner } from "../runners/index.js";
import type { ReporterMultiplexer } from "../reporters/multiplexer.js";
import { redactInPlace } from "../results/redact.js";
import { declaredSuiteEnv } from "./run-env.js";
import { runBatches } from "./scheduler.js";
import { redactFolder } from "./redact-files.js";
import type { Profile } from "../runners/types.js";

export interface ExecuteOptions {
  plan: Plan;
  runDir: string;
  rootDir: string;
  env: Record<string, string | undefined>;
  /** What the placeholders of the suites' `env` stand for (cli/run-env.ts). */
  placeholders: PlaceholderValues;
  signal: AbortSignal;
  shard: Shard | undefined;
  profile: Profile;
  ci: boolean;
  instances: number;
  /** Hears every suite's begin, output and end. */
  reporters: ReporterMultiplexer;
  /** Called once, at the first line any runner prints. */
  onFirstOutput?: () => void;
  redact: (text: string) => string;
}

export interface ExecuteResult {
  suites: SuiteResult[];
  /** Suites that could not run because of the environment (missing binary …): exit 2. */
  environmentErrors: string[];
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  const results = new Map<string, SuiteResult>();
  const environmentErrors: string[] = [];
  const { plan, reporters } = options;
  const launchOrder = plan.launchOrder ?? plan.batches;
  const workersOf = new Map(
    launchOrder.flatMap((batch) => {
      const workers = workersPerSuite(batch.length, plan.maxParallel, availableParallelism());
      return batch.map((p) => [p.name, workers] as const);
    }),
  );
  let firstOutput = options.onFirstOutput;
  await runBatches(launchOrder, plan.maxParallel, async (planned) => {
    const info = { name: planned.name, kind: planned.suite.kind, runner: planned.suite.runner };
    reporters.onSuiteBegin(info);
    const output = (line: string) => {
      firstOutput?.();
      firstOutput = undefined;
      const clean = options.redact(line).trimEnd();
      if (clean) reporters.onOutput(planned.name, clean);
    };
    const result = await runOne(
      options,
      planned,
      output,
      workersOf.get(planned.name),
      environmentErrors,
    );
    await redactFolder(join(options.runDir, "suites", planned.name), options.redact);
    // What a runner reported may hold a secret it printed: reporters see the redacted result.
    results.set(planned.name, redactInPlace(result, options.redact));
    reporters.onSuiteEnd(result);
  });
  const ordered = plan.batches.flat().map((p) => results.get(p.name)!);
  return { suites: ordered, environmentErrors };
}

/** One suite through its adapter; an adapter that throws is an errored suite, never a crash. */
async function runOne(
  options: ExecuteOptions,
  planned: PlannedSuite,
  output: (line: string) => void,
  workers: number | undefined,
  environmentErrors: string[],
): Promise<SuiteResult> {
  if (options.signal.aborted)
    return notRun(planned, "interrupted", "not started: the run was interrupted");
  const outDirFromRun = join("suites", planned.name);
  const outDir = join(options.runDir, outDirFromRun);
  // A fresh folder: with --out pointing at an earlier run, a stale junit.xml
  // would otherwise pass for the output of a runner that wrote nothing.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const startedAt = new Date().toISOString();
  try {
    const adapter = await loadRunner(planned.suite.runner);
    const result = await adapter.run({
      name: planned.name,
      suite: planned.suite,
      rootDir: options.rootDir,
      cwd: suiteDir(options.rootDir, planned.suite),
      outDir,
      outDirFromRun,
      env: { ...options.env, ...declaredSuiteEnv(planned.suite, options.placeholders) },
      signal: options.signal,
      shard: options.shard,
      profile: options.profile,
      ci: options.ci,
      instances: options.instances,
      ...(planned.grep !== undefined ? { grep: planned.grep } : {}),
      ...(workers !== undefined ? { workers } : {}),
      onLine: output,
    });
    return { startedAt, ...result };
  } catch (error) {
    if (error instanceof EnvironmentError) {
      environmentErrors.push(
        `${planned.name}: ${error.message}${error.hint ? ` (${error.hint})` : ""}`,
      );
    }
    return notRun(planned, "errored", describeError(error));
  }
}

function notRun(
  planned: PlannedSuite,
  status: SuiteResult["status"],
  message: string,
): SuiteResult {
  return {
    name: planned.name,
    kind: planned.suite.kind,
    runner: planned.suite.runner,
    status,
    durationMs: null,
    cases: [],
    error: { message },
  };
}
