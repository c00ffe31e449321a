import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectStartFailure, startReferenceApp } from "../helpers/reference-app.js";

describe("server lifecycle", () => {
  it("refuses a non-loopback host", async () => {
    const result = await expectStartFailure({
      HYVVE_REF_TOKEN: "lifecycle-token",
      HYVVE_REF_HOST: "0.0.0.0",
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("loopback");
  });

  it("requires HYVVE_REF_TOKEN", async () => {
    const result = await expectStartFailure({ HYVVE_REF_TOKEN: "" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("HYVVE_REF_TOKEN");
  });

  it("prints one ready line, never the token, and stops within 2 s on SIGTERM", async () => {
    const token = `lifecycle-${randomBytes(18).toString("hex")}`;
    // Everything the app prints, stdout and stderr, from spawn until it has exited.
    const output: string[] = [];
    const app = await startReferenceApp({ token, onLog: (line) => output.push(line) });
    expect(app.token).toBe(token);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // Authenticated requests (and a refused one), so that request logging, if
    // there were any, would have had the token in front of it.
    const auth = { authorization: `Bearer ${token}` };
    const widgets = await fetch(`${app.url}/api/dashboard/widgets`, { headers: auth });
    expect(widgets.status).toBe(200);
    const dashboard = await fetch(`${app.url}/api/dashboard`, { headers: auth });
    expect(dashboard.status).not.toBe(401);
    await dashboard.arrayBuffer();
    const refused = await fetch(`${app.url}/api/dashboard/widgets`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(refused.status).toBe(401);
    await refused.arrayBuffer();

    const started = performance.now();
    await app.stop();
    expect(performance.now() - started).toBeLessThan(2_000);

    const all = output.join("\n");
    const ready = output.filter((line) => line.startsWith('{"event":"ready"'));
    expect(ready, all).toHaveLength(1);
    // Started without ports of their own, every service is the one URL.
    expect(JSON.parse(ready[0]!)).toEqual({
      event: "ready",
      url: app.url,
      services: { web: app.url, agents: app.url, ccr: app.url },
    });
    for (const encoded of [
      token,
      Buffer.from(token).toString("base64"),
      Buffer.from(token).toString("base64url"),
    ]) {
      expect(all).not.toContain(encoded);
    }
    expect(all).not.toMatch(/bearer|authorization/i);
  });
});
