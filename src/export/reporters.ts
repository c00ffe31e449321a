/**
 * Metrics, the OTLP trace and alerts as reporters: each runs at the run's
 * end on the redacted run with its verdict set. A failure is one warning
 * line (the multiplexer's `warning` entries), never a changed verdict.
 */
import type { Reporter } from "../results/reporter.js";
import type { ExportOptions } from "./index.js";
import { sendAlerts } from "./alerts.js";
import { writeMetrics } from "./metrics.js";
import { exportTrace } from "./otlp.js";

/** What an export knows before the run ends; the folder and whether it is partial come at the end. */
export type ExportContext = Omit<ExportOptions, "outDir" | "partial">;

/** One exporter as a reporter. */
function exportReporter(
  exporter: (run: Parameters<typeof writeMetrics>[0], options: ExportOptions) => Promise<void>,
  ctx: ExportContext,
): Reporter {
  return {
    onRunEnd: (run, end) => exporter(run, { ...ctx, outDir: end.outDir, partial: end.partial }),
  };
}

export const metricsReporter = (ctx: ExportContext) => exportReporter(writeMetrics, ctx);
export const otlpReporter = (ctx: ExportContext) => exportReporter(exportTrace, ctx);
export const alertsReporter = (ctx: ExportContext) => exportReporter(sendAlerts, ctx);
