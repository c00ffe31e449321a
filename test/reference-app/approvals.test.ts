import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  approvalSchema,
  LOW_CONFIDENCE_THRESHOLD,
  type Approval,
  type ApprovalEvent,
} from "../../fixtures/reference-app/shared/approvals.js";
import { authed, json, postJson, sharedApp } from "./client.js";

const app = sharedApp();

async function create(title: string): Promise<Approval> {
  const response = await postJson(app, "/api/approvals", { title, confidence: 0.9 });
  expect(response.status).toBe(201);
  return (await json<{ approval: Approval }>(response)).approval;
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  const socket = new WebSocket(`${app.url.replace(/^http/, "ws")}/api/approvals/ws`, { headers });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

describe("approvals", () => {
  it("lists the seed approvals with fixed dates, one low-confidence", async () => {
    const { items } = await json<{ items: Approval[] }>(await authed(app, "/api/approvals"));
    for (const item of items) approvalSchema.parse(item);
    const seed = items.filter((item) =>
      ["approval-1", "approval-2", "approval-3"].includes(item.id),
    );
    expect(seed.map((item) => item.createdAt)).toEqual([
      "2025-01-01T12:00:00.000Z",
      "2025-01-01T12:10:00.000Z",
      "2025-01-01T12:20:00.000Z",
    ]);
    expect(
      seed.filter((item) => item.confidence < LOW_CONFIDENCE_THRESHOLD).map((item) => item.id),
    ).toEqual(["approval-3"]);
  });

  it("approves a pending approval and refuses to decide it twice", async () => {
    const approval = await create("Approve me");
    const response = await authed(app, `/api/approvals/${approval.id}/approve`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      success: true,
      status: "approved",
      approval: { id: approval.id, approvedBy: "qa@hyvve.test" },
    });
    const { items } = await json<{ items: Approval[] }>(await authed(app, "/api/approvals"));
    expect(items.find((item) => item.id === approval.id)?.status).toBe("approved");
    expect(
      (await authed(app, `/api/approvals/${approval.id}/approve`, { method: "POST" })).status,
    ).toBe(409);
  });

  it("rejects with a reason, and requires one", async () => {
    const approval = await create("Reject me");
    expect((await postJson(app, `/api/approvals/${approval.id}/reject`, {})).status).toBe(400);
    const response = await postJson(app, `/api/approvals/${approval.id}/reject`, {
      reason: "Content needs revision",
    });
    expect(await json(response)).toMatchObject({
      status: "rejected",
      approval: { rejectionReason: "Content needs revision" },
    });
  });

  it("answers 404 for an unknown approval and 400 for an invalid one", async () => {
    expect((await authed(app, "/api/approvals/nope/approve", { method: "POST" })).status).toBe(404);
    expect((await postJson(app, "/api/approvals", { title: "" })).status).toBe(400);
  });

  it("broadcasts a created approval over the WebSocket (cookie auth)", async () => {
    const socket = await openSocket({ cookie: `hyvve_session=${app.token}` });
    try {
      const message = new Promise<ApprovalEvent>((resolve) =>
        socket.on("message", (data: Buffer) => {
          const event = JSON.parse(data.toString()) as ApprovalEvent;
          if (event.approval.title === "Live one") resolve(event);
        }),
      );
      const created = await create("Live one");
      const event = await message;
      expect(event.type).toBe("approval.created");
      expect(event.approval).toEqual(created);
    } finally {
      socket.close();
    }
  });

  it("refuses the WebSocket without auth", async () => {
    await expect(openSocket({})).rejects.toThrow(/401/);
  });
});
