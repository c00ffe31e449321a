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
    const app = await startReferenceApp();
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const started = performance.now();
    await app.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
