/**
 * `hyvve-qa report`: merge results that already exist (JUnit from any
 * producer, run.json shards, k6 raw outputs) into run.json + junit.xml +
 * index.html, through the same importers a live run uses. Inputs are all
 * read and checked before anything is written, so a bad input never leaves a
 * half report.
 */
import { resolve } from "node:path";
import { compareWithStoredBaseline } from "../../baseline/store.js";
import { findConfigFile, loadConfig } from "../../config/load.js";
import { ConfigError, UsageError } from "../../errors.js";
import { runFromJUnitFiles } from "../../results/import/junit-run.js";
import { checkMergeable, mergeRuns } from "../../results/merge.js";
import { mergeLoadShards, type LoadShard } from "../../results/import/k6-shards.js";
import type { RunResult, SuiteResult } from "../../results/model.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../../results/redact.js";
import { readRunFile } from "../../results/run-file.js";
import { verdict } from "../../results/verdict.js";
import { writeReports } from "../../reporters/index.js";
import { exportRun } from "../../export/index.js";
import { printReporterErrors } from "../exit.js";
import { exportChoices, parseExportOptions } from "../options.js";
import { judgeWithHistory, loadMemory, recordRun } from "../run-history.js";

export interface ReportInputs {
  junit?: string[];
  run?: string[];
  k6?: string[];
  out: string;
  config?: string;
  /** commander's --no-baseline */
  baseline?: boolean;
  /** --history FILE, or false for --no-history (commander puts both in one key). */
  history?: string | false;
  otlp?: string;
  otlpFile?: string;
  metricsFile?: string;
  dryRunAlerts?: boolean;
}

export async function reportCommand(raw: ReportInputs): Promise<number> {
  const exportOptions = parseExportOptions({ ...raw });
  const merged = await importInputs(raw);
  // Imported files may hold what a runner printed, tokens included.
  const run = redactInPlace(merged, makeRedactor(secretValuesFromEnv(process.env)));
  // Merged shards of hyvve-qa runs are a run: judged and remembered like one.
  const project = (raw.run ?? []).length > 0 ? await projectConfig(raw) : undefined;
  const historyChoice = {
    file: typeof raw.history === "string" ? raw.history : undefined,
    off: raw.history === false,
  };
  const memory = project
    ? await loadMemory(project.config, project.rootDir, historyChoice)
    : undefined;
  if (project && memory) judgeWithHistory(run, project.config, memory);
  if (raw.baseline !== false && (raw.run ?? []).length > 0)
    run.baseline = project
      ? await compareWithStoredBaseline(run, project.config, project.rootDir, memory?.earlier ?? [])
      : { findings: [], note: "baseline not compared: no hyvve-qa config here (pass --config)" };
  run.verdict = verdict({ run });
  const outcome = await writeReports(run, {
    outDir: resolve(process.cwd(), raw.out),
    env: process.env,
    print: (text) => process.stdout.write(text),
    annotations: false,
  });
  printReporterErrors(outcome.errors);
  await exportRun(run, {
    ...exportChoices(exportOptions, process.env),
    outDir: resolve(process.cwd(), raw.out),
    alerts: project?.config.alerts,
    partial: run.status === "interrupted",
    earlier: memory?.earlier ?? [],
  });
  // A partial run would skew flakiness: only complete merged runs are remembered.
  if (project && run.status !== "interrupted")
    await recordRun(run, project.config, project.rootDir, historyChoice);
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
  checkMergeable(parts, runs);
  const loadShards = await mergedLoadSuites(parts, runs);
  if (junit.length > 0) parts.push(await runFromJUnitFiles(junit));
  if (k6.length > 0) {
    const { runFromK6Outputs } = await import("../../results/import/k6-outputs.js");
    parts.push(await runFromK6Outputs(k6));
  }
  const merged = parts.length === 1 ? parts[0]! : mergeRuns(parts);
  merged.suites = merged.suites.map((suite) => loadShards.get(suite.name) ?? suite);
  return merged;
}

/** Load suites that several shards ran, each recomputed from all the shards' raw points. */
async function mergedLoadSuites(
  runs: readonly RunResult[],
  paths: readonly string[],
): Promise<Map<string, SuiteResult>> {
  const byName = new Map<string, LoadShard[]>();
  runs.forEach((run, i) => {
    for (const suite of run.suites)
      if (suite.kind === "load" && suite.load)
        byName.set(suite.name, [...(byName.get(suite.name) ?? []), { runFile: paths[i]!, suite }]);
  });
  const merged = new Map<string, SuiteResult>();
  for (const [name, shards] of byName)
    if (shards.length > 1) merged.set(name, await mergeLoadShards(shards));
  return merged;
}

/** The project's config when there is one (or --config names it); none is no error here. */
async function projectConfig(raw: ReportInputs) {
  try {
    findConfigFile(process.cwd(), raw.config);
  } catch (error) {
    if (!(error instanceof ConfigError) || raw.config !== undefined) throw error;
    return undefined;
  }
  return loadConfig(process.cwd(), raw.config);
}
