#!/usr/bin/env node
// Start-up and fixed cost, as ratios against a peer in the same run:
//   1. `hyvve-qa list` against `node -e 0` (Node's own start: the floor);
//   2. `hyvve-qa run ccr` against `vitest run` of the ccr suite's own config,
//      both against one already running reference app (`--env staging`, so
//      no app start is counted): the difference is what hyvve-qa adds around
//      its native runner (config, plan, target checks, reports);
//   3. the same run timed from inside (spawn-marks.mjs): when vitest spawns
//      and how long after its exit hyvve-qa exits, free of vitest's noise.
// Alternating pairs, wall time and peak RSS from /usr/bin/time -v.
//
//   npm run build && node bench/startup/run.mjs [pairs=5]
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../load/app.mjs";
import { comparePairs, median, timeOnce } from "../lib/pairs.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const CLI = join(ROOT, "bin", "hyvve-qa.js");
const pairs = Number(process.argv[2] ?? 5);
const out = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-startup-"));

console.log("# list vs node -e 0");
const list = comparePairs({
  pairs,
  a: { name: "node -e 0", argv: [process.execPath, "-e", "0"] },
  b: { name: "hyvve-qa list", argv: [process.execPath, CLI, "list"] },
  options: { cwd: ROOT },
});
console.log(`list: ${list.b.wall.toFixed(2)} s (goal ≤ 0.25 s)`);

const app = await startApp();
try {
  // What hyvve-qa hands the ccr suite for `--env staging` (src/target/index.ts targetEnv).
  const env = {
    ...process.env,
    CI: "",
    HYVVE_ENV: "staging",
    HYVVE_BASE_URL: app.url,
    HYVVE_CCR_URL: app.url,
    HYVVE_AGENTS_URL: app.url,
    HYVVE_TOKEN: app.token,
    HYVVE_WORKSPACE_ID: "ws-qa",
    HYVVE_STAGING_URL: app.url,
    HYVVE_STAGING_CCR_URL: app.url,
    HYVVE_STAGING_AGENTS_URL: app.url,
    HYVVE_STAGING_TOKEN: app.token,
  };
  const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
  const ccrArgv = [
    process.execPath,
    CLI,
    "run",
    "ccr",
    "--env",
    "staging",
    "--ci",
    "--no-history",
    "--no-baseline",
    "--out",
    out,
  ];
  console.log("# run ccr vs vitest run (same config, same running app)");
  const ccr = comparePairs({
    pairs,
    a: {
      name: "vitest run",
      argv: [process.execPath, vitest, "run", "--config", "config/vitest.ccr.config.ts"],
    },
    b: { name: "hyvve-qa run ccr", argv: ccrArgv },
    options: { cwd: ROOT, env },
  });
  console.log(
    `run ccr: fixed cost over vitest ${(-ccr.difference).toFixed(2)} s (goal ≤ 0.3 s), ratio ${(1 / ccr.ratio).toFixed(2)}`,
  );
  // The same run timed from inside (spawn-marks.mjs): hyvve-qa's own time
  // before vitest starts and after it exits, without vitest's run-to-run noise.
  console.log("# run ccr from inside: before the runner starts, after it exits");
  const marksFile = join(out, "marks.jsonl");
  for (let i = 0; i < pairs; i++)
    timeOnce(ccrArgv, {
      cwd: ROOT,
      env: {
        ...env,
        NODE_OPTIONS: `--import ${join(ROOT, "bench/startup/spawn-marks.mjs")}`,
        HYVVE_QA_BENCH_MARKS: marksFile,
      },
    });
  const marks = readFileSync(marksFile, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  const before = median(marks.map((m) => m.firstSpawn / 1000));
  const after = median(marks.map((m) => (m.exit - m.runnerExit) / 1000));
  console.log(
    `run ccr: vitest spawned ${before.toFixed(3)} s after start (node -e 0 takes ${list.a.wall.toFixed(2)} s in all); ` +
      `${after.toFixed(3)} s from vitest's exit to ours (median of ${pairs})`,
  );
  // How much of that is vitest's own work for the results hyvve-qa reads (its JUnit and JSON).
  console.log("# vitest run with the reporters hyvve-qa asks it for vs plain");
  const base = [process.execPath, vitest, "run", "--config", "config/vitest.ccr.config.ts"];
  const reporters = comparePairs({
    pairs,
    a: { name: "vitest run", argv: base },
    b: {
      name: "vitest +junit +json",
      argv: [
        ...base,
        "--reporter=default",
        "--reporter=junit",
        "--reporter=json",
        `--outputFile.junit=${join(out, "junit.xml")}`,
        `--outputFile.json=${join(out, "results.json")}`,
      ],
    },
    options: { cwd: ROOT, env },
  });
  console.log(`vitest's own reporters: ${(-reporters.difference).toFixed(2)} s of the fixed cost`);
} finally {
  app.app.kill();
}
