/**
 * The run history and the quarantine through the built CLI: `run` reads the
 * history (unless --no-history) and appends its record after reporting
 * (not for shards or interrupted runs), `report --run` appends the merged
 * run, `history list|show|flaky|import|prune`, and `quarantine add|list|remove`
 * with what a quarantined or expired case does to the verdict and the reports.
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { BASIC_PROJECT, REPO, runCli, startCli, tempDir, type CliResult } from "../helpers/cli.js";

const ADDS = "pass::::fake > adds";
const SUBTRACTS = "pass::::fake > subtracts";
const BREAKS = "fail::::fake > breaks";
const WORKS = "fail::::fake > works";
const SLOW_RUNNER = join(REPO, "test", "fixtures", "history", "slow.mjs");

/**
 * A copy of the basic project in a temp folder, so reports/, the history and
 * config/quarantine.json land there; `extra` is spliced into the config object.
 */
function project(extra = ""): string {
  const dir = tempDir("hyvve-qa-history-");
  const original = join(BASIC_PROJECT, "hyvve-qa.config.mjs");
  // Keep the fake runners' paths pointing at the originals.
  const text = readFileSync(original, "utf8")
    .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(original).href))
    .replace('reportsDir: "reports",', `reportsDir: "reports",${extra}`);
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
  return dir;
}

function cli(cwd: string, ...args: string[]): Promise<CliResult> {
  return runCli(args, { cwd });
}

/** `run <suites> --ci` against the shared reference app. */
function run(cwd: string, suites: string[], ...extra: string[]): Promise<CliResult> {
  return cli(cwd, "run", ...suites, "--ci", "--base-url", inject("refUrl"), ...extra);
}

function readRun(file: string): RunResult {
  return JSON.parse(readFileSync(file, "utf8")) as RunResult;
}

function latest(cwd: string): RunResult {
  return readRun(join(cwd, "reports", "latest", "run.json"));
}

interface ListedRun {
  runId: string;
  environment: string;
  outcome: string;
  cases: number;
  failed: number;
}

