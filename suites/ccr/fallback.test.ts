import { describe, expect, it } from "vitest";
import { canInjectFaults, freshWorkspace, noteSkip, withFaults } from "../shared/target.js";
import { route } from "./client.js";
import { HIGH_CHAIN, PROVIDERS, STANDARD_CHAIN } from "./expectations.js";

// DM-09.7 fallback. Provider outages and slowness come from the reference
// app's fault switch (PUT /__admin/faults), so the real router walks its real
// chain; nothing in the client is mocked. Faults are global to the app, so
// these tests run one after another (and the CCR suite runs its files
// sequentially); each adds its faults to the set it found and restores it.

const skip = !canInjectFaults();

describe.sequential("CCR fallback", () => {
  noteSkip(skip);

  it.skipIf(skip)("falls back to the next model when the primary's provider is down", async () => {
    const response = await withFaults([{ kind: "ccr-provider-down", provider: "anthropic" }], () =>
      route(freshWorkspace("fb-primary"), { task: "code_review" }),
    );
    expect(response.status).toBe(200);
    // The high tier's first model not served by anthropic.
    expect(response.body).toMatchObject({
      success: true,
      model: "gpt-4o",
      provider: "openai",
      fallback_used: true,
    });
    expect(response.body.fallback_attempts).toEqual([
      { model: HIGH_CHAIN[0], provider: "anthropic", error: "provider_unavailable" },
      { model: HIGH_CHAIN[1], provider: "anthropic", error: "provider_unavailable" },
    ]);
    expect(response.body.routing_reason).toMatch(/fell back/);
  });

  it.skipIf(skip)("reports every attempt when the whole fallback chain is down", async () => {
    const response = await withFaults(
      PROVIDERS.map((provider) => ({ kind: "ccr-provider-down" as const, provider })),
      () => route(freshWorkspace("fb-exhausted"), { task: "code_review" }),
    );
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.body.success).toBe(false);
    expect(response.body.error).toEqual(expect.any(String));
    // Every model of the chain was tried, in order, before giving up.
    expect(response.body.fallback_attempts?.map((attempt) => attempt.model)).toEqual(HIGH_CHAIN);
    for (const attempt of response.body.fallback_attempts ?? [])
      expect(attempt.error).toBe("provider_unavailable");
  });

  it.skipIf(skip)("preserves the request context through fallback", async () => {
    const context = { custom_data: { key: "value" }, conversation_id: "conv-42", tags: ["a", "b"] };
    const response = await withFaults([{ kind: "ccr-provider-down", provider: "anthropic" }], () =>
      route(freshWorkspace("fb-context"), { task: "summarization", context }),
    );
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    expect(response.body.fallback_used).toBe(true);
    expect(response.body.context).toEqual(context);
  });

  it.skipIf(skip)(
    "times out a slow provider with the router's own timeout and falls back",
    async () => {
      // The provider would take 5 s; the router's default per-attempt timeout is 1 s.
      // If the router waited for the provider, this request would take 5 s or more.
      const response = await withFaults(
        [{ kind: "ccr-provider-slow", provider: "anthropic", ms: 5_000 }],
        () => route(freshWorkspace("fb-timeout"), { task: "summarization" }),
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        success: true,
        model: STANDARD_CHAIN[1],
        fallback_used: true,
      });
      expect(response.body.fallback_attempts).toEqual([
        { model: STANDARD_CHAIN[0], provider: "anthropic", error: "timeout" },
      ]);
      expect(response.elapsedMs).toBeLessThan(4_000);
    },
  );

  it.skipIf(skip)("honours a shorter per-request timeout", async () => {
    const response = await withFaults(
      [{ kind: "ccr-provider-slow", provider: "anthropic", ms: 5_000 }],
      () => route(freshWorkspace("fb-timeout-short"), { task: "summarization", timeout_ms: 200 }),
    );
    expect(response.status).toBe(200);
    expect(response.body.fallback_attempts?.[0]?.error).toBe("timeout");
    expect(response.body.fallback_used).toBe(true);
    // The router's own measure: one 200 ms timeout plus a fast fallback, far below the 1 s default.
    expect(response.body.latency_ms).toBeLessThan(800);
  });
});
