/**
 * `hyvve-qa report`: merge results that already exist (JUnit from any
 * producer, run.json shards, k6 raw outputs) into run.json + junit.xml +
 * index.html, through the same importers a live run uses. Inputs are all
 * read and checked before anything is written, so a bad input never leaves a
 * half report. Merged run.json shards are recorded in the project's history;
 * other tools' results only in the file --history names (labelled imported,
 * under --env/--profile); the quarantine applies to both. No config is
 * needed when --history and --quarantine name the files.
 */
import { resolve } from "node:path";
import { compareWithStoredBaseline } from "../../baseline/store.js";
import { UsageError } from "../../errors.js";
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
import { exportChoices, parseExportOptions, parseRecordLabel } from "../options.js";
import {
  judgeWithHistory,
  printWarning,
  readMemory,
  recordRunInto,
  resolvePlaces,
  type Places,
} from "../run-history.js";

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
  /** Both --history FILE and --no-history were given (program.ts said so once already). */
  historyConflict?: boolean;
  /** --quarantine FILE */
  quarantine?: string;
  /** The names of an imported run in the history. */
  env?: string;
  profile?: string;
  otlp?: string;
  otlpFile?: string;
  metricsFile?: string;
  dryRunAlerts?: boolean;
}

export async function reportCommand(raw: ReportInputs): Promise<number> {
  const exportOptions = parseExportOptions({ ...raw });
  const label = parseRecordLabel(raw);
  const merged = await importInputs(raw);
  // Imported files may hold what a runner printed, tokens included.
  const run = redactInPlace(merged, makeRedactor(secretValuesFromEnv(process.env)));
  // Merged shards of hyvve-qa runs are a run of the project: judged and remembered like one.
  // Other tools' results go only into the history --history names, not the project's own.
  const fromRuns = (raw.run ?? []).length > 0;
  const places = await resolvePlaces(raw, fromRuns);
  for (const warning of ineffectiveFlags(raw, places, fromRuns)) printWarning(warning);
  const memory = places.history || places.quarantine ? await readMemory(places) : undefined;
  if (memory) judgeWithHistory(run, places.config, memory);
  if (raw.baseline !== false && fromRuns)
    run.baseline = places.project
      ? await compareWithStoredBaseline(
          run,
          places.project.config,
          places.project.rootDir,
          memory?.earlier ?? [],
        )
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
    alerts: places.project?.config.alerts,
    partial: run.status === "interrupted",
    earlier: memory?.earlier ?? [],
  });
  // A partial run would skew flakiness: only complete merged runs are remembered.
  if (places.history && run.status !== "interrupted")
    await recordRunInto(run, places.history, places.config.history.cap, fromRuns ? {} : label);
  return verdict({ run, reporterErrors: outcome.errors }).exitCode;
}

/** The flags given that change nothing here, each with why: said once rather than ignored. */
function ineffectiveFlags(raw: ReportInputs, places: Places, fromRuns: boolean): string[] {
  const out: string[] = [];
  if (raw.baseline === false && !fromRuns)
    out.push(
      "--no-baseline has no effect: only run.json inputs (--run) are compared with a baseline",
    );
  const named = [
    raw.env === undefined ? [] : ["--env"],
    raw.profile === undefined ? [] : ["--profile"],
  ].flat();
  const they = `${named.join(" and ")} ${named.length > 1 ? "have" : "has"} no effect`;
  if (named.length > 0 && fromRuns)
    out.push(`${they}: run.json inputs (--run) keep their own environment and profile`);
  else if (named.length > 0 && !places.history)
    out.push(
      `${they} without --history FILE: ${named.length > 1 ? "they name" : "it names"} the imported run in the history, and nothing is recorded`,
    );
  // Imported results are recorded only where --history says: --no-history alone asks for nothing.
  // (With --run it keeps a merged run out of the project's history, config or not: scripts say it.)
  if (raw.history === false && !raw.historyConflict && !fromRuns)
    out.push(
      "--no-history has no effect: imported results (--junit, --k6) are recorded only into the file --history names",
    );
  return out;
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
