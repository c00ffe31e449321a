import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

// A minimal OTLP/HTTP trace receiver on loopback: POST /v1/traces with the
// JSON encoding (what the reference app's exporter sends; see
// fixtures/reference-app/server/observability/tracing.ts). A protobuf body is
// answered 415 and recorded, so a change of encoding fails loudly.

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
  /** service.name of the resource that exported it. */
  service?: string;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  /** Every export request received: path and content type. */
  requests: Array<{ path: string; contentType: string }>;
  errors: string[];
  waitFor(
    predicate: (span: ReceivedSpan) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedSpan | undefined>;
  close(): Promise<void>;
}

interface ExportRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: ReceivedSpan[] }>;
  }>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: OtlpReceiver["requests"] = [];
  const errors: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const contentType = req.headers["content-type"] ?? "";
      requests.push({ path: req.url ?? "", contentType });
      if (req.method !== "POST" || req.url !== "/v1/traces") {
        res.writeHead(404).end();
        return;
      }
      if (!contentType.startsWith("application/json")) {
        errors.push(`unsupported OTLP encoding: ${contentType}`);
        res.writeHead(415).end();
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (req.headers["content-encoding"] === "gzip") body = gunzipSync(body);
        const parsed = JSON.parse(body.toString("utf8")) as ExportRequest;
        for (const resource of parsed.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((a) => a.key === "service.name")
            ?.value.stringValue;
          for (const scope of resource.scopeSpans ?? []) {
            for (const span of scope.spans ?? [])
              spans.push({ ...span, ...(service ? { service } : {}) });
          }
        }
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch (error) {
        errors.push(`unreadable export: ${(error as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    requests,
    errors,
    async waitFor(predicate, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = spans.find(predicate);
        if (found || Date.now() > deadline) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