/** `history --json` (plus flags), checked to have exited 0 without a warning. */
async function listed(cwd: string, ...flags: string[]): Promise<ListedRun[]> {
  const r = await cli(cwd, "history", "--json", ...flags);
  expect(r.exitCode, r.stderr).toBe(0);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as ListedRun[];
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

// Many CLI runs per test: on a busy 2-core machine that is minutes, not the 60 s default.
describe("run and the history", { timeout: 240_000 }, () => {
  it("three runs append three records; history show lists a case's three runs", async () => {
    const cwd = project();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run(cwd, ["pass"]);
      expect(r.exitCode, r.all).toBe(0);
      ids.push(readlinkSync(join(cwd, "reports", "latest")));
      // Each run saw the runs before it.
      expect(latest(cwd).history).toMatchObject({
        runs: i,
        cases: [],
        suggestions: [],
        expired: [],
      });
    }
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(true);
    // The third run's report: a strip of three statuses per case, trends over the three runs.
    const third = latest(cwd);
    expect(third.history?.strips).toEqual({ [ADDS]: "ppp", [SUBTRACTS]: "ppp" });
    expect(third.history?.trends?.runs.map((r) => r.runId)).toEqual(ids);
    expect(third.history?.trends?.suites["pass"]?.passRate).toEqual([1, 1, 1]);
    const html = readFileSync(join(cwd, "reports", "latest", "index.html"), "utf8");
    expect(html).toContain('<section id="trends"');
    expect(html).toContain('data-suite="pass"');
    const runs = await listed(cwd);
    expect(runs.map((r) => r.runId)).toEqual(ids);
    for (const r of runs)
      expect(r).toMatchObject({ environment: "custom", outcome: "passed", cases: 2, failed: 0 });

    const text = await cli(cwd, "history");
    expect(text.stdout).toContain(`3 runs in ${join(cwd, "reports", "history.jsonl")}`);

    const show = await cli(cwd, "history", "show", ADDS, "--json");
    expect(show.exitCode, show.stderr).toBe(0);
    const shown = JSON.parse(show.stdout) as {
      id: string;
      flakiness: { class: string; runs: number } | null;
      runs: { runId: string; status: string; durationMs: number; retries: number }[];
    };
    expect(shown.id).toBe(ADDS);
    expect(shown.flakiness).toMatchObject({ class: "new", runs: 3 });
    expect(shown.runs).toEqual(
      ids.map((runId) => expect.objectContaining({ runId, status: "passed", durationMs: 10 })),
    );
    const unknown = await cli(cwd, "history", "show", "pass::::nope", "--json");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('E_USAGE no run in the history has the case "pass::::nope"');
  });

  it("--no-history neither reads nor appends the history", async () => {
    const cwd = project();
    expect((await run(cwd, ["pass"])).exitCode).toBe(0);
    const before = readFileSync(join(cwd, "reports", "history.jsonl"), "utf8");
    // A corrupt line would be warned about, were the history read.
    appendFileSync(join(cwd, "reports", "history.jsonl"), "{not json\n");
    const r = await run(cwd, ["pass"], "--no-history");
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).not.toContain("unreadable");
    expect(latest(cwd).history?.runs).toBe(0);
    expect(readFileSync(join(cwd, "reports", "history.jsonl"), "utf8")).toBe(
      `${before}{not json\n`,
    );
  });

  it("--history FILE reads and appends that file instead of the config's", async () => {
    const cwd = project();
    const first = await run(cwd, ["pass"], "--history", "elsewhere/h.jsonl");
    expect(first.exitCode, first.all).toBe(0);
    expect(existsSync(join(cwd, "elsewhere", "h.jsonl"))).toBe(true);
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);
    const second = await run(cwd, ["pass"], "--history", "elsewhere/h.jsonl");
    expect(second.exitCode).toBe(0);
    expect(latest(cwd).history?.runs).toBe(1);
    expect(await listed(cwd, "--history", "elsewhere/h.jsonl")).toHaveLength(2);
    expect(await listed(cwd)).toEqual([]);
  });

  it("--history FILE with --no-history: one warning, --no-history wins, nothing written", async () => {
    const cwd = project();
    const r = await run(cwd, ["pass"], "--history", "h.jsonl", "--no-history");
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toContain(
      "hyvve-qa: warning: --history h.jsonl has no effect with --no-history",
    );
    expect(existsSync(join(cwd, "h.jsonl"))).toBe(false);
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);
  });

  it("history import adds a run (again: replaces it); prune --keep 1 leaves the newest", async () => {
    const cwd = project();
    expect((await run(cwd, ["pass"])).exitCode).toBe(0);
    expect((await run(cwd, ["pass"])).exitCode).toBe(0);
    const out = tempDir();
    expect((await run(cwd, ["pass"], "--no-history", "--out", out)).exitCode).toBe(0);
    const imported = readRun(join(out, "run.json"));
    expect(await listed(cwd)).toHaveLength(2);

    const r = await cli(cwd, "history", "import", join(out, "run.json"), "--json");
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ imported: 1, runs: 3 });
    const again = await cli(cwd, "history", "import", join(out, "run.json"), "--json");
    expect(JSON.parse(again.stdout)).toEqual({ imported: 1, runs: 3 });
    expect((await listed(cwd)).at(-1)?.runId).toBe(imported.id);

    const notARun = join(tempDir(), "run.json");
    writeFileSync(notARun, '{"hello":"world"}');
    const bad = await cli(cwd, "history", "import", join(out, "run.json"), notARun);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("E_INPUT");
    expect(await listed(cwd)).toHaveLength(3);

    const prune = await cli(cwd, "history", "prune", "--keep", "1", "--json");
    expect(prune.exitCode, prune.stderr).toBe(0);
    expect(JSON.parse(prune.stdout)).toEqual({ removed: 2, runs: 1 });
    expect((await listed(cwd)).map((x) => x.runId)).toEqual([imported.id]);
    expect((await cli(cwd, "history", "prune", "--keep", "-1")).exitCode).toBe(2);
  });

  it("history flaky shows a case that alternated as flaky; the next run reports it", async () => {
    const cwd = project();
    const out = tempDir();
    expect((await run(cwd, ["pass"], "--no-history", "--out", out)).exitCode).toBe(0);
    const template = readRun(join(out, "run.json"));
    // Ten earlier runs in which "subtracts" failed every other time.
    const files: string[] = [];
    for (let i = 0; i < 10; i++) {
      const failed = i % 2 === 1;
      const earlier: RunResult = structuredClone(template);
      delete earlier.verdict;
      delete earlier.history;
      delete earlier.baseline;
      earlier.id = `2026-01-01T00-0${i}-00-000-seed0${i}`;
      earlier.startedAt = `2026-01-01T00:0${i}:00.000Z`;
      earlier.finishedAt = `2026-01-01T00:0${i}:01.000Z`;
      earlier.status = failed ? "failed" : "passed";
      const suite = earlier.suites[0]!;
      suite.status = failed ? "failed" : "passed";
      const c = suite.cases.find((x) => x.id === SUBTRACTS)!;
      c.status = failed ? "failed" : "passed";
      if (failed) c.failure = { message: `expected ${i} to be ${i + 1}` };
      const file = join(out, `earlier-${i}.json`);
      writeFileSync(file, JSON.stringify(earlier));
      files.push(file);
    }
    const history = join(tempDir(), "seeded.jsonl");
    const imported = await cli(cwd, "history", "import", ...files, "--history", history, "--json");
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 10, runs: 10 });

    const flaky = await cli(cwd, "history", "flaky", "--history", history, "--json");
    expect(flaky.exitCode, flaky.stderr).toBe(0);
    const classes = JSON.parse(flaky.stdout) as { id: string; class: string }[];
    expect(classes).toEqual([
      expect.objectContaining({
        id: SUBTRACTS,
        class: "flaky",
        runs: 10,
        failures: 5,
        flips: 9,
        flipRate: 1,
        recent: "pfpfpfpfpf",
      }),
      expect.objectContaining({ id: ADDS, class: "stable", runs: 10, flips: 0 }),
    ]);
    const text = await cli(cwd, "history", "flaky", "--history", history);
    expect(text.stdout).toContain("1 flaky, 0 broken, 1 stable, 0 new (window 30 runs)");
    expect(text.stdout).toMatch(/^flaky {3}flip 1\.00 {2}fail {2}50%.*pass::::fake > subtracts$/m);
    expect(text.stdout).not.toContain(ADDS); // only flaky and broken cases without --json

    // A run on top of that history: the reporters show the flaky case.
    const r = await run(cwd, ["pass"], "--history", history);
    expect(r.exitCode, r.all).toBe(0);
    const judged = latest(cwd).history!;
    expect(judged.runs).toBe(10);
    expect(judged.cases).toEqual([
      expect.objectContaining({ id: SUBTRACTS, class: "flaky", runs: 11, recent: "pfpfpfpfpfp" }),
    ]);
    expect(judged.suggestions).toEqual([SUBTRACTS]);
    expect(r.stdout).toContain("Flaky over the last 11 runs (1):");
    expect(r.stdout).toContain(`quarantine candidate: hyvve-qa quarantine add '${SUBTRACTS}'`);
    const html = readFileSync(join(cwd, "reports", "latest", "index.html"), "utf8");
    expect(html).toContain('<section id="history">');
    expect(html).toMatch(/badge flaky">flaky<\/span><\/td><td>pass::::fake &gt; subtracts/);
  });

  it("a history file with a corrupt line: one warning, exit 0, the good records kept", async () => {
    const cwd = project();
    const file = join(cwd, "reports", "history.jsonl");
    expect((await run(cwd, ["pass"])).exitCode).toBe(0);
    expect((await run(cwd, ["pass"])).exitCode).toBe(0);
    const good = readFileSync(file, "utf8");
    const half = good.split("\n")[0]!.slice(0, 60);
    writeFileSync(file, `${half}\n${good}`);

    const r = await run(cwd, ["pass"]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr.match(/unreadable/g)).toHaveLength(1);
    expect(r.stderr).toContain(
      `hyvve-qa: warning: skipped 1 unreadable line of the history ${file}`,
    );
    expect(latest(cwd).history?.runs).toBe(2);
    // Rewritten without the corrupt line: no warning any more, three records.
    expect(await listed(cwd)).toHaveLength(3);

    appendFileSync(file, "garbage\n");
    const list = await cli(cwd, "history", "--json");
    expect(list.exitCode).toBe(0);
    // One line, and "line", not "lines" (runCli drops the final newline).
    expect(list.stderr).toBe(`hyvve-qa: warning: skipped 1 unreadable line of ${file}`);
    expect(JSON.parse(list.stdout)).toHaveLength(3);
  });

  it("clean reruns of a passing suite are never 'slower'; a slower one is", async () => {
    // Judge durations from 2 earlier runs on, and fast cases too (the fake ones take 10 ms).
    const cwd = project(" baseline: { durationMinSamples: 2, minDurationMs: 0 },");
    for (let i = 0; i < 3; i++) {
      const r = await run(cwd, ["pass"]);
      expect(r.exitCode, r.all).toBe(0);
      const findings = latest(cwd).baseline?.findings ?? [];
      expect(findings.filter((f) => f.kind === "slower")).toEqual([]);
    }
    // Same cases, 500 ms each: above max(median + 3·MAD, median·1.5) = 15 ms.
    const config = join(cwd, "hyvve-qa.config.mjs");
    writeFileSync(
      config,
      readFileSync(config, "utf8").replace(
        'pass: suite("pass")',
        `pass: suite("pass", { command: ["node", ${JSON.stringify(SLOW_RUNNER)}] })`,
      ),
    );
    const slow = await run(cwd, ["pass"]);
    expect(slow.exitCode, slow.all).toBe(0); // informational, never a failure
    expect(latest(cwd).baseline?.findings).toEqual([
      expect.objectContaining({ kind: "slower", caseId: ADDS, regression: false }),
      expect.objectContaining({ kind: "slower", caseId: SUBTRACTS, regression: false }),
    ]);
    expect(latest(cwd).baseline?.findings[0]?.message).toContain(
      "adds: 500 ms, above its usual 10 ms (limit 15 ms",
    );
  });

  it("shard runs are not recorded; report --run of the shards records the merged run", async () => {
    const cwd = project();
    const [a, b, merged] = [tempDir(), tempDir(), tempDir()];
    expect((await run(cwd, ["pass"], "--shard", "1/2", "--out", a)).exitCode).toBe(0);
    expect((await run(cwd, ["pass"], "--shard", "2/2", "--out", b)).exitCode).toBe(0);
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);

    const skipped = await cli(cwd, "report", "--run", join(a, "run.json"), join(b, "run.json"));
    expect(skipped.exitCode).toBe(2); // --out is required: nothing reported, nothing recorded
    const noHistory = await cli(
      cwd,
      ...["report", "--run", join(a, "run.json"), join(b, "run.json"), "--out", tempDir()],
      "--no-history",
    );
    expect(noHistory.exitCode, noHistory.all).toBe(0);
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);

    const r = await cli(
      cwd,
      ...["report", "--run", join(a, "run.json"), join(b, "run.json"), "--out", merged],
    );
    expect(r.exitCode, r.all).toBe(0);
    const runs = await listed(cwd);
    expect(runs).toEqual([
      expect.objectContaining({ runId: readRun(join(merged, "run.json")).id, cases: 2 }),
    ]);
  });

  it("an interrupted run is not recorded", async () => {
    const cwd = project();
    const pidFile = join(tempDir(), "pids");
    const started = startCli(["run", "pass", "sleepy", "--ci", "--base-url", inject("refUrl")], {
      cwd,
      env: { FAKE_PID_FILE: pidFile },
    });
    const deadline = Date.now() + 15_000;
    while (!existsSync(pidFile) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let "pass" finish
    started.kill("SIGINT");
    const r = await started;
    expect(r.exitCode).toBe(130);
    expect(latest(cwd).status).toBe("interrupted");
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);
  });
});

