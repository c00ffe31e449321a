/**
 * Carrying a finished run out to the tools a team already watches: the
 * OpenMetrics file (metrics.prom, node_exporter's textfile collector), one
 * OTLP trace of the run, and alerts (webhook, PagerDuty). Each is a reporter
 * (export/reporters.ts) that runs after the files, on the redacted run with
 * its verdict set; a failure is one warning line, never a changed verdict.
 */
import type { AlertsConfig } from "../config/schema.js";
import type { HistoryRecord } from "../history/record.js";

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

export { alertsReporter, metricsReporter, otlpReporter, type ExportContext } from "./reporters.js";
