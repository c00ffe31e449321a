import { describe, expect, it } from "vitest";
import { authed, json, postJson, sharedApp } from "./client.js";

const app = sharedApp();

function rpc(agent: string, body: string): Promise<Response> {
  return authed(app, `/a2a/${agent}/rpc`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
}

const run = (params: unknown, id: unknown = 7) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "run", params });

describe("A2A", () => {
  it("publishes an agent card listing the agents", async () => {
    const card = await json<{ agents: Array<{ name: string; url: string }> }>(
      await fetch(`${app.url}/.well-known/agent-card.json`),
    );
    expect(card.agents.map((agent) => agent.name)).toEqual(
      expect.arrayContaining(["dashboard_gateway", "navi"]),
    );
    expect(card.agents.find((agent) => agent.name === "navi")?.url).toBe(`${app.url}/a2a/navi/rpc`);
  });

  it("runs navi and echoes the id and context", async () => {
    const response = await rpc(
      "navi",
      run({ task: "Get project status summary", context: { project_id: "p-1" } }, "abc"),
    );
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      jsonrpc: "2.0",
      id: "abc",
      result: {
        agent: "navi",
        status: "completed",
        output: { project_id: "p-1" },
        context: { project_id: "p-1" },
      },
    });
  });

  it("runs dashboard_gateway, which delegates to navi", async () => {
    const body = await json<{
      result: { output: { delegated: Array<{ agent: string; result: { agent: string } }> } };
    }>(await rpc("dashboard_gateway", run({ task: "Get dashboard overview" })));
    expect(body.result.output.delegated[0]).toMatchObject({
      agent: "navi",
      result: { agent: "navi" },
    });
  });

  it.each([
    ["parse error for bad JSON", "{not json", -32700, null],
    ["invalid request without jsonrpc 2.0", JSON.stringify({ id: 1, method: "run" }), -32600, 1],
    [
      "invalid request for a batch",
      JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "run" }]),
      -32600,
      null,
    ],
    [
      "method not found",
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "explode", params: {} }),
      -32601,
      2,
    ],
    ["invalid params", run({ nothing: true }, 3), -32602, 3],
  ])("answers %s with HTTP 200 and the JSON-RPC error", async (_name, body, code, id) => {
    const response = await rpc("navi", body);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ jsonrpc: "2.0", id, error: { code } });
  });

  it("answers an unknown agent with 404 and a JSON-RPC error body", async () => {
    const response = await postJson(app, "/a2a/ghost/rpc", {
      jsonrpc: "2.0",
      id: 9,
      method: "run",
      params: { task: "x" },
    });
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ jsonrpc: "2.0", id: 9, error: { code: -32004 } });
  });

  it("answers a notification (no id) with 204 and no body", async () => {
    const response = await rpc(
      "navi",
      JSON.stringify({ jsonrpc: "2.0", method: "run", params: { task: "fire and forget" } }),
    );
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
  });
});
