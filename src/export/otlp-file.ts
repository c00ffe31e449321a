/**
 * --otlp-file: the trace as an OTLP JSON Lines file, the format of
 * OpenTelemetry's file exporter specification (what the Collector's
 * otlpjsonfile receiver reads): one OTLP/JSON TracesData per line (the same
 * object as an ExportTraceServiceRequest), 512 spans a line, each line made by
 * the SDK's JSON serializer. A run of up to about 500 cases is one line,
 * which any OTLP/HTTP endpoint takes as it is (`Content-Type: application/json`).
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { writeFileAtomic } from "../results/run-file.js";
import { SPANS_PER_REQUEST } from "./otlp-config.js";

/**
 * Streamed line by line into a temp file beside the target, fsynced, renamed
 * (writeFileAtomic): a crash leaves the old file or the new one, and a
 * 100k-case trace is never one string in memory. Returns the absolute path.
 */
export async function writeOtlpFile(spans: readonly ReadableSpan[], file: string): Promise<string> {
  const path = resolve(process.cwd(), file);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, otlpJsonLines(spans));
  return path;
}

/** One OTLP/JSON request body per 512 spans, each ending in a newline. */
function* otlpJsonLines(spans: readonly ReadableSpan[]): Generator<Uint8Array> {
  const newline = new Uint8Array([0x0a]);
  for (let i = 0; i < spans.length; i += SPANS_PER_REQUEST) {
    const line = JsonTraceSerializer.serializeRequest(spans.slice(i, i + SPANS_PER_REQUEST));
    if (!line) throw new Error("the OTLP/JSON serializer returned nothing");
    yield line;
    yield newline;
  }
}
