import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceApp, type ReferenceApp } from "../helpers/reference-app.js";
import { authed, freshWorkspace, json, postJson, sharedApp, type Target } from "./client.js";

type Body = Record<string, unknown>;

const app = sharedApp();

function route(target: Target, workspace: string, body: Body): Promise<Response> {
  return postJson(target, "/ccr/route", body, { "x-workspace-id": workspace });
}

describe("CCR routing", () => {
  const ws = freshWorkspace("routing");

  it("routes a standard code review to the primary model with metadata", async () => {
    const response = await route(app, ws, { task: "code_review", complexity: "standard" });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      success: true,
      model: "claude-3-opus",
      provider: "anthropic",
      fallback_used: false,
      fallback_attempts: [],
    });
    expect(body["routing_reason"]).toEqual(expect.any(String));
    expect(body["latency_ms"]).toEqual(expect.any(Number));
    expect(body["alternatives"]).toEqual(["claude-3-sonnet", "gpt-4o", "llama-3-70b"]);
  });

  it("routes by complexity and task type", async () => {
    expect(
      await json(await route(app, ws, { task: "architecture_design", complexity: "high" })),
    ).toMatchObject({ model: "claude-3-opus" });
    expect(
      await json(await route(app, ws, { task: "text_formatting", complexity: "low" })),
    ).toMatchObject({ model: "claude-3-haiku" });
    expect(await json(await route(app, ws, { task_type: "content_generation" }))).toMatchObject({
      model: "claude-3-sonnet",
    });
  });

  it("honours the preferred provider", async () => {
    expect(
      await json(await route(app, ws, { task: "code_review", preferred_provider: "openai" })),
    ).toMatchObject({ provider: "openai", model: "gpt-4o" });
    expect(
      await json(
        await route(app, ws, { task: "content_generation", preferred_provider: "anthropic" }),
      ),
    ).toMatchObject({ model: "claude-3-sonnet" });
  });

  it("echoes the request context and the workspace from the body", async () => {
    const body = await json(
      await postJson(app, "/ccr/route", {
        task: "code_review",
        workspace_id: ws,
        context: { custom_data: { key: "value" } },
      }),
    );
    expect(body).toMatchObject({ workspace_id: ws, context: { custom_data: { key: "value" } } });
  });

  it("refuses an invalid request", async () => {
    expect((await route(app, ws, { complexity: "high" })).status).toBe(400);
    expect((await route(app, ws, { task: "x", preferred_provider: "acme" })).status).toBe(400);
  });
});

describe("CCR quota", () => {
  it("reports quota status per workspace", async () => {
    const ws = freshWorkspace("status");
    await route(app, ws, { task: "code_review", estimated_tokens: 900 });
    const quota = await json(
      await authed(app, "/ccr/quota", { headers: { "x-workspace-id": ws } }),
    );
    expect(quota).toMatchObject({
      workspace_id: ws,
      daily_limit: 10_000,
      used_today: 1_000,
      remaining: 9_000,
    });
    expect(Date.parse(quota["reset_at"] as string)).toBeGreaterThan(Date.now());
  });

  it("warns past 80% and refuses with quota_exceeded once used up, per workspace", async () => {
    const ws = freshWorkspace("exhaust");
    const other = freshWorkspace("other");
    expect(
      await json(await route(app, ws, { task: "code_review", estimated_tokens: 6_900 })),
    ).toMatchObject({ quota_warning: false });
    const warned = await json(await route(app, ws, { task: "code_review", estimated_tokens: 900 }));
    expect(warned).toMatchObject({
      success: true,
      quota_warning: true,
      quota_remaining_percentage: 20,
    });
    await route(app, ws, { task: "code_review", estimated_tokens: 1_900 });

    const refused = await route(app, ws, { task: "code_review" });
    expect(refused.status).toBe(429);
    expect(await json(refused)).toMatchObject({
      success: false,
      error: "quota_exceeded",
      remaining_tokens: 0,
    });
    expect(await json(await route(app, other, { task: "code_review" }))).toMatchObject({
      success: true,
    });
  });
});

describe("CCR with provider faults", () => {
  let faulty: ReferenceApp;
  const setFaults = async (faults: unknown[]) => {
    const response = await authed(faulty, "/__admin/faults", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(faults),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    faulty = await startReferenceApp();
  });
  afterAll(async () => {
    await faulty.stop();
  });

  it("is healthy with every model available", async () => {
    await setFaults([]);
    const health = await json(await authed(faulty, "/ccr/health"));
    expect(health).toMatchObject({ status: "healthy", latency_ms: expect.any(Number) });
    expect(
      Object.values(health["model_status"] as Body).every((status) => status === "available"),
    ).toBe(true);
  });

  it("falls back when the primary provider is down, keeping the context, and reports degraded health", async () => {
    await setFaults([{ kind: "ccr-provider-down", provider: "anthropic" }]);
    const body = await json(
      await route(faulty, "ws-qa", {
        task: "code_review",
        context: { custom_data: { key: "value" } },
      }),
    );
    expect(body).toMatchObject({
      success: true,
      model: "gpt-4o",
      fallback_used: true,
      context: { custom_data: { key: "value" } },
    });
    expect(body["fallback_attempts"]).toEqual([
      { model: "claude-3-opus", provider: "anthropic", error: "provider_unavailable" },
      { model: "claude-3-sonnet", provider: "anthropic", error: "provider_unavailable" },
    ]);
    const health = await json(await authed(faulty, "/ccr/health"));
    expect(health["status"]).toBe("degraded");
    expect(health["model_status"]).toMatchObject({
      "claude-3-opus": "unavailable",
      "gpt-4o": "available",
    });
    expect(health["available_models"]).not.toContain("claude-3-opus");
  });

  it("fails with all_models_failed when fallback is disabled", async () => {
    await setFaults([
      { kind: "ccr-provider-down", provider: "anthropic" },
      { kind: "ccr-fallback-disabled" },
    ]);
    const response = await route(faulty, "ws-qa", { task: "code_review" });
    expect(response.status).toBe(503);
    expect(await json(response)).toMatchObject({
      success: false,
      error: "all_models_failed",
      fallback_attempts: [{ model: "claude-3-opus" }],
    });
  });

  it("times a slow provider out and falls back", async () => {
    await setFaults([{ kind: "ccr-provider-slow", provider: "anthropic", ms: 5_000 }]);
    const started = performance.now();
    const body = await json(await route(faulty, "ws-qa", { task: "code_review", timeout_ms: 100 }));
    expect(body).toMatchObject({
      success: true,
      model: "gpt-4o",
      fallback_attempts: [{ error: "timeout" }, { error: "timeout" }],
    });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect((await json(await authed(faulty, "/ccr/health")))["model_status"]).toMatchObject({
      "claude-3-opus": "degraded",
    });
  });

  it("answers timeout when every attempt times out", async () => {
    await setFaults([
      { kind: "ccr-provider-slow", provider: "anthropic", ms: 5_000 },
      { kind: "ccr-fallback-disabled" },
    ]);
    const response = await route(faulty, "ws-qa", { task: "code_review", timeout_ms: 50 });
    expect(response.status).toBe(504);
    expect(await json(response)).toMatchObject({ success: false, error: "timeout" });
  });

  it("is unhealthy when every provider is down", async () => {
    await setFaults(
      ["anthropic", "openai", "local"].map((provider) => ({ kind: "ccr-provider-down", provider })),
    );
    expect(await json(await authed(faulty, "/ccr/health"))).toMatchObject({
      status: "unhealthy",
      available_models: [],
    });
  });
});
