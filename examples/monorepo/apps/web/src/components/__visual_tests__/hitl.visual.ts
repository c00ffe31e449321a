// apps/web/src/components/__visual_tests__/hitl.visual.ts (spec DM-09.5)
// Approval (HITL) card states and the queue, on the stack's preview pages.
import percySnapshot from '@percy/playwright';
import { test, expect } from '../../../e2e/fixtures/auth.fixture';
import type { Page } from '@playwright/test';

async function snapshot(page: Page, path: string, file: string, percyName: string): Promise<void> {
  await page.goto(path);
  const root = page.getByTestId('preview-root');
  await expect(root).toHaveAttribute('data-ready', 'true');
  await expect(root).toHaveScreenshot(file, { mask: [page.locator('[data-visual-ignore]')] });
  await percySnapshot(page, percyName);
}

test.describe('HITL Card Visual Regression', () => {
  // The preview pages render these approvals (the stack's fixed preview data, as in the spec).
  const approvalStates = [
    { state: 'pending', data: { id: 'test-1', type: 'content_publish', title: 'Blog Post: AI Trends', confidence: 0.75, status: 'pending' } },
    { state: 'pending-low-confidence', data: { id: 'test-2', type: 'email_send', title: 'Newsletter', confidence: 0.45, status: 'pending' } },
    { state: 'approved', data: { id: 'test-3', title: 'Approved Content', status: 'approved', approvedBy: 'user@test.com' } },
    { state: 'rejected', data: { id: 'test-4', title: 'Rejected Content', status: 'rejected', rejectionReason: 'Content needs revision' } },
    { state: 'expired', data: { id: 'test-5', title: 'Expired Request', status: 'expired', expiresAt: '2024-12-31T12:00:00Z' } },
  ];

  for (const approval of approvalStates) {
    test(`ApprovalCard - ${approval.state}`, async ({ authenticatedPage: page }) => {
      await snapshot(
        page,
        `/preview/approval/${approval.state}`,
        `approval-card-${approval.state}.png`,
        `ApprovalCard: ${approval.state}`,
      );
    });
  }

  test('Approval Queue - Full View', async ({ authenticatedPage: page }) => {
    await snapshot(page, '/preview/approval-queue/default', 'approval-queue-default.png', 'Approval Queue: Default View');
  });

  test('Approval Queue - Empty State', async ({ authenticatedPage: page }) => {
    await snapshot(page, '/preview/approval-queue/empty', 'approval-queue-empty.png', 'Approval Queue: Empty State');
  });
});
