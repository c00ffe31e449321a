// tests/load/k6/a2a-endpoints.js - A2A endpoints load test (spec DM-09.6)
import http from 'k6/http';
import { check, sleep, group } from 'k6';
import { Rate, Trend } from 'k6/metrics';
import { BASE_URL, DEMO_FAILURES, defaultOptions, headers, jsonBody } from './config.js';

// Custom metrics
const a2aErrorRate = new Rate('a2a_errors');
const a2aDuration = new Trend('a2a_duration');

export const options = {
  ...defaultOptions,
  stages: [
    { duration: '30s', target: 20 },   // Ramp up
    { duration: '2m', target: 50 },    // Steady state
    { duration: '30s', target: 100 },  // Spike
    { duration: '30s', target: 50 },   // Recovery
    { duration: '30s', target: 0 },    // Ramp down
  ],
  thresholds: {
    ...defaultOptions.thresholds,
    a2a_errors: ['rate<0.01'],
    a2a_duration: ['p(95)<500'],
  },
};

export default function () {
  group('A2A Discovery', () => {
    const res = http.get(`${BASE_URL}/.well-known/agent-card.json`, { headers });

    const checks = {
      'discovery returns 200': (r) => r.status === 200,
      'has agents array': (r) => Array.isArray((jsonBody(r) || {}).agents),
    };
    if (DEMO_FAILURES) {
      // Demo: an agent the stack does not have. Fails every time and counts as an A2A error,
      // which crosses the a2a_errors threshold (k6 exits 99).
      checks['demo: agent card lists the billing agent'] = (r) =>
        ((jsonBody(r) || {}).agents || []).some((agent) => agent.name === 'billing');
    }
    const success = check(res, checks);

    a2aErrorRate.add(res.status !== 200 || (DEMO_FAILURES && !success));
  });

  group('A2A Query - Dashboard Gateway', () => {
    const payload = JSON.stringify({
      jsonrpc: '2.0',
      method: 'run',
      params: {
        task: 'Get dashboard overview',
        context: { caller_id: 'load-test' },
      },
      id: `load-${Date.now()}`,
    });

    const res = http.post(`${BASE_URL}/a2a/dashboard_gateway/rpc`, payload, {
      headers,
      timeout: '30s',
    });

    const success = check(res, {
      'query returns 200': (r) => r.status === 200,
      'has result': (r) => {
        const body = jsonBody(r) || {};
        return body.result !== undefined || body.error !== undefined;
      },
    });

    a2aErrorRate.add(!success);
    a2aDuration.add(res.timings.duration);
  });

  group('A2A Query - Navi Agent', () => {
    const payload = JSON.stringify({
      jsonrpc: '2.0',
      method: 'run',
      params: {
        task: 'Get project status summary',
        context: { caller_id: 'load-test', project_id: 'test-project' },
      },
      id: `load-navi-${Date.now()}`,
    });

    const res = http.post(`${BASE_URL}/a2a/navi/rpc`, payload, {
      headers,
      timeout: '30s',
    });

    check(res, {
      'navi returns 200': (r) => r.status === 200,
    });

    a2aErrorRate.add(res.status !== 200);
    a2aDuration.add(res.timings.duration);
  });

  sleep(1); // Think time between iterations
}

export function handleSummary(data) {
  return {
    'results/a2a-summary.json': JSON.stringify(data, null, 2),
    stdout: textSummary(data, { indent: ' ', enableColors: true }),
  };
}

// Text summary helper
function textSummary(data, options) {
  const { metrics } = data;
  let summary = '\n=== A2A Load Test Summary ===\n\n';

  summary += `HTTP Requests: ${metrics.http_reqs?.values?.count || 0}\n`;
  summary += `Request Duration (p95): ${metrics.http_req_duration?.values?.['p(95)']?.toFixed(2) || 'N/A'}ms\n`;
  summary += `Error Rate: ${((metrics.http_req_failed?.values?.rate || 0) * 100).toFixed(2)}%\n`;
  summary += `A2A Errors: ${((metrics.a2a_errors?.values?.rate || 0) * 100).toFixed(2)}%\n`;
  summary += `A2A Duration (p95): ${metrics.a2a_duration?.values?.['p(95)']?.toFixed(2) || 'N/A'}ms\n`;
  summary += `Checks: ${metrics.checks?.values?.passes || 0} passed, ${metrics.checks?.values?.fails || 0} failed\n`;

  return summary;
}
