#!/usr/bin/env node
// The main job (all six suites, smoke profile, after set-up) against a peer
// tree in the same session, and the floor it cannot go under (issue 14).
//
//   npm run build
//   git worktree add /tmp/main-old <commit> && (cd /tmp/main-old &&
//     ln -s "$PWD/../../work/main/node_modules" node_modules && npm run build)
//   node bench/main-job/run.mjs --peer /tmp/main-old [--pairs 3] [--floor]
//
// Pairs alternate which tree goes first (ABBA…), each run a whole
// `hyvve-qa run --ci --no-baseline --out DIR --history H` as CI runs it; each
// tree has its own history file, seeded by one warm-up run, so longest-first
// scheduling has durations to work with (the peer ignores them if it cannot).
// The ratio new/peer is taken pair by pair; quote its median.
//
// --floor times the parts no scheduling can remove, each alone: the reference
// app's start (spawn → ready), a Chromium launch and close, every suite alone
// (`hyvve-qa run <suite>`), and the load suite's fixed smoke length (20 s of
// constant VUs: the profile's length, not a cost of ours).
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
const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-main-"));
const env = { ...process.env, NO_COLOR: "1", CI: "true" };
delete env.HYVVE_REF_FAULTS;

/** One whole `hyvve-qa run` in a tree; wall seconds and what the run said. */
function runJob(tree, label, suites = []) {
  const out = join(scratch, `${label}-${Date.now()}`);
  const history = join(scratch, `${label.split("-")[0]}-history.jsonl`);
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
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  const cases = run.suites.flatMap((s) => s.cases);
  const failed = cases.filter((c) => c.status === "failed").length;
  const suiteTimes = Object.fromEntries(run.suites.map((s) => [s.name, s.durationMs / 1000]));
  return { wall, exit: proc.status, cases: cases.length, failed, suiteTimes };
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

/** Launch Debian's Chromium through Playwright, open a page, close: in ms. */
async function browserStartMs() {
  const { chromium } = await import("@playwright/test");
  const { CHROMIUM_ARGS, findChromium } = await import(join(root, "dist/src/setup/chromium.js"));
  const t0 = performance.now();
  const browser = await chromium.launch({
    executablePath: findChromium(process.env),
    args: [...CHROMIUM_ARGS],
  });
  await (await browser.newPage()).close();
  await browser.close();
  return performance.now() - t0;
}

async function floor() {
  console.log(`\n## Floor (load average ${load()})`);
  const apps = [];
  for (let i = 0; i < 5; i++) apps.push(await appStartMs());
  const browsers = [];
  for (let i = 0; i < 5; i++) browsers.push(await browserStartMs());
  console.log(`reference app start (median of 5): ${median(apps).toFixed(0)} ms`);
  console.log(`Chromium launch + page + close (median of 5): ${median(browsers).toFixed(0)} ms`);
  const alone = {};
  for (const suite of ["e2e", "visual", "ccr", "quota", "observability", "load"]) {
    const r = runJob(root, `alone-${suite}`, [suite]);
    alone[suite] = r.wall;
    console.log(
      `${suite} alone: ${r.wall.toFixed(1)} s wall (suite ${r.suiteTimes[suite]?.toFixed(1)} s), ${r.cases} cases, ${r.failed} failed`,
    );
  }
  const shared = ["e2e", "visual", "ccr", "quota", "observability"].map((s) => alone[s]);
  const bound = Math.max(Math.max(...shared), shared.reduce((a, b) => a + b, 0) / 2) + alone.load;
  console.log(
    `floor = max(longest shared suite, sum of shared suites / 2 slots) + load alone = ${bound.toFixed(1)} s`,
  );
  console.log(
    "(each suite's wall above includes its own app start and report; the load suite's 20 s of constant VUs are the profile's)",
  );
}

async function main() {
  console.log(
    `# Main job: this tree vs ${peer ?? "(no peer)"}; ${pairs} pairs; load average ${load()}`,
  );
  if (peer) {
    console.log("warm-up (seeds each tree's history):");
    for (const [tree, label] of [
      [root, "new"],
      [peer, "peer"],
    ]) {
      const r = runJob(tree, `${label}-warmup`);
      console.log(
        `  ${label}: ${r.wall.toFixed(1)} s, exit ${r.exit}, ${r.cases} cases, ${r.failed} failed`,
      );
    }
    const ratios = [];
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? ["new", "peer"] : ["peer", "new"];
      const got = {};
      for (const label of order)
        got[label] = runJob(label === "new" ? root : peer, `${label}-${i}`);
      ratios.push(got.new.wall / got.peer.wall);
      for (const label of ["new", "peer"]) {
        const r = got[label];
        const times = Object.entries(r.suiteTimes)
          .map(([n, s]) => `${n} ${s.toFixed(1)}`)
          .join(", ");
        console.log(
          `pair ${i + 1} ${label}: ${r.wall.toFixed(1)} s, exit ${r.exit}, ${r.cases} cases, ${r.failed} failed (${times}); load ${load()}`,
        );
      }
    }
    console.log(
      `ratio new/peer per pair: ${ratios.map((r) => r.toFixed(3)).join(", ")}; median ${median(ratios).toFixed(3)}`,
    );
  }
  if (args.includes("--floor")) await floor();
}

await main();
