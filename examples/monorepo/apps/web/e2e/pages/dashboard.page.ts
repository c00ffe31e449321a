// apps/web/e2e/pages/dashboard.page.ts
import { type Page, type Locator, expect } from '@playwright/test';
import { BasePage } from './base.page';

export class DashboardPage extends BasePage {
  // Locators
  readonly widgetGrid: Locator;
  readonly widgets: Locator;
  readonly alerts: Locator;
  readonly loadingSpinner: Locator;
  readonly errorBanner: Locator;
  readonly refreshButton: Locator;
  readonly taskStatus: Locator;

  constructor(page: Page) {
    super(page, '/dashboard');
    this.widgetGrid = page.locator('[data-testid="widget-grid"]');
    // Widget cards inside the grid (the grid's own test id starts with "widget-" too).
    this.widgets = this.widgetGrid.locator('[data-testid^="widget-"]');
    this.alerts = page.locator('[data-testid^="alert-"]');
    this.loadingSpinner = page.locator('[data-testid="loading-spinner"]');
    this.errorBanner = page.locator('[data-testid="error-banner"]');
    this.refreshButton = page.locator('[data-testid="refresh-button"]');
    this.taskStatus = page.locator('[data-testid="task-status"]');
  }

  async waitForLoad(): Promise<void> {
    await this.loadingSpinner.waitFor({ state: 'hidden', timeout: 30000 });
    await this.widgetGrid.waitFor({ state: 'visible' });
  }

  async getWidgetCount(): Promise<number> {
    return await this.widgets.count();
  }

  async getWidget(testId: string): Promise<Locator> {
    return this.page.locator(`[data-testid="${testId}"]`);
  }

  async getProgressBar(): Promise<Locator> {
    return this.page.locator('[data-testid="progress-bar"]');
  }

  async startTask(taskName: string): Promise<void> {
    await this.page.click(`[data-testid="start-task-${taskName}"]`);
  }

  async waitForTaskCompletion(timeout = 30000): Promise<void> {
    await expect(this.taskStatus).toHaveText('Completed', { timeout });
  }

  /** Pushes one progress update the way the app's stream does (a `dashboard:progress` window event). */
  async emitProgress(detail: { progress: number; status?: string }): Promise<void> {
    await this.page.evaluate((d) => {
      window.dispatchEvent(new CustomEvent('dashboard:progress', { detail: d }));
    }, detail);
  }

  async refresh(): Promise<void> {
    await this.refreshButton.click();
    await this.waitForLoad();
  }
}
