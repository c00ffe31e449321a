// The whole main job exported to a real Jaeger (issue 15): starts Jaeger on loopback
// (test/helpers/jaeger.ts), runs `hyvve-qa run --otlp`, reads the trace back from Jaeger's
// API, and checks the run's metrics.prom with promtool. Run: npm run build && npx jiti bench/telemetry/main-job-trace.mts
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startJaeger } from "../../test/helpers/jaeger.js";
const jaeger = await startJaeger();
const t0 = Date.now();
const r = spawnSync(
  process.execPath,
  [
    "bin/hyvve-qa.js",
    "run",
    "--ci",
    "--no-baseline",
    "--no-history",
    "--out",
    "/tmp/demo-run",
    "--otlp",
    jaeger.otlpUrl,
  ],
  {
    cwd: new URL("../../", import.meta.url).pathname,
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
  },
);
console.log("exit", r.status, "wall", (Date.now() - t0) / 1000);
const line = (r.stdout + r.stderr).split("\n").filter((l) => l.includes("trace"));
console.log(line.join("\n"));
const id = /trace ([0-9a-f]{32})/.exec(r.stdout + r.stderr)![1];
const res = await fetch(`${jaeger.queryUrl}/api/traces/${id}`);
const body = (await res.json()) as { data: { spans: unknown[] }[] };
const spans = body.data[0]!.spans;
const run = JSON.parse(readFileSync("/tmp/demo-run/run.json", "utf8")) as {
  suites: { cases: unknown[] }[];
};
const cases = run.suites.reduce((n, s) => n + s.cases.length, 0);
console.log(
  "jaeger spans",
  spans.length,
  "expected",
  1 + run.suites.length + cases,
  "(run + suites",
  run.suites.length,
  "+ cases",
  cases + ")",
);
const p = spawnSync(
  new URL("../../.cache/promtool/v0.316.0/promtool", import.meta.url).pathname,
  ["check", "metrics"],
  { input: readFileSync("/tmp/demo-run/metrics.prom"), encoding: "utf8" },
);
console.log(
  "promtool exit",
  p.status,
  p.stdout,
  p.stderr,
  "lines",
  readFileSync("/tmp/demo-run/metrics.prom", "utf8").split("\n").length,
);
await jaeger.stop?.();
process.exit(0);
