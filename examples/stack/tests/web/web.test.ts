// The web app as a user's e2e suite would see it, through WEB_URL alone:
// hyvve-qa fills it from `{url.web}` (the suite's env in hyvve-qa.config.ts).
import { describe, expect, it } from "vitest";

const WEB_URL = process.env.WEB_URL;
if (!WEB_URL) throw new Error("WEB_URL is not set (hyvve-qa sets it from {url.web})");

describe("web", () => {
  it("answers /healthz", async () => {
    const res = await fetch(`${WEB_URL}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("serves the dashboard grid", async () => {
    const res = await fetch(`${WEB_URL}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toContain('data-testid="dashboard-grid"');
  });
});
