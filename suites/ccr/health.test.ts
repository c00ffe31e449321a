import { describe, expect, it } from "vitest";
import {
  activeFaults,
  addFaults,
  canInjectFaults,
  noteSkip,
  withFaults,
} from "../shared/target.js";
import { health, validateConnection, type Health } from "./client.js";
import { providerOf, PROVIDERS } from "./expectations.js";

// DM-09.7 health: status, latency, available models, per-model status — and
// how it moves when a provider is faulted (through the fault switch), plus the
// client's connection check retrying transient failures.

const skip = !canInjectFaults();

function expectConsistent(body: Health): void {
  expect(["healthy", "degraded", "unhealthy"]).toContain(body.status);
  const statuses = Object.values(body.model_status);
  expect(statuses.length).toBeGreaterThan(0);
  for (const status of statuses) expect(["available", "degraded", "unavailable"]).toContain(status);
  expect([...body.available_models].sort()).toEqual(
    Object.keys(body.model_status)
      .filter((model) => body.model_status[model] === "available")
      .sort(),
  );
  const expected = statuses.every((s) => s === "available")
    ? "healthy"
    : statuses.every((s) => s === "unavailable")
      ? "unhealthy"
      : "degraded";
  expect(body.status).toBe(expected);
}

describe("CCR health", () => {
  it("reports status, latency, available models and per-model status", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(response.body.latency_ms).toEqual(expect.any(Number));
    expect(response.body.latency_ms).toBeGreaterThanOrEqual(0);
    expectConsistent(response.body);
    // With no provider fault active, every model is available.
    const providerFaults = canInjectFaults()
      ? (await activeFaults()).filter((f) => f.kind.startsWith("ccr-provider"))
      : [];
    if (providerFaults.length === 0) {
      expect(response.body.status).toBe("healthy");
      expect(response.body.available_models.length).toBe(
        Object.keys(response.body.model_status).length,
      );
    }
  });

  describe.sequential("under provider faults", () => {
    noteSkip(skip);

    it.skipIf(skip)(
      "marks a down provider's models unavailable and the service degraded",
      async () => {
        const before = (await health()).body;
        const during = await withFaults(
          [{ kind: "ccr-provider-down", provider: "anthropic" }],
          async () => (await health()).body,
        );
        expectConsistent(during);
        expect(during.status).toBe("degraded");
        for (const [model, status] of Object.entries(during.model_status)) {
          if (providerOf(model) === "anthropic") expect(status, model).toBe("unavailable");
          else expect(status, model).toBe(before.model_status[model]);
        }
        expect(during.available_models.some((model) => providerOf(model) === "anthropic")).toBe(
          false,
        );
        // Restored: back to what it was.
        expect((await health()).body.model_status).toEqual(before.model_status);
      },
    );

    it.skipIf(skip)("marks a slow provider's models degraded", async () => {
      const during = await withFaults(
        [{ kind: "ccr-provider-slow", provider: "openai", ms: 800 }],
        async () => (await health()).body,
      );
      expectConsistent(during);
      expect(during.status).toBe("degraded");
      for (const [model, status] of Object.entries(during.model_status)) {
        if (providerOf(model) === "openai") expect(status, model).toBe("degraded");
      }
    });

    it.skipIf(skip)("is unhealthy when every provider is down", async () => {
      const during = await withFaults(
        PROVIDERS.map((provider) => ({ kind: "ccr-provider-down" as const, provider })),
        async () => (await health()).body,
      );
      expectConsistent(during);
      expect(during.status).toBe("unhealthy");
      expect(during.available_models).toEqual([]);
    });

    it.skipIf(skip)("retries the connection check through transient failures", async () => {
      // Every health call fails with 503 until the outage ends after the second failed attempt.
      let restore: (() => Promise<void>) | undefined = await addFaults([
        { kind: "error-rate", route: "/ccr/health", rate: 1, status: 503 },
      ]);
      try {
        const check = await validateConnection({
          maxRetries: 3,
          onFailedAttempt: async (attempt) => {
            if (attempt === 2 && restore) {
              await restore();
              restore = undefined;
            }
          },
        });
        expect(check.errors).toEqual([
          expect.stringContaining("503"),
          expect.stringContaining("503"),
        ]);
        expect(check).toMatchObject({ healthy: true, attempts: 3 });
      } finally {
        await restore?.();
      }
    });

    it.skipIf(skip)("gives up after its retries when the failure persists", async () => {
      const check = await withFaults(
        [{ kind: "error-rate", route: "/ccr/health", rate: 1, status: 503 }],
        () => validateConnection({ maxRetries: 3 }),
      );
      expect(check.healthy).toBe(false);
      expect(check.attempts).toBe(3);
      expect(check.errors).toHaveLength(3);
    });
  });
});
