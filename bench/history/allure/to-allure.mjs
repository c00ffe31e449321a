// Our run history → Allure 3 (allure@3.18.0) input: OUT/history.jsonl holds
// every run but the last as an Allure HistoryDataPoint line (the exact shape
// @allurereport/core's createHistory() appends), OUT/allure-results/ holds the
// last run as Allure result files, so `allure generate` has a current run
// and reads the earlier ones from its history. Also writes three configs:
// OUT/allurerc.mjs (log plugin: the lightest), OUT/allurerc-awesome.mjs (the
// default HTML report) and OUT/allurerc-nohistory.mjs (log, no history: the
// cost of reading the 10,000 current results alone, to subtract).
// Usage: node bench/history/allure/to-allure.mjs IN OUT_DIR [RUNS] [CASES]
//   RUNS / CASES keep only the first RUNS runs / CASES case ids (default all).
import { createHash } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { resolve } from "node:path";
import { parseHistory } from "../../../dist/src/history/store.js";

const [inFile, outArg, runsArg, casesArg] = process.argv.slice(2);
if (!inFile || !outArg) throw new Error("usage: to-allure.mjs IN OUT_DIR [RUNS] [CASES]");
const out = resolve(outArg);
const { records: all } = parseHistory(readFileSync(inFile, "utf8"));
const records = all.slice(0, runsArg ? Number(runsArg) : all.length);
const caseLimit = casesArg ? Number(casesArg) : Infinity;

// Allure 3 has no "passed on retry" status: the final status of an "r" case is passed.
const STATUS = { p: "passed", f: "failed", r: "passed", s: "skipped" };
// Allure's own hash for ids (core/dist/utils/crypto.js).
const md5 = (s) => createHash("md5").update(s).digest("hex");
// Allure's own derivation (core/dist/store/convert.js): testCase.id = md5(testCaseId),
// historyId = testCase.id + "." + md5(parameters) — the result's historyId field is ignored.
const NO_PARAMS = md5("");
// A 32-hex digest laid out as a UUID, for the deterministic uuids Allure expects.
const uuid = (hex) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

// A run's case ids, cut to the first CASES when asked.
const idsOf = (r) => r.ids.slice(0, Math.min(r.ids.length, caseLimit));
const derived = new Map();
// The test case id and history id Allure computes for our case id (memoised).
function allureIds(id) {
  let d = derived.get(id);
  if (!d) {
    const testCase = md5(id);
    derived.set(
      id,
      (d = { testCase, historyId: `${testCase}.${NO_PARAMS}`, name: id.split("::").pop() }),
    );
  }
  return d;
}

// One case of one run as Allure's status/timing fields (durations rounded: Allure keeps whole ms).
function caseOf(r, i, runStart) {
  const duration = Math.round(r.durations[i] ?? 0);
  const sig = r.signatures?.[i];
  // Our history keeps a failure's signature, not its message: that stands in for the message.
  return {
    status: STATUS[r.status[i]],
    message: sig ? `failure ${sig}` : undefined,
    start: runStart,
    stop: runStart + duration,
    duration,
  };
}

mkdirSync(out, { recursive: true });
rmSync(`${out}/allure-results`, { recursive: true, force: true });
mkdirSync(`${out}/allure-results`);

// The earlier runs: one HistoryDataPoint line each, keys in the order Allure writes them.
const fd = openSync(`${out}/history.jsonl`, "w");
for (const r of records.slice(0, -1)) {
  const runStart = Date.parse(r.startedAt);
  const ids = idsOf(r);
  const testResults = {};
  ids.forEach((id, i) => {
    const { historyId, name } = allureIds(id);
    const c = caseOf(r, i, runStart);
    testResults[historyId] = {
      id: md5(`${r.runId}\0${id}`),
      name,
      fullName: id,
      environment: "default",
      status: c.status,
      message: c.message,
      start: c.start,
      stop: c.stop,
      duration: c.duration,
      labels: [],
      url: "",
      historyId,
      reportLinks: [],
    };
  });
  const point = {
    uuid: uuid(md5(r.runId)),
    name: "Allure Report",
    timestamp: runStart + (r.durationMs ?? 0),
    knownTestCaseIds: ids.map((id) => allureIds(id).testCase),
    testResults,
    metrics: {},
    url: "",
  };
  writeSync(fd, `${JSON.stringify(point)}\n`);
}
closeSync(fd);

// The last run: one Allure result file per case (allure2/3 results format, minimal fields).
const last = records.at(-1);
const lastStart = Date.parse(last.startedAt);
idsOf(last).forEach((id, i) => {
  const c = caseOf(last, i, lastStart);
  const u = uuid(md5(`${last.runId}\0${id}`));
  const result = {
    uuid: u,
    historyId: id,
    testCaseId: id,
    name: allureIds(id).name,
    fullName: id,
    status: c.status,
    ...(c.message ? { statusDetails: { message: c.message } } : {}),
    start: c.start,
    stop: c.stop,
    labels: [],
  };
  writeFileSync(`${out}/allure-results/${u}-result.json`, JSON.stringify(result));
});

// The configs: absolute paths (Allure resolves historyPath against the process cwd);
// appendHistory false so that repeated timed runs all read the same 199-line history.
const config = (plugins, report, history = true) =>
  `// Written by to-allure.mjs.\nexport default ${JSON.stringify(
    {
      ...(history ? { historyPath: `${out}/history.jsonl` } : {}),
      appendHistory: false,
      output: `${out}/${report}`,
      plugins,
    },
    null,
    2,
  )};\n`;
// log: prints only the tests Allure marked flaky (the filter is a function, so it goes in as source).
const log = { log: { options: { groupBy: "none", filter: "__FILTER__" } } };
const withFilter = (text) => text.replace('"__FILTER__"', "(tr) => tr.flaky");
writeFileSync(`${out}/allurerc.mjs`, withFilter(config(log, "report-log")));
writeFileSync(`${out}/allurerc-nohistory.mjs`, withFilter(config(log, "report-nohistory", false)));
writeFileSync(
  `${out}/allurerc-awesome.mjs`,
  config({ awesome: { options: {} } }, "report-awesome"),
);
console.log(
  `${out}: history.jsonl ${records.length - 1} runs, allure-results ${idsOf(last).length} results (${last.runId})`,
);
