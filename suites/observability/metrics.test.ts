import { beforeAll, describe, expect, it } from "vitest";
import { freshWorkspace, request } from "../shared/target.js";
import { DM_09_2_FAMILIES } from "./metrics-spec.js";
import { findFamily, parseExposition, sumOf, type Exposition } from "./prom-text.js";

// DM-09.2 against the stack under test (HYVVE_BASE_URL): /metrics exposes
// the spec's families with their types, labels and buckets, and they move
// when A2A, cache, rate-limit and CCR work happens. Other suites may use the
// same stack at the same time, so movements are checked as "at least" on
// shared series and exactly only on series this file owns (its workspace,
// its task type).

async function scrape(): Promise<Exposition> {
  const response = await request("/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type") ?? "").toMatch(/^text\/plain/);
  return parseExposition(response.text);
}

async function a2a(agent: string, body: unknown, workspaceId?: string) {
  return request<{ result?: unknown; error?: { code: number } }>(`/a2a/${agent}/rpc`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
    ...(workspaceId ? { workspaceId } : {}),
  });
}

const run = (task: string, id: number | string = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "run",
  params: { task },
});

describe("/metrics contract (DM-09.2)", () => {
  let exposition: Exposition;

  beforeAll(async () => {
    // Traffic that gives every labelled family at least one series.
    const workspace = freshWorkspace("obs-warmup");
    await a2a("navi", run("warm up"), workspace);
    await a2a("dashboard_gateway", run("warm up"), workspace);
    await a2a("navi", { jsonrpc: "2.0", id: 2, method: "run", params: {} }, workspace);
    await request("/.well-known/agent-card.json", { anonymous: true });
    await request("/.well-known/agent-card.json", { anonymous: true });
    await request("/ccr/route", {
      method: "POST",
      body: { task: "summarization", workspace_id: workspace },
      workspaceId: workspace,
    });
    exposition = await scrape();
  });

  it.each(DM_09_2_FAMILIES.map((spec) => [spec.name, spec] as const))(
    "%s: type, labels and buckets",
    (_name, spec) => {
      const family = findFamily(exposition, spec.name);
      expect(family, `${spec.name} is not exposed on /metrics`).toBeDefined();
      expect(family!.type).toBe(spec.type);
      expect(family!.help, `${spec.name} has no HELP`).toBeTruthy();
      const series = family!.samples.filter((s) => !s.name.endsWith("_created"));
      expect(series.length, `${spec.name} has no series after traffic`).toBeGreaterThan(0);
      for (const sample of series) {
        const labels = Object.keys(sample.labels).filter((label) => label !== "le");
        expect(labels.sort(), `${sample.name} labels`).toEqual([...spec.labels].sort());
      }
      if (spec.buckets) {
        const bounds = new Set(
          series
            .filter((s) => s.name === `${spec.name}_bucket`)
            .map((s) => (s.labels["le"] === "+Inf" ? Infinity : Number(s.labels["le"]))),
        );
        expect([...bounds].sort((a, b) => a - b)).toEqual([...spec.buckets, Infinity]);
      }
    },
  );

  it("exposes the service info: version and protocols", () => {
    const info = findFamily(exposition, "agentos_info")?.samples[0];
    expect(info?.value).toBe(1);
    expect(info?.labels["version"]).toMatch(/^\d+\.\d+\.\d+/);
    expect(info?.labels["protocols"]).toMatch(/a2a_/);
  });
});

