#!/usr/bin/env node
// Start-up and fixed cost, as ratios against a peer in the same run:
//   1. `hyvve-qa list` against `node -e 0` (Node's own start: the floor);
//   2. `hyvve-qa run ccr` against `vitest run` of the ccr suite's own config,
//      both against one already running reference app (`--env staging`, so
//      no app start is counted): the difference is what hyvve-qa adds around
//      its native runner (config, plan, target checks, reports).
// Alternating pairs, wall time and peak RSS from /usr/bin/time -v.
//
//   npm run build && node bench/startup/run.mjs [pairs=5]
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../load/app.mjs";
import { comparePairs } from "../lib/pairs.mjs";

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
  console.log("# run ccr vs vitest run (same config, same running app)");
  const ccr = comparePairs({
    pairs,
    a: {
      name: "vitest run",
      argv: [process.execPath, vitest, "run", "--config", "config/vitest.ccr.config.ts"],
    },
    b: {
      name: "hyvve-qa run ccr",
      argv: [
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
      ],
    },
    options: { cwd: ROOT, env },
  });
  console.log(
    `run ccr: fixed cost over vitest ${(-ccr.difference).toFixed(2)} s (goal ≤ 0.3 s), ratio ${(1 / ccr.ratio).toFixed(2)}`,
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
