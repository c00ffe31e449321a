// Throughput of k6 through hyvve-qa vs the same k6 command run directly.
// A: `hyvve-qa run load` (starts the reference app, supervises k6, reads and
//    archives the raw points). B: the same k6 binary, generated entry, flags
//    and env against a reference app started the same way.
// Both run the smoke profile with no think time (HYVVE_LOAD_THINK_S=0) so k6
// pushes as hard as it can; RPS is k6's own http_reqs rate from each run's
// summary. Each run has its own reference app. Build first: npm run build.
// PAIRS (default 5), HYVVE_LOAD_DURATION (10s), MODE (alternating|simultaneous).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { entrySource } from "../../dist/src/runners/k6-entry.js";
import { startApp } from "./app.mjs";

const root = new URL("../../", import.meta.url).pathname;
const pairs = Number(process.env.PAIRS ?? 5);
const duration = process.env.HYVVE_LOAD_DURATION ?? "10s";
const env = {
  ...process.env,
  HYVVE_LOAD_DURATION: duration,
  HYVVE_LOAD_THINK_S: "0",
  NO_COLOR: "1",
};
delete env.HYVVE_REF_FAULTS;

function k6Path() {
  const r = spawnSync(process.execPath, [join(root, "bin/hyvve-qa.js"), "doctor"], {
    cwd: root,
    encoding: "utf8",
  });
  const m = / k6 +v\S+ at (\S+)/.exec(r.stdout);
  if (!m) throw new Error(`no k6: ${r.stdout}`);
  return m[1];
}

function exited(child) {
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

async function viaHyvve() {
  const out = mkdtempSync(join(tmpdir(), "rps-a-"));
  const child = spawn(
    process.execPath,
    [join(root, "bin/hyvve-qa.js"), "run", "load", "--out", out, "--ci", "--no-baseline"],
    { cwd: root, env, stdio: "ignore" },
  );
  const code = await exited(child);
  if (code !== 0 && code !== 1) throw new Error(`hyvve-qa exited ${code}`);
  return JSON.parse(readFileSync(join(out, "suites/load/k6-summary-0.json"), "utf8")).metrics
    .http_reqs.values.rate;
}

async function direct(k6, entry) {
  const { url, token, app } = await startApp();
  const out = mkdtempSync(join(tmpdir(), "rps-b-"));
  const summary = join(out, "summary.json");
  const k6Env = {
    ...env,
    K6_AUTO_EXTENSION_RESOLUTION: "false",
    K6_NO_USAGE_REPORT: "true",
    HYVVE_BASE_URL: url,
    HYVVE_TOKEN: token,
    HYVVE_WORKSPACE_ID: "ws-qa",
    HYVVE_ENV: "local",
    HYVVE_PROFILE: "smoke",
    HYVVE_K6_SUMMARY: summary,
  };
  const child = spawn(
    k6,
    ["run", "--quiet", "--no-usage-report", "--out", `json=${join(out, "points.json.gz")}`, entry],
    { cwd: root, env: k6Env, stdio: "ignore" },
  );
  const code = await exited(child);
  app.kill("SIGTERM");
  if (code !== 0 && code !== 99) throw new Error(`k6 exited ${code}`);
  return JSON.parse(readFileSync(summary, "utf8")).metrics.http_reqs.values.rate;
}

const k6 = k6Path();
const scripts = ["a2a-endpoints.ts", "ccr-routing.ts", "dashboard-flow.ts"].map((f) =>
  join(root, "suites/load", f),
);
const entry = join(mkdtempSync(join(tmpdir(), "rps-entry-")), "k6-entry.ts");
writeFileSync(entry, await entrySource(scripts, (s) => pathToFileURL(s).href));

// Default: one after the other, order swapped each pair (A B, B A, …) so drift
// hits both alike; MODE=simultaneous runs each pair side by side instead.
const simultaneous = process.env.MODE === "simultaneous";
async function pair(i) {
  if (simultaneous) return Promise.all([viaHyvve(), direct(k6, entry)]);
  if (i % 2 === 0) {
    const a = await viaHyvve();
    return [a, await direct(k6, entry)];
  }
  const b = await direct(k6, entry);
  return [await viaHyvve(), b];
}

const ratios = [];
for (let i = 0; i < pairs; i++) {
  const [a, b] = await pair(i);
  ratios.push(a / b);
  console.log(
    `pair ${i + 1}: through hyvve-qa ${a.toFixed(1)} req/s, direct ${b.toFixed(1)} req/s, ratio ${(a / b).toFixed(3)}`,
  );
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(
  `median ratio ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} (min ${sorted[0].toFixed(3)}, max ${sorted.at(-1).toFixed(3)}) over ${pairs} ${simultaneous ? "simultaneous" : "alternating"} pairs of ${duration}`,
);
