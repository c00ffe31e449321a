/**
 * `hyvve-qa report --k6 FILE...`: the raw outputs (and optional summaries)
 * of one k6 test — several instances, or the files a distributed k6-operator
 * run leaves — into a run with one load suite; thresholds evaluated on the
 * union of the points. Files from a hyvve-qa run folder are read as their
 * script's (the description beside them, k6-scripts.ts), as the run did.
 */
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { InputFileError, describeError } from "../../errors.js";
import { importedRun } from "../merge.js";
import { deriveSuiteStatus, type RunResult, type SuiteResult } from "../model.js";
import { buildLoadSuite, type BuiltLoad, type K6Summary } from "./k6-load-suite.js";
import { K6Points, readK6Output } from "./k6-points.js";
import { readScriptOfPoints } from "./k6-scripts.js";

/** Whether a file is k6 summary JSON (rather than raw JSON lines). */
async function readSummaryIfSummary(path: string): Promise<K6Summary | undefined> {
  const handle = await open(path, "r");
  const buf = Buffer.alloc(64);
  let bytesRead: number;
  try {
    ({ bytesRead } = await handle.read(buf, 0, 64, 0));
  } finally {
    await handle.close();
  }
  // gzip (k6's --out json=FILE.gz, or an archived run's points): raw lines.
  if (bytesRead >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) return undefined;
  const head = buf.subarray(0, bytesRead).toString("utf8").trimStart();
  if (head.startsWith('{"type":"Metric"') || head.startsWith('{"metric":"')) return undefined;
  if ((await stat(path)).size > 256 * 1024 * 1024) return undefined;
  try {
    const parsed = JSON.parse(await readFile(path, "utf8")) as unknown;
    if (parsed && typeof parsed === "object" && "metrics" in parsed) return parsed as K6Summary;
  } catch {
    // not a single JSON document: raw lines after all
  }
  return undefined;
}

/** `hyvve-qa report --k6 FILE...`: raw outputs (and optional summaries) of one test → a run. */
export async function runFromK6Outputs(paths: string[], now = new Date()): Promise<RunResult> {
  const points = new K6Points();
  const summaries: K6Summary[] = [];
  let rawFiles = 0;
  for (const path of paths) {
    try {
      const summary = await readSummaryIfSummary(path);
      if (summary) {
        summaries.push(summary);
        continue;
      }
      const before = points.lines - points.skippedLines;
      const script = await readScriptOfPoints(path);
      await readK6Output(path, points, script ? { script } : {});
      if (points.lines - points.skippedLines === before)
        throw new Error("no k6 metric or point lines in it");
      rawFiles++;
    } catch (error) {
      // Already says what is wrong with the file and what to do (a cut-short or corrupt gzip).
      if (error instanceof InputFileError) throw error;
      throw new InputFileError(
        `${path}: not a k6 raw output (--out json): ${describeError(error)}`,
        "pass the files written by k6 run --out json=FILE (plain or .gz)",
      );
    }
  }
  if (rawFiles === 0)
    throw new InputFileError(
      "no k6 raw output among the --k6 files (only summaries)",
      "add the --out json files of every instance",
    );
  let built: BuiltLoad;
  try {
    built = buildLoadSuite({ suiteName: "load", points, summaries, k6Verdict: false });
  } catch (error) {
    throw new InputFileError(`k6 outputs: ${describeError(error)}`);
  }
  const suite: SuiteResult = {
    name: "load",
    kind: "load",
    runner: "k6",
    status: deriveSuiteStatus(built.cases),
    durationMs: Math.round(built.load.durationS * 1000),
    cases: built.cases,
    load: built.load,
    notes: [
      `merged from ${rawFiles} k6 raw output${rawFiles === 1 ? "" : "s"} (${paths.map((p) => basename(p)).join(", ")}); thresholds evaluated on the merged points`,
    ],
  };
  const startedAt = Number.isFinite(points.firstTime)
    ? new Date(points.firstTime).toISOString()
    : now.toISOString();
  const finishedAt = Number.isFinite(points.lastTime)
    ? new Date(points.lastTime).toISOString()
    : now.toISOString();
  return importedRun([suite], startedAt, finishedAt, now);
}
