// apps/web/e2e/tests/approval-queue.spec.ts (spec DM-09.4)
import { test, expect } from '../fixtures';
import { ApprovalPage } from '../pages/approval.page';

test.describe('Approval Queue', () => {
  let approvalPage: ApprovalPage;

  test.beforeEach(async ({ authenticatedPage }) => {
    approvalPage = new ApprovalPage(authenticatedPage);
  });

  test.describe('with a mocked backend', () => {
    test.beforeEach(async ({ mockWebSocket }) => {
      // A quiet socket: broadcasts from other clients of the shared stack cannot add cards.
      await mockWebSocket([]);
    });

    test('displays pending approvals', async ({ mockApi }) => {
      await mockApi('/api/approvals', {
        body: {
          items: [
            {
              id: 'approval-1',
              type: 'content_publish',
              title: 'Blog Post: AI in 2025',
              status: 'pending',
              confidence: 0.75,
              createdAt: '2025-01-01T12:00:00.000Z',
            },
            {
              id: 'approval-2',
              type: 'email_send',
              title: 'Newsletter Campaign',
              status: 'pending',
              confidence: 0.62,
              createdAt: '2025-01-01T12:00:00.000Z',
            },
          ],
        },
      });

      await approvalPage.goto();
      await expect(approvalPage.approvalQueue).toBeVisible();

      await expect(approvalPage.approvalCards).toHaveCount(2);
      const count = await approvalPage.getApprovalCount();
      expect(count).toBe(2);
    });

    test('approves item successfully', async ({ mockApi }) => {
      await mockApi('/api/approvals', {
        body: {
          items: [
            {
              id: 'approval-1',
              type: 'content_publish',
              title: 'Test Content',
              status: 'pending',
              confidence: 0.8,
            },
          ],
        },
      });

      await mockApi('/api/approvals/approval-1/approve', {
        body: { success: true, status: 'approved' },
      });

      await approvalPage.goto();
      await approvalPage.approveItem('approval-1');

      // Verify approved state
      const card = approvalPage.page.locator('[data-testid="approval-card-approval-1"]');
      await expect(card).toHaveAttribute('data-status', 'approved');
    });

    test('rejects item with reason', async ({ mockApi }) => {
      await mockApi('/api/approvals', {
        body: {
          items: [
            {
              id: 'approval-1',
              type: 'content_publish',
              title: 'Test Content',
              status: 'pending',
            },
          ],
        },
      });

      await mockApi('/api/approvals/approval-1/reject', {
        body: { success: true, status: 'rejected' },
      });

      await approvalPage.goto();
      await approvalPage.rejectItem('approval-1', 'Content needs revision');

      const card = approvalPage.page.locator('[data-testid="approval-card-approval-1"]');
      await expect(card).toHaveAttribute('data-status', 'rejected');
    });

    test('receives real-time approval updates', async ({ mockApi, mockWebSocket }) => {
      await mockApi('/api/approvals', {
        body: { items: [] },
      });

      // Mock WebSocket message for new approval (the later mock replaces the quiet one)
      const socket = await mockWebSocket([
        {
          type: 'approval:new',
          data: {
            id: 'approval-new',
            type: 'content_publish',
            title: 'New Approval Item',
            status: 'pending',
          },
        },
      ]);

      await approvalPage.goto();

      // Verify empty state initially
      await expect(approvalPage.emptyState).toBeVisible();
      await approvalPage.waitForLive();

      // Deliver the WebSocket update and wait for it
      await approvalPage.waitForNewApproval(() => socket.deliver(), 15000);

      // Verify new item appeared
      const count = await approvalPage.getApprovalCount();
      expect(count).toBe(1);
      await expect(approvalPage.card('approval-new')).toContainText('New Approval Item');
    });
  });

  test.describe('against the live stack', () => {
    // Each test creates its own approval (POST /api/approvals) and decides only that one.
    const createApproval = async (
      api: import('@playwright/test').APIRequestContext,
      title: string,
    ): Promise<string> => {
      const res = await api.post('/api/approvals', {
        data: { title, type: 'content_publish', agent: 'navi', confidence: 0.82 },
      });
      expect(res.status(), await res.text()).toBe(201);
      const { approval } = (await res.json()) as { approval: { id: string } };
      return approval.id;
    };

    test('approves an approval created through the API', async ({ api }, testInfo) => {
      const id = await createApproval(api, `E2E approve ${testInfo.testId}`);
      await approvalPage.goto();
      await expect(approvalPage.card(id)).toHaveAttribute('data-status', 'pending');

      await approvalPage.approveItem(id);

      const res = await api.get('/api/approvals');
      const { items } = (await res.json()) as { items: Array<{ id: string; status: string }> };
      expect(items.find((item) => item.id === id)?.status).toBe('approved');
    });

    test('rejects an approval with a reason', async ({ api }, testInfo) => {
      const id = await createApproval(api, `E2E reject ${testInfo.testId}`);
      await approvalPage.goto();
      await approvalPage.rejectItem(id, 'Content needs revision');
      await expect(approvalPage.card(id)).toContainText('Reason: Content needs revision');
    });

    test('shows an approval that arrives over the WebSocket', async ({ api }, testInfo) => {
      await approvalPage.goto();
      await approvalPage.waitForLive();
      // Created after the socket is open, so the live `approval.created` broadcast brings it in.
      // (Waiting for this card rather than for "one more card" keeps other clients' approvals out of it.)
      const title = `E2E live ${testInfo.testId}`;
      const id = await createApproval(api, title);
      await expect(approvalPage.card(id)).toBeVisible({ timeout: 15000 });
      await expect(approvalPage.card(id)).toContainText(title);
      await expect(approvalPage.card(id)).toHaveAttribute('data-status', 'pending');
    });
  });
});
