// apps/web/e2e/tests/dashboard-widgets.spec.ts (spec DM-09.4)
import { test, expect } from '../fixtures';

/** EXAMPLE_DEMO_FAILURES=1 adds a failing, a flaky and a skipped test (see README.md). */
const DEMO_FAILURES = process.env.EXAMPLE_DEMO_FAILURES === '1';

test.describe('Dashboard Widgets', () => {
  test('loads all widget types correctly', async ({ dashboardPage, mockApi }) => {
    await mockApi('/api/dashboard/widgets', {
      body: {
        widgets: [
          { id: 'task-1', type: 'task_card', data: { title: 'Task 1', status: 'pending' } },
          { id: 'metrics-1', type: 'metrics', data: { value: 42, label: 'Active Users' } },
          { id: 'alert-1', type: 'alert', data: { level: 'warning', message: 'Low disk space' } },
        ],
      },
    });

    await dashboardPage.goto();
    await dashboardPage.waitForLoad();

    // Verify widgets rendered
    await expect(dashboardPage.widgets).toHaveCount(3);
    const widgetCount = await dashboardPage.getWidgetCount();
    expect(widgetCount).toBe(3);

    // Verify specific widgets
    const taskCard = await dashboardPage.getWidget('widget-task-1');
    await expect(taskCard).toContainText('Task 1');

    const metrics = await dashboardPage.getWidget('widget-metrics-1');
    await expect(metrics).toContainText('42');
    await expect(metrics).toContainText('Active Users');
  });

  test('validates widget data with Zod schemas (DM-08.1)', async ({ dashboardPage, mockApi }) => {
    // Send invalid widget data
    await mockApi('/api/dashboard/widgets', {
      body: {
        widgets: [
          {
            id: 'invalid-1',
            type: 'task_card',
            data: { title: 123 }, // Invalid: title should be string
          },
        ],
      },
    });

    await dashboardPage.goto();
    await dashboardPage.waitForLoad();

    // Verify error widget rendered instead of crashing
    const errorWidget = await dashboardPage.getWidget('widget-invalid-1');
    await expect(errorWidget).toContainText('validation');
    await expect(errorWidget).toHaveAttribute('data-widget-type', 'invalid');
  });

  test('respects MAX bounds for state (DM-08.6)', async ({ dashboardPage, mockApi }) => {
    // Generate 100 alerts (exceeds MAX_ALERTS=50)
    const alerts = Array.from({ length: 100 }, (_, i) => ({
      id: `alert-${i}`,
      level: 'info',
      message: `Alert ${i}`,
    }));

    await mockApi('/api/dashboard/alerts', { body: { alerts } });

    await dashboardPage.goto();
    await dashboardPage.waitForLoad();

    // Verify only MAX_ALERTS are rendered
    const alertWidgets = dashboardPage.page.locator('[data-testid^="alert-"]');
    await expect(alertWidgets.first()).toBeVisible();
    const count = await alertWidgets.count();
    expect(count).toBeLessThanOrEqual(50);
    expect(count).toBeGreaterThan(0);
  });

  test('widget refresh updates data', async ({ dashboardPage, mockApi }) => {
    let requestCount = 0;

    // The refresh button first asks the backend to advance its data; answered here,
    // so the shared stack's dashboard version is left alone.
    await mockApi('/api/dashboard/refresh', { body: { version: 2, widgets: [] } });
    await dashboardPage.page.route('/api/dashboard/widgets', async (route) => {
      const value = requestCount * 10;
      requestCount += 1;
      await route.fulfill({
        json: { widgets: [{ id: 'metrics-1', type: 'metrics', data: { value, label: 'Requests' } }] },
      });
    });

    await dashboardPage.goto();
    await dashboardPage.waitForLoad();
    const metrics = await dashboardPage.getWidget('widget-metrics-1');
    await expect(metrics.locator('.metrics__value')).toHaveText('0');

    await dashboardPage.refresh();

    await expect(metrics.locator('.metrics__value')).toHaveText('10');
    await expect(metrics).toContainText('10');
  });

  test('renders the seeded dashboard from the live API', async ({ dashboardPage }) => {
    // No mocks: the stack's own seed (a metrics widget, one invalid widget, more alerts than MAX_ALERTS).
    await expect(await dashboardPage.getWidget('widget-metrics-1')).toHaveAttribute('data-widget-type', 'metrics');
    const invalid = await dashboardPage.getWidget('widget-invalid-1');
    await expect(invalid).toHaveAttribute('data-widget-type', 'invalid');
    await expect(invalid).toContainText('failed validation');
    await expect(dashboardPage.alerts).toHaveCount(50);
  });
});

if (DEMO_FAILURES) {
  test.describe('Demo failures (EXAMPLE_DEMO_FAILURES=1)', () => {
    test('demo: fails every time', async ({ dashboardPage }) => {
      // A wrong expectation on purpose: the dashboard has more than one widget.
      expect(await dashboardPage.getWidgetCount(), 'demo failure: widget count').toBe(1);
    });

    test('demo: flaky, fails on the first attempt only', async ({ dashboardPage }, testInfo) => {
      // Passes on retry (retries are on with CI=true): reported as flaky.
      expect(testInfo.retry, 'demo flake: first attempt fails').toBeGreaterThan(0);
      await expect(dashboardPage.widgetGrid).toBeVisible();
    });

    test('demo: skipped with a reason', async () => {
      test.skip(true, 'demo skip: shows how a skipped test is reported');
    });
  });
}
