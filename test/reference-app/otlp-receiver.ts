import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A minimal OTLP/HTTP JSON trace receiver on loopback for the tracing tests.

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

export interface OtlpReceiver {
  endpoint: string;
  spans: ReceivedSpan[];
  contentTypes: string[];
  waitFor(
    predicate: (span: ReceivedSpan) => boolean,
    timeoutMs: number,
  ): Promise<ReceivedSpan | undefined>;
  close(): Promise<void>;
}

interface ExportRequest {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: ReceivedSpan[] }> }>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const contentTypes: string[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      contentTypes.push(request.headers["content-type"] ?? "");
      if (request.url === "/v1/traces") {
        const parsed = JSON.parse(body) as ExportRequest;
        for (const resource of parsed.resourceSpans ?? [])
          for (const scope of resource.scopeSpans ?? []) spans.push(...(scope.spans ?? []));
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    contentTypes,
    async waitFor(predicate, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = spans.find(predicate);
        if (found !== undefined) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return spans.find(predicate);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
