import { describe, expect, it } from "vitest";
import { freshWorkspace } from "../shared/target.js";
import { consumeQuota, quotaStatus, route } from "./client.js";

// DM-09.7 quota: a per-workspace daily token budget. Each test spends the
// budget of its own fresh workspace, so they run concurrently.

const DAY_MS = 24 * 60 * 60 * 1000;

describe.concurrent("CCR quota", () => {
  it("refuses a request once the daily quota is used up: quota_exceeded, remaining_tokens 0", async () => {
    const workspace = freshWorkspace("quota-exhausted");
    const drained = await consumeQuota(workspace, 0);
    expect(drained.remaining).toBe(0);

    const response = await route(workspace, { task: "code_review" });
    expect(response.status).toBe(429);
    expect(response.body).toMatchObject({
      success: false,
      error: "quota_exceeded",
      remaining_tokens: 0,
    });
    expect(response.body.model).toBeUndefined();
    // A refused request costs nothing.
    expect((await quotaStatus(workspace)).used_today).toBe(drained.used_today);
  });

  it("reports quota status: daily_limit, used_today, remaining, reset_at", async () => {
    const workspace = freshWorkspace("quota-status");
    const before = await quotaStatus(workspace);
    expect(before).toMatchObject({
      daily_limit: expect.any(Number),
      used_today: 0,
      remaining: before.daily_limit,
    });
    expect(before.daily_limit).toBeGreaterThan(0);
    const resetAt = Date.parse(before.reset_at);
    expect(Number.isNaN(resetAt)).toBe(false);
    expect(resetAt).toBeGreaterThan(Date.now());
    expect(resetAt - Date.now()).toBeLessThanOrEqual(DAY_MS);

    const routed = await route(workspace, { task: "summarization", estimated_tokens: 250 });
    expect(routed.body.success).toBe(true);
    const spent = routed.body.usage!.input_tokens + routed.body.usage!.output_tokens;
    expect(routed.body.usage!.input_tokens).toBe(250);
    const after = await quotaStatus(workspace);
    expect(after.used_today).toBe(spent);
    expect(after.remaining).toBe(after.daily_limit - spent);
  });

  it("warns once usage reaches 80% of the daily quota", async () => {
    const workspace = freshWorkspace("quota-warning");
    const { daily_limit } = await quotaStatus(workspace);
    // Leave 25% of the budget: below the threshold there is no warning…
    await consumeQuota(workspace, Math.round(daily_limit * 0.25));
    const below = await route(workspace, { task: "summarization", estimated_tokens: 1 });
    expect(below.body.success).toBe(true);
    expect(below.body.quota_warning).toBe(false);
    expect(below.body.quota_remaining_percentage).toBeGreaterThan(20);

    // …and a request that crosses 80% used carries it.
    const crossing = await route(workspace, {
      task: "summarization",
      estimated_tokens: Math.round(daily_limit * 0.1),
    });
    expect(crossing.body.success).toBe(true);
    expect(crossing.body.quota_warning).toBe(true);
    const status = await quotaStatus(workspace);
    expect(crossing.body.quota_remaining_percentage).toBeCloseTo(
      (status.remaining / status.daily_limit) * 100,
      0,
    );
    expect(crossing.body.quota_remaining_percentage).toBeLessThanOrEqual(20);
  });

  it("keeps quotas isolated per workspace", async () => {
    const exhausted = freshWorkspace("quota-iso-a");
    const other = freshWorkspace("quota-iso-b");
    await consumeQuota(exhausted, 0);
    expect((await route(exhausted, { task: "code_review" })).body.error).toBe("quota_exceeded");

    const response = await route(other, { task: "code_review" });
    expect(response.status).toBe(200);
    expect(response.body.success).toBe(true);
    const otherStatus = await quotaStatus(other);
    expect(otherStatus.used_today).toBe(
      response.body.usage!.input_tokens + response.body.usage!.output_tokens,
    );
    expect((await quotaStatus(exhausted)).remaining).toBe(0);
  });
});
