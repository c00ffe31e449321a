/**
 * The run as one OTLP trace (src/export/otlp*.ts), through the built CLI,
 * against a real receiver: Jaeger v1.76.0 (test/helpers/jaeger.ts) started
 * on loopback. A real `run` against the reference app shows its whole trace
 * in Jaeger's query API; `report --run` writes OTLP/JSON that decodes with
 * the official OTLP definitions (the protobuf code generated from
 * opentelemetry-proto that ships in @opentelemetry/otlp-transformer) and is,
 * span for span, what Jaeger received over OTLP/HTTP JSON. A collector that
 * refuses, hangs or answers 401 costs one warning line and never the verdict.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir, type CliResult } from "../helpers/cli.js";
import {
  fetchTrace,
  findTraces,
  startJaeger,
  tagsOf,
  type Jaeger,
  type JaegerSpan,
} from "../helpers/jaeger.js";

const VITEST_PROJECT = join(REPO, "test", "fixtures", "projects", "vitest-suite");
const LOAD_POINTS = join(REPO, "test", "load", "fixtures", "smoke-points.json.gz");

let jaeger: Jaeger;
beforeAll(async () => {
  jaeger = await startJaeger();
}, 120_000);
afterAll(async () => {
  await jaeger?.stop();
}, 30_000);

/** A secret-looking OTLP auth header value, new for each use. */
function secretToken(): string {
  return `otlp-secret-${randomBytes(12).toString("hex")}`;
}

function readRun(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

/** The trace id the CLI printed after sending (or writing) the trace. */
function printedTraceId(r: CliResult, verb: "sent to" | "written to"): string {
  const m = new RegExp(`^hyvve-qa: trace ([0-9a-f]{32}) .*${verb} `, "m").exec(r.stdout);
  if (!m) throw new Error(`no trace line in stdout:\n${r.stdout}\n${r.stderr}`);
  return m[1]!;
}

/** Every file under a folder, as text (binary files too: a secret must not be in any). */
function allFileTexts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path).toString("latin1"));
}

/** Microseconds, as Jaeger keeps times. */
const us = (ms: number) => Math.round(ms * 1000);

/** Equal to the microsecond that nanosecond rounding of fractional milliseconds may cost. */
function expectClose(actualUs: number, expectedUs: number): void {
  expect(Math.abs(actualUs - expectedUs), `${actualUs} vs ${expectedUs}`).toBeLessThanOrEqual(1);
}

