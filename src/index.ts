/**
 * Public API: what a hyvve-qa.config.ts imports, and the pipeline in
 * process: `run(options)` is `hyvve-qa run`, `report(inputs)` is
 * `hyvve-qa report`, each resolving to its outcome and exit code.
 */
import type { RunApiOptions } from "./orchestrate/options.js";
import type { ReportInputs, ReportOutcome } from "./orchestrate/report.js";
import type { RunOutcome } from "./orchestrate/run.js";

export { defineConfig } from "./config/define.js";
export type { ConfigInput as HyvveQaConfig } from "./config/schema.js";
export type { RunResult, SuiteResult, CaseResult } from "./results/model.js";
/** The embedded reference app as an environment's stack: `local: { ...referenceStack() }`. */
export { referenceStack } from "./target/reference-stack.js";
export type { RunApiOptions as RunOptions, RunOutcome, ReportInputs, ReportOutcome };
export type {
  Reporter,
  RunBegin,
  RunEnd,
  SuiteInfo,
  ReporterChoice,
  BuiltinReporterName,
} from "./results/reporter.js";
export { EXIT } from "./results/verdict.js";
export { UsageError, ConfigError, EnvironmentError, InputFileError } from "./errors.js";

// The pipeline loads on first use: a config that imports defineConfig stays cheap to load.
/** Runs the suites (default: all) as `hyvve-qa run` does; resolves to the run and its exit code. */
export async function run(options: RunApiOptions = {}): Promise<RunOutcome> {
  return (await import("./orchestrate/run.js")).run(options);
}

/** Merges existing results as `hyvve-qa report` does; resolves to the run and its exit code. */
export async function report(inputs: ReportInputs): Promise<ReportOutcome> {
  return (await import("./orchestrate/report.js")).report(inputs);
}
