// Dashboard flow load (spec DM-09.6): the page, its widgets, alerts and
// metrics, then a few polls for updates, as one user session per iteration.
import { check, group, sleep } from "k6";
import http from "k6/http";
// prettier-ignore
// @ts-expect-error k6 resolves only the real .ts file name; tsc wants .js
import { AGENTS_URL, BASE_URL, PROFILE, THINK_S, declareThresholds, jsonBody, loadOptions, params, scenario, summaryOutput, type ScriptOptions } from "./lib/config.ts";

export const ENDPOINTS = [
  "dashboard_page",
  "dashboard_widgets",
  "dashboard_alerts",
  "dashboard_metrics",
  "dashboard_updates",
] as const;

export const options: ScriptOptions = loadOptions(
  {
    dashboard_flow: scenario("dashboardFlow", {
      smokeVus: 2,
      fullStages: [
        { duration: "1m", target: 30 }, // ramp up
        { duration: "3m", target: 30 }, // steady
        { duration: "1m", target: 0 }, // ramp down
      ],
    }),
  },
  ENDPOINTS,
);

const POLLS = 3;
const POLL_INTERVAL_S = PROFILE === "full" ? 2 : 0.2;

export function dashboardFlow(): void {
  let version = 0;
  group("Dashboard page", () => {
    const res = http.get(`${BASE_URL}/dashboard`, params("dashboard_page"));
    check(res, { "page loads": (r) => r.status === 200 });
  });
  group("Dashboard widgets", () => {
    const res = http.get(`${AGENTS_URL}/api/dashboard/widgets`, params("dashboard_widgets"));
    const body = jsonBody(res.body);
    check(res, {
      "widgets load": (r) => r.status === 200,
      "has widget data": () => Array.isArray(body?.["widgets"]),
    });
    if (typeof body?.["version"] === "number") version = body["version"];
  });
  group("Dashboard alerts", () => {
    const res = http.get(`${AGENTS_URL}/api/dashboard/alerts`, params("dashboard_alerts"));
    check(res, {
      "alerts load": (r) => r.status === 200 && Array.isArray(jsonBody(r.body)?.["alerts"]),
    });
  });
  group("Dashboard metrics", () => {
    const res = http.get(`${AGENTS_URL}/api/dashboard/metrics`, params("dashboard_metrics"));
    check(res, {
      "metrics load": (r) => r.status === 200 && Array.isArray(jsonBody(r.body)?.["metrics"]),
    });
  });
  group("Dashboard polling", () => {
    for (let i = 0; i < POLLS; i++) {
      const res = http.get(
        `${AGENTS_URL}/api/dashboard/updates?since=${version}`,
        params("dashboard_updates"),
      );
      const body = jsonBody(res.body);
      check(res, { "updates answer": (r) => r.status === 200 && Array.isArray(body?.["widgets"]) });
      if (typeof body?.["version"] === "number") version = body["version"];
      sleep(POLL_INTERVAL_S);
    }
  });
  sleep(THINK_S);
}

export function setup(): void {
  declareThresholds();
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutput(data);
}
