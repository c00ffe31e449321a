/**
 * Metrics, the OTLP trace and alerts as reporters: each runs at the run's
 * end on the redacted run with its verdict set. A failure is one warning
 * line (the multiplexer's `warning` entries), never a changed verdict.
 */
import { loadedOnFirstOutput } from "../results/lazy-reporter.js";
import type { RunResult } from "../results/model.js";
import type { Reporter } from "../results/reporter.js";
import type { ExportOptions } from "./index.js";

/** What an export knows before the run ends; the folder and whether it is partial come at the end. */
export type ExportContext = Omit<ExportOptions, "outDir" | "partial">;

type Exporter = (run: RunResult, options: ExportOptions) => Promise<void>;

/** One exporter as a reporter; its module (the metrics writer, the OTLP encoder) loads while runners work. */
function exportReporter(load: () => Promise<Exporter>, ctx: ExportContext): Reporter {
  return loadedOnFirstOutput(load, (exporter) => ({
    onRunEnd: async (run, end) =>
      (await exporter())(run, { ...ctx, outDir: end.outDir, partial: end.partial }),
  }));
}

export const metricsReporter = (ctx: ExportContext) =>
  exportReporter(async () => (await import("./metrics.js")).writeMetrics, ctx);
export const otlpReporter = (ctx: ExportContext) =>
  exportReporter(async () => (await import("./otlp.js")).exportTrace, ctx);
/** Without an alerts config (and no --dry-run-alerts to say so) there is nothing to load or send. */
export const alertsReporter = (ctx: ExportContext): Reporter =>
  ctx.alerts || ctx.dryRunAlerts
    ? exportReporter(async () => (await import("./alerts.js")).sendAlerts, ctx)
    : {};
