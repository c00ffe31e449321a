// apps/web/e2e/pages/approval.page.ts
import { type Page, type Locator, expect } from '@playwright/test';
import { BasePage } from './base.page';

export class ApprovalPage extends BasePage {
  readonly approvalQueue: Locator;
  readonly approvalCards: Locator;
  readonly emptyState: Locator;

  constructor(page: Page) {
    super(page, '/approvals');
    this.approvalQueue = page.locator('[data-testid="approval-queue"]');
    this.approvalCards = page.locator('[data-testid^="approval-card-"]');
    this.emptyState = page.locator('[data-testid="approval-empty-state"]');
  }

  card(approvalId: string): Locator {
    return this.page.locator(`[data-testid="approval-card-${approvalId}"]`);
  }

  /** The queue is loaded and its live socket is open (data-live="open"). */
  async waitForLive(timeout = 15000): Promise<void> {
    await expect(this.approvalQueue).toHaveAttribute('data-live', 'open', { timeout });
  }

  async getApprovalCount(): Promise<number> {
    return await this.approvalCards.count();
  }

  async approveItem(approvalId: string): Promise<void> {
    const card = this.card(approvalId);
    await card.locator('[data-testid="approve-button"]').click();
    await expect(card).toHaveAttribute('data-status', 'approved');
  }

  async rejectItem(approvalId: string, reason?: string): Promise<void> {
    const card = this.card(approvalId);
    await card.locator('[data-testid="reject-button"]').click();

    if (reason) {
      await this.page.fill('[data-testid="rejection-reason"]', reason);
    }

    await this.page.click('[data-testid="confirm-reject"]');
    await expect(card).toHaveAttribute('data-status', 'rejected');
  }

  /**
   * Counts the cards, runs `trigger` (what makes the approval arrive), then waits
   * for one more card. Counting before the trigger keeps a fast arrival from
   * being counted as the starting point.
   */
  async waitForNewApproval(trigger: () => Promise<unknown>, timeout = 10000): Promise<void> {
    const initialCount = await this.getApprovalCount();
    await trigger();
    await expect(this.approvalCards).toHaveCount(initialCount + 1, { timeout });
  }
}
