import { describe, expect, it } from "vitest";
import {
  FAILING_TASK_MESSAGE,
  FAILING_TASK_NAME,
} from "../../fixtures/reference-app/shared/seed.js";
import { authed, json, sharedApp } from "./client.js";
import { readSse } from "./sse.js";

const app = sharedApp();

async function startTask(name: string): Promise<string> {
  const response = await authed(app, `/api/tasks/${name}/start`, { method: "POST" });
  expect(response.status).toBe(202);
  return (await json<{ taskId: string }>(response)).taskId;
}

describe("tasks and their SSE progress stream", () => {
  it("streams 0 → 50 → 100 then Completed, within 2 s", async () => {
    const taskId = await startTask("analysis");
    const response = await authed(app, `/api/tasks/${taskId}/stream`);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await readSse(response);
    expect(events.map((e) => [e.event, e.data["progress"]])).toEqual([
      ["progress", 0],
      ["progress", 50],
      ["progress", 100],
      ["done", 100],
    ]);
    expect(events.at(-1)?.data["status"]).toBe("Completed");
    expect(events.at(-1)?.atMs).toBeLessThan(2_000);
    // Progress arrives over time, not all at once.
    expect((events[2]?.atMs ?? 0) - (events[0]?.atMs ?? 0)).toBeGreaterThan(150);
  });

  it("replays a finished task to a late subscriber", async () => {
    const taskId = await startTask("late-reader");
    await new Promise((resolve) => setTimeout(resolve, 900));
    const events = await readSse(await authed(app, `/api/tasks/${taskId}/stream`));
    expect(events.map((e) => e.event)).toEqual(["progress", "progress", "progress", "done"]);
  });

  it(`fails the task named ${FAILING_TASK_NAME} with a message`, async () => {
    const taskId = await startTask(FAILING_TASK_NAME);
    const events = await readSse(await authed(app, `/api/tasks/${taskId}/stream`));
    expect(events.map((e) => e.event)).toEqual(["progress", "progress", "error"]);
    expect(events.at(-1)?.data["message"]).toBe(FAILING_TASK_MESSAGE);
  });

  it("answers 404 for an unknown task and 400 for a bad name", async () => {
    expect((await authed(app, "/api/tasks/task-999999/stream")).status).toBe(404);
    expect((await authed(app, "/api/tasks/Bad_Name/start", { method: "POST" })).status).toBe(400);
  });
});
