/** What one run knows once its folder is chosen; every step of orchestrate/run.ts gets it. */
import type { Config } from "../config/schema.js";
import type { Plan } from "../plan/plan.js";
import type { ReporterMultiplexer } from "../reporters/multiplexer.js";
import type { RunResult } from "../results/model.js";
import type { ExitCode } from "../results/verdict.js";
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
  /** Called at the first line any runner prints: the run's end starts loading then. */
  onFirstOutput?: () => void;
}

/** How a run ended: its record (none when nothing ran), its folder and its exit code. */
export interface RunOutcome {
  exitCode: ExitCode;
  run?: RunResult;
  runDir?: string;
  /** Why no suite ran (--changed found nothing, --last-failed had nothing): exit 0. */
  nothing?: string;
  /** Reporters that threw (the verdict counts them) and export warnings. */
  reporterErrors: { reporter: string; message: string }[];
  warnings: string[];
}
