/**
 * The run as one OpenTelemetry trace (docs/telemetry.md "Traces"): sent to an
 * OTLP/HTTP collector when `--otlp URL` or the standard
 * OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set, and/or written as OTLP/JSON
 * Lines with `--otlp-file PATH`. Spans: otlp-spans.ts; attributes:
 * otlp-attributes.ts; sending: otlp-send.ts; the file: otlp-file.ts.
 * Whatever fails is thrown as one Error, which the reporter multiplexer prints as one
 * warning; the verdict never changes.
 */
import { describeError } from "../errors.js";
import type { RunResult } from "../results/model.js";
import { makeRedactor, otlpHeaderSecrets } from "../results/redact.js";
import type { ExportOptions } from "./index.js";
import { otlpProtocol, otlpTimeoutMs, shownUrl, tracesUrl } from "./otlp-config.js";

/** Sends and/or writes the run's trace; does nothing when neither a collector nor a file is asked for. */
export async function exportTrace(run: RunResult, options: ExportOptions): Promise<void> {
  const { env } = options;
  const problems: string[] = [];
  let url: string | undefined;
  try {
    url = tracesUrl(options.otlpEndpoint, env);
  } catch (error) {
    problems.push(describeError(error));
  }
  if (url === undefined && options.otlpFile === undefined && problems.length === 0) return;
  // The SDK is loaded only now: a run without a trace does not pay for it.
  const { runSpans } = await import("./otlp-spans.js");
  const { sendSpans } = await import("./otlp-send.js");
  const { writeOtlpFile } = await import("./otlp-file.js");
  const redact = makeRedactor(otlpHeaderSecrets(env));
  const spans = await runSpans(run, {
    env,
    partial: options.partial,
    redact,
  });
  const traceId = spans[0]?.spanContext().traceId ?? "";
  if (options.otlpFile !== undefined) {
    try {
      const path = await writeOtlpFile(spans, options.otlpFile);
      options.print(`hyvve-qa: trace ${traceId} written to ${path} (OTLP/JSON Lines)\n`);
    } catch (error) {
      problems.push(`${options.otlpFile}: ${describeError(error)}`);
    }
  }
  if (url !== undefined) {
    try {
      await sendSpans(spans, url, otlpProtocol(env), otlpTimeoutMs(env));
      options.print(
        `hyvve-qa: trace ${traceId} (${spans.length} spans) sent to ${shownUrl(url)}\n`,
      );
    } catch (error) {
      problems.push(describeError(error));
    }
  }
  if (problems.length > 0) throw new Error(redact(problems.join("; ")));
}
