// tests/load/k6/dashboard-flow.js - dashboard load flow (spec DM-09.6)
import http from 'k6/http';
import { check, sleep, group } from 'k6';
import { BASE_URL, WEB_URL, defaultOptions, headers, jsonBody } from './config.js';

export const options = {
  ...defaultOptions,
  stages: [
    { duration: '1m', target: 30 },   // Ramp up
    { duration: '3m', target: 30 },   // Steady state
    { duration: '1m', target: 0 },    // Ramp down
  ],
};

export default function () {
  // Simulate full dashboard load flow
  let version = 0;

  group('1. Initial Page Load', () => {
    const res = http.get(`${WEB_URL}/dashboard`, { headers });
    check(res, { 'page loads': (r) => r.status === 200 });
  });

  group('2. Fetch Widgets', () => {
    const res = http.get(`${BASE_URL}/api/dashboard/widgets`, { headers });
    const body = jsonBody(res) || {};
    check(res, {
      'widgets load': (r) => r.status === 200,
      'has widget data': () => body.widgets !== undefined,
    });
    version = typeof body.version === 'number' ? body.version : 0;
  });

  group('3. Fetch Alerts', () => {
    const res = http.get(`${BASE_URL}/api/dashboard/alerts`, { headers });
    check(res, { 'alerts load': (r) => r.status === 200 });
  });

  group('4. Fetch Metrics', () => {
    const res = http.get(`${BASE_URL}/api/dashboard/metrics`, { headers });
    check(res, { 'metrics load': (r) => r.status === 200 });
  });

  group('5. Poll for Updates', () => {
    // Simulate polling interval (`since` is the dashboard version the client has)
    for (let i = 0; i < 3; i++) {
      const res = http.get(`${BASE_URL}/api/dashboard/updates?since=${version}`, {
        headers,
      });
      check(res, { 'updates poll': (r) => r.status === 200 });
      sleep(2);
    }
  });

  sleep(5); // User think time
}
