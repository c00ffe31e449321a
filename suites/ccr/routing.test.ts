import { describe, expect, it } from "vitest";
import { freshWorkspace } from "../shared/target.js";
import { route } from "./client.js";
import {
  EFFICIENT_MODELS,
  HIGH_CAPABILITY_MODELS,
  PRIMARY_MODEL,
  providerOf,
} from "./expectations.js";

// DM-09.7 routing: the real router picks the model; every test routes in a
// workspace of its own, so they run concurrently without sharing quota.

describe.concurrent("CCR routing", () => {
  it("routes a standard-complexity task to its primary model", async () => {
    const response = await route(freshWorkspace("route-primary"), {
      task: "code_review",
      complexity: "standard",
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      success: true,
      model: PRIMARY_MODEL,
      fallback_used: false,
    });
    expect(response.body.fallback_attempts ?? []).toEqual([]);
    expect(response.body.routing_reason).toEqual(expect.any(String));
  });

  it("chooses the model by task type and complexity", async () => {
    const workspace = freshWorkspace("route-tier");
    const complex = await route(workspace, { task: "architecture_design", complexity: "high" });
    const simple = await route(workspace, { task: "text_formatting", complexity: "low" });
    // Complexity wins over the task type in both directions.
    const forcedHigh = await route(workspace, { task: "text_formatting", complexity: "high" });
    const byTypeOnly = await route(workspace, { task: "classification" });
    for (const response of [complex, simple, forcedHigh, byTypeOnly])
      expect(response.status).toBe(200);

    expect(["claude-3-opus", "claude-3-sonnet"]).toContain(complex.body.model);
    expect(EFFICIENT_MODELS).toContain(simple.body.model);
    expect(simple.body.model).not.toBe(complex.body.model);
    expect(HIGH_CAPABILITY_MODELS).toContain(forcedHigh.body.model);
    expect(EFFICIENT_MODELS).toContain(byTypeOnly.body.model);
    expect(complex.body.routing_reason).toMatch(/high/);
    expect(simple.body.routing_reason).toMatch(/low/);
  });

  it.each(["anthropic", "openai", "local"] as const)(
    "honours the workspace's preferred provider: %s",
    async (provider) => {
      const response = await route(freshWorkspace(`route-pref-${provider}`), {
        task: "content_generation",
        preferred_provider: provider,
      });
      expect(response.status).toBe(200);
      expect(response.body.success).toBe(true);
      expect(response.body.provider).toBe(provider);
      expect(providerOf(response.body.model)).toBe(provider);
      expect(response.body.routing_reason).toContain(provider);
    },
  );

  it("returns routing metadata: latency_ms, routing_reason, alternatives", async () => {
    const response = await route(freshWorkspace("route-meta"), { task: "code_review" });
    expect(response.status).toBe(200);
    const { latency_ms, routing_reason, alternatives, model } = response.body;
    expect(latency_ms).toEqual(expect.any(Number));
    expect(latency_ms).toBeGreaterThanOrEqual(0);
    // The router's own latency cannot exceed what the client saw for the whole request.
    expect(latency_ms!).toBeLessThanOrEqual(response.elapsedMs + 1);
    expect(routing_reason).toMatch(/\w+/);
    expect(Array.isArray(alternatives)).toBe(true);
    expect(alternatives!.length).toBeGreaterThan(0);
    expect(alternatives).not.toContain(model);
    for (const alternative of alternatives!) expect(providerOf(alternative)).toBeDefined();
  });

  it("rejects a request that names no task", async () => {
    const response = await route(freshWorkspace("route-invalid"), { complexity: "high" });
    expect(response.status).toBe(400);
    expect(response.body.success).not.toBe(true);
  });
});