describe("quarantine", { timeout: 240_000 }, () => {
  const quarantineFile = (cwd: string) => join(cwd, "config", "quarantine.json");

  it("a quarantined failure fails nothing; once expired, the run fails naming the owner", async () => {
    const cwd = project();
    const future = day(30);
    const add = await cli(
      cwd,
      ...["quarantine", "add", "fail::*", "--owner", "@ana", "--reason", "flaky"],
      ...["--expires", future],
    );
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain(`quarantined fail::* (owner @ana, until ${future})`);
    const entry = { pattern: "fail::*", owner: "@ana", reason: "flaky", expires: future };
    expect(JSON.parse(readFileSync(quarantineFile(cwd), "utf8"))).toEqual({
      version: 1,
      entries: [{ ...entry, added: day(0) }],
    });
    const list = await cli(cwd, "quarantine", "list", "--json");
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([{ ...entry, added: day(0), expired: false }]);

    const r = await run(cwd, ["pass", "fail"]);
    expect(r.exitCode, r.all).toBe(0);
    const quarantined = latest(cwd);
    const fail = quarantined.suites.find((s) => s.name === "fail")!;
    expect(fail.status).toBe("passed");
    expect(fail.cases.find((c) => c.id === BREAKS)).toMatchObject({
      status: "failed",
      quarantined: true,
    });
    expect(fail.cases.find((c) => c.id === WORKS)?.quarantined).toBe(true);
    for (const c of quarantined.suites.find((s) => s.name === "pass")!.cases)
      expect(c.quarantined).toBeUndefined();
    expect(quarantined.status).toBe("passed");
    expect(quarantined.verdict).toEqual({ status: "passed", exitCode: 0, reasons: [] });
    expect(r.stdout).toContain("✗ (quarantined) fail › fake › breaks");
    const junit = readFileSync(join(cwd, "reports", "latest", "junit.xml"), "utf8");
    const breaks = /<testcase classname="fake" name="breaks"[^>]*>([\s\S]*?)<\/testcase>/.exec(
      junit,
    )?.[1];
    expect(breaks).toContain('<property name="quarantined" value="true"/>');
    expect(breaks).toContain("<skipped/>");
    expect(breaks).not.toContain("<failure");
    expect(junit).not.toContain("<failure");

    // Its last day still holds.
    const config = JSON.parse(readFileSync(quarantineFile(cwd), "utf8")) as {
      entries: { expires: string }[];
    };
    config.entries[0]!.expires = day(0);
    writeFileSync(quarantineFile(cwd), JSON.stringify(config));
    expect((await run(cwd, ["pass", "fail"])).exitCode).toBe(0);

    // Expired yesterday: the failure counts again, and the entry itself fails the run.
    const yesterday = day(-1);
    config.entries[0]!.expires = yesterday;
    writeFileSync(quarantineFile(cwd), JSON.stringify(config));
    const expiredList = await cli(cwd, "quarantine", "list");
    expect(expiredList.stdout).toContain(`EXPIRED fail::*  owner @ana, until ${yesterday}: flaky`);
    const expired = await run(cwd, ["pass", "fail"]);
    expect(expired.exitCode, expired.all).toBe(1);
    expect(expired.stdout).toContain(`quarantine of fail::* expired on ${yesterday} (owner @ana)`);
    const after = latest(cwd);
    expect(after.history?.expired).toEqual([
      { pattern: "fail::*", owner: "@ana", expires: yesterday },
    ]);
    expect(after.verdict?.exitCode).toBe(1);
    expect(after.verdict?.reasons).toContain(
      `quarantine of fail::* expired on ${yesterday}: @ana, fix it or extend the entry`,
    );
    expect(after.suites.find((s) => s.name === "fail")!.cases.some((c) => c.quarantined)).toBe(
      false,
    );
    expect(readFileSync(join(cwd, "reports", "latest", "junit.xml"), "utf8")).toContain(
      '<failure message="expected 1 to be 2"',
    );
    const html = readFileSync(join(cwd, "reports", "latest", "index.html"), "utf8");
    expect(html).toContain(`quarantine of fail::* expired on ${yesterday} (owner @ana)`);

    const removed = await cli(cwd, "quarantine", "remove", "fail::*");
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(JSON.parse((await cli(cwd, "quarantine", "list", "--json")).stdout)).toEqual([]);
  });

  it("run --quarantine FILE judges with that file instead of the config's", async () => {
    const cwd = project();
    const file = join(cwd, "elsewhere", "q.json");
    const add = await cli(
      cwd,
      ...["quarantine", "add", "fail::*", "--owner", "@ana", "--reason", "flaky"],
      ...["--expires", day(30), "--quarantine", "elsewhere/q.json"],
    );
    expect(add.exitCode, add.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(quarantineFile(cwd))).toBe(false);
    expect((await run(cwd, ["fail"])).exitCode).toBe(1);
    const r = await run(cwd, ["fail"], "--quarantine", "elsewhere/q.json");
    expect(r.exitCode, r.all).toBe(0);
    expect(latest(cwd).suites[0]!.cases.every((c) => c.quarantined)).toBe(true);
  });

  it("an entry whose case passes and is past its date still fails the run", async () => {
    const cwd = project();
    mkdirSync(join(cwd, "config"));
    const entries = [{ pattern: ADDS, owner: "@bo", reason: "slow", expires: day(-3) }];
    writeFileSync(quarantineFile(cwd), JSON.stringify({ version: 1, entries }));
    const r = await run(cwd, ["pass"]);
    expect(r.exitCode, r.all).toBe(1);
    expect(latest(cwd).verdict?.reasons).toEqual([
      `quarantine of ${ADDS} expired on ${day(-3)}: @bo, fix it or extend the entry`,
    ]);
    // An expired entry for a case that did not run says nothing.
    const other = await run(cwd, ["fail"]);
    expect(latest(cwd).history?.expired).toEqual([]);
    expect(other.exitCode).toBe(1); // "breaks" fails, nothing quarantines it
  });

  it("refuses a past date, a bad date and an unknown pattern to remove (exit 2)", async () => {
    const cwd = project();
    const past = await cli(
      cwd,
      ...["quarantine", "add", "fail::*", "--owner", "@ana", "--reason", "flaky"],
      ...["--expires", day(-1)],
    );
    expect(past.exitCode).toBe(2);
    expect(past.stderr).toContain(`E_USAGE --expires ${day(-1)} is in the past`);
    const badDate = await cli(
      cwd,
      ...["quarantine", "add", "fail::*", "--owner", "@ana", "--reason", "flaky"],
      ...["--expires", "31/01/2027"],
    );
    expect(badDate.exitCode).toBe(2);
    expect(badDate.stderr).toContain("E_USAGE quarantine add: --expires expected a date");
    const noOwner = await cli(
      cwd,
      ...["quarantine", "add", "fail::*", "--reason", "flaky", "--expires", day(30)],
    );
    expect(noOwner.exitCode).toBe(2);
    expect(existsSync(quarantineFile(cwd))).toBe(false);

    const unknown = await cli(cwd, "quarantine", "remove", "nope::*");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('E_USAGE no quarantine entry "nope::*"');
  });

  it("a corrupt quarantine file is an input error (exit 2, E_INPUT) for every command", async () => {
    const cwd = project();
    mkdirSync(join(cwd, "config"));
    for (const content of [
      '{"version":1,"entries":[',
      '{"version":1,"entries":[{"pattern":"x"}]}',
    ]) {
      writeFileSync(quarantineFile(cwd), content);
      const list = await cli(cwd, "quarantine", "list", "--json");
      expect(list.exitCode).toBe(2);
      expect(list.stderr).toMatch(/^hyvve-qa: E_INPUT /m);
      expect(list.stderr).toContain(quarantineFile(cwd));
      const add = await cli(
        cwd,
        ...["quarantine", "add", "fail::*", "--owner", "@ana", "--reason", "flaky"],
        ...["--expires", day(30)],
      );
      expect(add.exitCode).toBe(2);
      expect(add.stderr).toMatch(/^hyvve-qa: E_INPUT /m);
      expect(readFileSync(quarantineFile(cwd), "utf8")).toBe(content);
      const r = await run(cwd, ["pass"]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^hyvve-qa: E_INPUT /m);
    }
  });
});
