/** DM-09.4 approval queue: lists pending items; approve; reject with a reason; new approvals and decisions made elsewhere arrive live. */
import type { APIRequestContext } from "@playwright/test";
import { signIn } from "../../fixtures/auth/auth.js";
import { expect, test } from "../../fixtures/index.js";
import { ApprovalPage } from "../../fixtures/pages/index.js";
import { uniqueTitle } from "./modes.js";

const pending = (id: string, title: string, confidence: number) => ({
  id,
  type: "content_publish",
  title,
  description: "Mocked approval",
  agent: "navi",
  status: "pending",
  confidence,
  createdAt: "2025-01-01T12:00:00.000Z",
});

test.describe("Approval queue", () => {
  test.describe("mocked", () => {
    test.beforeEach(async ({ mockWebSocket }) => {
      // Always mocked here, so approvals other (live) cases create never reach this page.
      await mockWebSocket();
    });

    test("lists pending approvals", async ({ approvals, mockApi }) => {
      await mockApi("/api/approvals", {
        body: {
          items: [
            pending("approval-1", "Blog Post: AI in 2025", 0.75),
            pending("approval-2", "Newsletter Campaign", 0.62),
          ],
        },
      });
      await approvals.open();
      await expect(approvals.approvalCards).toHaveCount(2);
      await expect(approvals.card("approval-1")).toHaveAttribute("data-status", "pending");
      await expect(approvals.card("approval-1")).toContainText("Blog Post: AI in 2025");
      await expect(approvals.card("approval-2")).toContainText("Newsletter Campaign");
      await expect(approvals.emptyState).toHaveCount(0);
    });

    test("approves an item", async ({ approvals, mockApi }) => {
      await mockApi(
        "/api/approvals",
        { body: { items: [pending("approval-1", "Test Content", 0.8)] } },
        { method: "GET" },
      );
      const approve = await mockApi("/api/approvals/approval-1/approve", {
        body: {
          success: true,
          status: "approved",
          approval: {
            ...pending("approval-1", "Test Content", 0.8),
            status: "approved",
            approvedBy: "qa@hyvve.test",
          },
        },
      });
      await approvals.open();
      await approvals.approveItem("approval-1");
      expect(approve.requests).toHaveLength(1);
      await expect(approvals.card("approval-1")).toContainText("Approved by qa@hyvve.test");
    });

    test("rejects an item with a reason", async ({ approvals, mockApi }) => {
      await mockApi(
        "/api/approvals",
        { body: { items: [pending("approval-1", "Test Content", 0.8)] } },
        { method: "GET" },
      );
      const reject = await mockApi("/api/approvals/approval-1/reject", (request) => ({
        body: {
          success: true,
          status: "rejected",
          approval: {
            ...pending("approval-1", "Test Content", 0.8),
            status: "rejected",
            rejectionReason: (request.postDataJSON() as { reason: string }).reason,
          },
        },
      }));
      await approvals.open();
      await approvals.rejectItem("approval-1", "Content needs revision");
      expect(reject.requests[0]?.postDataJSON()).toEqual({ reason: "Content needs revision" });
      await expect(approvals.card("approval-1")).toContainText("Reason: Content needs revision");
    });

    test("a new approval arrives live and leaves the empty state", async ({
      approvals,
      mockApi,
      mockWebSocket,
    }) => {
      await mockApi("/api/approvals", { body: { items: [] } });
      const socket = await mockWebSocket();
      await approvals.open();
      await expect(approvals.emptyState).toBeVisible();
      await socket.send({
        type: "approval.created",
        approval: pending("approval-new", "New Approval Item", 0.9),
      });
      await approvals.waitForNewApproval(0);
      await expect(approvals.card("approval-new")).toContainText("New Approval Item");
      await expect(approvals.emptyState).toHaveCount(0);
    });
  });

  test.describe("live", () => {
    async function createApproval(api: APIRequestContext, title: string): Promise<string> {
      const res = await api.post("/api/approvals", {
        data: { title, type: "content_publish", agent: "navi", confidence: 0.8 },
      });
      expect(res.status(), await res.text()).toBe(201);
      return ((await res.json()) as { approval: { id: string } }).approval.id;
    }

    async function statusOf(
      api: APIRequestContext,
      id: string,
    ): Promise<Record<string, unknown> | undefined> {
      const res = await api.get("/api/approvals");
      const { items } = (await res.json()) as { items: Record<string, unknown>[] };
      return items.find((a) => a.id === id);
    }

    test("lists pending approvals", async ({ approvals, api }) => {
      const title = uniqueTitle("Live listing");
      const id = await createApproval(api, title);
      await approvals.open();
      await expect(approvals.card(id)).toHaveAttribute("data-status", "pending");
      await expect(approvals.card(id)).toContainText(title);
      await expect(
        approvals.approvalCards.and(approvals.page.locator("[data-status='pending']")).first(),
      ).toBeVisible();
      await expect(approvals.emptyState).toHaveCount(0);
    });

    test("approves an item", async ({ approvals, api }) => {
      const id = await createApproval(api, uniqueTitle("Live approve"));
      await approvals.open();
      await approvals.approveItem(id);
      expect((await statusOf(api, id))?.["status"]).toBe("approved");
    });

    test("rejects an item with a reason", async ({ approvals, api }) => {
      const id = await createApproval(api, uniqueTitle("Live reject"));
      await approvals.open();
      await approvals.rejectItem(id, "Content needs revision");
      await expect(approvals.card(id)).toContainText("Reason: Content needs revision");
      const stored = await statusOf(api, id);
      expect(stored?.["status"]).toBe("rejected");
      expect(stored?.["rejectionReason"]).toBe("Content needs revision");
    });

    test("an approve made in another browser reaches this open queue without a reload", async ({
      approvals,
      api,
      browser,
      testUser,
    }) => {
      const id = await createApproval(api, uniqueTitle("Live approve elsewhere"));
      await approvals.openSettled();
      await expect(approvals.card(id)).toHaveAttribute("data-status", "pending");
      let navigations = 0;
      approvals.page.on("framenavigated", () => navigations++);
      // A second session decides, as a colleague at another desk would.
      const elsewhere = await browser.newContext({ baseURL: testUser.baseURL });
      try {
        await signIn(elsewhere, testUser);
        const other = new ApprovalPage(await elsewhere.newPage());
        await other.open();
        await other.approveItem(id);
      } finally {
        await elsewhere.close();
      }
      await expect(approvals.card(id)).toHaveAttribute("data-status", "approved");
      expect(navigations, "the queue reloaded instead of hearing it live").toBe(0);
    });

    test("a rejection made through the API reaches this open queue with its reason", async ({
      approvals,
      api,
    }) => {
      const id = await createApproval(api, uniqueTitle("Live reject elsewhere"));
      await approvals.openSettled();
      await expect(approvals.card(id)).toHaveAttribute("data-status", "pending");
      const res = await api.post(`/api/approvals/${id}/reject`, {
        data: { reason: "Off-brand tone" },
      });
      expect(res.status(), await res.text()).toBe(200);
      await expect(approvals.card(id)).toHaveAttribute("data-status", "rejected");
      await expect(approvals.card(id)).toContainText("Reason: Off-brand tone");
    });

    test("a new approval arrives live", async ({ approvals, api }) => {
      await approvals.open();
      const title = uniqueTitle("Live arrival");
      const id = await createApproval(api, title);
      // Arrives over the WebSocket, without a reload.
      await expect(approvals.card(id)).toContainText(title);
      await expect(approvals.card(id)).toHaveAttribute("data-status", "pending");
      await expect(approvals.emptyState).toHaveCount(0);
    });
  });
});
