/**
 * k6: the load suite's scripts run as the scenarios of one k6 test
 * (k6-entry.ts), as one k6 process — or N processes with k6 execution
 * segments for --instances N. Each process writes its raw points (--out json)
 * and its summary (handleSummary); the k6 importer turns them into the suite:
 * numbers from the raw points (exact percentiles, per scenario and endpoint),
 * thresholds from k6's verdict (one instance) or evaluated on the merged
 * points.
 *
 * Exit codes: 0 ok; 99 thresholds crossed → suite failed (the crossed
 * thresholds are failed cases); anything else → suite errored with k6's
 * message. k6 writes its raw outputs gzipped (`--out json=….json.gz`)
 * straight into the suite's folder: no uncompressed copy is ever on disk.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describeError } from "../errors.js";
import { describeEnd, type Finished } from "../process/process-end.js";
import { supervise } from "../process/supervisor.js";
import { buildLoadSuite, type K6Summary } from "../results/import/k6-load-suite.js";
import { K6Points, readK6Output } from "../results/import/k6-points.js";
import type { SuiteResult } from "../results/model.js";
import { k6Env, requireK6, type K6Binary } from "../setup/k6.js";
import { entrySource, resolveScripts, scenarioOfScript, segmentArgs } from "./k6-entry.js";
import { casesOutput, noOutput, suiteOutcome, unreadableOutput } from "./outcome.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

/** Exit code k6 uses when thresholds were crossed. */
export const K6_THRESHOLDS_CROSSED = 99;

/** Where instance i of a run writes its raw points and its summary. */
interface InstanceFiles {
  points: string;
  summary: string;
}

/** k6's own error message from its log output (`level=error msg="…"`), else the last line. */
export function k6ErrorMessage(stderr: string): string {
  const errors = [...stderr.matchAll(/level=error msg="((?:[^"\\]|\\.)*)"/g)].map((m) =>
    m[1]!.replace(/\\n/g, " ").replace(/\\t/g, " ").replace(/\\"/g, '"'),
  );
  const message = errors.at(-1) ?? stderr.trim().split("\n").at(-1) ?? "";
  return message.replace(/\s+/g, " ").trim().slice(0, 500);
}

export const k6Runner: RunnerAdapter = {
  async run(ctx) {
    const k6 = await requireK6(ctx.rootDir, ctx.env as NodeJS.ProcessEnv);
    const scripts = await resolveScripts(ctx);
    const instances = Math.max(1, ctx.instances ?? 1);
    const segments = segmentPlan(ctx);
    const entry = join(ctx.outDir, "k6-entry.ts");
    await writeFile(entry, await entrySource(scripts, (s) => pathToFileURL(s).href));
    const files = Array.from({ length: instances }, (_, i) => ({
      // k6 gzips what it writes to a .gz name: the raw points never land uncompressed.
      points: join(ctx.outDir, `k6-points-${i}.json.gz`),
      summary: join(ctx.outDir, `k6-summary-${i}.json`),
    }));
    const started = performance.now();
    const procs = await Promise.all(
      files.map((f, i) => spawnInstance(ctx, k6, entry, f, segments.first + i, segments.total)),
    );
    const notes = [
      `k6 ${k6.version} (${k6.path})`,
      `scripts: ${scripts.map((s) => relative(ctx.rootDir, s)).join(", ")}`,
    ];
    const proc = speakerFor(procs, performance.now() - started);
    // Stopped (Ctrl-C, timeout): k6 still wrote the points and summary of what ran.
    const stopped = proc.end.kind === "cancelled" || proc.end.kind === "timedout";
    const wrote = files.every((f) => existsSync(f.points));
    if (stopped ? !wrote : proc.end.kind !== "exited" || !cleanK6Exit(proc.end.code))
      return crashedOutcome(ctx, proc, notes);
    const fileByScenario = new Map(
      scripts.map((s) => [scenarioOfScript(s), relative(ctx.rootDir, s)]),
    );
    if (segments.total > files.length)
      notes.push(
        `execution segments ${segments.first + 1}–${segments.first + files.length} of ${segments.total} (shard ${ctx.shard?.index}/${ctx.shard?.total}); merge the shards with report --run to evaluate thresholds on all points`,
      );
    return importAndBuild(ctx, proc, files, notes, fileByScenario, segments.total, stopped);
  },
};

/**
 * Which execution segments this run's k6 processes take: with --shard i/n and
 * --instances m the test is cut into n·m segments and shard i runs m of them,
 * so every iteration runs in exactly one shard.
 */
function segmentPlan(ctx: SuiteRunContext): { first: number; total: number } {
  const instances = Math.max(1, ctx.instances ?? 1);
  const shard = ctx.shard ?? { index: 1, total: 1 };
  return { first: (shard.index - 1) * instances, total: shard.total * instances };
}

function cleanK6Exit(code: number): boolean {
  return code === 0 || code === K6_THRESHOLDS_CROSSED;
}

