#!/usr/bin/env node
// What hyvve-qa costs over a team's native runner, same suite, same run: each
// suite of examples/monorepo run directly with its own runner (as its README
// says) and through `hyvve-qa run <suite>` against the same already running
// reference app (`--env staging`, so no app start is counted), in turn
// (native, hyvve-qa, native, …) so both meet the same machine load. Prints
// each pair's wall times (from /usr/bin/time), the ratio hyvve-qa/native and
// the difference (hyvve-qa's fixed start-up and import), and their medians.
//
//   npm run build && (cd examples/monorepo/apps/web && npm ci)
//   node bench/adopt/overhead.mjs [pairs=5] [suite...]   suites: e2e quota ccr load
//
// A warm-up run of each comes first and is not counted.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "../load/app.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const EXAMPLE = join(ROOT, "examples", "monorepo");
const WEB_MODULES = join(EXAMPLE, "apps", "web", "node_modules");
const K6 = process.env.HYVVE_K6 ?? join(ROOT, ".cache", "k6", "v2.2.0", "k6");
const PYTHON = process.env.HYVVE_PYTHON ?? "/usr/bin/python3";
const [pairsArg, ...wanted] = process.argv.slice(2);
const pairs = Number(pairsArg ?? 5);
const scratch = mkdtempSync(join(tmpdir(), "hyvve-qa-bench-adopt-"));

/** The example as a team's checkout with the config `init` writes. */
function teamRepo() {
  const repo = join(scratch, "monorepo");
  cpSync(EXAMPLE, repo, { recursive: true, filter: (src) => !src.startsWith(WEB_MODULES) });
  symlinkSync(WEB_MODULES, join(repo, "apps", "web", "node_modules"));
  execFileSync(process.execPath, [join(ROOT, "bin", "hyvve-qa.js"), "init", "--force"], {
    cwd: repo,
    stdio: "ignore",
  });
  return repo;
}

/** Each suite: its native command (file, args, folder) as the example's README runs it. */
function natives(app) {
  const k6 = (script) => [K6, "run", "--quiet", "--vus", "2", "--duration", "4s", script];
  return {
    e2e: ["npx", ["playwright", "test", "--project=chromium", "--reporter=line"], "apps/web"],
    quota: ["npx", ["vitest", "run"], "apps/web"],
    ccr: [PYTHON, ["-m", "pytest", "-q"], "agents"],
    // The three scripts at once, as hyvve-qa runs them: one k6 process each.
    load: [
      "bash",
      [
        "-c",
        ["a2a-endpoints", "ccr-routing", "dashboard-flow"]
          .map((s) => `${k6(`k6/${s}.js`).join(" ")} >/dev/null &`)
          .join(" ") + " wait",
      ],
      "tests/load",
    ],
    env: {
      ...process.env,
      CI: "",
      K6_AUTO_EXTENSION_RESOLUTION: "false",
      WEB_URL: app.url,
      BASE_URL: app.url,
      CCR_URL: app.url,
      AUTH_TOKEN: app.token,
      WORKSPACE_ID: "ws-qa",
      CCR_ENABLED: "true",
    },
  };
}

/** Wall seconds of one command, as /usr/bin/time reports it; its exit code. */
function timed(file, args, cwd, env) {
  const timing = join(scratch, "time.txt");
  const r = spawnSync("/usr/bin/time", ["-o", timing, "-f", "%e", file, ...args], {
    cwd,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return { wall: Number(readFileSync(timing, "utf8").trim().split("\n").at(-1)), code: r.status };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const app = await startApp();
try {
  const repo = teamRepo();
  const n = natives(app);
  const hyvveEnv = {
    ...n.env,
    HYVVE_STAGING_URL: app.url,
    HYVVE_STAGING_TOKEN: app.token,
    HYVVE_PYTHON: PYTHON,
    HYVVE_K6: K6,
    HYVVE_LOAD_DURATION: "4s",
  };
  const hyvve = (suite) => [
    process.execPath,
    [join(ROOT, "bin", "hyvve-qa.js"), "run", suite, "--env", "staging", "--ci"].concat([
      "--no-history",
      "--no-baseline",
      "--out",
      join(scratch, `out-${suite}`),
    ]),
    ".",
  ];
  for (const suite of wanted.length ? wanted : ["quota", "ccr", "e2e", "load"]) {
    const [nf, na, nd] = n[suite];
    const [hf, ha, hd] = hyvve(suite);
    timed(nf, na, join(repo, nd), n.env);
    timed(hf, ha, join(repo, hd), hyvveEnv);
    const rows = [];
    for (let i = 0; i < pairs; i++) {
      const a = timed(nf, na, join(repo, nd), n.env);
      const b = timed(hf, ha, join(repo, hd), hyvveEnv);
      rows.push({ native: a.wall, hyvve: b.wall });
      console.log(
        `${suite.padEnd(6)} pair ${i + 1}: native ${a.wall.toFixed(2)} s (exit ${a.code}), hyvve-qa ${b.wall.toFixed(2)} s (exit ${b.code}), ratio ${(b.wall / a.wall).toFixed(3)}, +${(b.wall - a.wall).toFixed(2)} s`,
      );
    }
    console.log(
      `${suite.padEnd(6)} median: native ${median(rows.map((r) => r.native)).toFixed(2)} s, hyvve-qa ${median(rows.map((r) => r.hyvve)).toFixed(2)} s, ratio ${median(rows.map((r) => r.hyvve / r.native)).toFixed(3)}, difference ${median(rows.map((r) => r.hyvve - r.native)).toFixed(2)} s`,
    );
  }
} finally {
  app.app.kill();
}
