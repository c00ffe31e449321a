/**
 * Every flow runs twice (issue 4), as two describe blocks per spec file:
 *   mocked — the API and the WebSocket are answered by the test (page.route,
 *            routeWebSocket): the UI's behaviour, deterministic;
 *   live   — no mocks at all: the real integration with the target (the
 *            reference app, or --env staging).
 * Live cases use only the public API and make their own data (their own
 * approvals), so they run in parallel with each other and on any environment.
 */

/** A title unique to this test run, for data a live case creates. */
export function uniqueTitle(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
