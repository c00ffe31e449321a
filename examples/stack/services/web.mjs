// Stands in for the HYVVE web app: a health route for hyvve-qa's readiness
// check and a dashboard page the web suite looks at. node:http only, so the
// example needs no install.
import { createServer } from "node:http";

// The browser app would call AgentOS; the stack hands it the URL.
const agentsUrl = process.env.AGENTS_URL ?? "";

const dashboard = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>HYVVE dashboard</title>
  <meta name="agents-url" content="${agentsUrl}"></head>
  <body><main data-testid="dashboard-grid"><h1>Dashboard</h1></main></body>
</html>
`;

const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? "/", "http://localhost");
  if (req.method === "GET" && pathname === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: "ok" }));
  } else if (req.method === "GET" && pathname === "/dashboard") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(dashboard);
  } else {
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "not_found" }));
  }
});

// PORT=0 lets the OS pick a free port; the ready line below tells hyvve-qa
// which one (its ready.log pattern captures the URL as the service's URL).
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`web listening on http://127.0.0.1:${server.address().port}`);
});

// hyvve-qa stops the stack with SIGTERM; close at once instead of waiting
// for keep-alive connections, so the stop is quick and the exit clean.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
