/**
 * k6: every load script runs as written, as its own k6 process (× the
 * execution segments of --instances and --shard), all started at once in
 * the suite's folder: its options, setup data, teardown, custom metrics and
 * its own handleSummary outputs stay its own. Scripts are inspected first
 * (k6-plan.ts: helpers left out, --grep, what smoke does). Each process
 * writes its raw points (`--out json=….json.gz`, gzipped by k6 itself) and
 * its summary (`--summary-export`); the k6 importer merges them into one
 * load suite, per script and per endpoint (k6-import.ts).
 *
 * Exit codes: 0 ok; 99 thresholds crossed → that script's crossed
 * thresholds are failed cases; anything else → suite errored with k6's
 * message, naming the script.
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describeEnd, type Finished } from "../process/process-end.js";
import { supervise } from "../process/supervisor.js";
import { scriptDescriptionPath } from "../results/import/k6-scripts.js";
import type { SuiteResult } from "../results/model.js";
import { k6Env, requireK6, type K6Binary } from "../setup/k6.js";
import { segmentArgs } from "./k6-entry.js";
import { importRuns, type ScriptRun } from "./k6-import.js";
import { k6ErrorMessage } from "./k6-message.js";
import { planScripts, type PlannedScript } from "./k6-plan.js";
import { noOutput, skippedSuite, suiteOutcome, unreadableOutput } from "./outcome.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

export { k6ErrorMessage } from "./k6-message.js";

/** Exit code k6 uses when thresholds were crossed. */
export const K6_THRESHOLDS_CROSSED = 99;

/** Which execution segments this run's processes take of each script: first, how many, of total. */
interface Segments {
  first: number;
  count: number;
  total: number;
}

export const k6Runner: RunnerAdapter = {
  async run(ctx) {
    const k6 = await requireK6(ctx.rootDir, ctx.env as NodeJS.ProcessEnv);
    const plan = await planScripts(ctx, k6);
    const notes = [`k6 ${k6.version} (${k6.path})`, ...plan.notes];
    if (plan.scripts.length === 0) {
      const why = ctx.grep === undefined ? ["no k6 script among the suite's files"] : [];
      return { ...skippedSuite(ctx, ""), notes: [...notes, ...why] };
    }
    const segments = segmentPlan(ctx);
    const runs = plan.scripts.flatMap((planned) => scriptRuns(ctx, planned, segments));
    for (const { script } of plan.scripts)
      await writeFile(scriptDescriptionPath(ctx.outDir, script), JSON.stringify(script));
    const started = performance.now();
    const finished = await Promise.all(runs.map((r) => spawnRun(ctx, k6, r, segments.total)));
    if (segments.total > segments.count)
      notes.push(
        `execution segments ${segments.first + 1}–${segments.first + segments.count} of ${segments.total} (shard ${ctx.shard?.index}/${ctx.shard?.total}); merge the shards with report --run to evaluate thresholds on all points`,
      );
    return finish(ctx, runs, finished, notes, segments, performance.now() - started);
  },
};

/**
 * Which execution segments this run's k6 processes take of each script: with
 * --shard i/n and --instances m a script is cut into n·m segments and shard i
 * runs m of them, so every iteration runs in exactly one shard.
 */
function segmentPlan(ctx: SuiteRunContext): Segments {
  const instances = Math.max(1, ctx.instances ?? 1);
  const shard = ctx.shard ?? { index: 1, total: 1 };
  return { first: (shard.index - 1) * instances, count: instances, total: shard.total * instances };
}

/** A script's processes: one per segment this run takes, each with its own output files. */
function scriptRuns(ctx: SuiteRunContext, planned: PlannedScript, segments: Segments): ScriptRun[] {
  return Array.from({ length: segments.count }, (_, i) => ({
    planned,
    instance: i,
    segment: segments.first + i,
    // k6 gzips what it writes to a .gz name: the raw points never land uncompressed.
    points: join(ctx.outDir, `k6-points-${planned.script.name}-${i}.json.gz`),
    summary: join(ctx.outDir, `k6-summary-${planned.script.name}-${i}.json`),
  }));
}

