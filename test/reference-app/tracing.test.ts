import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceApp, type ReferenceApp } from "../helpers/reference-app.js";
import { startOtlpReceiver, type OtlpReceiver } from "../../suites/observability/otlp-receiver.js";
import { authed, postJson } from "./client.js";

const SERVER_KIND = 2;

function traceparent(): { header: string; traceId: string; parentId: string } {
  const traceId = randomBytes(16).toString("hex");
  const parentId = randomBytes(8).toString("hex");
  return { header: `00-${traceId}-${parentId}-01`, traceId, parentId };
}

describe("tracing export over OTLP/HTTP", () => {
  let receiver: OtlpReceiver;
  let app: ReferenceApp;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    app = await startReferenceApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
  });
  afterAll(async () => {
    await app.stop();
    await receiver.close();
  });

  it("exports a server span that continues the incoming traceparent, as JSON", async () => {
    const incoming = traceparent();
    expect(
      (await authed(app, "/api/dashboard/widgets", { headers: { traceparent: incoming.header } }))
        .status,
    ).toBe(200);
    const span = await receiver.waitFor(
      (candidate) => candidate.traceId === incoming.traceId,
      3_000,
    );
    expect(span).toMatchObject({
      traceId: incoming.traceId,
      parentSpanId: incoming.parentId,
      kind: SERVER_KIND,
      name: "GET /api/dashboard/widgets",
    });
    expect(receiver.requests.map((r) => r.contentType)).toContain("application/json");
    expect(receiver.errors).toEqual([]);
  });

  it("links an agent-to-agent call: gateway server span → client span → navi server span", async () => {
    const incoming = traceparent();
    await postJson(
      app,
      "/a2a/dashboard_gateway/rpc",
      { jsonrpc: "2.0", id: 1, method: "run", params: { task: "trace me" } },
      { traceparent: incoming.header },
    );
    const inTrace = (name: string) =>
      receiver.waitFor((span) => span.traceId === incoming.traceId && span.name === name, 3_000);
    const navi = await receiver.waitFor(
      (span) =>
        span.traceId === incoming.traceId &&
        span.name === "POST /a2a/:agent/rpc" &&
        span.parentSpanId !== incoming.parentId,
      3_000,
    );
    const client = await inTrace("a2a.call navi");
    const gateway = await receiver.waitFor(
      (span) => span.traceId === incoming.traceId && span.parentSpanId === incoming.parentId,
      3_000,
    );
    expect(gateway).toBeDefined();
    expect(client?.parentSpanId).toBe(gateway?.spanId);
    expect(navi?.parentSpanId).toBe(client?.spanId);
  });
});

describe("tracing with sample ratio 0", () => {
  it("exports nothing, even for a sampled incoming trace", async () => {
    const receiver = await startOtlpReceiver();
    const app = await startReferenceApp({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, HYVVE_REF_TRACE_SAMPLE_RATIO: "0" },
    });
    try {
      await authed(app, "/api/dashboard/widgets", {
        headers: { traceparent: traceparent().header },
      });
      await authed(app, "/api/dashboard/alerts");
    } finally {
      // Shutdown flushes the exporter, so anything sampled would have arrived by now.
      await app.stop();
      await receiver.close();
    }
    expect(receiver.spans).toEqual([]);
  });
});
