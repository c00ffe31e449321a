import { describe, expect, it } from "vitest";
import { leaks, strangers } from "../shared/strangers.js";
import { request, target } from "../shared/target.js";
import { DM_09_2_FAMILIES } from "./metrics-spec.js";

// /metrics tells a stranger what runs, how much and for whom (agents,
// workspaces, providers): without the token, or with a wrong one, it must
// answer 401 and no exposition at all — not even a single family.

const EXPOSITION_TEXTS = ["# HELP", "# TYPE", ...DM_09_2_FAMILIES.map((family) => family.name)];

describe.concurrent("/metrics auth", () => {
  it.each(strangers(target().token).map((stranger) => [stranger.name, stranger] as const))(
    "answers 401 %s, with no Prometheus text",
    async (_name, stranger) => {
      const response = await request("/metrics", { headers: stranger.headers, anonymous: true });
      expect(response.status, response.text.slice(0, 200)).toBe(401);
      expect(response.headers.get("content-type") ?? "").not.toMatch(/^text\/plain/);
      expect(leaks(response.body, response.text, [], EXPOSITION_TEXTS)).toEqual([]);
    },
  );
});
