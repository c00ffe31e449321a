// A synthetic run history: RUNS runs × CASES cases, seeded, JSON Lines in the
// history format (dist/src/history/record.ts): 2 % of cases flaky (alternate),
// 0.5 % broken, the rest stable; durations around 100–2000 ms.
// Usage: node bench/history/generate.mjs OUT [RUNS=200] [CASES=10000]
import { writeFileSync } from "node:fs";
import { serializeHistory } from "../../dist/src/history/store.js";

const [out = "/tmp/hyvve-bench-history.jsonl", runs = "200", cases = "10000"] =
  process.argv.slice(2);
let seed = 20261201;
const random = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
const records = [];
for (let r = 0; r < Number(runs); r++) {
  const entries = {};
  for (let c = 0; c < Number(cases); c++) {
    const flaky = c % 50 === 0;
    const broken = c % 200 === 1;
    const status = broken ? "failed" : flaky && (r + c) % 2 === 0 ? "failed" : "passed";
    entries[`suite-${c % 6}::suites/s${c % 300}.spec.ts::case ${c}`] = [
      status,
      Math.round(100 + random() * 1900),
      0,
      status === "failed" ? "3f2a9c1d0b7e" : null,
    ];
  }
  records.push({
    v: 1,
    runId: `run-${r}`,
    startedAt: new Date(Date.UTC(2026, 10, 1) + r * 3_600_000).toISOString(),
    durationMs: 90_000,
    environment: "local",
    profile: "smoke",
    git: { commit: "0".repeat(40), branch: "main" },
    outcome: "failed",
    cases: entries,
  });
}
writeFileSync(out, serializeHistory(records));
console.log(`${out}: ${records.length} runs × ${cases} cases`);
