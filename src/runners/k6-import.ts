/**
 * The k6 processes' outputs into one load suite: every raw points file read
 * into one set of points, each as its script's (k6-scripts.ts keeps the
 * scripts apart), each script's summary export as k6's own verdict on its
 * thresholds when one process ran all of it, and the notes saying what was
 * archived and what k6 logged.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { describeError } from "../errors.js";
import type { Finished } from "../process/process-end.js";
import { buildLoadSuite, type BuiltLoad, type K6Summary } from "../results/import/k6-load-suite.js";
import { K6Points, readK6Output } from "../results/import/k6-points.js";
import type { SuiteResult } from "../results/model.js";
import { k6ErrorMessages } from "./k6-message.js";
import type { PlannedScript } from "./k6-plan.js";
import { casesOutput, suiteOutcome, unreadableOutput } from "./outcome.js";
import type { SuiteRunContext } from "./types.js";

/** Exit code k6 uses when thresholds were crossed. */
const THRESHOLDS_CROSSED = 99;

/** One k6 process of a script: which segment it ran and where it wrote. */
export interface ScriptRun {
  planned: PlannedScript;
  /** Its index among this run's processes of the script. */
  instance: number;
  /** Its execution segment among all (every shard's) processes of the script. */
  segment: number;
  points: string;
  summary: string;
}

export interface ImportOptions {
  /** Execution segments each script was cut into (over every shard). */
  segments: number;
  /** Whether the run was stopped (Ctrl-C, timeout): a raw output may end early. */
  stopped: boolean;
}

/** The suite from what the processes in `runs` wrote; `proc` speaks for how they ended. */
export async function importRuns(
  ctx: SuiteRunContext,
  proc: Finished,
  runs: readonly ScriptRun[],
  ends: ReadonlyMap<ScriptRun, Finished>,
  notes: string[],
  options: ImportOptions,
): Promise<SuiteResult> {
  const fail = (error: string, extra: Partial<SuiteResult> = { notes }) =>
    suiteOutcome(ctx, proc, unreadableOutput(error), { extra });
  const missing = runs.find((r) => !existsSync(r.points));
  if (missing)
    return fail(`k6 wrote no raw output for ${missing.planned.script.file} (${missing.points})`);
  const points = new K6Points();
  const scriptSummaries = new Map<string, K6Summary[]>();
  try {
    for (const r of runs) {
      const script = r.planned.script;
      // A k6 killed after the stop grace period leaves its gzip unfinished: read what is there.
      await readK6Output(r.points, points, { truncatedOk: options.stopped, script });
      const summary = await readSummary(r.summary);
      if (summary)
        scriptSummaries.set(script.file, [...(scriptSummaries.get(script.file) ?? []), summary]);
    }
  } catch (error) {
    return fail(`could not read k6's raw output: ${describeError(error)}`);
  }
  let built: BuiltLoad;
  try {
    // k6's own verdict speaks for a script only when one process ran all of it.
    const k6Verdict = options.segments === 1;
    built = buildLoadSuite({
      suiteName: ctx.name,
      points,
      summaries: [],
      scriptSummaries,
      k6Verdict,
    });
  } catch (error) {
    return fail(`could not evaluate k6's results: ${describeError(error)}`);
  }
  const archived = runs.map((r) => `${ctx.outDirFromRun}/${relative(ctx.outDir, r.points)}`);
  notes.push(...runNotes(runs, ends, archived, options));
  const sources = { rawPoints: archived, scenarioFiles: Object.fromEntries(points.scenarioFiles) };
  const extra = { notes, load: { ...built.load, sources } };
  const silent = options.segments === 1 ? silentCrossing(runs, ends, built) : undefined;
  if (silent)
    return fail(
      `k6 exited with 99 (thresholds crossed) on ${silent} but its summary names no crossed threshold`,
      extra,
    );
  // Exit 99 is a verdict, not a crash: the failed threshold cases carry it. Over
  // several instances one segment may cross a threshold the merged points do not.
  return suiteOutcome(ctx, proc, casesOutput(built.cases), {
    extra,
    cleanExitCodes: options.segments > 1 ? [THRESHOLDS_CROSSED] : [],
  });
}

/** A script whose k6 exited 99 though none of its threshold cases failed: something is off. */
function silentCrossing(
  runs: readonly ScriptRun[],
  ends: ReadonlyMap<ScriptRun, Finished>,
  built: BuiltLoad,
): string | undefined {
  for (const r of runs) {
    const end = ends.get(r)?.end;
    if (end?.kind !== "exited" || end.code !== THRESHOLDS_CROSSED) continue;
    const file = r.planned.script.file;
    if (!built.cases.some((c) => c.status === "failed" && c.file === file)) return file;
  }
  return undefined;
}

/** Notes on the raw points archived, the instances, and errors k6 logged while ending well. */
function runNotes(
  runs: readonly ScriptRun[],
  ends: ReadonlyMap<ScriptRun, Finished>,
  archived: readonly string[],
  options: ImportOptions,
): string[] {
  const notes = [`raw points (gzip): ${archived.join(", ")}`];
  const perScript = Math.max(...runs.map((r) => r.instance)) + 1;
  if (perScript > 1)
    notes.push(
      `${perScript} k6 instances per script (execution segments); thresholds evaluated on each script's merged points`,
    );
  if (options.stopped) return notes;
  const logged = new Set<string>();
  for (const r of runs)
    for (const message of k6ErrorMessages(ends.get(r)?.stderr ?? ""))
      logged.add(`k6 logged on ${r.planned.script.file}: ${message.slice(0, 300)}`);
  return [...notes, ...[...logged].slice(0, 10)];
}

/** A process's --summary-export, if it wrote a readable one. */
async function readSummary(path: string): Promise<K6Summary | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(await readFile(path, "utf8")) as K6Summary;
  } catch {
    return undefined;
  }
}
