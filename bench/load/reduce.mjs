// Reduce one or more k6 raw outputs (plain or gzip) to the report's load
// metrics, the way the k6 adapter does (stream-read, thresholds,
// per-endpoint metrics, series). Prints the time it took inside the process
// and the peak heap + array-buffer memory it saw. Build first: npm run build.
import { buildLoadSuite } from "../../dist/src/results/import/k6-load-suite.js";
import { readK6Outputs } from "../../dist/src/results/import/k6-points.js";

const files = process.argv.slice(2);
const t0 = performance.now();
const points = await readK6Outputs(files);
const t1 = performance.now();
const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
const t2 = performance.now();
const kept = ["http_req_duration", "http_req_failed", "http_reqs", "checks"]
  .map((m) => points.metric(m)?.count ?? 0)
  .reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    lines: points.lines,
    points: points.points,
    kept,
    readMs: Math.round(t1 - t0),
    reduceMs: Math.round(t2 - t1),
    totalMs: Math.round(t2 - t0),
    requests: built.load.requests,
    p95: built.load.latencyMs.p95,
    p99: built.load.latencyMs.p99,
    thresholds: built.thresholds.length,
  }),
);
