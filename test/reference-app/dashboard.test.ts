import { describe, expect, it } from "vitest";
import {
  liveMetricValue,
  MAX_ALERTS,
  widgetSchema,
  WIDGET_TYPES,
  type RawWidget,
} from "../../fixtures/reference-app/shared/index.js";
import { authed, json, sharedApp } from "./client.js";

const app = sharedApp();

describe("dashboard API", () => {
  it("serves every widget type, all valid except the seeded invalid one", async () => {
    const body = await json<{ version: number; widgets: RawWidget[] }>(
      await authed(app, "/api/dashboard/widgets"),
    );
    expect(new Set(body.widgets.map((widget) => widget.type))).toEqual(new Set(WIDGET_TYPES));
    const invalid = body.widgets
      .filter((widget) => !widgetSchema.safeParse(widget).success)
      .map((widget) => widget.id);
    expect(invalid).toEqual(["invalid-1"]);
  });

  it("serves more alerts than the UI bound", async () => {
    const body = await json<{ alerts: Array<{ id: string; level: string }> }>(
      await authed(app, "/api/dashboard/alerts"),
    );
    expect(body.alerts.length).toBe(60);
    expect(body.alerts.length).toBeGreaterThan(MAX_ALERTS);
    expect(new Set(body.alerts.map((alert) => alert.level))).toEqual(
      new Set(["info", "warning", "error"]),
    );
  });

  it("serves summary metrics", async () => {
    const body = await json<{ metrics: Array<{ id: string; value: number }> }>(
      await authed(app, "/api/dashboard/metrics"),
    );
    expect(body.metrics.map((metric) => metric.id)).toContain("active-users");
  });

  it("refresh advances the version and changes the live metric; updates report it", async () => {
    const before = await json<{ version: number }>(await authed(app, "/api/dashboard/widgets"));
    const refreshed = await json<{ version: number; widgets: RawWidget[] }>(
      await authed(app, "/api/dashboard/refresh", { method: "POST" }),
    );
    expect(refreshed.version).toBe(before.version + 1);
    const live = refreshed.widgets.find((widget) => widget.id === "metrics-1");
    expect((live?.data as { value: number }).value).toBe(liveMetricValue(refreshed.version));

    const updates = await json<{ version: number; widgets: RawWidget[] }>(
      await authed(app, `/api/dashboard/updates?since=${before.version}`),
    );
    expect(updates.widgets.map((widget) => widget.id)).toEqual(["metrics-1"]);
    const none = await json<{ widgets: RawWidget[] }>(
      await authed(app, `/api/dashboard/updates?since=${updates.version}`),
    );
    expect(none.widgets).toEqual([]);
  });
});
