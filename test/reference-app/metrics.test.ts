import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceApp, type ReferenceApp } from "../helpers/reference-app.js";
import { authed, freshWorkspace, postJson, sharedApp, type Target } from "./client.js";

const app = sharedApp();

async function scrape(target: Target): Promise<string> {
  const response = await authed(target, "/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

/** The value of one sample line, 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split("\n").find((candidate) => {
    if (!candidate.startsWith(`${name}{`)) return false;
    return Object.entries(labels).every(([key, value]) => candidate.includes(`${key}="${value}"`));
  });
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(" ") + 1));
}

function buckets(text: string, name: string): string[] {
  const first = text.split("\n").find((line) => line.startsWith(`${name}_bucket{`));
  const labelsOf = (line: string) => line.replace(/le="[^"]*",?/, "").replace(/ .*$/, "");
  const series = first === undefined ? "" : labelsOf(first);
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}_bucket{`) && labelsOf(line) === series)
    .map((line) => /le="([^"]*)"/.exec(line)?.[1] ?? "");
}

const FAMILIES: Array<[string, string]> = [
  ["agentos_info", "gauge"],
  ["a2a_request_duration_seconds", "histogram"],
  ["a2a_requests_total", "counter"],
  ["a2a_active_tasks", "gauge"],
  ["a2a_response_size_bytes", "histogram"],
  ["cache_operations_total", "counter"],
  ["cache_latency_seconds", "histogram"],
  ["rate_limit_hits_total", "counter"],
  ["ccr_requests_total", "counter"],
  ["ccr_latency_seconds", "histogram"],
  ["ccr_tokens_total", "counter"],
];

describe("/metrics", () => {
  it("exposes every DM-09.2 family with its type", async () => {
    const text = await scrape(app);
    for (const [name, type] of FAMILIES) {
      expect(text, name).toContain(`# TYPE ${name} ${type}`);
    }
    expect(text).toContain('agentos_info{version="0.2.0",protocols="a2a_0.3.0,agui_0.1.0"} 1');
  });

  it("moves the A2A, cache, rate-limit and CCR series for real traffic, with the spec's buckets", async () => {
    const ws = freshWorkspace("metrics");
    const before = await scrape(app);
    await postJson(
      app,
      "/a2a/navi/rpc",
      { jsonrpc: "2.0", id: 1, method: "run", params: { task: "metrics probe" } },
      { "x-workspace-id": ws },
    );
    await postJson(
      app,
      "/a2a/navi/rpc",
      { jsonrpc: "2.0", id: 2, method: "nope" },
      { "x-workspace-id": ws },
    );
    await postJson(
      app,
      "/ccr/route",
      { task: "summarization", estimated_tokens: 50 },
      { "x-workspace-id": ws },
    );
    const after = await scrape(app);

    const success = { agent: "navi", operation: "run", status: "success" };
    expect(sample(after, "a2a_requests_total", success)).toBeGreaterThanOrEqual(
      sample(before, "a2a_requests_total", success) + 1,
    );
    expect(
      sample(after, "a2a_requests_total", { agent: "navi", status: "error" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after, "a2a_request_duration_seconds_count", success)).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, "a2a_response_size_bytes_count", { agent: "navi" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(after, "a2a_active_tasks", { agent: "navi" })).toBe(0);
    expect(
      sample(after, "cache_operations_total", { operation: "get", result: "miss" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, "rate_limit_hits_total", {
        endpoint: "/a2a/navi/rpc",
        workspace_id: ws,
        result: "allowed",
      }),
    ).toBe(2);
    expect(
      sample(after, "ccr_requests_total", {
        provider: "anthropic",
        task_type: "summarization",
        status: "success",
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, "ccr_tokens_total", { provider: "anthropic", direction: "input" }) -
        sample(before, "ccr_tokens_total", { provider: "anthropic", direction: "input" }),
    ).toBeGreaterThanOrEqual(50);

    expect(buckets(after, "a2a_request_duration_seconds")).toEqual([
      "0.01",
      "0.05",
      "0.1",
      "0.25",
      "0.5",
      "1",
      "2.5",
      "5",
      "10",
      "+Inf",
    ]);
    expect(buckets(after, "a2a_response_size_bytes")).toEqual([
      "100",
      "500",
      "1000",
      "5000",
      "10000",
      "50000",
      "100000",
      "+Inf",
    ]);
    expect(buckets(after, "cache_latency_seconds")).toEqual([
      "0.001",
      "0.005",
      "0.01",
      "0.025",
      "0.05",
      "0.1",
      "+Inf",
    ]);
    expect(buckets(after, "ccr_latency_seconds")).toEqual([
      "0.01",
      "0.05",
      "0.1",
      "0.25",
      "0.5",
      "1",
      "2.5",
      "+Inf",
    ]);
  });
});

describe("/metrics with faults and a low rate limit", () => {
  let own: ReferenceApp;
  beforeAll(async () => {
    own = await startReferenceApp({
      faults: [{ kind: "metric-missing", name: "a2a_active_tasks" }],
      env: { HYVVE_REF_RATE_LIMIT: "2" },
    });
  });
  afterAll(async () => {
    await own.stop();
  });

  it("omits the family named by metric-missing and keeps the others", async () => {
    const text = await scrape(own);
    expect(text).not.toContain("a2a_active_tasks");
    expect(text).toContain("# TYPE a2a_requests_total counter");
  });

  it("denies past the rate limit with 429 and counts it", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await postJson(
            own,
            "/a2a/navi/rpc",
            { jsonrpc: "2.0", id: i, method: "run", params: { task: "burst" } },
            { "x-workspace-id": "burst" },
          )
        ).status,
      );
    }
    // Six quick requests span at most two one-second windows of 2 allowed each.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(
      sample(await scrape(own), "rate_limit_hits_total", {
        endpoint: "/a2a/navi/rpc",
        workspace_id: "burst",
        result: "denied",
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
