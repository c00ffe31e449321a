import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOwnReferenceApp, type OwnApp } from "../shared/reference-app.js";
import { noteSkip } from "../shared/target.js";
import { findFamily, parseExposition } from "./prom-text.js";

// DM-09.2 AC4, "active task gauge updated in real time": the gauge must count
// a call while it is in flight, not only settle at 0 afterwards. A call has
// to be slow for a scrape to see it, so this starts a reference-app instance
// of its own with a start-up latency fault on navi (plus whatever faults the
// run was started with) — local only, where the fault switch exists. The
// gateway delegates to navi, so the gateway's task stays active meanwhile.

const local = (process.env["HYVVE_ENV"] ?? "local") === "local";
const NAVI_DELAY_MS = 800;

describe("active-tasks gauge in real time", () => {
  noteSkip(
    !local,
    "needs a reference-app instance started with a latency fault (HYVVE_ENV=local only)",
  );
  let app: OwnApp;

  beforeAll(async () => {
    if (!local) return;
    const startup = JSON.parse(process.env["HYVVE_FAULTS"] || "[]") as unknown[];
    app = await startOwnReferenceApp({
      HYVVE_REF_FAULTS: JSON.stringify([
        ...startup,
        { kind: "latency", route: "/a2a/navi/rpc", ms: NAVI_DELAY_MS },
      ]),
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const gauge = async (): Promise<Record<string, number>> => {
    const response = await app.fetch("/metrics");
    const family = findFamily(parseExposition(await response.text()), "a2a_active_tasks");
    expect(family, "a2a_active_tasks is not exposed on /metrics").toBeDefined();
    return Object.fromEntries(family!.samples.map((s) => [s.labels["agent"] ?? "", s.value]));
  };

  it.skipIf(!local)("counts a call while it runs and drops back to 0 when it ends", async () => {
    const inFlight = app.fetch("/a2a/dashboard_gateway/rpc", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "run",
        params: { task: "slow delegation" },
      }),
    });
    // Scrape while the call is in flight; the gateway's task stays active while navi is delayed.
    let settled = false;
    const markSettled = () => {
      settled = true;
    };
    inFlight.then(markSettled, markSettled);
    const seen: number[] = [];
    while (!settled) {
      seen.push((await gauge())["dashboard_gateway"] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const response = await inFlight;
    expect(response.status).toBe(200);
    const after = await gauge();
    expect(Math.max(...seen), `gauge values seen during the call: ${seen.join(",")}`).toBe(1);
    expect(after["dashboard_gateway"]).toBe(0);
    expect(after["navi"]).toBe(0);
  });
});
