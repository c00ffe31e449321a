// CCR load (spec DM-09.6/09.7): route requests across task types, read the
// workspace quota and the router health. Each VU routes in its own
// workspaces (a fresh one every 40 requests) so the daily quota of one
// workspace is never what is being measured.
import { check, group, sleep } from "k6";
import http from "k6/http";
// prettier-ignore
// @ts-expect-error k6 resolves only the real .ts file name; tsc wants .js
import { CCR_URL, THINK_S, declareThresholds, jsonBody, loadOptions, params, scenario, summaryOutput, type ScriptOptions } from "./lib/config.ts";

export const ENDPOINTS = ["ccr_route", "ccr_quota", "ccr_health"] as const;

export const options: ScriptOptions = loadOptions(
  {
    ccr_routing: scenario("ccrRouting", {
      smokeVus: 2,
      fullStages: [
        { duration: "30s", target: 10 }, // ramp up
        { duration: "2m", target: 25 }, // steady
        { duration: "30s", target: 50 }, // spike
        { duration: "30s", target: 25 }, // recovery
        { duration: "30s", target: 0 }, // ramp down
      ],
    }),
  },
  ENDPOINTS,
);

const TASK_TYPES = [
  "summarization",
  "classification",
  "code_review",
  "extraction",
  "content_generation",
];

export function ccrRouting(): void {
  const workspace = `load-${__VU}-${Math.floor(__ITER / 40)}`;
  group("CCR route", () => {
    const body = JSON.stringify({
      task_type: TASK_TYPES[__ITER % TASK_TYPES.length],
      estimated_tokens: 50,
    });
    const res = http.post(`${CCR_URL}/ccr/route`, body, params("ccr_route", workspace));
    check(res, {
      "route returns 200": (r) => r.status === 200,
      "route picks a model": (r) => typeof jsonBody(r.body)?.["model"] === "string",
    });
  });
  group("CCR quota", () => {
    const res = http.get(`${CCR_URL}/ccr/quota`, params("ccr_quota", workspace));
    check(res, {
      "quota answers": (r) =>
        r.status === 200 && typeof jsonBody(r.body)?.["remaining"] === "number",
    });
  });
  group("CCR health", () => {
    const res = http.get(`${CCR_URL}/ccr/health`, params("ccr_health"));
    check(res, { "health answers": (r) => r.status === 200 });
  });
  sleep(THINK_S);
}

export function setup(): void {
  declareThresholds();
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutput(data);
}
