// apps/web/e2e/pages/base.page.ts - what every page object shares
import type { Locator, Page } from '@playwright/test';

export abstract class BasePage {
  readonly page: Page;
  readonly path: string;
  /** The sign-in page a request without a valid session gets instead. */
  readonly signInPage: Locator;

  constructor(page: Page, path: string) {
    this.page = page;
    this.path = path;
    this.signInPage = page.locator('[data-testid="sign-in-page"]');
  }

  /** Opens the page (relative to baseURL = WEB_URL) and fails clearly if the session was refused. */
  async goto(): Promise<void> {
    const response = await this.page.goto(this.path);
    if (response && response.status() === 401) {
      throw new Error(`${this.path} answered 401: the session cookie was refused (check AUTH_TOKEN)`);
    }
  }

  byTestId(testId: string): Locator {
    return this.page.locator(`[data-testid="${testId}"]`);
  }
}
