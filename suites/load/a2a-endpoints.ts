// A2A load (spec DM-09.6): agent-card discovery, then JSON-RPC `run` calls to
// dashboard_gateway (which delegates to navi) and to navi directly.
import { check, group, sleep } from "k6";
import http from "k6/http";
// prettier-ignore
// @ts-expect-error k6 resolves only the real .ts file name; tsc wants .js
import { AGENTS_URL, THINK_S, declareThresholds, jsonBody, loadOptions, params, scenario, summaryOutput, type ScriptOptions } from "./lib/config.ts";

export const ENDPOINTS = ["a2a_agent_card", "a2a_dashboard_gateway", "a2a_navi"] as const;

export const options: ScriptOptions = loadOptions(
  {
    a2a_endpoints: scenario("a2aEndpoints", {
      smokeVus: 2,
      fullStages: [
        { duration: "30s", target: 20 }, // ramp up
        { duration: "2m", target: 50 }, // steady
        { duration: "30s", target: 100 }, // spike
        { duration: "30s", target: 50 }, // recovery
        { duration: "30s", target: 0 }, // ramp down
      ],
    }),
  },
  ENDPOINTS,
);

function rpc(agent: string, task: string, endpoint: string): void {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: `load-${__VU}-${__ITER}`,
    method: "run",
    params: { task, context: { caller_id: "load-test" } },
  });
  const res = http.post(`${AGENTS_URL}/a2a/${agent}/rpc`, body, params(endpoint));
  check(res, {
    [`${agent} returns 200`]: (r) => r.status === 200,
    [`${agent} has a result`]: (r) => jsonBody(r.body)?.["result"] !== undefined,
  });
}

export function a2aEndpoints(): void {
  group("A2A discovery", () => {
    const res = http.get(`${AGENTS_URL}/.well-known/agent-card.json`, params("a2a_agent_card"));
    check(res, {
      "agent card returns 200": (r) => r.status === 200,
      "agent card lists agents": (r) => Array.isArray(jsonBody(r.body)?.["agents"]),
    });
  });
  group("A2A dashboard_gateway", () =>
    rpc("dashboard_gateway", "Get dashboard overview", "a2a_dashboard_gateway"),
  );
  group("A2A navi", () => rpc("navi", "Get project status summary", "a2a_navi"));
  sleep(THINK_S);
}

export function setup(): void {
  declareThresholds();
}

export function handleSummary(data: unknown): Record<string, string> {
  return summaryOutput(data);
}
