#!/usr/bin/env node
// The main job (all six suites, smoke profile, after set-up) against a peer
// tree in the same session, and the floor it cannot go under (issue 14).
//
//   npm run build
//   git worktree add /tmp/main-old <commit> && (cd /tmp/main-old &&
//     ln -s "$PWD/../../work/main/node_modules" node_modules && npm run build)
//   node bench/main-job/run.mjs --peer /tmp/main-old [--pairs 3] [--floor] [--suites e2e,quota]
//
// Pairs alternate which tree goes first (ABBA…), each run a whole
// `hyvve-qa run --ci --no-baseline --out DIR --history H` as CI runs it; each
// tree has its own history file, seeded by one warm-up run, so longest-first
// scheduling has durations to work with (the peer ignores them if it cannot).
// The ratio new/peer is taken pair by pair; quote its median.
//
// --floor times the parts no scheduling can remove, each alone: the reference
// app's start (spawn → ready), a launch and close of each Chromium build,
// every suite alone (`hyvve-qa run <suite>`, wall and busy core-seconds), and
// the load suite's fixed smoke length (20 s of constant VUs: the profile's
// length, not a cost of ours). The shared suites run side by side on 2 cores,
// so their floor is the largest of: the longest alone, their walls over the 2
// slots, their CPU over the 2 cores; the load suite runs alone after them.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const peer = flag("--peer");
const pairs = Number(flag("--pairs", "3"));
/** `--suites e2e,quota`: pairs of those suites only (e.g. one suite alone, new vs peer); default all. */
const suites = flag("--suites", "").split(",").filter(Boolean);
/** The built src/setup/chromium.ts: which binaries the suites launch, and how. */
const chromiumSetup = await import(join(root, "dist/src/setup/chromium.js"));
const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-main-"));
const env = { ...process.env, NO_COLOR: "1", CI: "true" };
delete env.HYVVE_REF_FAULTS;

/**
 * Busy CPU time of the whole machine so far, in core-seconds (/proc/stat: all
 * but idle and iowait, in USER_HZ = 1/100 s): the job's CPU including every
 * browser and runner process it started, however they were reaped.
 */
function busyCoreSeconds() {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = ticks.map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

/** One whole `hyvve-qa run` in a tree; wall seconds, busy core-seconds and what the run said. */
function runJob(tree, label, suites = []) {
  const out = join(scratch, `${label}-${Date.now()}`);
  const history = join(scratch, `${label.split("-")[0]}-history.jsonl`);
  const busyBefore = busyCoreSeconds();
  const started = performance.now();
  const proc = spawnSync(
    process.execPath,
    [
      join(tree, "bin/hyvve-qa.js"),
      "run",
      ...suites,
      "--ci",
      "--no-baseline",
      "--out",
      out,
      "--history",
      history,
    ],
    { cwd: tree, env, encoding: "utf8", maxBuffer: 256 << 20 },
  );
  const wall = (performance.now() - started) / 1000;
  const cpu = busyCoreSeconds() - busyBefore;
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  const cases = run.suites.flatMap((s) => s.cases);
  const failed = cases.filter((c) => c.status === "failed").length;
  const suiteTimes = Object.fromEntries(run.suites.map((s) => [s.name, s.durationMs / 1000]));
  return { wall, cpu, exit: proc.status, cases: cases.length, failed, suiteTimes };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** Spawn → the ready line of the built reference app, in ms. */
function appStartMs() {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [join(root, "dist/fixtures/reference-app/server/main.js")],
      {
        env: { ...env, HYVVE_REF_TOKEN: "bench-token-0123456789", HYVVE_REF_PORT: "0" },
      },
    );
    child.stdout.on("data", (d) => {
      if (String(d).includes('"ready"')) {
        done(performance.now() - t0);
        child.kill("SIGTERM");
      }
    });
  });
}

/** Launch one of Debian's Chromium builds through Playwright, open a page, close: in ms. */
async function browserStartMs(executablePath) {
  const { chromium } = await import("@playwright/test");
  const t0 = performance.now();
  const browser = await chromium.launch(chromiumSetup.chromiumLaunchOptions(executablePath));
  await (await browser.newPage()).close();
  await browser.close();
  return performance.now() - t0;
}

