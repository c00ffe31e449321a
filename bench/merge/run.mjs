#!/usr/bin/env node
// bench/merge: 200 JUnit files, 100,000 cases. `hyvve-qa report --junit`
// (every default output: run.json, junit.xml, ctrf.json, index.html,
// metrics.prom) against junit-report-merger writing its merged JUnit alone,
// same files, alternating pairs; wall time and peak RSS from /usr/bin/time -v.
//
//   npm run build && node bench/merge/run.mjs [pairs=5]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { comparePairs } from "../lib/pairs.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const data = process.env.BENCH_DIR ?? "/tmp/hyvve-bench-junit";
const pairs = Number(process.argv[2] ?? 5);

execFileSync(process.execPath, [join(ROOT, "bench/merge/generate.mjs"), data, "200", "100000"], {
  stdio: "inherit",
});
comparePairs({
  pairs,
  a: {
    name: "hyvve-qa",
    argv: [
      "sh",
      "-c",
      `exec node ${ROOT}bin/hyvve-qa.js report --junit ${data}/*.xml --out /tmp/hyvve-bench-out`,
    ],
  },
  b: {
    name: "junit-report-merger",
    argv: [
      "node",
      join(ROOT, "node_modules/junit-report-merger/cli.js"),
      "/tmp/hyvve-bench-jrm.xml",
      `${data}/*.xml`,
    ],
  },
});
