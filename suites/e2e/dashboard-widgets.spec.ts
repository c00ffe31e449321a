/** DM-09.4 dashboard widgets: every type renders; invalid data shows the validation error widget; at most 50 alerts; refresh shows new data. */
import { expect, test } from "../../fixtures/index.js";

const WIDGET_TYPES = ["task_card", "metrics", "alert", "progress", "project_status"] as const;
const MAX_ALERTS = 50;

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

    test("refresh shows new data", async ({ dashboard }) => {
      await dashboard.open();
      const before = await dashboard.metricValue("metrics-1");
      await dashboard.refresh();
      // Other cases may refresh too: the simulated value only grows.
      await expect.poll(() => dashboard.metricValue("metrics-1")).toBeGreaterThan(before);
    });
  });
});
