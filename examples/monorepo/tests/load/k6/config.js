// tests/load/k6/config.js - shared config (spec DM-09.6)
export const BASE_URL = __ENV.BASE_URL || 'http://localhost:7777';
export const WEB_URL = __ENV.WEB_URL || 'http://localhost:3000';
export const CCR_URL = __ENV.CCR_URL || BASE_URL;

export const AUTH_TOKEN = __ENV.AUTH_TOKEN || 'test-token';
export const WORKSPACE_ID = __ENV.WORKSPACE_ID || 'load-test-workspace';

/** EXAMPLE_DEMO_FAILURES=1 adds a failing check and a crossed threshold to a2a-endpoints.js (see README.md). */
export const DEMO_FAILURES = __ENV.EXAMPLE_DEMO_FAILURES === '1';

export const defaultOptions = {
  thresholds: {
    http_req_duration: ['p(95)<500', 'p(99)<1000'],
    http_req_failed: ['rate<0.01'],
  },
  tags: {
    environment: __ENV.ENVIRONMENT || 'development',
  },
};

export const headers = {
  'Content-Type': 'application/json',
  'Authorization': `Bearer ${AUTH_TOKEN}`,
  'X-Workspace-Id': WORKSPACE_ID,
};

/** JSON body of a response, or undefined when it is not JSON (a check then fails instead of the iteration). */
export function jsonBody(res) {
  try {
    return JSON.parse(res.body);
  } catch (e) {
    return undefined;
  }
}
