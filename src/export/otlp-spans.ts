/**
 * The run as finished OpenTelemetry spans, made with the SDK (a
 * BasicTracerProvider with explicit start and end times) and collected in
 * memory: one root span for the run, one child per suite, one grandchild per
 * case, the failure as an `exception` event. Nothing is sent from here.
 *
 * Case start times: the run model keeps a case's duration, not its start
 * (JUnit and vitest give none), so a suite's cases are laid out one after
 * another from the suite's start, per file, in report order, and every case
 * span says so with `hyvve_qa.case.start_estimated=true`. Durations are real.
 */
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { millisToHrTime } from "@opentelemetry/core";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import type { CaseResult, RunResult, SuiteResult } from "../results/model.js";
import {
  caseAttributes,
  failureEventAttributes,
  pipelineName,
  pipelineResult,
  runAttributes,
  suiteAttributes,
} from "./otlp-attributes.js";

export interface SpanOptions {
  env: NodeJS.ProcessEnv;
  partial: boolean;
  /** Applied to every string that goes into a span (the OTLP headers' values are secrets). */
  redact: (text: string) => string;
}

/** The run's trace as finished spans (root first is not guaranteed; they share one trace id). */
export async function runSpans(run: RunResult, options: SpanOptions): Promise<ReadableSpan[]> {
  const finished: ReadableSpan[] = [];
  const provider = new BasicTracerProvider({
    resource: traceResource(),
    // A sampled-away suite would leave a hole in the run: the run's one trace is always whole.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [collectInto(finished)],
  });
  const tracer = provider.getTracer("hyvve-qa");
  const write = new SpanWriter(tracer, options.redact);
  const result = pipelineResult(run);
  const root = write.start(`RUN ${pipelineName(run)}`, {
    at: Date.parse(run.startedAt),
    kind: SpanKind.SERVER,
    attributes: runAttributes(run, options.env, options.partial),
  });
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);
  for (const suite of run.suites) suiteSpans(write, rootContext, suite, Date.parse(run.startedAt));
  if (result !== "success")
    root.setStatus({
      code: SpanStatusCode.ERROR,
      message: write.redact(run.verdict?.reasons[0] ?? result),
    });
  root.end(millisToHrTime(Date.parse(run.finishedAt)));
  await provider.shutdown();
  return finished;
}

/**
 * A span processor that keeps every ended span, synchronously. The SDK's
 * SimpleSpanProcessor + InMemorySpanExporter do the same through one export
 * promise per span, which costs seconds on a 100k-case run.
 */
function collectInto(finished: ReadableSpan[]): SpanProcessor {
  return {
    onStart: () => undefined,
    onEnd: (span) => void finished.push(span),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

/**
 * The resource: the SDK's defaults (telemetry.sdk.*), service.name
 * "hyvve-qa", then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, which win
 * (the SDK's env detector reads them from the process environment).
 */
export function traceResource(): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ "service.name": "hyvve-qa" }))
    .merge(detectResources({ detectors: [envDetector] }));
}

/** Starts spans with redacted names and attributes at explicit times. */
class SpanWriter {
  constructor(
    private readonly tracer: Tracer,
    readonly redact: (text: string) => string,
  ) {}

  /** A span started at `at` (epoch ms), under `parent` when given. */
  start(
    name: string,
    opts: { at: number; kind?: SpanKind; attributes: Attributes; parent?: Context },
  ): Span {
    return this.tracer.startSpan(
      this.redact(name),
      {
        startTime: millisToHrTime(opts.at),
        kind: opts.kind ?? SpanKind.INTERNAL,
        attributes: this.clean(opts.attributes),
      },
      opts.parent ?? ROOT_CONTEXT,
    );
  }

  /** Every string (and string in an array) of the attributes redacted. */
  clean(attributes: Attributes): Attributes {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value === "string") out[key] = this.redact(value);
      else if (Array.isArray(value))
        out[key] = value.map((v) => (typeof v === "string" ? this.redact(v) : v)) as string[];
      else out[key] = value;
    }
    return out;
  }
}

/** One suite span and its case spans; a suite without a start is placed at the run's start. */
function suiteSpans(
  write: SpanWriter,
  parent: Context,
  suite: SuiteResult,
  runStart: number,
): void {
  const start = suite.startedAt ? Date.parse(suite.startedAt) : runStart;
  const span = write.start(`suite ${suite.name}`, {
    at: start,
    attributes: suiteAttributes(suite),
    parent,
  });
  const suiteContext = trace.setSpan(parent, span);
  let lastEnd = start;
  for (const { c, at } of layOutCases(suite.cases, start)) {
    lastEnd = Math.max(lastEnd, caseSpan(write, suiteContext, c, at));
  }
  const end = suite.durationMs === null ? lastEnd : start + suite.durationMs;
  if (suite.error) {
    span.addEvent(
      "exception",
      write.clean({ "exception.type": "runner_error", "exception.message": suite.error.message }),
      millisToHrTime(end),
    );
  }
  if (["failed", "errored", "timedout", "interrupted"].includes(suite.status)) {
    const message = suite.error?.message ?? `${suite.status}`;
    span.setStatus({ code: SpanStatusCode.ERROR, message: write.redact(firstLine(message)) });
  }
  span.end(millisToHrTime(end));
}

/**
 * Estimated starts: per file, each case starts where the previous one of that
 * file ended, from the suite's start (files run side by side, their cases in turn).
 */
export function layOutCases(
  cases: readonly CaseResult[],
  suiteStart: number,
): { c: CaseResult; at: number }[] {
  const cursor = new Map<string, number>();
  return cases.map((c) => {
    const key = c.file ?? "";
    const at = cursor.get(key) ?? suiteStart;
    cursor.set(key, at + (c.durationMs ?? 0));
    return { c, at };
  });
}

/** One case span (ended); returns its end time. */
function caseSpan(write: SpanWriter, parent: Context, c: CaseResult, at: number): number {
  const span = write.start(c.titlePath.join(" › ") || c.title, {
    at,
    attributes: caseAttributes(c, true),
    parent,
  });
  const end = at + (c.durationMs ?? 0);
  if (c.failure)
    span.addEvent("exception", write.clean(failureEventAttributes(c.failure)), millisToHrTime(end));
  if (c.status === "failed") {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: write.redact(firstLine(c.failure?.message ?? "failed")),
    });
  }
  span.end(millisToHrTime(end));
  return end;
}

/** The first line of a message, at most 200 characters: a span status is a headline. */
function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
