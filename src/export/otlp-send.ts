/**
 * Sending the run's finished spans to an OTLP/HTTP collector with the
 * OpenTelemetry exporters (protobuf or JSON, per OTEL_EXPORTER_OTLP_PROTOCOL),
 * in batches, each request within a time bound. The exporter reads the rest
 * of the standard variables itself (headers, compression, certificates).
 * A failure comes back as one Error naming the collector, never a stack,
 * never a header's value.
 */
import { ExportResultCode } from "@opentelemetry/core";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { SPANS_PER_REQUEST, shownUrl, type OtlpProtocol } from "./otlp-config.js";

/** What a request may take beyond the exporter's own timeout (serialising a batch, the answer's body). */
const SLACK_MS = 5_000;

/** The SDK's OTLP/HTTP exporter for the protocol, loaded only when a trace is sent. */
async function createExporter(
  protocol: OtlpProtocol,
  url: string,
  timeoutMs: number,
): Promise<SpanExporter> {
  const { OTLPTraceExporter } =
    protocol === "http/json"
      ? await import("@opentelemetry/exporter-trace-otlp-http")
      : await import("@opentelemetry/exporter-trace-otlp-proto");
  return new OTLPTraceExporter({ url, timeoutMillis: timeoutMs });
}

/**
 * Every span sent, in batches, one request at a time; throws one Error on the
 * first batch the collector did not take. Each request is bounded (the
 * exporter's timeout, plus a little slack here in case a response trickles),
 * so a collector that never answers costs one timeout, not a hang.
 */
export async function sendSpans(
  spans: readonly ReadableSpan[],
  url: string,
  protocol: OtlpProtocol,
  timeoutMs: number,
): Promise<void> {
  const exporter = await createExporter(protocol, url, timeoutMs);
  try {
    for (let i = 0; i < spans.length; i += SPANS_PER_REQUEST)
      await exportBatch(exporter, spans.slice(i, i + SPANS_PER_REQUEST), timeoutMs + SLACK_MS);
  } catch (error) {
    throw new Error(`collector ${shownUrl(url)} (${protocol}): ${exportErrorText(error)}`);
  } finally {
    // Not awaited: after a timeout it would wait for the hung request.
    void exporter.shutdown().catch(() => undefined);
  }
}

/** One export call, resolved on success, rejected on failure or after `boundMs`. */
function exportBatch(
  exporter: SpanExporter,
  batch: ReadableSpan[],
  boundMs: number,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${boundMs / 1000} s`)),
      boundMs,
    );
    exporter.export(batch, (result) => {
      clearTimeout(timer);
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(result.error ?? new Error("export failed"));
    });
  });
}

/** What went wrong, in one line: the HTTP status when the collector answered, else the network error. */
function exportErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code, data } = error as Error & { code?: number; data?: string };
  const message = (error.message || error.name).split("\n", 1)[0]!;
  if (typeof code === "number") {
    const body = (data ?? "").replace(/\s+/g, " ").trim().slice(0, 200);
    return `HTTP ${code}${message ? ` ${message}` : ""}${body ? `: ${body}` : ""}`;
  }
  return message;
}
