/**
 * What one run is asked to do: the options of `run()` (the in-process API)
 * and of `hyvve-qa run` (cli/options.ts types its flag table against this).
 */
import type { EnvironmentName } from "../config/schema.js";
import type { Shard } from "../plan/plan.js";
import type { ReporterChoice } from "../results/reporter.js";
import type { Profile } from "../runners/types.js";

export interface RunOptions {
  env: EnvironmentName;
  baseUrl: string | undefined;
  /** --url name=URL: one service's URL instead of the environment's. */
  urls: Record<string, string>;
  /** Leave a stack hyvve-qa started running after the run. */
  keepStack: boolean;
  profile: Profile;
  out: string | undefined;
  shard: Shard | undefined;
  changed: boolean;
  ci: boolean;
  config: string | undefined;
  instances: number;
  allowProduction: boolean;
  verbose: boolean;
  baseline: boolean;
  /** Only cases whose title matches (Playwright -g, vitest -t, k6 scenario names). */
  grep: string | undefined;
  /** Only the cases that failed in reports/latest. */
  lastFailed: boolean;
  /** Overrides the config's maxParallel. */
  maxParallel: number | undefined;
  /** The history file instead of the config's (history.file). */
  history: string | undefined;
  /** Neither read nor append the run history. */
  noHistory: boolean;
  /** The quarantine file instead of the config's (quarantine.file). */
  quarantine: string | undefined;
  /** OTLP endpoint for the run's trace (else OTEL_EXPORTER_OTLP_ENDPOINT). */
  otlp: string | undefined;
  /** Write the run's trace as OTLP/JSON to this file. */
  otlpFile: string | undefined;
  /** Also write metrics.prom here (atomically, for node_exporter's textfile collector). */
  metricsFile: string | undefined;
  /** Print the alerts that would be sent; send none. */
  dryRunAlerts: boolean;
  /**
   * Reporters instead of the config's `reporters` (empty: the config's, else `default`):
   * built-in names, module paths (--reporter), or reporter objects (the API).
   */
  reporter: ReporterChoice[];
}

/** The API's options: suites by name, the rest as `hyvve-qa run`'s flags (all optional). */
export interface RunApiOptions extends Partial<RunOptions> {
  /** Suite names from the config (default: all). */
  suites?: string[];
  /** The folder to find the config from (default: process.cwd()). */
  cwd?: string;
  /** Where text reporters print (default: process.stdout). */
  stdout?: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Where warnings and error lines go (default: process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Environment variables the run and its runners see (default: process.env). */
  envVars?: NodeJS.ProcessEnv;
  /** Stops the run as Ctrl-C does: the partial report is still written. */
  signal?: AbortSignal;
}

/** `run()`'s defaults: those of `hyvve-qa run` with no flag. */
export function defaultRunOptions(env: NodeJS.ProcessEnv): RunOptions {
  return {
    env: "local",
    baseUrl: undefined,
    urls: {},
    keepStack: false,
    profile: "smoke",
    out: undefined,
    shard: undefined,
    changed: false,
    ci: env["CI"] === "true",
    config: undefined,
    instances: 1,
    allowProduction: false,
    verbose: false,
    baseline: true,
    grep: undefined,
    lastFailed: false,
    maxParallel: undefined,
    history: undefined,
    noHistory: false,
    quarantine: undefined,
    otlp: undefined,
    otlpFile: undefined,
    metricsFile: undefined,
    dryRunAlerts: false,
    reporter: [],
  };
}
