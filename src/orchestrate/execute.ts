/**
 * Runs the planned batches through their adapters, with a listr2 view: the
 * live tree on a TTY, a plain line per event in CI or when piped. A suite
 * whose adapter throws becomes an errored suite; the others carry on.
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
import { declaredSuiteEnv } from "./run-env.js";
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
  plain: boolean;
  verbose: boolean;
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
  const { Listr } = await import("listr2");

  const runOne = async (
    planned: PlannedSuite,
    output: (line: string) => void,
    workers: number | undefined,
  ): Promise<SuiteResult> => {
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
  };

  const launchOrder = options.plan.launchOrder ?? options.plan.batches;
  for (const batch of launchOrder) {
    const workers = workersPerSuite(batch.length, options.plan.maxParallel, availableParallelism());
    const tasks = new Listr(
      batch.map((planned) => ({
        title: `${planned.name} (${planned.suite.runner})`,
        task: async (_ctx: unknown, task: { output: string; title: string }) => {
          const result = await runOne(
            planned,
            (line) => {
              const clean = options.redact(line).trimEnd();
              if (clean) task.output = clean;
            },
            workers,
          );
          await redactFolder(join(options.runDir, "suites", planned.name), options.redact);
          results.set(planned.name, result);
          task.title = `${planned.name} (${planned.suite.runner}): ${result.status}`;
        },
      })),
      {
        concurrent: options.plan.maxParallel,
        exitOnError: false,
        // listr2 would exit(127) on SIGINT; Ctrl-C is ours (cli/interrupt.ts).
        registerSignalListeners: false,
        // --verbose streams every line of every runner, on a terminal too.
        renderer: options.verbose ? "verbose" : options.plain ? "simple" : "default",
        fallbackRenderer: "simple",
        rendererOptions: { collapseSubtasks: false, outputBar: 1 } as never,
      },
    );
    await tasks.run();
  }
  const ordered = options.plan.batches.flat().map((p) => results.get(p.name)!);
  return { suites: ordered, environmentErrors };
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
