#!/usr/bin/env node
// e2e speed and stability (issue 4; spec DM-09.4 AC4/AC5): runs the whole e2e
// suite N times (default 20) through the built CLI, as CI would
// (`hyvve-qa run e2e --ci`: retries on, so a flake shows up as "flaky"), and
// reports the wall time of each run and the total of flaky and failed cases.
//
//   npm run build && node bench/e2e/stability.mjs [runs] [--suite e2e]
//
// Each run starts its own reference app (the CLI does), as a user's run would;
// the wall time is the whole `hyvve-qa run e2e` command.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const suiteAt = args.indexOf("--suite");
const suite = suiteAt >= 0 ? args[suiteAt + 1] : "e2e";
const runs = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== "--suite") ?? 20);
const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-e2e-"));

// A clean reference app: no faults, whatever the caller's shell has set.
const env = { ...process.env, NO_COLOR: "1" };
delete env.HYVVE_REF_FAULTS;

const rows = [];
for (let i = 1; i <= runs; i++) {
  const out = join(scratch, `run-${i}`);
  const started = performance.now();
  const proc = spawnSync(
    process.execPath,
    [join(root, "bin/hyvve-qa.js"), "run", suite, "--out", out, "--ci", "--no-baseline"],
    {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wallS = (performance.now() - started) / 1000;
  let cases = [];
  let suiteS = NaN;
  try {
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    const s = run.suites.find((x) => x.name === suite);
    cases = s?.cases ?? [];
    suiteS = (s?.durationMs ?? NaN) / 1000;
  } catch {
    // No run.json: counted as an errored run below.
  }
  const count = (status) => cases.filter((c) => c.status === status).length;
  const row = {
    run: i,
    exit: proc.status,
    wallS,
    suiteS,
    cases: cases.length,
    passed: count("passed"),
    failed: count("failed"),
    flaky: count("flaky"),
    problems: cases
      .filter((c) => c.status === "failed" || c.status === "flaky")
      .map((c) => `${c.status}: ${c.titlePath.join(" › ")}`),
  };
  rows.push(row);
  console.log(
    `run ${String(i).padStart(2)}: exit ${row.exit}, wall ${wallS.toFixed(1)} s (playwright ${suiteS.toFixed(1)} s), ` +
      `${row.cases} cases: ${row.passed} passed, ${row.failed} failed, ${row.flaky} flaky${row.problems.length ? ` — ${row.problems.join("; ")}` : ""}`,
  );
  rmSync(out, { recursive: true, force: true });
}
rmSync(scratch, { recursive: true, force: true });

const walls = rows.map((r) => r.wallS).sort((a, b) => a - b);
const pct = (p) => walls[Math.min(walls.length - 1, Math.ceil((p / 100) * walls.length) - 1)];
const total = (k) => rows.reduce((n, r) => n + r[k], 0);
console.log(
  `\n${runs} runs of \`hyvve-qa run ${suite} --ci\`: wall min ${walls[0].toFixed(1)} s, median ${pct(50).toFixed(1)} s, ` +
    `max ${walls.at(-1).toFixed(1)} s; ${total("cases")} cases in all: ${total("failed")} failed, ${total("flaky")} flaky; ` +
    `runs with a non-zero exit: ${rows.filter((r) => r.exit !== 0).length}`,
);
process.exitCode =
  total("failed") + total("flaky") === 0 && rows.every((r) => r.exit === 0) ? 0 : 1;
