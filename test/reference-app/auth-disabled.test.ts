import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  expectStartFailure,
  startReferenceApp,
  type ReferenceApp,
} from "../helpers/reference-app.js";
import { authed, sharedApp } from "./client.js";

// The `auth-disabled` fault really opens the app: strangers (no token, a
// wrong token, a wrong cookie) get data from every protected route, pages
// serve the UI instead of the sign-in page — and it goes away with the fault.
// Without it (the shared app) a page request gets the sign-in page.

const RPC_BODY = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "run", params: { task: "hi" } });

/** Read-only protected routes and a piece of what each returns to someone let in. */
const OPENED: Array<[string, string, string]> = [
  ["GET", "/api/dashboard/widgets", '"widgets"'],
  ["GET", "/api/dashboard/alerts", '"alerts"'],
  ["GET", "/api/dashboard/metrics", '"metrics"'],
  ["GET", "/api/approvals", '"items"'],
  ["POST", "/a2a/navi/rpc", '"result"'],
  ["GET", "/ccr/quota", '"daily_limit"'],
  ["GET", "/ccr/health", '"model_status"'],
  ["GET", "/metrics", "# HELP"],
  ["GET", "/__admin/faults", "auth-disabled"],
];

function webDirWithIndex(): string {
  const dir = mkdtempSync(join(tmpdir(), "ref-web-"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><html><head></head><body><div id=root>");
  return dir;
}

function stranger(app: ReferenceApp, method: string, path: string, headers = {}) {
  return fetch(`${app.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: method === "POST" ? RPC_BODY : null,
  });
}

function putFaults(app: ReferenceApp, faults: unknown[]): Promise<Response> {
  return authed(app, "/__admin/faults", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
}

function socketOpens(app: ReferenceApp): Promise<boolean> {
  const socket = new WebSocket(`${app.url.replace(/^http/, "ws")}/api/approvals/ws`);
  return new Promise((resolve) => {
    socket.once("open", () => {
      socket.close();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("auth-disabled fault", () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp({
      faults: [{ kind: "auth-disabled" }],
      env: { HYVVE_REF_WEB_DIR: webDirWithIndex() },
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  it.each(OPENED)("%s %s answers a stranger with data", async (method, path, data) => {
    const response = await stranger(app, method, path);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(data);
  });

  it("takes a wrong bearer token and a wrong cookie as well as none", async () => {
    for (const headers of [{ authorization: "Bearer wrong-token" }, { cookie: "hyvve_session=x" }])
      expect((await stranger(app, "GET", "/metrics", headers)).status).toBe(200);
  });

  it("serves the UI, not the sign-in page, to a browser without a session", async () => {
    const response = await stranger(app, "GET", "/dashboard");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<div id=root>");
    expect(html).not.toContain("sign-in-page");
  });

  it("opens the approvals WebSocket without credentials", async () => {
    expect(await socketOpens(app)).toBe(true);
  });

  it("goes away with the fault and comes back with it, at run time", async () => {
    expect((await putFaults(app, [])).status).toBe(200);
    expect((await stranger(app, "GET", "/api/approvals")).status).toBe(401);
    expect((await stranger(app, "GET", "/dashboard")).status).toBe(401);
    expect(await socketOpens(app)).toBe(false);
    expect((await putFaults(app, [{ kind: "auth-disabled" }])).status).toBe(200);
    expect((await stranger(app, "GET", "/api/approvals")).status).toBe(200);
  });
});

describe("without auth-disabled", () => {
  it("a page request without a session gets the sign-in page, with no data and no script", async () => {
    const response = await fetch(`${sharedApp().url}/approvals`);
    expect(response.status).toBe(401);
    const html = await response.text();
    expect(html).toContain('data-testid="sign-in-page"');
    expect(html).toContain("<h1>Sign in to HYVVE</h1>");
    expect(html).not.toMatch(/<script|approval-1|Blog Post/);
  });

  it("is refused at start-up when NODE_ENV=production", async () => {
    const result = await expectStartFailure({
      HYVVE_REF_TOKEN: "production-token",
      NODE_ENV: "production",
      HYVVE_REF_FAULTS: JSON.stringify([{ kind: "auth-disabled" }]),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("NODE_ENV=production");
  });
});
