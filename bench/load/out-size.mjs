// What k6 writes to disk for the same points in each raw output format: one
// real k6 run of the load scripts (smoke profile, no think time, so k6
// pushes as hard as it can) against the reference app on loopback, with
// three outputs at once, so every file holds the same points:
//   --out json=points.json        (what hyvve-qa had k6 write before issue 14)
//   --out json=points.json.gz     (what it has k6 write now: gzipped by k6)
//   --out csv=points.csv.gz       (k6's CSV, for comparison)
// Then checks that the .json.gz holds exactly the lines of the .json and that
// the reducer gives the same load numbers from both. Build first: npm run build.
// HYVVE_LOAD_DURATION (default 10s).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { buildLoadSuite } from "../../dist/src/results/import/k6-load-suite.js";
import { readK6Output } from "../../dist/src/results/import/k6-points.js";
import { entrySource } from "../../dist/src/runners/k6-entry.js";
import { startApp } from "./app.mjs";

const root = new URL("../../", import.meta.url).pathname;
const duration = process.env.HYVVE_LOAD_DURATION ?? "10s";

function k6Path() {
  const r = spawnSync(process.execPath, [join(root, "bin/hyvve-qa.js"), "doctor"], {
    cwd: root,
    encoding: "utf8",
  });
  const m = / k6 +v\S+ at (\S+)/.exec(r.stdout);
  if (!m) throw new Error(`no k6: ${r.stdout}`);
  return m[1];
}

const dir = mkdtempSync(join(tmpdir(), "k6-out-size-"));
const scripts = ["a2a-endpoints.ts", "ccr-routing.ts", "dashboard-flow.ts"].map((f) =>
  join(root, "suites/load", f),
);
const entry = join(dir, "k6-entry.ts");
writeFileSync(entry, await entrySource(scripts, (s) => pathToFileURL(s).href));
const files = {
  json: join(dir, "points.json"),
  jsonGz: join(dir, "points.json.gz"),
  csvGz: join(dir, "points.csv.gz"),
};
const { url, token, app } = await startApp();
const k6 = spawn(
  k6Path(),
  [
    ...["run", "--quiet", "--no-usage-report"],
    ...["--out", `json=${files.json}`, "--out", `json=${files.jsonGz}`],
    ...["--out", `csv=${files.csvGz}`],
    entry,
  ],
  {
    cwd: root,
    env: {
      ...process.env,
      K6_AUTO_EXTENSION_RESOLUTION: "false",
      K6_NO_USAGE_REPORT: "true",
      HYVVE_BASE_URL: url,
      HYVVE_TOKEN: token,
      HYVVE_WORKSPACE_ID: "ws-qa",
      HYVVE_ENV: "local",
      HYVVE_PROFILE: "smoke",
      HYVVE_LOAD_DURATION: duration,
      HYVVE_LOAD_THINK_S: "0",
    },
    stdio: "ignore",
  },
);
const code = await new Promise((resolve) => k6.on("exit", resolve));
app.kill("SIGTERM");
if (code !== 0 && code !== 99) throw new Error(`k6 exited ${code}`);

const plain = readFileSync(files.json);
const unzipped = gunzipSync(readFileSync(files.jsonGz));
const lines = plain.toString("utf8").split("\n").filter(Boolean).length;
const sameLines = (a, b) =>
  JSON.stringify(a.toString("utf8").split("\n").sort()) ===
  JSON.stringify(b.toString("utf8").split("\n").sort());
const reduce = async (path) => {
  const points = await readK6Output(path);
  return buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false }).load;
};
const [a, b] = [await reduce(files.json), await reduce(files.jsonGz)];
const sameNumbers =
  JSON.stringify({ ...a, series: [] }) === JSON.stringify({ ...b, series: [] }) &&
  a.latencyMs.p95 === b.latencyMs.p95;
const size = (p) => statSync(p).size;
console.log(
  JSON.stringify({
    duration,
    lines,
    requests: a.requests,
    bytes: { json: size(files.json), jsonGz: size(files.jsonGz), csvGz: size(files.csvGz) },
    bytesPerLine: {
      json: +(size(files.json) / lines).toFixed(1),
      jsonGz: +(size(files.jsonGz) / lines).toFixed(1),
      csvGz: +(size(files.csvGz) / lines).toFixed(1),
    },
    gzipHoldsTheSameLines: unzipped.length === plain.length && sameLines(plain, unzipped),
    sameLoadNumbers: sameNumbers,
  }),
);
