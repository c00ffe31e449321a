// Stands in for AgentOS: an A2A agent card and a JSON-RPC endpoint per agent
// that echoes what it was sent. Every RPC needs `Authorization: Bearer
// $AGENTS_TOKEN`; hyvve-qa hands the stack a throwaway token per run.
import { createServer } from "node:http";

const token = process.env.AGENTS_TOKEN;
if (!token) {
  // Fail before the ready line: hyvve-qa then reports this entry with its log.
  console.error("agents: AGENTS_TOKEN is not set");
  process.exit(1);
}

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

// JSON-RPC 2.0 reports its errors in the body, with HTTP 200.
const rpcError = (id, code, message) => ({ jsonrpc: "2.0", id, error: { code, message } });

async function readJson(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return JSON.parse(text);
}

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && pathname === "/healthz") return send(res, 200, { status: "ok" });
  if (req.method === "GET" && pathname === "/.well-known/agent-card.json") {
    const url = `http://${req.headers.host}`;
    return send(res, 200, {
      name: "hyvve-agents",
      url,
      version: "0.1.0",
      skills: [{ id: "echo", name: "Echo", description: "Returns the params it was sent" }],
    });
  }
  const rpc = /^\/a2a\/([a-z_]+)\/rpc$/.exec(pathname);
  if (req.method === "POST" && rpc) {
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { error: "unauthorized" });
    let call;
    try {
      call = await readJson(req);
    } catch {
      return send(res, 200, rpcError(null, -32700, "parse error"));
    }
    if (call?.jsonrpc !== "2.0" || typeof call.method !== "string")
      return send(res, 200, rpcError(call?.id ?? null, -32600, "invalid request"));
    const result = { agent: rpc[1], method: call.method, echo: call.params ?? null };
    return send(res, 200, { jsonrpc: "2.0", id: call.id ?? null, result });
  }
  send(res, 404, { error: "not_found" });
});

// PORT=0: the OS picks the port; the ready line carries the URL to hyvve-qa.
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`agents listening on http://127.0.0.1:${server.address().port}`);
});

// Stop quickly on hyvve-qa's SIGTERM (or Ctrl-C when run by hand).
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
