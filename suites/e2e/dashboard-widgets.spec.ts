/** DM-09.4 dashboard widgets: every type renders; invalid data shows the validation error widget; at most 50 alerts; the updates feed; refresh shows new data. */
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "../../fixtures/index.js";

const WIDGET_TYPES = ["task_card", "metrics", "alert", "progress", "project_status"] as const;
const MAX_ALERTS = 50;
/** The widget whose value moves with every refresh (CONTRACT.md, "Dashboard"). */
const LIVE_METRIC_WIDGET = "metrics-1";

/** One poll of the updates feed, as a dashboard client makes it. */
async function pollUpdates(
  api: APIRequestContext,
  since: number,
): Promise<{ version: number; widgets: { id: string }[] }> {
  const res = await api.get(`/api/dashboard/updates?since=${since}`);
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as { version: number; widgets: { id: string }[] };
}

const ONE_OF_EACH = [
  { id: "task-1", type: "task_card", data: { title: "Task 1", status: "pending" } },
  {
    id: "metrics-1",
    type: "metrics",
    data: { value: 42, label: "Active Users", trend: "up", change: 5 },
  },
  { id: "alert-1", type: "alert", data: { level: "warning", message: "Low disk space" } },
  { id: "progress-1", type: "progress", data: { progress: 40, label: "Import" } },
  {
    id: "project-1",
    type: "project_status",
    data: { health: "healthy", score: 95, project: "Core" },
  },
];

test.describe("Dashboard widgets", () => {
  test.describe("mocked", () => {
    test.beforeEach(async ({ mockApi }) => {
      await mockApi("/api/dashboard/alerts", { body: { alerts: [] } });
    });

    test("renders every widget type", async ({ dashboard, mockApi }) => {
      await mockApi("/api/dashboard/widgets", { body: { version: 1, widgets: ONE_OF_EACH } });
      await dashboard.open();
      await expect(dashboard.widgets).toHaveCount(ONE_OF_EACH.length);
      for (const w of ONE_OF_EACH)
        await expect(dashboard.widget(w.id)).toHaveAttribute("data-widget-type", w.type);
      await expect(dashboard.widget("task-1")).toContainText("Task 1");
      await expect(dashboard.widget("metrics-1")).toContainText("42");
      await expect(dashboard.widget("metrics-1")).toContainText("Active Users");
      await expect(dashboard.widget("alert-1")).toContainText("Low disk space");
    });

    test("invalid widget data shows the validation error widget without breaking the page", async ({
      dashboard,
      mockApi,
    }) => {
      await mockApi("/api/dashboard/widgets", {
        body: {
          version: 1,
          widgets: [ONE_OF_EACH[1], { id: "invalid-1", type: "task_card", data: { title: 123 } }],
        },
      });
      await dashboard.open();
      await expect(dashboard.widget("invalid-1")).toHaveAttribute("data-widget-type", "invalid");
      await expect(dashboard.widget("invalid-1")).toContainText("validation");
      await expect(dashboard.widget("metrics-1")).toContainText("42");
      await expect(dashboard.errorBanner).toHaveCount(0);
    });

    test(`renders no more than ${MAX_ALERTS} alerts`, async ({ dashboard, mockApi }) => {
      const alerts = Array.from({ length: 100 }, (_, i) => ({
        id: `a-${i}`,
        level: "info",
        message: `Alert ${i}`,
        createdAt: "2025-01-01T12:00:00.000Z",
      }));
      await mockApi("/api/dashboard/widgets", { body: { version: 1, widgets: [] } });
      await mockApi("/api/dashboard/alerts", { body: { alerts } });
      await dashboard.open();
      await expect(dashboard.alerts.first()).toBeVisible();
      await expect(dashboard.alerts).toHaveCount(MAX_ALERTS);
    });

    test("refresh shows new data", async ({ dashboard, mockApi }) => {
      await mockApi(
        "/api/dashboard/refresh",
        { body: { version: 2, widgets: [] } },
        { method: "POST" },
      );
      await mockApi("/api/dashboard/widgets", (_request, call) => ({
        body: {
          version: call + 1,
          widgets: [
            {
              id: "metrics-1",
              type: "metrics",
              data: { value: call === 0 ? 10 : 20, label: "Active Users" },
            },
          ],
        },
      }));
      await dashboard.open();
      await expect(dashboard.widget("metrics-1")).toContainText("10");
      await dashboard.refresh();
      await expect(dashboard.widget("metrics-1")).toContainText("20");
    });
  });

  test.describe("live", () => {
    test("renders every widget type", async ({ dashboard }) => {
      await dashboard.open();
      for (const type of WIDGET_TYPES)
        await expect(dashboard.widgetsOfType(type).first()).toBeVisible();
    });

    test("invalid widget data shows the validation error widget without breaking the page", async ({
      dashboard,
    }) => {
      await dashboard.open();
      const invalid = dashboard.widgetsOfType("invalid");
      await expect(invalid).toHaveCount(1);
      await expect(invalid).toContainText("validation");
      await expect(dashboard.widgetsOfType("metrics").first()).toBeVisible();
      await expect(dashboard.errorBanner).toHaveCount(0);
    });

    test(`renders no more than ${MAX_ALERTS} alerts`, async ({ dashboard, api }) => {
      const { alerts } = (await (await api.get("/api/dashboard/alerts")).json()) as {
        alerts: unknown[];
      };
      await dashboard.open();
      await expect(dashboard.alerts.first()).toBeVisible();
      await expect(dashboard.alerts).toHaveCount(Math.min(alerts.length, MAX_ALERTS));
    });

    test("a poller with an earlier version gets the widgets changed since", async ({ api }) => {
      const before = await pollUpdates(api, 0);
      const refreshed = await api.post("/api/dashboard/refresh");
      expect(refreshed.status(), await refreshed.text()).toBe(200);
      const update = await pollUpdates(api, before.version);
      expect(update.version).toBeGreaterThan(before.version);
      expect(update.widgets.map((w) => w.id)).toContain(LIVE_METRIC_WIDGET);
    });

    test("a poller with the current version gets nothing new", async ({ api }) => {
      // Other cases may refresh between the two polls: then ask again.
      for (let attempt = 0; attempt < 5; attempt++) {
        const current = await pollUpdates(api, 0);
        const again = await pollUpdates(api, current.version);
        if (again.version !== current.version) continue;
        expect(again.widgets).toEqual([]);
        return;
      }
      throw new Error("the dashboard version moved between every pair of polls");
    });

    test("refresh shows new data", async ({ dashboard }) => {
      await dashboard.open();
      const before = await dashboard.metricValue("metrics-1");
      await dashboard.refresh();
      // Other cases may refresh too: the simulated value only grows.
      await expect.poll(() => dashboard.metricValue("metrics-1")).toBeGreaterThan(before);
    });
  });
});
