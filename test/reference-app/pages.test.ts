import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReferenceApp, type ReferenceApp } from "../helpers/reference-app.js";
import { authed, sharedApp } from "./client.js";

describe("web UI pages", () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "ref-web-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(
      join(dir, "index.html"),
      '<!doctype html><html lang="en"><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
    );
    writeFileSync(join(dir, "assets", "app.js"), "console.log('hyvve');");
    writeFileSync(join(dir, "secret.txt"), "outside assets");
    app = await startReferenceApp({ env: { HYVVE_REF_WEB_DIR: dir } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it.each([
    "/dashboard",
    "/approvals",
    "/preview/widget/task_card/pending",
    "/preview/approval/expired",
    "/preview/approval-queue/empty",
  ])("serves index.html with the faults meta tag at %s", async (path) => {
    const response = await authed(app, path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('<head><meta name="hyvve-faults" content="[]">');
    expect(html).toContain("/assets/app.js");
  });

  it("serves assets without auth and nothing outside assets/", async () => {
    const asset = await fetch(`${app.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(await asset.text()).toContain("hyvve");
    expect((await fetch(`${app.url}/assets/..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${app.url}/assets/missing.js`)).status).toBe(404);
  });

  it("redirects / to /dashboard", async () => {
    const response = await authed(app, "/", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/dashboard");
  });
});

describe("web UI not built", () => {
  it("answers 503 with a build hint", async () => {
    const app = await startReferenceApp({
      env: { HYVVE_REF_WEB_DIR: join(tmpdir(), "ref-web-does-not-exist") },
    });
    try {
      const response = await authed(app, "/dashboard");
      expect(response.status).toBe(503);
      expect(await response.text()).toBe("web UI not built: run npm run build");
    } finally {
      await app.stop();
    }
  });

  it("serves pages on the shared app only with auth", async () => {
    const shared = sharedApp();
    expect((await fetch(`${shared.url}/approvals`)).status).toBe(401);
    expect([200, 503]).toContain((await authed(shared, "/approvals")).status);
  });
});