/** One k6 process: a script as written (plus the profile's and the segment's flags), in the suite's folder. */
function spawnRun(
  ctx: SuiteRunContext,
  k6: K6Binary,
  run: ScriptRun,
  segments: number,
): Promise<Finished> {
  const { script, entry, profileArgs } = run.planned;
  const args = [
    "run",
    "--quiet",
    "--no-usage-report",
    "--out",
    `json=${run.points}`,
    "--summary-export",
    run.summary,
    ...profileArgs,
    ...segmentArgs(run.segment, segments),
    ...(segments > 1 ? ["--tag", `instance_id=${run.segment}`] : []),
    entry,
  ];
  const prefix = (ctx.instances ?? 1) > 1 ? `[${script.name} ${run.instance}]` : `[${script.name}]`;
  return supervise(k6.path, args, {
    cwd: ctx.cwd,
    // One summary file per process comes from --summary-export: HYVVE's scripts write none of their own.
    env: { ...k6Env(ctx.env), HYVVE_K6_SUMMARY: undefined, HYVVE_GREP: undefined },
    timeoutMs: ctx.suite.timeout,
    signal: ctx.signal,
    // k6 on a SIGTERM stops the test and still writes its outputs.
    forceKillAfterMs: 15_000,
    ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(`${prefix} ${line}`) } : {}),
  }).result;
}

/** Whether a process ended by itself with k6's ok or thresholds-crossed code. */
function cleanK6Exit(proc: Finished): boolean {
  return proc.end.kind === "exited" && [0, K6_THRESHOLDS_CROSSED].includes(proc.end.code);
}

/** The suite from every process's end and what they wrote. */
async function finish(
  ctx: SuiteRunContext,
  runs: readonly ScriptRun[],
  finished: readonly Finished[],
  notes: string[],
  segments: Segments,
  durationMs: number,
): Promise<SuiteResult> {
  const proc = speakerFor(finished, durationMs);
  // Stopped (Ctrl-C, timeout): k6 still wrote the points and summary of what ran.
  const stopped = finished.some((p) => p.end.kind === "cancelled" || p.end.kind === "timedout");
  const crashed = finished.findIndex((p) => !cleanK6Exit(p));
  if (!stopped && crashed !== -1) {
    const { end, stderr } = finished[crashed]!;
    const said = end.kind === "exited" ? `: ${k6ErrorMessage(stderr)}` : "";
    const error = `k6 ${describeEnd(end)} on ${runs[crashed]!.planned.script.file}${said}`;
    return suiteOutcome(ctx, proc, unreadableOutput(error), { extra: { notes } });
  }
  const read = stopped ? runs.filter((r) => existsSync(r.points)) : runs;
  if (read.length === 0) return suiteOutcome(ctx, proc, noOutput, { extra: { notes } });
  const ends = new Map(runs.map((r, i) => [r, finished[i]!]));
  return importRuns(ctx, proc, read, ends, notes, { segments: segments.total, stopped });
}

/**
 * One outcome for the whole run: the first process that did not end by
 * itself speaks for it, else the first that crashed, else the first that
 * crossed thresholds, else the first; the stderr of all of them, the wall
 * time of the whole.
 */
function speakerFor(procs: readonly Finished[], durationMs: number): Finished {
  const broken = procs.find((p) => p.end.kind !== "exited");
  const crashed = procs.find((p) => !cleanK6Exit(p));
  const crossed = procs.find((p) => p.end.kind === "exited" && p.end.code !== 0);
  return {
    ...(broken ?? crashed ?? crossed ?? procs[0]!),
    durationMs,
    stderr: procs.map((p) => p.stderr).join("\n"),
  };
}
