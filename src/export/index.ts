/**
 * Carrying a finished run out to the tools a team already watches: the
 * OpenMetrics file (metrics.prom, node_exporter's textfile collector), one
 * OTLP trace of the run, and alerts (webhook, PagerDuty). It runs after the
 * reporters, on the redacted run with its verdict set. Each exporter runs in
 * its own try/catch: a failure is one warning line, never a changed verdict.
 */
import type { AlertsConfig } from "../config/schema.js";
import { describeError } from "../errors.js";
import type { HistoryRecord } from "../history/record.js";
import type { RunResult } from "../results/model.js";
import { sendAlerts } from "./alerts.js";
import { writeMetrics } from "./metrics.js";
import { exportTrace } from "./otlp.js";

export interface ExportOptions {
  /** The run folder: metrics.prom is written there. */
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** --otlp URL; else the standard OTEL_EXPORTER_OTLP_* variables decide. */
  otlpEndpoint: string | undefined;
  /** --otlp-file PATH: the trace as OTLP/JSON, for offline use. */
  otlpFile: string | undefined;
  /** --metrics-file PATH: metrics.prom also written there, atomically. */
  metricsFile: string | undefined;
  /** The config's alerts; undefined sends none. */
  alerts: AlertsConfig | undefined;
  /** --dry-run-alerts: print what would be sent, send nothing. */
  dryRunAlerts: boolean;
  /** A shard or an interrupted run: not the verdict of a whole run (alerts wait for that). */
  partial: boolean;
  /** The history before this run (the alerts resolve what an earlier run opened). */
  earlier: readonly HistoryRecord[];
  /** stdout of the CLI. */
  print: (text: string) => void;
}

/** One exporter: what it carries out of the run; it may throw, exportRun turns that into a warning. */
type Exporter = (run: RunResult, options: ExportOptions) => Promise<void>;

const EXPORTERS: readonly (readonly [string, Exporter])[] = [
  ["metrics", writeMetrics],
  ["trace", exportTrace],
  ["alerts", sendAlerts],
];

/** Every exporter in turn; returns the warnings (also printed on stderr). */
export async function exportRun(run: RunResult, options: ExportOptions): Promise<string[]> {
  const warnings: string[] = [];
  for (const [what, exporter] of EXPORTERS) {
    try {
      await exporter(run, options);
    } catch (error) {
      const warning = `hyvve-qa: warning: ${what} not exported: ${describeError(error)}`;
      warnings.push(warning);
      process.stderr.write(`${warning}\n`);
    }
  }
  return warnings;
}
