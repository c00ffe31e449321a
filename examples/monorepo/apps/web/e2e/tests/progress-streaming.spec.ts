// apps/web/e2e/tests/progress-streaming.spec.ts (spec DM-09.4)
import { test, expect } from '../fixtures';

test.describe('Progress Streaming', () => {
  test('task progress updates widget in real-time', async ({ dashboardPage, mockApi }) => {
    // Mock initial dashboard data
    await mockApi('/api/dashboard/widgets', {
      body: {
        widgets: [
          {
            id: 'task-1',
            type: 'progress',
            data: { progress: 0, status: 'pending' },
          },
        ],
      },
    });
    // The task starts on a mocked backend whose stream stays open and silent:
    // every progress update below comes from the test, one at a time.
    await mockApi('/api/tasks/analysis/start', { status: 202, body: { taskId: 'e2e-task-1', name: 'analysis' } });
    await dashboardPage.page.route('**/api/tasks/e2e-task-1/stream', () => {
      /* never answered: an open, quiet event stream */
    });

    // Navigate and wait for load
    await dashboardPage.goto();
    await dashboardPage.waitForLoad();
    await expect(await dashboardPage.getWidget('widget-task-1')).toBeVisible();

    // Verify initial state
    const progressBar = await dashboardPage.getProgressBar();
    await expect(progressBar).toHaveAttribute('aria-valuenow', '0');

    // Trigger long-running task
    await dashboardPage.startTask('analysis');
    await expect(dashboardPage.taskStatus).toHaveText('Running');

    // Simulated SSE progress updates, each one checked before the next is sent
    const events = [
      { progress: 25, status: 'analyzing' },
      { progress: 50, status: 'processing' },
      { progress: 75, status: 'finalizing' },
    ];
    for (const event of events) {
      await dashboardPage.emitProgress(event);
      await expect(progressBar).toHaveAttribute('aria-valuenow', String(event.progress));
      await expect(dashboardPage.taskStatus).toHaveText(event.status.charAt(0).toUpperCase() + event.status.slice(1));
    }

    // Verify completion
    await dashboardPage.emitProgress({ progress: 100, status: 'completed' });
    await dashboardPage.waitForTaskCompletion(10000);
    await expect(progressBar).toHaveAttribute('aria-valuenow', '100');
  });

  test('streams a real task to completion', async ({ dashboardPage }) => {
    // No mocks: POST /api/tasks/analysis/start, then the server's SSE stream (progress 0, 50, 100, done).
    const progressBar = await dashboardPage.getProgressBar();
    await dashboardPage.startTask('analysis');
    await dashboardPage.waitForTaskCompletion(30000);
    await expect(progressBar).toHaveAttribute('aria-valuenow', '100');
    await expect(dashboardPage.errorBanner).toHaveCount(0);
  });

  test('handles progress errors gracefully', async ({ dashboardPage, mockApi }) => {
    await mockApi('/api/dashboard/widgets', {
      body: { widgets: [] },
    });

    // Mock error response (before the task is started, so the click hits the mock)
    await mockApi('/api/tasks/failing-task/start', {
      status: 500,
      body: { error: 'Task failed' },
    });

    await dashboardPage.goto();
    await dashboardPage.waitForLoad();

    // Start task that will error
    await dashboardPage.startTask('failing-task');

    // Verify error state
    const errorBanner = dashboardPage.errorBanner;
    await expect(errorBanner).toBeVisible({ timeout: 15000 });
    await expect(errorBanner).toContainText('Task failed');
    await expect(dashboardPage.taskStatus).toHaveText('Failed');
  });

  test('surfaces a task that fails mid-stream', async ({ dashboardPage }) => {
    // No mocks: the server's failing-task sends progress 0 and 50, then an `error` event.
    await dashboardPage.startTask('failing-task');
    await expect(dashboardPage.taskStatus).toHaveText('Failed', { timeout: 30000 });
    await expect(dashboardPage.errorBanner).toContainText('Task failed: upstream agent returned an error');
  });
});