/** One k6 process: instance i of n, raw points and summary into its files. */
function spawnInstance(
  ctx: SuiteRunContext,
  k6: K6Binary,
  entry: string,
  files: InstanceFiles,
  segment: number,
  segments: number,
): Promise<Finished> {
  const instances = Math.max(1, ctx.instances ?? 1);
  const i = segment % instances;
  const args = [
    "run",
    "--quiet",
    "--no-usage-report",
    "--out",
    `json=${files.points}`,
    ...segmentArgs(segment, segments),
    ...(segments > 1 ? ["--tag", `instance_id=${segment}`] : []),
    entry,
  ];
  return supervise(k6.path, args, {
    cwd: ctx.cwd,
    env: {
      ...k6Env(ctx.env),
      HYVVE_K6_SUMMARY: files.summary,
      // Set only by --grep: one left in the user's shell must not filter silently.
      HYVVE_GREP: ctx.grep,
    },
    timeoutMs: ctx.suite.timeout,
    signal: ctx.signal,
    // k6 on a SIGTERM stops the test and still writes its outputs.
    forceKillAfterMs: 15_000,
    ...(ctx.onLine
      ? { onLine: (line: string) => ctx.onLine!(instances > 1 ? `[k6 ${i}] ${line}` : line) }
      : {}),
  }).result;
}

/**
 * One outcome for the whole run: the first process that did not end by
 * itself speaks for it, else the first that crashed, else the first; the
 * stderr of all of them, the wall time of the whole.
 */
function speakerFor(procs: readonly Finished[], durationMs: number): Finished {
  const broken = procs.find((p) => p.end.kind !== "exited");
  const crashed = procs.find((p) => p.end.kind === "exited" && !cleanK6Exit(p.end.code));
  return {
    ...(broken ?? crashed ?? procs[0]!),
    durationMs,
    stderr: procs.map((p) => p.stderr).join("\n"),
  };
}

/** A k6 that never ran to its end: stopped, timed out, or crashed with its own message. */
function crashedOutcome(ctx: SuiteRunContext, proc: Finished, notes: string[]): SuiteResult {
  if (proc.end.kind !== "exited") return suiteOutcome(ctx, proc, noOutput, { extra: { notes } });
  const error = `k6 ${describeEnd(proc.end)}: ${k6ErrorMessage(proc.stderr)}`;
  return suiteOutcome(ctx, proc, unreadableOutput(error), { extra: { notes } });
}

/** Read every instance's points into one set, archive them, and build the suite. */
async function importAndBuild(
  ctx: SuiteRunContext,
  proc: Finished,
  files: readonly InstanceFiles[],
  notes: string[],
  fileByScenario: ReadonlyMap<string, string>,
  segments: number,
  stopped: boolean,
): Promise<SuiteResult> {
  const fail = (error: string) =>
    suiteOutcome(ctx, proc, unreadableOutput(error), { extra: { notes } });
  const missing = files.findIndex((f) => !existsSync(f.points));
  if (missing !== -1)
    return fail(`k6 instance ${missing} wrote no raw output (${files[missing]!.points})`);
  const points = new K6Points();
  const summaries: K6Summary[] = [];
  const archived = files.map((f) => relative(ctx.outDir, f.points));
  try {
    for (const f of files) {
      // A k6 killed after the stop grace period leaves its gzip unfinished: read what is there.
      await readK6Output(f.points, points, { truncatedOk: stopped });
      const summary = await readSummary(f.summary);
      if (summary) summaries.push(summary);
    }
  } catch (error) {
    return fail(`could not read k6's raw output: ${describeError(error)}`);
  }
  let built;
  try {
    built = buildLoadSuite({
      suiteName: ctx.name,
      points,
      summaries,
      // k6's own verdict speaks for the whole test only when one process ran all of it.
      k6Verdict: segments === 1,
      fileOfScenario: (scenario) => fileByScenario.get(scenario),
    });
  } catch (error) {
    return fail(`could not evaluate k6's results: ${describeError(error)}`);
  }
  notes.push(`raw points (gzip): ${archived.map((a) => `${ctx.outDirFromRun}/${a}`).join(", ")}`);
  if (files.length > 1)
    notes.push(
      `${files.length} k6 instances (execution segments); thresholds evaluated on the merged points`,
    );
  const extra = {
    notes,
    load: {
      ...built.load,
      sources: {
        rawPoints: archived.map((a) => `${ctx.outDirFromRun}/${a}`),
        scenarioFiles: Object.fromEntries(fileByScenario),
      },
    },
  };
  const anyFailed = built.cases.some((c) => c.status === "failed");
  if (segments === 1 && exitCode(proc) === K6_THRESHOLDS_CROSSED && !anyFailed) {
    const error =
      "k6 exited with 99 (thresholds crossed) but its summary names no crossed threshold";
    return suiteOutcome(ctx, proc, unreadableOutput(error), { extra });
  }
  // Exit 99 is a verdict, not a crash: the failed threshold cases carry it. Over
  // several instances one segment may cross a threshold the merged points do not.
  return suiteOutcome(ctx, proc, casesOutput(built.cases), {
    extra,
    cleanExitCodes: segments > 1 ? [K6_THRESHOLDS_CROSSED] : [],
  });
}

function exitCode(proc: Finished): number | undefined {
  return proc.end.kind === "exited" ? proc.end.code : undefined;
}

async function readSummary(path: string): Promise<K6Summary | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(await readFile(path, "utf8")) as K6Summary;
  } catch {
    return undefined;
  }
}
