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
import { authed, json, postJson, type Target } from "./client.js";

function webDirWithIndex(): string {
  const dir = mkdtempSync(join(tmpdir(), "ref-web-"));
  writeFileSync(
    join(dir, "index.html"),
    "<!doctype html><html><head><title>HYVVE</title></head><body><div id=root></div></body></html>",
  );
  return dir;
}

function putFaults(target: Target, faults: unknown): Promise<Response> {
  return authed(target, "/__admin/faults", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(faults),
  });
}

describe("fault switch", () => {
  let app: ReferenceApp;
  beforeAll(async () => {
    app = await startReferenceApp({
      faults: [{ kind: "approve-broken" }],
      env: { HYVVE_REF_WEB_DIR: webDirWithIndex() },
    });
  });
  afterAll(async () => {
    await app.stop();
  });

  it("starts with HYVVE_REF_FAULTS and lists them", async () => {
    expect(await json<unknown[]>(await authed(app, "/__admin/faults"))).toEqual([
      { kind: "approve-broken" },
    ]);
  });

  it("approve-broken fails approve with 500 and leaves the approval pending", async () => {
    await putFaults(app, [{ kind: "approve-broken" }]);
    const response = await authed(app, "/api/approvals/approval-1/approve", { method: "POST" });
    expect(response.status).toBe(500);
    expect(await json(response)).toMatchObject({ error: "approval_failed" });
    const { items } = await json<{ items: Array<{ id: string; status: string }> }>(
      await authed(app, "/api/approvals"),
    );
    expect(items.find((item) => item.id === "approval-1")?.status).toBe("pending");
  });

  it("updates-stale and updates-unfiltered break the updates feed each its own way", async () => {
    const poll = async (since: number) =>
      json<{ version: number; widgets: { id: string }[] }>(
        await authed(app, `/api/dashboard/updates?since=${since}`),
      );
    await putFaults(app, []);
    const { version } = await poll(0);
    expect((await poll(version - 1)).widgets.map((w) => w.id)).toEqual(["metrics-1"]);
    expect((await poll(version)).widgets).toEqual([]);
    await putFaults(app, [{ kind: "updates-stale" }]);
    expect((await poll(version - 1)).widgets).toEqual([]);
    await putFaults(app, [{ kind: "updates-unfiltered" }]);
    expect((await poll(version)).widgets.map((w) => w.id)).toEqual(["metrics-1"]);
    await putFaults(app, [{ kind: "approve-broken" }]);
  });

  it("approval-updates-unsent answers the decider but broadcasts no approval.updated", async () => {
    const socket = new WebSocket(`${app.url.replace(/^http/, "ws")}/api/approvals/ws`, {
      headers: { authorization: `Bearer ${app.token}` },
    });
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const events: string[] = [];
    socket.on("message", (data: Buffer) =>
      events.push((JSON.parse(String(data)) as { type: string }).type),
    );
    try {
      await putFaults(app, [{ kind: "approval-updates-unsent" }]);
      const created = await json<{ approval: { id: string } }>(
        await postJson(app, "/api/approvals", { title: "Unsent decision" }),
      );
      const rejected = await postJson(app, `/api/approvals/${created.approval.id}/reject`, {
        reason: "no",
      });
      expect(rejected.status).toBe(200);
      // A created event after the decision proves the socket is still heard.
      await postJson(app, "/api/approvals", { title: "After the decision" });
      await expect.poll(() => events.length).toBe(2);
      expect(events).toEqual(["approval.created", "approval.created"]);
    } finally {
      socket.close();
      await putFaults(app, [{ kind: "approve-broken" }]);
    }
  });

  it("injects latency on matching routes only", async () => {
    await putFaults(app, [{ kind: "latency", route: "/api/dashboard/*", ms: 400 }]);
    const timed = async (path: string) => {
      const started = performance.now();
      await authed(app, path);
      return performance.now() - started;
    };
    expect(await timed("/api/dashboard/alerts")).toBeGreaterThanOrEqual(390);
    expect(await timed("/api/approvals")).toBeLessThan(300);
  });

  it("injects errors at the given rate, deterministically", async () => {
    await putFaults(app, [
      { kind: "error-rate", route: "/api/dashboard/metrics", rate: 0.5, status: 503 },
    ]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await authed(app, "/api/dashboard/metrics")).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    expect((await authed(app, "/api/dashboard/alerts")).status).toBe(200);
  });

  it("puts client-side faults into the page's meta tag, escaped", async () => {
    const faults = [
      { kind: "visual-change", component: "metrics" },
      { kind: "quota-cleanup-disabled" },
    ];
    await putFaults(app, faults);
    const html = await (await authed(app, "/dashboard")).text();
    const content = /<meta name="hyvve-faults" content="([^"]*)">/.exec(html)?.[1];
    expect(content).toBeDefined();
    expect(content).not.toContain('"');
    expect(
      JSON.parse(
        (content ?? "")
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&amp;/g, "&"),
      ),
    ).toEqual(faults);
  });

  it("refuses an invalid fault list", async () => {
    expect((await putFaults(app, [{ kind: "no-such-fault" }])).status).toBe(400);
    expect((await putFaults(app, { kind: "latency" })).status).toBe(400);
  });

  it("reset restores the seed data and quotas but keeps the faults", async () => {
    await putFaults(app, []);
    await postJson(app, "/api/approvals", { title: "Temporary" });
    await authed(app, "/api/approvals/approval-2/approve", { method: "POST" });
    await postJson(app, "/ccr/route", { task: "code_review", estimated_tokens: 5_000 });
    await authed(app, "/api/dashboard/refresh", { method: "POST" });
    await putFaults(app, [{ kind: "ccr-fallback-disabled" }]);

    expect((await authed(app, "/__admin/reset", { method: "POST" })).status).toBe(204);
    const { items } = await json<{ items: Array<{ id: string; status: string }> }>(
      await authed(app, "/api/approvals"),
    );
    expect(items.map((item) => [item.id, item.status])).toEqual([
      ["approval-1", "pending"],
      ["approval-2", "pending"],
      ["approval-3", "pending"],
    ]);
    expect(await json(await authed(app, "/ccr/quota"))).toMatchObject({ used_today: 0 });
    expect(await json(await authed(app, "/api/dashboard/widgets"))).toMatchObject({ version: 1 });
    expect(await json<unknown[]>(await authed(app, "/__admin/faults"))).toEqual([
      { kind: "ccr-fallback-disabled" },
    ]);
  });
});

describe("fault switch in production", () => {
  it("refuses to start with faults when NODE_ENV=production", async () => {
    const result = await expectStartFailure({
      HYVVE_REF_TOKEN: "production-token",
      NODE_ENV: "production",
      HYVVE_REF_FAULTS: JSON.stringify([{ kind: "approve-broken" }]),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("NODE_ENV=production");
  });

  it("answers 403 on /__admin/* when NODE_ENV=production", async () => {
    const app = await startReferenceApp({ env: { NODE_ENV: "production" } });
    try {
      expect((await authed(app, "/__admin/faults")).status).toBe(403);
      expect((await putFaults(app, [{ kind: "approve-broken" }])).status).toBe(403);
      expect((await authed(app, "/__admin/reset", { method: "POST" })).status).toBe(403);
    } finally {
      await app.stop();
    }
  });
});
