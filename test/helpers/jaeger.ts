/**
 * A real Jaeger (v1.76.0 `cmd/jaeger`, i.e. Jaeger v2, an OpenTelemetry
 * Collector distribution) for the trace tests: the pinned build from
 * `.cache/jaeger/` (`hyvve-qa setup jaeger`, run by the telemetry project's
 * global setup, test/global-setup-telemetry.ts), started with a config of our
 * own so that every listener is on loopback at a free port (test files run
 * side by side; the default ports 4318/16686 are never used):
 * the OTLP/HTTP receiver, the query service (HTTP API + its gRPC twin) and
 * memory storage. No health check, sampling, expvar, zpages, pprof or
 * collector metrics listener is configured, so none is opened.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findCachedTool, JAEGER } from "../../src/setup/go-build.js";
import { REPO } from "./cli.js";

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 15_000;

export interface Jaeger {
  /** The OTLP/HTTP receiver's base URL (POST /v1/traces there). */
  otlpUrl: string;
  /** The query service's base URL (GET /api/traces/...). */
  queryUrl: string;
  /** What Jaeger printed so far (for failure messages). */
  log(): string;
  /** SIGTERM, then SIGKILL if it is not gone in 15 s. */
  stop(): Promise<void>;
}

/** A trace as Jaeger's query API (/api/traces) returns it. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
}

export interface JaegerTag {
  key: string;
  type: string;
  value: string | number | boolean;
}

/** The pinned Jaeger binary (HYVVE_QA_JAEGER names another build of it); an error saying how to get it when it is not built. */
export function jaegerBinary(): string {
  const path = process.env["HYVVE_QA_JAEGER"] || findCachedTool(REPO, JAEGER);
  if (!path)
    throw new Error(
      `Jaeger ${JAEGER.version} is not built: run \`node bin/hyvve-qa.js setup jaeger\` (the telemetry project's setup does)`,
    );
  return path;
}

/** A free loopback TCP port (taken by the OS, then released for Jaeger to bind). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The collector config: OTLP/HTTP in, memory storage, query API out; all on loopback. */
function jaegerConfig(ports: { otlp: number; queryHttp: number; queryGrpc: number }): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: []
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
  jaeger_query:
    enable_tracing: false
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.queryHttp}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.otlp}
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/** Starts Jaeger on free loopback ports and waits until both its receiver and its query API answer. */
export async function startJaeger(): Promise<Jaeger> {
  const binary = jaegerBinary();
  const ports = {
    otlp: await freePort(),
    queryHttp: await freePort(),
    queryGrpc: await freePort(),
  };
  const dir = mkdtempSync(join(tmpdir(), "hyvve-qa-jaeger-"));
  const config = join(dir, "config.yaml");
  writeFileSync(config, jaegerConfig(ports));
  const child = spawn(binary, ["--config", config], {
    cwd: dir,
    env: { PATH: process.env["PATH"], HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const jaeger: Jaeger = {
    otlpUrl: `http://127.0.0.1:${ports.otlp}`,
    queryUrl: `http://127.0.0.1:${ports.queryHttp}`,
    log: () => log,
    stop: () => stopChild(child),
  };
  try {
    await waitReady(child, jaeger, ports.otlp);
  } catch (error) {
    await jaeger.stop();
    throw new Error(`${(error as Error).message}\n--- jaeger log ---\n${log}`);
  }
  return jaeger;
}

/** Polls the query API and the receiver's port until both answer, or Jaeger exits, or time runs out. */
async function waitReady(child: ChildProcess, jaeger: Jaeger, otlpPort: number): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`jaeger exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    const query = await fetch(`${jaeger.queryUrl}/api/services`).then(
      (r) => r.ok,
      () => false,
    );
    if (query && (await portOpen(otlpPort))) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`jaeger was not ready within ${READY_TIMEOUT_MS / 1000} s`);
}

/** Whether something accepts TCP connections on the loopback port. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** SIGTERM and wait; SIGKILL after the grace period. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
  await gone;
  clearTimeout(timer);
}

/** One trace by id from Jaeger's query API, polled until it has at least `minSpans` spans (storage is asynchronous). */
export async function fetchTrace(
  jaeger: Jaeger,
  traceId: string,
  minSpans: number,
): Promise<JaegerTrace> {
  const deadline = Date.now() + 20_000;
  let last = "";
  while (Date.now() < deadline) {
    const response = await fetch(`${jaeger.queryUrl}/api/traces/${traceId}`);
    last = `${response.status} ${await response.text()}`;
    if (response.ok) {
      const trace = (JSON.parse(last.slice(4)) as { data: JaegerTrace[] }).data[0];
      if (trace && trace.spans.length >= minSpans) return trace;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`trace ${traceId} not complete in Jaeger: ${last.slice(0, 500)}`);
}

/** The traces Jaeger holds for a service (the query API's search). */
export async function findTraces(jaeger: Jaeger, service: string): Promise<JaegerTrace[]> {
  const url = `${jaeger.queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=20`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (JSON.parse(await response.text()) as { data: JaegerTrace[] | null }).data ?? [];
}

/** A span's tags as a plain record. */
export function tagsOf(tags: readonly JaegerTag[]): Record<string, string | number | boolean> {
  return Object.fromEntries(tags.map((t) => [t.key, t.value]));
}