async function floor() {
  console.log(`\n## Floor (load average ${load()})`);
  const apps = [];
  for (let i = 0; i < 5; i++) apps.push(await appStartMs());
  console.log(`reference app start (median of 5): ${median(apps).toFixed(0)} ms`);
  const { findChromium, findHeadlessChromium } = chromiumSetup;
  for (const [name, path] of [
    ["Chromium (visual)", findChromium(process.env)],
    ["headless shell (e2e, quota)", findHeadlessChromium(process.env)],
  ]) {
    const browsers = [];
    for (let i = 0; i < 5; i++) browsers.push(await browserStartMs(path));
    console.log(`${name} launch + page + close (median of 5): ${median(browsers).toFixed(0)} ms`);
  }
  const alone = {};
  for (const suite of ["e2e", "visual", "ccr", "quota", "observability", "load"]) {
    const r = runJob(root, `alone-${suite}`, [suite]);
    alone[suite] = r;
    console.log(
      `${suite} alone: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} core-s (suite ${r.suiteTimes[suite]?.toFixed(1)} s), ${r.cases} cases, ${r.failed} failed`,
    );
  }
  const shared = ["e2e", "visual", "ccr", "quota", "observability"].map((s) => alone[s]);
  const longest = Math.max(...shared.map((r) => r.wall));
  const slots = shared.reduce((a, r) => a + r.wall, 0) / 2;
  const cores = shared.reduce((a, r) => a + r.cpu, 0) / 2;
  const bound = Math.max(longest, slots, cores) + alone.load.wall;
  console.log(
    `floor = max(longest shared suite ${longest.toFixed(1)}, their walls / 2 slots ${slots.toFixed(1)}, their core-s / 2 cores ${cores.toFixed(1)}) + load alone = ${bound.toFixed(1)} s`,
  );
  console.log(
    "(each suite's wall above includes its own app start and report; the load suite's 20 s of constant VUs are the profile's)",
  );
}

async function main() {
  console.log(
    `# Main job${suites.length ? ` (${suites.join(", ")} only)` : ""}: this tree vs ${peer ?? "(no peer)"}; ${pairs} pairs; load average ${load()}`,
  );
  if (peer) {
    console.log("warm-up (seeds each tree's history):");
    for (const [tree, label] of [
      [root, "new"],
      [peer, "peer"],
    ]) {
      const r = runJob(tree, `${label}-warmup`, suites);
      console.log(
        `  ${label}: ${r.wall.toFixed(1)} s, exit ${r.exit}, ${r.cases} cases, ${r.failed} failed`,
      );
    }
    const ratios = [];
    const cpuRatios = [];
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? ["new", "peer"] : ["peer", "new"];
      const got = {};
      for (const label of order)
        got[label] = runJob(label === "new" ? root : peer, `${label}-${i}`, suites);
      ratios.push(got.new.wall / got.peer.wall);
      cpuRatios.push(got.new.cpu / got.peer.cpu);
      for (const label of ["new", "peer"]) {
        const r = got[label];
        const times = Object.entries(r.suiteTimes)
          .map(([n, s]) => `${n} ${s.toFixed(1)}`)
          .join(", ");
        console.log(
          `pair ${i + 1} ${label}: ${r.wall.toFixed(1)} s (${r.cpu.toFixed(0)} core-s), exit ${r.exit}, ${r.cases} cases, ${r.failed} failed (${times}); load ${load()}`,
        );
      }
    }
    console.log(
      `ratio new/peer per pair: ${ratios.map((r) => r.toFixed(3)).join(", ")}; median ${median(ratios).toFixed(3)}`,
    );
    console.log(
      `CPU (core-s) new/peer per pair: ${cpuRatios.map((r) => r.toFixed(3)).join(", ")}; median ${median(cpuRatios).toFixed(3)}`,
    );
  }
  if (args.includes("--floor")) await floor();
}

await main();
