/**
 * `hyvve-qa report`: merge results that already exist (JUnit from any
 * producer, run.json shards, k6 raw outputs) into run.json + junit.xml +
 * index.html. Inputs are all read and checked before anything is written, so
 * a bad input never leaves a half report.
 */
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { readJUnitFile } from "../../results/junit-read.js";
import {
  mergeRuns,
  runFromJUnit,
  suiteNameForJUnitPath,
  type JUnitInput,
} from "../../results/merge.js";
import type { RunResult } from "../../results/model.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { writeReports } from "../../reporters/index.js";
import { EXIT } from "../exit.js";

export async function reportCommand(raw: {
  junit?: string[];
  run?: string[];
  k6?: string[];
  out: string;
}): Promise<number> {
  const junit = raw.junit ?? [];
  const runs = raw.run ?? [];
  const k6 = raw.k6 ?? [];
  if (junit.length + runs.length + k6.length === 0) {
    throw new UsageError(
      "nothing to report: give --junit FILE..., --run RUN.json... or --k6 FILE...",
      "e.g. hyvve-qa report --junit results/*.xml --out merged",
    );
  }
  const parts: RunResult[] = [];
  for (const path of runs) parts.push(await readRunFile(path));
  if (junit.length > 0) {
    // Read in parallel: these are independent files and the parse is the slow part.
    const inputs: JUnitInput[] = await Promise.all(
      junit.map(async (path) => ({
        path,
        parsed: await readJUnitFile(path, suiteNameForJUnitPath(path)),
      })),
    );
    parts.push(runFromJUnit(inputs));
  }
  if (k6.length > 0) {
    const { runFromK6Outputs } = await import("../../runners/k6-merge.js");
    parts.push(await runFromK6Outputs(k6));
  }
  const merged = parts.length === 1 ? parts[0]! : mergeRuns(parts);
  // Imported files may hold what a runner printed, tokens included.
  const run = redactInPlace(merged, makeRedactor(secretValuesFromEnv(process.env)));
  const outDir = resolve(process.cwd(), raw.out);
  const outcome = await writeReports(run, {
    outDir,
    env: process.env,
    print: (text) => process.stdout.write(text),
    annotations: false,
  });
  for (const e of outcome.errors)
    process.stderr.write(`hyvve-qa: the ${e.reporter} reporter failed: ${e.message}\n`);
  if (outcome.errors.length > 0) return EXIT.failed;
  return run.status === "passed" ? EXIT.ok : EXIT.failed;
}