describe("a real run, exported to Jaeger", () => {
  it("shows the run's whole trace: root → suite → cases, with the conventions' attributes", async () => {
    const out = tempDir();
    const service = `hyvve-qa-test-${randomBytes(4).toString("hex")}`;
    const token = secretToken();
    const r = await runCli(
      ["run", "--out", out, "--ci", "--no-history", "--base-url", inject("refUrl")],
      {
        cwd: VITEST_PROJECT,
        env: {
          // The standard variables (the endpoint through the flag below is tested in report).
          OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpUrl,
          OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${token}`,
          OTEL_SERVICE_NAME: service,
          OTEL_RESOURCE_ATTRIBUTES: "deployment.environment.name=self-test,team=qa",
          GITHUB_SERVER_URL: "https://github.example",
          GITHUB_REPOSITORY: "hyvve/hyvve-qa",
          GITHUB_RUN_ID: "4242",
        },
      },
    );
    // The verdict of this suite (one failing case) is 1 with or without a trace.
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).not.toContain("trace not exported");
    const run = readRun(out);
    const suite = run.suites[0]!;
    const traceId = printedTraceId(r, "sent to");

    // Found by the query API's search on the service, as a user would.
    const found = await findTraces(jaeger, service);
    expect(found.map((t) => t.traceID)).toContain(traceId);
    const trace = await fetchTrace(jaeger, traceId, 1 + 1 + suite.cases.length);
    expect(trace.spans).toHaveLength(1 + 1 + suite.cases.length);
    const process = trace.processes[trace.spans[0]!.processID]!;
    expect(process.serviceName).toBe(service);
    expect(tagsOf(process.tags)).toMatchObject({
      "deployment.environment.name": "self-test",
      team: "qa",
      "telemetry.sdk.language": "nodejs",
    });

    const tree = spanTree(trace.spans);
    const root = tree.root;
    expect(tagsOf(root.tags)).toMatchObject({
      "cicd.pipeline.run.id": run.id,
      "cicd.pipeline.result": "failure",
      "cicd.pipeline.name": `hyvve-qa ${run.environment.name}/${run.profile}`,
      "cicd.pipeline.run.url.full": "https://github.example/hyvve/hyvve-qa/actions/runs/4242",
      "hyvve_qa.verdict.exit_code": 1,
      "hyvve_qa.cases.total": 3,
      "hyvve_qa.cases.failed": 1,
      "span.kind": "server",
      "otel.status_code": "ERROR",
    });
    expect(root.startTime).toBe(us(Date.parse(run.startedAt)));
    expect(root.duration).toBe(us(Date.parse(run.finishedAt) - Date.parse(run.startedAt)));

    const [suiteSpan] = tree.children(root);
    expect(tree.children(root)).toHaveLength(1);
    expect(tagsOf(suiteSpan!.tags)).toMatchObject({
      "test.suite.name": "unit",
      "test.suite.run.status": "failure",
      "hyvve_qa.suite.runner": "vitest",
    });
    // Real times: the suite's recorded start and duration, to the microsecond.
    expect(suiteSpan!.startTime).toBe(us(Date.parse(suite.startedAt!)));
    expectClose(suiteSpan!.duration, us(suite.durationMs!));

    const cases = Object.fromEntries(
      tree.children(suiteSpan!).map((s) => [tagsOf(s.tags)["test.case.name"], s]),
    );
    expect(Object.keys(cases).sort()).toEqual([
      "math › adds",
      "math › breaks on purpose",
      "math › is skipped on purpose",
    ]);
    // No start per case in JUnit: one file's cases laid end to end from the suite's start.
    let cursor = Date.parse(suite.startedAt!);
    for (const c of suite.cases) {
      const span = cases[c.titlePath.join(" › ")]!;
      expectClose(span.startTime, us(cursor));
      expectClose(span.duration, us(c.durationMs ?? 0));
      cursor += c.durationMs ?? 0;
      expect(tagsOf(span.tags)).toMatchObject({
        "hyvve_qa.case.id": c.id,
        "hyvve_qa.case.status": c.status,
        "hyvve_qa.case.start_estimated": true,
      });
    }
    expect(tagsOf(cases["math › adds"]!.tags)["test.case.result.status"]).toBe("pass");
    const skipped = tagsOf(cases["math › is skipped on purpose"]!.tags);
    expect(skipped["hyvve_qa.case.skipped"]).toBe(true);
    expect(skipped).not.toHaveProperty("test.case.result.status");

    const broken = cases["math › breaks on purpose"]!;
    expect(tagsOf(broken.tags)).toMatchObject({
      "test.case.result.status": "fail",
      "otel.status_code": "ERROR",
    });
    // The failure as the exception event, at the case's end.
    expect(broken.logs).toHaveLength(1);
    const event = tagsOf(broken.logs[0]!.fields);
    expect(event["event"]).toBe("exception");
    expect(String(event["exception.message"])).toContain("expected 4 to be 5");
    expectClose(broken.logs[0]!.timestamp, broken.startTime + broken.duration);

    // The OTLP auth header went nowhere it could be read back.
    for (const text of [r.stdout, r.stderr, ...allFileTexts(out), JSON.stringify(trace)])
      expect(text).not.toContain(token);
  });

  it("a HYVVE suite (ccr) run as a user would: every case of run.json is a span in Jaeger", async () => {
    const out = tempDir();
    // `run ccr` starts its own reference app, as on a developer's machine.
    const r = await runCli(
      [
        "run",
        "ccr",
        "--grep",
        "CCR health|routing",
        "--ci",
        "--no-history",
        "--no-baseline",
      ].concat(["--out", out, "--otlp", jaeger.otlpUrl]),
      { env: { OTEL_SERVICE_NAME: "hyvve-qa-ccr" }, timeout: 240_000 },
    );
    const run = readRun(out);
    expect(r.exitCode, r.all).toBe(run.verdict!.exitCode);
    expect(r.stderr).not.toContain("trace not exported");
    const suite = run.suites.find((s) => s.name === "ccr")!;
    expect(suite.cases.length).toBeGreaterThan(3);
    const trace = await fetchTrace(jaeger, printedTraceId(r, "sent to"), 2 + suite.cases.length);
    expect(trace.spans).toHaveLength(2 + suite.cases.length);
    const tree = spanTree(trace.spans);
    const [suiteSpan] = tree.children(tree.root);
    expect(tagsOf(suiteSpan!.tags)).toMatchObject({
      "test.suite.name": "ccr",
      "test.suite.run.status": suite.status === "passed" ? "success" : "failure",
    });
    expect(suiteSpan!.startTime).toBe(us(Date.parse(suite.startedAt!)));
    const byId = new Map(
      tree.children(suiteSpan!).map((s) => [tagsOf(s.tags)["hyvve_qa.case.id"], s]),
    );
    // Per file, the cases end to end from the suite's start, each as long as it took.
    const cursor = new Map<string | undefined, number>();
    for (const c of suite.cases) {
      const span = byId.get(c.id)!;
      expect(span, c.id).toBeDefined();
      expect(tagsOf(span.tags)).toMatchObject({
        "hyvve_qa.case.status": c.status,
        "test.case.name": c.titlePath.join(" › "),
        "code.file.path": c.file,
      });
      const start = cursor.get(c.file) ?? Date.parse(suite.startedAt!);
      expectClose(span.startTime, us(start));
      expectClose(span.duration, us(c.durationMs ?? 0));
      cursor.set(c.file, start + (c.durationMs ?? 0));
    }
  });
});

/** Parent → children over Jaeger's CHILD_OF references; exactly one root. */
function spanTree(spans: readonly JaegerSpan[]) {
  const roots = spans.filter((s) => s.references.length === 0);
  expect(roots).toHaveLength(1);
  const byParent = new Map<string, JaegerSpan[]>();
  for (const s of spans) {
    for (const ref of s.references) {
      expect(ref.refType).toBe("CHILD_OF");
      byParent.set(ref.spanID, [...(byParent.get(ref.spanID) ?? []), s]);
    }
  }
  return { root: roots[0]!, children: (s: JaegerSpan) => byParent.get(s.spanID) ?? [] };
}

// ---- report: an existing run.json, the OTLP/JSON file, and collectors that fail ----

/** The official OTLP protobuf definitions (generated from opentelemetry-proto, shipped by the SDK). */
const { opentelemetry: otlpProto } = createRequire(import.meta.url)(
  "@opentelemetry/otlp-transformer/build/src/generated/root.js",
) as {
  opentelemetry: {
    proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtoType } } } };
  };
};
const ExportTraceServiceRequest = otlpProto.proto.collector.trace.v1.ExportTraceServiceRequest;

interface ProtoType {
  fromObject(object: unknown): unknown;
  encode(message: unknown): { finish(): Uint8Array };
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): unknown;
}

type AnyValue = {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
};
interface KeyValue {
  key: string;
  value: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  events?: { timeUnixNano: string; name: string; attributes?: KeyValue[] }[];
  status?: { code?: string; message?: string };
}
interface OtlpRequest {
  resourceSpans: {
    resource: { attributes: KeyValue[] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

/** An --otlp-file (OTLP JSON Lines): every line decoded as one request. */
function decodeOtlpFile(path: string): OtlpRequest[] {
  const text = readFileSync(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text.slice(0, -1).split("\n").map(decodeOtlpJson);
}

/** The spans of decoded requests. */
function spansOf(requests: readonly OtlpRequest[]): OtlpSpan[] {
  return requests.flatMap((r) =>
    r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((s) => s.spans)),
  );
}

/**
 * OTLP/JSON → the official protobuf message → bytes → decoded again: what the
 * file says, as a collector decodes it. (OTLP/JSON writes ids as hex, which
 * protobuf's own JSON mapping would read as base64, hence the reviver.)
 */
function decodeOtlpJson(text: string): OtlpRequest {
  const raw = JSON.parse(text) as unknown;
  const withBytes = JSON.parse(text, (key, value: unknown) =>
    ["traceId", "spanId", "parentSpanId"].includes(key) && typeof value === "string"
      ? Buffer.from(value, "hex")
      : value,
  ) as unknown;
  const bytes = ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject(withBytes),
  ).finish();
  const decoded = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(bytes), {
    longs: String,
    enums: String,
  });
  // Ids back to hex; nothing of the file may have been lost on the way (an unknown field would be).
  const request = JSON.parse(JSON.stringify(decoded), (key, value: unknown) =>
    ["traceId", "spanId", "parentSpanId"].includes(key) && isBufferJson(value)
      ? Buffer.from(value.data).toString("hex")
      : value,
  ) as OtlpRequest;
  const rawSpans = (raw as OtlpRequest).resourceSpans[0]!.scopeSpans[0]!.spans;
  const spans = request.resourceSpans[0]!.scopeSpans[0]!.spans;
  expect(spans.map((s) => [s.spanId, s.attributes?.length, s.events?.length ?? 0])).toEqual(
    rawSpans.map((s) => [s.spanId, s.attributes?.length, s.events?.length ?? 0]),
  );
  return request;
}

function isBufferJson(value: unknown): value is { type: "Buffer"; data: number[] } {
  return (
    typeof value === "object" && value !== null && (value as { type?: unknown }).type === "Buffer"
  );
}

/** An OTLP attribute list as a plain record (int64 as number, arrays as arrays). */
function attrs(list: readonly KeyValue[] | undefined): Record<string, unknown> {
  const plain = (v: AnyValue): unknown =>
    v.stringValue ??
    v.boolValue ??
    (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
    v.doubleValue ??
    (v.arrayValue ? (v.arrayValue.values ?? []).map(plain) : undefined);
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, plain(kv.value)]));
}

/** Epoch ms (fractions kept) as OTLP's nanoseconds. */
function nanos(ms: number): bigint {
  return BigInt(Math.trunc(ms)) * 1_000_000n + BigInt(Math.round((ms % 1) * 1e6));
}

/**
 * A run as a producer left it, to be exported by `report --run`: passed,
 * failed, skipped, flaky (passed on a retry) and quarantined cases in two
 * files, and a suite whose runner broke, with neither start nor duration.
 */
function craftedRun(): RunResult {
  const t0 = Date.now() - 10 * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const at = (file: string, title: string, status: SuiteResult["cases"][number]["status"]) => ({
    id: `e2e::${file}::checkout > ${title}`,
    title,
    titlePath: ["checkout", title],
    file,
    status,
    retries: 0,
    attachments: [],
  });
  const fail = {
    message: "expected 200\nreceived 500",
    type: "AssertionError",
    stack: "at a.spec.ts:10",
  };
  return {
    schemaVersion: 1,
    id: "2026-01-01T00-00-00-000-c0ffee",
    startedAt: iso(t0),
    finishedAt: iso(t0 + 60_000),
    environment: { name: "staging" },
    profile: "full",
    git: { commit: "0123456789abcdef0123456789abcdef01234567", branch: "main" },
    status: "failed",
    suites: [
      {
        name: "e2e",
        kind: "e2e",
        runner: "playwright",
        status: "failed",
        startedAt: iso(t0 + 1000),
        durationMs: 30_000.5,
        cases: [
          { ...at("a.spec.ts", "pays", "passed"), durationMs: 1200.25 },
          {
            ...at("b.spec.ts", "retries the card", "flaky"),
            durationMs: 2000,
            retries: 2,
            failure: { message: "timeout 5000 ms" },
          },
          { ...at("a.spec.ts", "refunds", "failed"), durationMs: 800, failure: fail },
          {
            ...at("b.spec.ts", "ships abroad", "failed"),
            durationMs: 500,
            quarantined: true,
            failure: fail,
          },
          { ...at("a.spec.ts", "gift cards", "skipped"), durationMs: 0 },
        ],
      },
      {
        name: "legacy",
        kind: "external",
        runner: "command",
        status: "errored",
        durationMs: null,
        cases: [
          {
            id: "legacy::::smoke",
            title: "smoke",
            titlePath: ["smoke"],
            status: "passed",
            durationMs: null,
            retries: 0,
            attachments: [],
          },
        ],
        error: { message: "legacy exited with code 3" },
      },
    ],
  };
}

/** The crafted run written as run.json in a fresh folder; returns the folder and the file. */
function craftedRunFile(): { dir: string; input: string } {
  const dir = tempDir("hyvve-qa-otlp-");
  const input = join(dir, "input-run.json");
  writeFileSync(input, JSON.stringify(craftedRun()));
  return { dir, input };
}

/** `report --run FILE --out DIR` (no history, no baseline) with extra flags and env. */
function report(
  dir: string,
  input: string,
  out: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return runCli(
    ["report", "--run", input, "--out", join(dir, out), "--no-history", "--no-baseline", ...extra],
    {
      cwd: dir,
      env,
      timeout: 90_000,
    },
  );
}

describe("report exports an existing run.json", () => {
  it("writes OTLP/JSON that decodes with the official definitions and is what Jaeger received", async () => {
    const { dir, input } = craftedRunFile();
    const service = `hyvve-qa-report-${randomBytes(4).toString("hex")}`;
    const file = join(dir, "trace", "run.otlp.json");
    const r = await report(dir, input, "out", ["--otlp-file", file], {
      // The signal-specific variable, and OTLP/HTTP JSON rather than the default protobuf.
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${jaeger.otlpUrl}/v1/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_SERVICE_NAME: service,
      CI_PIPELINE_URL: "https://gitlab.example/hyvve/qa/-/pipelines/77",
    });
    const run = readRun(join(dir, "out"));
    expect(r.exitCode, r.all).toBe(run.verdict!.exitCode);
    expect(r.stderr).not.toContain("trace not exported");
    const traceId = printedTraceId(r, "sent to");
    expect(printedTraceId(r, "written to")).toBe(traceId);

    // A small run: one line, one request.
    const [request, ...more] = decodeOtlpFile(file);
    expect(more).toHaveLength(0);
    expect(request!.resourceSpans).toHaveLength(1);
    expect(attrs(request!.resourceSpans[0]!.resource.attributes)["service.name"]).toBe(service);
    const spans = spansOf([request!]);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
    expectCraftedTree(spans, run);

    // Jaeger got the same spans over OTLP/HTTP JSON: ids, parents, names, times.
    const trace = await fetchTrace(jaeger, traceId, spans.length);
    const inJaeger = new Map(trace.spans.map((s) => [s.spanID, s]));
    expect(inJaeger.size).toBe(spans.length);
    for (const s of spans) {
      const j = inJaeger.get(s.spanId)!;
      expect(j.operationName).toBe(s.name);
      expect(j.references[0]?.spanID).toBe(s.parentSpanId || undefined);
      expect(BigInt(j.startTime)).toBe(BigInt(s.startTimeUnixNano) / 1000n);
      expect(tagsOf(j.tags)).toMatchObject(
        Object.fromEntries(
          Object.entries(attrs(s.attributes)).filter(([, v]) => !Array.isArray(v)),
        ),
      );
    }
  });

  it("a refused, a hung and a gRPC collector each cost one warning line, never the verdict", async () => {
    const { dir, input } = craftedRunFile();
    const plain = await report(dir, input, "plain");
    expect(plain.exitCode).toBe(1);
    const port = await closedPort();
    const hung = await hungServer();
    try {
      const refused = await report(dir, input, "refused", ["--otlp", `http://127.0.0.1:${port}`]);
      const slow = await report(dir, input, "hung", ["--otlp", hung.url], {
        OTEL_EXPORTER_OTLP_TIMEOUT: "1500",
      });
      const grpc = await report(
        dir,
        input,
        "grpc",
        ["--otlp", jaeger.otlpUrl, "--otlp-file", join(dir, "grpc.json")],
        {
          OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        },
      );
      const expected: [CliResult, RegExp][] = [
        [
          refused,
          new RegExp(
            `collector http://127\\.0\\.0\\.1:${port}/v1/traces \\(http/protobuf\\): .*ECONNREFUSED`,
          ),
        ],
        [
          slow,
          /collector http:\/\/127\.0\.0\.1:\d+\/v1\/traces \(http\/protobuf\): Request Timeout/,
        ],
        [
          grpc,
          /OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: set OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf/,
        ],
      ];
      for (const [r, message] of expected) {
        // The CLI's own timeout (90 s) would have killed a hang: an exit code means it ended by itself.
        expect(r.exitCode, r.all).toBe(plain.exitCode);
        const warnings = r.stderr.split("\n").filter((line) => /warn/i.test(line));
        expect(warnings, r.stderr).toHaveLength(1);
        expect(warnings[0]).toMatch(/^hyvve-qa: warning: trace not exported: /);
        expect(warnings[0]).toMatch(message);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
      const verdicts = ["plain", "refused", "hung", "grpc"].map(
        (o) => readRun(join(dir, o)).verdict,
      );
      expect(new Set(verdicts.map((v) => JSON.stringify(v))).size).toBe(1);
      // gRPC: nothing sent, but the file was still written.
      expect(grpc.stdout).toMatch(/trace [0-9a-f]{32} written to /);
      expect(grpc.stdout).not.toContain("sent to");
      expect(hung.connections()).toBeGreaterThan(0);

      // OTEL_SDK_DISABLED=true turns the variables off: nothing tried, nothing to warn about.
      const before = hung.connections();
      const off = await report(dir, input, "off", [], {
        OTEL_SDK_DISABLED: "true",
        OTEL_EXPORTER_OTLP_ENDPOINT: hung.url,
      });
      expect(off.exitCode, off.all).toBe(plain.exitCode);
      expect(off.stderr).not.toContain("trace not exported");
      expect(off.stdout).not.toMatch(/hyvve-qa: trace /);
      expect(hung.connections()).toBe(before);
    } finally {
      await hung.close();
    }
  });

  it("writes a big run as OTLP JSON Lines, 512 spans a line; replayed line by line, Jaeger has it whole", async () => {
    const dir = tempDir("hyvve-qa-otlp-big-");
    const big = craftedRun();
    const e2e = big.suites[0]!;
    e2e.cases = Array.from({ length: 1100 }, (_, i) => ({
      ...e2e.cases[0]!,
      id: `e2e::a.spec.ts::checkout > case ${i}`,
      title: `case ${i}`,
      titlePath: ["checkout", `case ${i}`],
      durationMs: 10,
    }));
    const input = join(dir, "input-run.json");
    writeFileSync(input, JSON.stringify(big));
    const file = join(dir, "big.otlp.jsonl");
    const r = await report(dir, input, "out", ["--otlp-file", file]);
    expect(r.stderr).not.toContain("trace not exported");
    const run = readRun(join(dir, "out"));
    const total = 1 + run.suites.length + run.suites.reduce((n, s) => n + s.cases.length, 0);
    expect(total).toBe(1104);

    const requests = decodeOtlpFile(file);
    expect(requests.map((q) => spansOf([q]).length)).toEqual([512, 512, total - 1024]);
    for (const q of requests)
      expect(attrs(q.resourceSpans[0]!.resource.attributes)["service.name"]).toBe("hyvve-qa");
    const spans = spansOf(requests);
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(total);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);

    for (const line of readFileSync(file, "utf8").trimEnd().split("\n")) {
      const upload = await fetch(`${jaeger.otlpUrl}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: line,
      });
      expect(upload.status, await upload.text()).toBe(200);
    }
    const trace = await fetchTrace(jaeger, spans[0]!.traceId, total);
    expect(trace.spans).toHaveLength(total);
    const tree = spanTree(trace.spans);
    expect(tree.root.operationName).toBe("RUN hyvve-qa staging/full");
    expect(
      tree
        .children(tree.root)
        .map((s) => tree.children(s).length)
        .sort(),
    ).toEqual([1, 1100]);
  });

  it("never shows the OTLP headers' values, even when the collector echoes them back", async () => {
    const { dir, input } = craftedRunFile();
    const token = secretToken();
    const echo = await echoingCollector();
    try {
      const r = await report(
        dir,
        input,
        "out",
        ["--otlp", echo.url, "--otlp-file", join(dir, "t.json")],
        {
          OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${token},x-team=qa`,
        },
      );
      expect(r.exitCode, r.all).toBe(1);
      // The header did reach the collector (so the test would see a leak)...
      expect(echo.received().map((h) => h["authorization"])).toEqual([`Bearer ${token}`]);
      expect(echo.received()[0]!["x-team"]).toBe("qa");
      // ...which answered 401 quoting it: one warning, the value redacted.
      const warnings = r.stderr.split("\n").filter((line) => line.includes("warning"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/HTTP 401 .*\[redacted\]/);
      for (const text of [r.stdout, r.stderr, ...allFileTexts(dir)])
        expect(text).not.toContain(token);
    } finally {
      await echo.close();
    }
  });
});

/** The crafted run's tree as exported: root → e2e, legacy → their cases, laid out and marked. */
function expectCraftedTree(spans: readonly OtlpSpan[], run: RunResult): void {
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots).toHaveLength(1);
  const root = roots[0]!;
  const childrenOf = (p: OtlpSpan) => spans.filter((s) => s.parentSpanId === p.spanId);
  expect(root.kind).toBe("SPAN_KIND_SERVER");
  expect(attrs(root.attributes)).toMatchObject({
    "cicd.pipeline.name": "hyvve-qa staging/full",
    "cicd.pipeline.run.id": run.id,
    "cicd.pipeline.result": "failure",
    "cicd.pipeline.run.url.full": "https://gitlab.example/hyvve/qa/-/pipelines/77",
    "vcs.ref.head.revision": "0123456789abcdef0123456789abcdef01234567",
    "hyvve_qa.cases.flaky": 1,
    "hyvve_qa.verdict.exit_code": run.verdict!.exitCode,
  });
  expect(root.status?.code).toBe("STATUS_CODE_ERROR");
  expect(root.startTimeUnixNano).toBe(String(nanos(Date.parse(run.startedAt))));
  const suites = Object.fromEntries(
    childrenOf(root).map((s) => [String(attrs(s.attributes)["test.suite.name"]), s]),
  );
  expect(Object.keys(suites).sort()).toEqual(["e2e", "legacy"]);

  // e2e: its real start and duration; cases laid end to end per file from there.
  const e2e = run.suites.find((s) => s.name === "e2e")!;
  const start = Date.parse(e2e.startedAt!);
  expect(suites["e2e"]!.startTimeUnixNano).toBe(String(nanos(start)));
  expect(BigInt(suites["e2e"]!.endTimeUnixNano) - BigInt(suites["e2e"]!.startTimeUnixNano)).toBe(
    nanos(30_000.5),
  );
  const cases = Object.fromEntries(childrenOf(suites["e2e"]!).map((s) => [s.name, s]));
  const startOf = (name: string) =>
    Number(BigInt(cases[`checkout › ${name}`]!.startTimeUnixNano) - nanos(start)) / 1e6;
  expect([startOf("pays"), startOf("refunds"), startOf("gift cards")]).toEqual([
    0, 1200.25, 2000.25,
  ]);
  expect([startOf("retries the card"), startOf("ships abroad")]).toEqual([0, 2000]);

  const flaky = cases["checkout › retries the card"]!;
  expect(attrs(flaky.attributes)).toMatchObject({
    "test.case.result.status": "pass",
    "hyvve_qa.case.status": "flaky",
    "hyvve_qa.case.flaky": true,
    "hyvve_qa.case.retries": 2,
    "hyvve_qa.case.start_estimated": true,
  });
  expect(flaky.status?.code ?? "STATUS_CODE_UNSET").toBe("STATUS_CODE_UNSET");
  expect(flaky.events?.map((e) => attrs(e.attributes)["exception.message"])).toEqual([
    "timeout 5000 ms",
  ]);

  const refunds = cases["checkout › refunds"]!;
  expect(refunds.status).toMatchObject({ code: "STATUS_CODE_ERROR", message: "expected 200" });
  expect(refunds.events).toHaveLength(1);
  expect(refunds.events![0]!.name).toBe("exception");
  expect(refunds.events![0]!.timeUnixNano).toBe(refunds.endTimeUnixNano);
  expect(attrs(refunds.events![0]!.attributes)).toEqual({
    "exception.type": "AssertionError",
    "exception.message": "expected 200\nreceived 500",
    "exception.stacktrace": "at a.spec.ts:10",
  });
  expect(attrs(cases["checkout › ships abroad"]!.attributes)).toMatchObject({
    "test.case.result.status": "fail",
    "hyvve_qa.case.quarantined": true,
  });
  const skipped = attrs(cases["checkout › gift cards"]!.attributes);
  expect(skipped).toMatchObject({
    "hyvve_qa.case.skipped": true,
    "hyvve_qa.case.status": "skipped",
  });
  expect(skipped).not.toHaveProperty("test.case.result.status");

  // legacy: no start (placed at the run's start), no duration (ends with its last case), broken runner.
  const legacy = suites["legacy"]!;
  expect(attrs(legacy.attributes)).toMatchObject({
    "test.suite.run.status": "failure",
    "hyvve_qa.suite.status": "errored",
    "hyvve_qa.suite.start_known": false,
    "hyvve_qa.suite.duration_known": false,
  });
  expect(legacy.startTimeUnixNano).toBe(root.startTimeUnixNano);
  expect(legacy.endTimeUnixNano).toBe(legacy.startTimeUnixNano);
  expect(legacy.status?.code).toBe("STATUS_CODE_ERROR");
  expect(legacy.events?.map((e) => attrs(e.attributes)["exception.message"])).toEqual([
    "legacy exited with code 3",
  ]);
  expect(attrs(childrenOf(legacy)[0]!.attributes)["hyvve_qa.case.duration_known"]).toBe(false);
}

describe("a load suite's span", () => {
  it("carries the suite's headline numbers (throughput, errors, latency percentiles)", async () => {
    const dir = tempDir("hyvve-qa-otlp-load-");
    const file = join(dir, "load.otlp.json");
    const r = await runCli(
      [
        "report",
        "--k6",
        LOAD_POINTS,
        "--out",
        join(dir, "out"),
        "--no-history",
        "--no-baseline",
        "--otlp-file",
        file,
      ],
      { cwd: dir },
    );
    expect(r.stderr).not.toContain("trace not exported");
    const load = readRun(join(dir, "out")).suites.find((s) => s.load)!;
    expect(load.load!.requests).toBeGreaterThan(0);
    const spans = spansOf(decodeOtlpFile(file));
    const suiteSpan = spans.find((s) => attrs(s.attributes)["test.suite.name"] === load.name)!;
    const m = load.load!;
    expect(attrs(suiteSpan.attributes)).toMatchObject({
      "hyvve_qa.suite.kind": "load",
      "hyvve_qa.load.requests": m.requests,
      "hyvve_qa.load.rps": m.rps,
      "hyvve_qa.load.error_rate": m.errorRate,
      "hyvve_qa.load.latency.p50_ms": m.latencyMs.p50,
      "hyvve_qa.load.latency.p95_ms": m.latencyMs.p95,
      "hyvve_qa.load.latency.p99_ms": m.latencyMs.p99,
      "hyvve_qa.load.checks.fails": m.checks.fails,
      "hyvve_qa.load.thresholds.failed": m.thresholds.filter((t) => !t.ok).length,
    });
    // One span per threshold and check-group case under it.
    expect(spans.filter((s) => s.parentSpanId === suiteSpan.spanId)).toHaveLength(
      load.cases.length,
    );

    // Offline use: the file (one line here), uploaded as it is to a collector later, is taken whole.
    const upload = await fetch(`${jaeger.otlpUrl}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: readFileSync(file),
    });
    expect(upload.status, await upload.text()).toBe(200);
    const trace = await fetchTrace(jaeger, suiteSpan.traceId, spans.length);
    const inJaeger = trace.spans.find((s) => s.spanID === suiteSpan.spanId)!;
    expect(tagsOf(inJaeger.tags)).toMatchObject({
      "hyvve_qa.load.latency.p95_ms": m.latencyMs.p95,
      "hyvve_qa.load.rps": m.rps,
      "hyvve_qa.load.error_rate": m.errorRate,
    });
  });
});

// ---- collectors that misbehave, on loopback ----

/** A loopback port with nothing listening (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An HTTP server that accepts requests and never answers them. */
async function hungServer(): Promise<{
  url: string;
  connections(): number;
  close(): Promise<void>;
}> {
  let connections = 0;
  const server = createServer(() => connections++);
  return listening(server, { connections: () => connections });
}

/** A collector that refuses every export with 401, quoting the Authorization header it got. */
async function echoingCollector(): Promise<{
  url: string;
  received(): IncomingMessage["headers"][];
  close(): Promise<void>;
}> {
  const received: IncomingMessage["headers"][] = [];
  const server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on("end", () => {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`unauthorized: ${req.headers["authorization"] ?? "no credentials"} is not valid`);
    });
  });
  return listening(server, { received: () => received });
}

/** The server listening on a loopback port; close() ends open connections too. */
async function listening<T extends object>(
  server: Server,
  extra: T,
): Promise<T & { url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    ...extra,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
