import { describe, expect, it } from "vitest";
import { sharedApp } from "./client.js";

const app = sharedApp();

const PROTECTED: Array<[string, string]> = [
  ["GET", "/api/dashboard/widgets"],
  ["GET", "/api/dashboard/alerts"],
  ["GET", "/api/dashboard/metrics"],
  ["GET", "/api/dashboard/updates?since=0"],
  ["GET", "/api/approvals"],
  ["POST", "/api/approvals"],
  ["POST", "/api/tasks/analysis/start"],
  ["POST", "/a2a/navi/rpc"],
  ["POST", "/ccr/route"],
  ["GET", "/ccr/quota"],
  ["GET", "/ccr/health"],
  ["GET", "/metrics"],
  ["GET", "/__admin/faults"],
];

describe("auth", () => {
  it.each(PROTECTED)("%s %s answers 401 without credentials", async (method, path) => {
    const response = await fetch(`${app.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "POST" ? "{}" : null,
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it.each(["/dashboard", "/approvals", "/preview/widget/metrics/positive"])(
    "page %s answers 401 with an HTML page",
    async (path) => {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(await response.text()).toContain("401");
    },
  );

  it("refuses a wrong bearer token and a wrong cookie", async () => {
    expect(
      (await fetch(`${app.url}/metrics`, { headers: { authorization: "Bearer wrong-token" } }))
        .status,
    ).toBe(401);
    expect(
      (await fetch(`${app.url}/metrics`, { headers: { cookie: "hyvve_session=wrong-token" } }))
        .status,
    ).toBe(401);
  });

  it("accepts the bearer token", async () => {
    const response = await fetch(`${app.url}/api/dashboard/widgets`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    expect(response.status).toBe(200);
  });

  it("accepts the session cookie", async () => {
    const response = await fetch(`${app.url}/api/dashboard/widgets`, {
      headers: { cookie: `other=1; hyvve_session=${app.token}` },
    });
    expect(response.status).toBe(200);
  });

  it("leaves /healthz and the agent card open", async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    expect((await fetch(`${app.url}/.well-known/agent-card.json`)).status).toBe(200);
  });

  it("rejects a malformed workspace id", async () => {
    const response = await fetch(`${app.url}/ccr/quota`, {
      headers: { authorization: `Bearer ${app.token}`, "x-workspace-id": "Not Valid!" },
    });
    expect(response.status).toBe(400);
  });
});
