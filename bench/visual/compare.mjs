#!/usr/bin/env node
// Visual suite speed (issue 14): the whole `hyvve-qa run visual --ci --no-baseline`
// of two checkouts, in turn (old, new, old, new, …), so that both meet the same
// machine load; each run's wall, CPU and peak memory from /usr/bin/time, the
// Playwright time and case counts from its run.json, the 1-minute load average
// before it, and the ratio old/new of each pair.
//
//   git worktree add /tmp/visual-old <commit> && ln -s "$PWD/node_modules" /tmp/visual-old/
//   (cd /tmp/visual-old && npm run build) && npm run build
//   node bench/visual/compare.mjs /tmp/visual-old . [pairs=3]
//
// A warm-up run of each comes first and is not counted (Chromium, the page
// cache and Playwright's transform cache warm up).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const [oldTree, newTree, pairsArg] = process.argv.slice(2);
if (!oldTree || !newTree) {
  console.error("usage: node bench/visual/compare.mjs OLD_TREE NEW_TREE [pairs]");
  process.exit(2);
}
const pairs = Number(pairsArg ?? 3);
const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-visual-"));
// A clean reference app: no faults, no Percy, whatever the caller's shell has set.
const env = { ...process.env, NO_COLOR: "1" };
for (const name of ["HYVVE_REF_FAULTS", "PERCY_TOKEN"]) delete env[name];

/** One whole run of the visual suite in `tree`; wall and CPU as /usr/bin/time reports them. */
function runVisual(tree, label) {
  const out = join(scratch, label);
  const timing = join(scratch, `${label}.time`);
  const load = loadavg()[0];
  const proc = spawnSync(
    "/usr/bin/time",
    [
      "-o",
      timing,
      "-f",
      "%e %U %S %M",
      process.execPath,
      "bin/hyvve-qa.js",
      "run",
      "visual",
    ].concat(["--ci", "--no-baseline", "--no-history", "--out", out]),
    { cwd: resolve(tree), env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const [wall, user, sys, maxKb] = readFileSync(timing, "utf8").trim().split(/\s+/).map(Number);
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  const suite = run.suites.find((s) => s.name === "visual");
  const count = (status) => suite.cases.filter((c) => c.status === status).length;
  rmSync(out, { recursive: true, force: true });
  return {
    exit: proc.status,
    load,
    wall,
    cpu: user + sys,
    peakMb: maxKb / 1024,
    playwright: suite.durationMs / 1000,
    passed: count("passed"),
    failed: count("failed") + count("flaky"),
  };
}

const show = (label, r) =>
  console.log(
    `${label.padEnd(7)} load ${r.load.toFixed(1).padStart(5)}  wall ${r.wall.toFixed(1).padStart(6)} s  ` +
      `cpu ${r.cpu.toFixed(1).padStart(6)} s  playwright ${r.playwright.toFixed(1).padStart(6)} s  ` +
      `peak ${r.peakMb.toFixed(0)} MiB  ${r.passed} passed, ${r.failed} failed, exit ${r.exit}`,
  );

runVisual(oldTree, "warm-old");
runVisual(newTree, "warm-new");
const rows = [];
for (let i = 1; i <= pairs; i++) {
  const before = runVisual(oldTree, `old-${i}`);
  show(`old ${i}`, before);
  const after = runVisual(newTree, `new-${i}`);
  show(`new ${i}`, after);
  rows.push({ before, after });
}
rmSync(scratch, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (key) => {
  const old = rows.map((r) => r.before[key]);
  const now = rows.map((r) => r.after[key]);
  const ratios = rows.map((r) => r.before[key] / r.after[key]);
  const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
  console.log(
    `${key.padEnd(10)} old median ${median(old).toFixed(1)} (${range(old)})  new median ${median(now).toFixed(1)} (${range(now)})  ` +
      `old/new per pair: median ${median(ratios).toFixed(2)}x (${range(ratios)})`,
  );
};
console.log(
  `\n${pairs} pairs, load average ${median(rows.flatMap((r) => [r.before.load, r.after.load])).toFixed(1)} (median before each run)`,
);
for (const key of ["wall", "playwright", "cpu"]) summary(key);
const allPassed = rows.every((r) => r.before.failed + r.after.failed === 0);
process.exitCode = allPassed ? 0 : 1;
