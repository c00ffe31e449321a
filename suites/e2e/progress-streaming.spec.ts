/** DM-09.4 progress streaming: a task goes 0 → 50 → 100 and "Completed"; a failing task shows its error in the banner. */
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, sseBody, test } from "../../fixtures/index.js";

const FAILING_TASK_MESSAGE = "Task failed: upstream agent returned an error";

test.describe("Progress streaming", () => {
  test.describe("mocked", () => {
    test.beforeEach(async ({ mockApi }) => {
      await mockApi("/api/dashboard/widgets", {
        body: {
          version: 1,
          widgets: [
            { id: "progress-1", type: "progress", data: { progress: 0, label: "Analysis" } },
          ],
        },
      });
      await mockApi("/api/dashboard/alerts", { body: { alerts: [] } });
    });

    test("task progress goes 0 → 50 → 100 and Completed", async ({ dashboard, mockApi }) => {
      await mockApi(
        "/api/tasks/analysis/start",
        { status: 202, body: { taskId: "task-mock-1", name: "analysis" } },
        { method: "POST" },
      );
      // The stream connects and stays silent; the updates come as the spec's `dashboard:progress` events, one at a time.
      await mockApi("/api/tasks/task-mock-1/stream", { hang: true });
      await dashboard.open();
      await expect(dashboard.progressBar).toHaveAttribute("aria-valuenow", "0");
      await dashboard.startTask("analysis");
      await expect(dashboard.taskStatus).toHaveText("Running");

      await dashboard.pushProgress({ progress: 50, status: "running" });
      await expect(dashboard.progressBar).toHaveAttribute("aria-valuenow", "50");
      await expect(dashboard.taskStatus).toHaveText("Running");

      await dashboard.pushProgress({ progress: 100, status: "Completed" });
      await dashboard.waitForTaskCompletion();
      await expect(dashboard.progressBar).toHaveAttribute("aria-valuenow", "100");
      await expect(dashboard.errorBanner).toHaveCount(0);
    });

    test("a failing task shows its error in the banner", async ({ dashboard, mockApi }) => {
      await mockApi(
        "/api/tasks/failing-task/start",
        { status: 202, body: { taskId: "task-mock-2", name: "failing-task" } },
        { method: "POST" },
      );
      await mockApi("/api/tasks/task-mock-2/stream", {
        contentType: "text/event-stream",
        raw: sseBody([
          { event: "progress", data: { progress: 0, status: "running" } },
          { event: "progress", data: { progress: 50, status: "running" } },
          { event: "error", data: { message: FAILING_TASK_MESSAGE } },
        ]),
      });
      await dashboard.open();
      await dashboard.startTask("failing-task");
      await expect(dashboard.errorBanner).toBeVisible();
      await expect(dashboard.errorBanner).toContainText(FAILING_TASK_MESSAGE);
      await expect(dashboard.taskStatus).toHaveText("Failed");
    });

    test("a task that cannot start shows the server's error in the banner", async ({
      dashboard,
      mockApi,
    }) => {
      await mockApi(
        "/api/tasks/analysis/start",
        { status: 500, body: { error: "Task failed" } },
        { method: "POST" },
      );
      await dashboard.open();
      await dashboard.startTask("analysis");
      await expect(dashboard.errorBanner).toContainText("Task failed");
      await expect(dashboard.taskStatus).toHaveText("Failed");
    });
  });

  test.describe("live", () => {
    /**
     * The whole stream of a task as the server sends it (it replays from the
     * start and ends after `done`/`error`), read over the API next to the page.
     */
    async function streamEvents(
      api: APIRequestContext,
      taskId: string,
    ): Promise<{ event: string; data: Record<string, unknown> }[]> {
      const res = await api.get(`/api/tasks/${encodeURIComponent(taskId)}/stream`, {
        timeout: 10_000,
      });
      expect(res.status()).toBe(200);
      return (await res.text())
        .split("\n\n")
        .map((block) => ({
          event: /^event: (.*)$/m.exec(block)?.[1] ?? "",
          data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "{}") as Record<string, unknown>,
        }))
        .filter((e) => e.event !== "");
    }

    function startedTaskId(page: Page, name: string): Promise<string> {
      return page
        .waitForResponse((r) => new URL(r.url()).pathname === `/api/tasks/${name}/start`)
        .then(async (r) => ((await r.json()) as { taskId: string }).taskId);
    }

    // The server sends 0 → 50 → 100 about 200 ms apart. The UI is checked for
    // what it must show (each value it shows, in order, ending at 100 and
    // "Completed"); that every step is on the wire is checked on the stream
    // itself, since a slow machine may receive two steps in one chunk and
    // React then renders only the last (the mocked case checks each step renders).
    test("task progress goes 0 → 50 → 100 and Completed", async ({ dashboard, api }) => {
      await dashboard.open();
      const progressSeen = await dashboard.recordProgress();
      const taskId = startedTaskId(dashboard.page, "analysis");
      await dashboard.startTask("analysis");
      await dashboard.waitForTaskCompletion();
      await expect(dashboard.progressBar).toHaveAttribute("aria-valuenow", "100");
      await expect(dashboard.errorBanner).toHaveCount(0);
      const seen = await progressSeen();
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(100);
      expect([0, 50, 100].filter((v) => seen.includes(v))).toEqual(seen);

      const events = await streamEvents(api, await taskId);
      expect(events.filter((e) => e.event === "progress").map((e) => e.data["progress"])).toEqual([
        0, 50, 100,
      ]);
      expect(events.at(-1)).toEqual({
        event: "done",
        data: { progress: 100, status: "Completed" },
      });
    });

    test("a failing task shows its error in the banner", async ({ dashboard, api }) => {
      await dashboard.open();
      const taskId = startedTaskId(dashboard.page, "failing-task");
      await dashboard.startTask("failing-task");
      await expect(dashboard.errorBanner).toContainText(FAILING_TASK_MESSAGE);
      await expect(dashboard.taskStatus).toHaveText("Failed");
      const events = await streamEvents(api, await taskId);
      expect(events.map((e) => e.event)).toEqual(["progress", "progress", "error"]);
    });
  });
});
