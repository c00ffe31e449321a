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
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { compareWithStoredBaseline } from "../baseline/store.js";
import { UsageError } from "../errors.js";
import type { RecordLabel } from "../history/record.js";
import { runFromJUnitFiles } from "../results/import/junit-run.js";
import { checkMergeable, mergeRuns } from "../results/merge.js";
import { mergeLoadShards, type LoadShard } from "../results/import/k6-shards.js";
import type { RunResult, SuiteResult } from "../results/model.js";
import { makeRedactor, redactInPlace, secretValuesFromEnv } from "../results/redact.js";
import type { ReporterChoice } from "../results/reporter.js";
import { readRunFile } from "../results/run-file.js";
import { verdict, type ExitCode } from "../results/verdict.js";
import { createReporters } from "./reporters.js";
import { judgeWithHistory, recordRunInto } from "./judge-history.js";
import {
  printWarning,
  readMemory,
  resolvePlaces,
  type Memory,
  type Places,
} from "./run-history.js";

export interface ReportInputs {
  junit?: string[];
  run?: string[];
  k6?: string[];
  /** The output folder (relative to cwd). */
  out: string;
  config?: string;
  /** false: no comparison with the baseline (commander's --no-baseline). */
  baseline?: boolean;
  /** --history FILE, or false for --no-history (commander puts both in one key). */
  history?: string | false;
  /** Both --history FILE and --no-history were given (program.ts said so once already). */
  historyConflict?: boolean;
  /** --quarantine FILE */
  quarantine?: string;
  /** The names of an imported run in the history (--env, --profile). */
  env?: string;
  profile?: string;
  label?: RecordLabel;
  otlp?: string;
  otlpFile?: string;
  metricsFile?: string;
  dryRunAlerts?: boolean;
  /** Reporters instead of the config's (names, module paths, objects). */
  reporter?: ReporterChoice[];
  cwd?: string;
  stdout?: { write(text: string): unknown };
  envVars?: NodeJS.ProcessEnv;
}

export interface ReportOutcome {
  exitCode: ExitCode;
  run: RunResult;
  reporterErrors: { reporter: string; message: string }[];
  warnings: string[];
}

/** Merges existing results into one run and reports it; throws a UsageError on a bad input. */
export async function report(inputs: ReportInputs): Promise<ReportOutcome> {
  const envVars = inputs.envVars ?? process.env;
  const print = (text: string) => void (inputs.stdout ?? process.stdout).write(text);
  const merged = await importInputs(inputs);
  // Imported files may hold what a runner printed, tokens included.
  const run = redactInPlace(merged, makeRedactor(secretValuesFromEnv(envVars)));
  // Merged shards of hyvve-qa runs are a run of the project: judged and remembered like one.
  // Other tools' results go only into the history --history names, not the project's own.
  const fromRuns = (inputs.run ?? []).length > 0;
  const places = await resolvePlaces(inputs, fromRuns);
  for (const warning of ineffectiveFlags(inputs, places, fromRuns)) printWarning(warning);
  const memory = places.history || places.quarantine ? await readMemory(places) : undefined;
  if (memory) judgeWithHistory(run, places.config, memory);
  if (inputs.baseline !== false && fromRuns) run.baseline = await compared(run, places, memory);
  run.verdict = verdict({ run });
  const outDir = resolve(inputs.cwd ?? process.cwd(), inputs.out);
  const reporters = await reportersFor(inputs, places, memory, envVars, print);
  await reporters.onRunBegin({ outDir, suites: run.suites });
  for (const suite of run.suites) {
    reporters.onSuiteBegin(suite);
    reporters.onSuiteEnd(suite);
  }
  await mkdir(outDir, { recursive: true });
  await reporters.onRunEnd(run, { outDir, partial: run.status === "interrupted" });
  for (const e of reporters.errors)
    process.stderr.write(`hyvve-qa: the ${e.reporter} reporter failed: ${e.message}\n`);
  // A partial run would skew flakiness: only complete merged runs are remembered.
  if (places.history && run.status !== "interrupted")
    await recordRunInto(
      run,
      places.history,
      places.config.history.cap,
      fromRuns ? {} : (inputs.label ?? {}),
    );
  const { exitCode } = verdict({ run, reporterErrors: reporters.errors });
  return { exitCode, run, reporterErrors: reporters.errors, warnings: reporters.warnings };
}

/** Merged shards against the project's baseline; without a config, a note saying why not. */
async function compared(run: RunResult, places: Places, memory: Memory | undefined) {
  if (!places.project)
    return { findings: [], note: "baseline not compared: no hyvve-qa config here (pass --config)" };
  const { config, rootDir } = places.project;
  return compareWithStoredBaseline(run, config, rootDir, memory?.earlier ?? []);
}

/** The report's reporters: the default set has no live view (nothing runs here). */
function reportersFor(
  inputs: ReportInputs,
  places: Places,
  memory: Memory | undefined,
  envVars: NodeJS.ProcessEnv,
  print: (text: string) => void,
) {
  return createReporters(
    {
      explicit: inputs.reporter ?? [],
      config: places.project?.config.reporters,
      configFile: places.project?.path,
      views: false,
    },
    {
      env: envVars,
      print,
      annotations: false,
      tty: undefined,
      verbose: false,
      otlpEndpoint: inputs.otlp,
      otlpFile: inputs.otlpFile,
      metricsFile: inputs.metricsFile,
      dryRunAlerts: inputs.dryRunAlerts ?? false,
      alerts: places.project?.config.alerts,
      earlier: memory?.earlier ?? [],
    },
    (line) => process.stderr.write(`${line}\n`),
  );
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
    const { runFromK6Outputs } = await import("../results/import/k6-outputs.js");
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
