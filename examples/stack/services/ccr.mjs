// Stands in for CCR, the model router: a health route and a route call that
// picks a provider. It depends on AgentOS: before it says it is ready it asks
// $AGENTS_URL/healthz, which is why the stack starts agents first and hands
// ccr `{url.agents}`.
import { createServer } from "node:http";

const agentsUrl = process.env.AGENTS_URL;
try {
  const res = await fetch(`${agentsUrl}/healthz`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
} catch (error) {
  // Exiting before the ready line makes hyvve-qa stop the run and show this log.
  console.error(`ccr: agents at ${agentsUrl} is not up (${error.message})`);
  process.exit(1);
}

// complexity → provider and model, as a real router would pick by cost and tier.
const tiers = {
  high: { provider: "anthropic", model: "claude-3-opus" },
  standard: { provider: "anthropic", model: "claude-3-sonnet" },
  low: { provider: "openai", model: "gpt-4o-mini" },
};

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && pathname === "/ccr/health") return send(res, 200, { status: "ok" });
  if (req.method === "POST" && pathname === "/ccr/route") {
    let body = "";
    for await (const chunk of req) body += chunk;
    let task;
    try {
      task = JSON.parse(body);
    } catch {
      return send(res, 400, { success: false, error: "bad_json" });
    }
    const tier = tiers[task.complexity ?? "standard"];
    if (!tier) return send(res, 400, { success: false, error: "unknown_complexity" });
    return send(res, 200, { success: true, ...tier, task: task.task ?? null });
  }
  send(res, 404, { error: "not_found" });
});

// PORT=0: the OS picks the port; the ready line carries the URL to hyvve-qa.
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`ccr listening on http://127.0.0.1:${server.address().port}`);
});

// Stop quickly on hyvve-qa's SIGTERM (or Ctrl-C when run by hand).
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
