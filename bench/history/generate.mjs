// A synthetic run history: RUNS runs × CASES cases, seeded, JSON Lines in the
// current history format (records built by dist/src/history/record.js and
// written by store.js: columnar, the case ids once as a dictionary line):
// 2 % of cases flaky (alternate), 0.5 % broken, the rest stable; durations
// around 100–2000 ms; 6 suites; 10 load endpoints with a 500-latency sample
// each, endpoint 3's p95 100 ms higher from run 185 on (a change point).
// Usage: node bench/history/generate.mjs OUT [RUNS=200] [CASES=10000]
import { writeFileSync } from "node:fs";
import { recordFromEntries } from "../../dist/src/history/record.js";
import { serializeHistory } from "../../dist/src/history/store.js";

const [out = "/tmp/hyvve-bench-history.jsonl", runs = "200", cases = "10000"] =
  process.argv.slice(2);
let seed = 20261201;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const records = [];
for (let r = 0; r < Number(runs); r++) {
  const entries = [];
  for (let c = 0; c < Number(cases); c++) {
    const flaky = c % 50 === 0;
    const broken = c % 200 === 1;
    const status = broken ? "failed" : flaky && (r + c) % 2 === 0 ? "failed" : "passed";
    entries.push([
      `suite-${c % 6}::suites/s${c % 300}.spec.ts::case ${c}`,
      {
        status,
        durationMs: Math.round(100 + random() * 1900),
        retries: 0,
        signature: status === "failed" ? "3f2a9c1d0b7e" : null,
      },
    ]);
  }
  const meta = {
    runId: `run-${r}`,
    startedAt: new Date(Date.UTC(2026, 10, 1) + r * 3_600_000).toISOString(),
    durationMs: 90_000,
    environment: "local",
    profile: "smoke",
    git: { commit: "0".repeat(40), branch: "main" },
    outcome: "failed",
  };
  records.push(recordFromEntries({ ...meta, suites: suitesOf(entries), load: loadOf(r) }, entries));
}
/** Per suite (the id's first part): counts, and a wall time. */
function suitesOf(entries) {
  const suites = {};
  for (const [id, e] of entries) {
    const name = id.slice(0, id.indexOf("::"));
    suites[name] ??= {
      durationMs: 60_000 + Math.round(random() * 5000),
      passed: 0,
      failed: 0,
      flaky: 0,
      skipped: 0,
    };
    suites[name][e.status]++;
  }
  return suites;
}

/** Ten endpoints, each with its numbers and a seeded 500-point latency sample. */
function loadOf(run) {
  const load = {};
  for (let e = 0; e < 10; e++) {
    const shift = e === 3 && run >= 185 ? 100 : 0;
    const sample = Array.from(
      { length: 500 },
      () => Math.round((2 + random() * 8 + shift) * 100) / 100,
    );
    const sorted = [...sample].sort((a, b) => a - b);
    const at = (q) => sorted[Math.floor(q * (sorted.length - 1))];
    load[`load › scenario › endpoint_${e}`] = {
      requests: 5000,
      errorRate: 0,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      sample,
    };
  }
  return load;
}

writeFileSync(out, serializeHistory(records));
console.log(`${out}: ${records.length} runs × ${cases} cases`);
