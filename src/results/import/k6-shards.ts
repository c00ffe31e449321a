/**
 * The load suite of `report --run SHARD...`: each shard ran some execution
 * segments of one k6 test, so its percentiles and threshold verdicts speak
 * for its part only. The merged suite is recomputed from every shard's raw
 * points (archived in its run folder, each script's beside the description
 * of that script: k6-scripts.ts), exactly as one run over all of them.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputFileError, describeError } from "../../errors.js";
import { deriveSuiteStatus, type SuiteResult } from "../model.js";
import { buildLoadSuite } from "./k6-load-suite.js";
import { K6Points, readK6Output } from "./k6-points.js";
import { readScriptOfPoints } from "./k6-scripts.js";

export interface LoadShard {
  /** The shard's run.json path: raw point paths are relative to its folder. */
  runFile: string;
  suite: SuiteResult;
}

/** One load suite from the shards of one: recomputed from all raw points. */
export async function mergeLoadShards(shards: readonly LoadShard[]): Promise<SuiteResult> {
  const first = shards[0];
  if (!first) throw new Error("mergeLoadShards needs a shard");
  const points = new K6Points();
  const scenarioFiles: Record<string, string> = {};
  for (const { runFile, suite } of shards) {
    const sources = suite.load?.sources;
    if (!sources)
      throw new InputFileError(
        `${runFile}: the ${suite.name} suite records no raw k6 points, so shards cannot be merged exactly`,
        "re-run the shards with this version of hyvve-qa",
      );
    // A merged report keeps no points of its own: merging it again would drop its shards' points.
    if (sources.rawPoints.length === 0)
      throw new InputFileError(
        `${runFile}: the ${suite.name} suite has no raw k6 points of its own (a merged report?), so it cannot be merged again`,
        "merge every shard's own run.json in one report --run",
      );
    Object.assign(scenarioFiles, sources.scenarioFiles);
    for (const rel of sources.rawPoints) await readShardPoints(runFile, rel, points);
  }
  const built = buildLoadSuite({
    suiteName: first.suite.name,
    points,
    summaries: [],
    k6Verdict: false,
    fileOfScenario: (scenario) => scenarioFiles[scenario],
  });
  return {
    ...first.suite,
    status: deriveSuiteStatus(built.cases),
    durationMs: Math.max(...shards.map((s) => s.suite.durationMs ?? 0)),
    cases: built.cases,
    load: { ...built.load, sources: { rawPoints: [], scenarioFiles } },
    notes: [
      `merged from ${shards.length} shards: numbers and thresholds recomputed from all their raw points`,
    ],
  };
}

/** A shard's archived points, found next to its run.json as the run folder left them. */
async function readShardPoints(runFile: string, rel: string, points: K6Points): Promise<void> {
  const path = resolve(dirname(runFile), rel);
  if (!existsSync(path))
    throw new InputFileError(
      `${runFile}: its raw k6 points ${rel} are missing`,
      "pass the shard's whole run folder (run.json with its suites/ folder)",
    );
  try {
    const script = await readScriptOfPoints(path);
    await readK6Output(path, points, script ? { script } : {});
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    throw new InputFileError(`${path}: not readable k6 raw output: ${describeError(error)}`);
  }
}