describe("/metrics movement", () => {
  it("counts A2A calls and observes their duration and response size", async () => {
    const labels = { agent: "navi", operation: "run", status: "success" };
    const before = await scrape();
    for (let i = 0; i < 3; i++)
      expect((await a2a("navi", run(`movement ${i}`, i))).status).toBe(200);
    const after = await scrape();
    const delta = (name: string, match: Record<string, string>) =>
      sumOf(after, name, match) - sumOf(before, name, match);
    expect(delta("a2a_requests_total", labels)).toBeGreaterThanOrEqual(3);
    expect(delta("a2a_request_duration_seconds_count", labels)).toBeGreaterThanOrEqual(3);
    expect(delta("a2a_request_duration_seconds_sum", labels)).toBeGreaterThan(0);
    expect(delta("a2a_response_size_bytes_count", { agent: "navi" })).toBeGreaterThanOrEqual(3);
    expect(delta("a2a_response_size_bytes_sum", { agent: "navi" })).toBeGreaterThan(0);
    // Histogram buckets are cumulative and end in +Inf == _count.
    const buckets = findFamily(after, "a2a_request_duration_seconds")!.samples.filter(
      (s) =>
        s.name.endsWith("_bucket") && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
    const values = buckets.map((s) => s.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(buckets.find((s) => s.labels["le"] === "+Inf")?.value).toBe(
      sumOf(after, "a2a_request_duration_seconds_count", labels),
    );
  });

  it('counts failed A2A calls with status="error"', async () => {
    const labels = { agent: "navi", operation: "run", status: "error" };
    const before = await scrape();
    const response = await a2a("navi", {
      jsonrpc: "2.0",
      id: 7,
      method: "run",
      params: { wrong: true },
    });
    expect(response.body.error?.code).toBe(-32602);
    const after = await scrape();
    expect(
      sumOf(after, "a2a_requests_total", labels) - sumOf(before, "a2a_requests_total", labels),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sumOf(after, "a2a_request_duration_seconds_count", labels) -
        sumOf(before, "a2a_request_duration_seconds_count", labels),
    ).toBeGreaterThanOrEqual(1);
  });

  it("returns the active-tasks gauge to 0 once concurrent A2A calls finish", async () => {
    const calls = Array.from({ length: 8 }, (_, i) =>
      a2a(i % 2 ? "navi" : "dashboard_gateway", run(`concurrent ${i}`, i)),
    );
    for (const response of await Promise.all(calls)) expect(response.status).toBe(200);
    // Another suite may be mid-call on a shared stack: allow it a moment to finish.
    let gauge: Record<string, number> = {};
    for (let attempt = 0; attempt < 20; attempt++) {
      const family = findFamily(await scrape(), "a2a_active_tasks");
      expect(family, "a2a_active_tasks is not exposed on /metrics").toBeDefined();
      gauge = Object.fromEntries(family!.samples.map((s) => [s.labels["agent"] ?? "", s.value]));
      if (Object.values(gauge).every((v) => v === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(gauge).toMatchObject({ navi: 0, dashboard_gateway: 0 });
  });

  it("counts cache hits and misses", async () => {
    const before = await scrape();
    await request("/.well-known/agent-card.json", { anonymous: true });
    await request("/.well-known/agent-card.json", { anonymous: true });
    const after = await scrape();
    const hits = (e: Exposition) =>
      sumOf(e, "cache_operations_total", { operation: "get", result: "hit" });
    expect(hits(after) - hits(before)).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, "cache_latency_seconds_count", { operation: "get" })).toBeGreaterThan(
      sumOf(before, "cache_latency_seconds_count", { operation: "get" }),
    );
  });

  it("counts CCR requests, tokens and rate-limit decisions for this workspace", async () => {
    const workspace = freshWorkspace("obs-ccr");
    const taskType = `obs-probe-${workspace.slice(-10)}`;
    const before = await scrape();
    const routed = await request<{
      success: boolean;
      provider?: string;
      usage?: { input_tokens: number; output_tokens: number };
    }>("/ccr/route", {
      method: "POST",
      body: { task: taskType, workspace_id: workspace, preferred_provider: "local" },
      workspaceId: workspace,
    });
    expect(routed.status).toBe(200);
    const after = await scrape();
    // Series of our own: exact.
    expect(sumOf(after, "ccr_requests_total", { task_type: taskType })).toBe(1);
    expect(
      sumOf(after, "ccr_requests_total", {
        task_type: taskType,
        status: "success",
        provider: routed.body.provider!,
      }),
    ).toBe(1);
    expect(
      sumOf(after, "rate_limit_hits_total", {
        endpoint: "/ccr/route",
        workspace_id: workspace,
        result: "allowed",
      }),
    ).toBe(1);
    const tokens = (e: Exposition) =>
      sumOf(e, "ccr_tokens_total", { provider: routed.body.provider! });
    expect(tokens(after) - tokens(before)).toBeGreaterThanOrEqual(
      routed.body.usage!.input_tokens + routed.body.usage!.output_tokens,
    );
    expect(
      sumOf(after, "ccr_latency_seconds_count", { provider: routed.body.provider! }),
    ).toBeGreaterThan(
      sumOf(before, "ccr_latency_seconds_count", { provider: routed.body.provider! }),
    );
  });
});
