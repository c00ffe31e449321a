// tests/load/k6/ccr-routing.js - CCR routing load test (spec DM-09.6 / DM-09.7)
import http from 'k6/http';
import { check, sleep, group } from 'k6';
import { Rate, Trend } from 'k6/metrics';
import { CCR_URL, defaultOptions, headers, jsonBody } from './config.js';

// Custom metrics
const ccrErrorRate = new Rate('ccr_errors');
const ccrFallbackRate = new Rate('ccr_fallbacks');
const ccrDuration = new Trend('ccr_route_duration');

export const options = {
  ...defaultOptions,
  stages: [
    { duration: '30s', target: 10 },   // Ramp up
    { duration: '2m', target: 25 },    // Steady state
    { duration: '30s', target: 0 },    // Ramp down
  ],
  thresholds: {
    ...defaultOptions.thresholds,
    ccr_errors: ['rate<0.01'],
    ccr_route_duration: ['p(95)<500'],
  },
};

const TASKS = [
  { task: 'code_review', complexity: 'standard', tier: 'high' },
  { task: 'content_generation', tier: 'standard' },
  { task: 'text_formatting', complexity: 'low', tier: 'low' },
];

// Quota is per workspace and day (10,000 tokens): each run gets its own workspaces.
export function setup() {
  return { runId: Date.now().toString(36) };
}

export default function (data) {
  // A fresh workspace per iteration keeps every route request inside its quota.
  const workspace = `load-${data.runId}-${__VU}-${__ITER}`;
  const params = { headers: { ...headers, 'X-Workspace-Id': workspace }, timeout: '30s' };

  group('CCR Route', () => {
    for (const t of TASKS) {
      const payload = JSON.stringify({
        task: t.task,
        complexity: t.complexity,
        workspace_id: workspace,
        context: { caller_id: 'load-test', tier: t.tier },
      });
      const res = http.post(`${CCR_URL}/ccr/route`, payload, params);
      const body = jsonBody(res) || {};
      const success = check(res, {
        'route returns 200': (r) => r.status === 200,
        'route picked a model': () => body.success === true && typeof body.model === 'string',
        'route echoes context': () => (body.context || {}).caller_id === 'load-test',
      });
      ccrErrorRate.add(!success);
      ccrFallbackRate.add(body.fallback_used === true);
      ccrDuration.add(res.timings.duration);
    }
  });

  group('CCR Quota', () => {
    const res = http.get(`${CCR_URL}/ccr/quota?workspace_id=${workspace}`, params);
    const body = jsonBody(res) || {};
    const success = check(res, {
      'quota returns 200': (r) => r.status === 200,
      'quota was charged': () => body.used_today > 0 && body.remaining < body.daily_limit,
    });
    ccrErrorRate.add(!success);
  });

  group('CCR Health', () => {
    const res = http.get(`${CCR_URL}/ccr/health`, params);
    const body = jsonBody(res) || {};
    const success = check(res, {
      'health returns 200': (r) => r.status === 200,
      'health has a status': () => ['healthy', 'degraded', 'unhealthy'].includes(body.status),
    });
    ccrErrorRate.add(!success);
  });

  sleep(1); // Think time between iterations
}

export function handleSummary(data) {
  return {
    'results/ccr-summary.json': JSON.stringify(data, null, 2),
    stdout: textSummary(data),
  };
}

function textSummary(data) {
  const { metrics } = data;
  let summary = '\n=== CCR Load Test Summary ===\n\n';
  summary += `HTTP Requests: ${metrics.http_reqs?.values?.count || 0}\n`;
  summary += `Route Duration (p95): ${metrics.ccr_route_duration?.values?.['p(95)']?.toFixed(2) || 'N/A'}ms\n`;
  summary += `CCR Errors: ${((metrics.ccr_errors?.values?.rate || 0) * 100).toFixed(2)}%\n`;
  summary += `Fallbacks: ${((metrics.ccr_fallbacks?.values?.rate || 0) * 100).toFixed(2)}%\n`;
  summary += `Checks: ${metrics.checks?.values?.passes || 0} passed, ${metrics.checks?.values?.fails || 0} failed\n`;
  return summary;
}
