// A classic k6 script against AgentOS: the agent card and an A2A call, as a
// team would write it. hyvve-qa runs it as written (the suite sets
// `smoke: false`, so these 3 s are not stretched to the smoke default) and
// passes BASE_URL and AUTH_TOKEN from `{url.agents}` and `{token.agents}`.
import http from "k6/http";
import { check, sleep } from "k6";

const BASE_URL = __ENV.BASE_URL;
const AUTH_TOKEN = __ENV.AUTH_TOKEN;

export const options = {
  vus: 2,
  duration: "3s",
  thresholds: {
    http_req_failed: ["rate<0.01"],
    http_req_duration: ["p(95)<500"],
  },
};

export function setup() {
  if (!BASE_URL || !AUTH_TOKEN) throw new Error("set BASE_URL and AUTH_TOKEN (-e or the env)");
}

export default function () {
  const card = http.get(`${BASE_URL}/.well-known/agent-card.json`, {
    tags: { endpoint: "GET /.well-known/agent-card.json" },
  });
  check(card, {
    "agent card is 200": (r) => r.status === 200,
    "agent card has skills": (r) => Array.isArray(r.json("skills")),
  });

  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: `${__VU}-${__ITER}`,
    method: "run",
    params: { task: "ping" },
  });
  const rpc = http.post(`${BASE_URL}/a2a/navi/rpc`, body, {
    headers: { "content-type": "application/json", authorization: `Bearer ${AUTH_TOKEN}` },
    tags: { endpoint: "POST /a2a/navi/rpc" },
  });
  check(rpc, {
    "rpc is 200": (r) => r.status === 200,
    "rpc echoes the task": (r) => r.json("result.echo.task") === "ping",
  });

  // Without the token the call is refused; 401 is expected here, so it does
  // not count towards http_req_failed.
  const denied = http.post(`${BASE_URL}/a2a/navi/rpc`, body, {
    headers: { "content-type": "application/json" },
    tags: { endpoint: "POST /a2a/navi/rpc (no token)" },
    responseCallback: http.expectedStatuses(401),
  });
  check(denied, { "rpc without token is 401": (r) => r.status === 401 });

  sleep(0.1);
}
