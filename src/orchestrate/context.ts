/** What one run knows once its folder is chosen; every step of orchestrate/run.ts gets it. */
import type { Config } from "../config/schema.js";
import type { Plan } from "../plan/plan.js";
import type { ReporterMultiplexer } from "../reporters/multiplexer.js";
import type { RunOptions } from "./options.js";

export interface RunContext {
  options: RunOptions;
  config: Config;
  rootDir: string;
  plan: Plan;
  id: string;
  runDir: string;
  startedAt: string;
  /** The variables the run and its runners see. */
  envVars: NodeJS.ProcessEnv;
  /** Aborted by Ctrl-C (the CLI) or by the API's caller: stop, and still report. */
  signal: AbortSignal;
  reporters: ReporterMultiplexer;
  /** stdout and stderr of whoever runs us. */
  print: (text: string) => void;
  warn: (text: string) => void;
}
