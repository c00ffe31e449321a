/**
 * `hyvve-qa report`: merge results that already exist (JUnit from any
 * producer, run.json shards, k6 raw outputs) into run.json + junit.xml +
 * index.html, through the same importers a live run uses. Inputs are all
 * read and checked before anything is written, so a bad input never leaves a
 * half report.
 */
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { runFromJUnitFiles } from "../../results/import/junit-run.js";
import { mergeRuns } from "../../results/merge.js";
import type { RunResult } from "../../results/model.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { verdict } from "../../results/verdict.js";
import { writeReports } from "../../reporters/index.js";
import { printReporterErrors } from "../exit.js";

export interface ReportInputs {
  junit?: string[];
  run?: string[];
  k6?: string[];
  out: string;
}

export async function reportCommand(raw: ReportInputs): Promise<number> {
  const merged = await importInputs(raw);
  // Imported files may hold what a runner printed, tokens included.
  const run = redactInPlace(merged, makeRedactor(secretValuesFromEnv(process.env)));
  const outcome = await writeReports(run, {
    outDir: resolve(process.cwd(), raw.out),
    env: process.env,
    print: (text) => process.stdout.write(text),
    annotations: false,
  });
  printReporterErrors(outcome.errors);
  return verdict({ run, reporterErrors: outcome.errors }).exitCode;
}

/** Every input through its importer, merged into one run. */
async function importInputs(raw: ReportInputs): Promise<RunResult> {
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
  if (junit.length > 0) parts.push(await runFromJUnitFiles(junit));
  if (k6.length > 0) {
    const { runFromK6Outputs } = await import("../../results/import/k6-outputs.js");
    parts.push(await runFromK6Outputs(k6));
  }
  return parts.length === 1 ? parts[0]! : mergeRuns(parts);
}
