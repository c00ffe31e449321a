import { describe, expect, it } from "vitest";
import { leaks, strangers } from "../shared/strangers.js";
import { freshWorkspace, request, target } from "../shared/target.js";
import { EFFICIENT_MODELS, HIGH_CHAIN, STANDARD_CHAIN } from "./expectations.js";

// The router is paid-for compute and shows quotas: strangers (no token, a
// wrong token or cookie) must get 401 and none of what a routing, quota or
// health answer holds. Each case uses a workspace of its own, so even a
// router that wrongly lets a stranger in charges no one else's quota.

const ROUTING_KEYS = [
  "success",
  "model",
  "provider",
  "routing_reason",
  "alternatives",
  "fallback_attempts",
  "usage",
  "quota_remaining_percentage",
  "workspace_id",
  "daily_limit",
  "used_today",
  "remaining",
  "reset_at",
  "available_models",
  "model_status",
  "latency_ms",
];
const MODEL_NAMES = [...new Set([...HIGH_CHAIN, ...STANDARD_CHAIN, ...EFFICIENT_MODELS])];

const ROUTES: Array<[string, string, (workspace: string) => unknown]> = [
  ["POST", "/ccr/route", (workspace) => ({ task: "code_review", workspace_id: workspace })],
  ["GET", "/ccr/quota", () => undefined],
  ["GET", "/ccr/health", () => undefined],
];

const CASES = ROUTES.flatMap(([method, path, body]) =>
  strangers(target().token).map(
    (stranger) => [method, path, stranger.name, { body, stranger }] as const,
  ),
);

describe.concurrent("CCR auth", () => {
  it.each(CASES)(
    "%s %s answers 401 %s, with no routing data",
    async (method, path, _name, { body, stranger }) => {
      const workspace = freshWorkspace("ccr-auth");
      const query = method === "GET" ? `?workspace_id=${workspace}` : "";
      const response = await request(`${path}${query}`, {
        method,
        body: body(workspace),
        workspaceId: workspace,
        headers: stranger.headers,
        anonymous: true,
      });
      expect(response.status, response.text.slice(0, 200)).toBe(401);
      expect(leaks(response.body, response.text, ROUTING_KEYS, MODEL_NAMES)).toEqual([]);
    },
  );
});
