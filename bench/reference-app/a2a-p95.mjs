// Exact A2A rpc latency percentiles at 50 concurrent connections on loopback:
// drives autocannon through its API and records every response time (its CLI
// table has no p95). Usage, with a server started as in bench/RESULTS.md:
//   node bench/reference-app/a2a-p95.mjs http://127.0.0.1:7790/a2a/navi/rpc "Get project status summary"
import autocannon from "autocannon";

const [url, task = "Get project status summary", token = "bench-token-123"] = process.argv.slice(2);
if (!url) throw new Error("usage: a2a-p95.mjs URL [TASK] [TOKEN]");
const times = [];
const result = await autocannon({
  url,
  connections: 50,
  duration: 10,
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "run",
    params: { task, context: { caller_id: "load-test" } },
  }),
  setupClient: (client) => client.on("response", (_status, _bytes, ms) => times.push(ms)),
});
times.sort((a, b) => a - b);
const p = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
console.log(
  JSON.stringify({
    url,
    requests: times.length,
    non2xx: result.non2xx,
    rps: result.requests.average,
    p50: p(0.5),
    p95: p(0.95),
    p99: p(0.99),
  }),
);
