/**
 * History and quarantine for results from any CI (pytest, Surefire,
 * gotestsum): `report --junit … --history FILE` records the imported run
 * (labelled imported, under the --env/--profile named), applies the
 * quarantine and judges flakiness as `run` does; `report`, `history` and
 * `quarantine` work with no config given --history FILE and --quarantine
 * FILE; a flag that would change nothing says so in one warning line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { BASIC_PROJECT, runCli, tempDir, type CliResult } from "../helpers/cli.js";

/** The id `report --junit results.xml` gives each case below. */
const GOOD = "results::::pytest > tests.test_api > test_good";
const SHAKY = "results::::pytest > tests.test_api > test_shaky";

/** A pytest-like JUnit file, `results.xml` in a fresh folder: test_good passes, test_shaky as told. */
function junit(shaky: "pass" | "fail"): string {
  const file = join(tempDir("hyvve-qa-ci-"), "results.xml");
  const failure =
    shaky === "fail" ? '<failure message="assert 1 == 2">AssertionError</failure>' : "";
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<testsuites><testsuite name="pytest" tests="2">
<testcase classname="tests.test_api" name="test_good" time="0.01"/>
<testcase classname="tests.test_api" name="test_shaky" time="0.02">${failure}</testcase>
</testsuite></testsuites>`,
  );
  return file;
}

/** The CLI run from `cwd` (by default an empty folder: no hyvve-qa config anywhere). */
function cli(cwd: string, ...args: string[]): Promise<CliResult> {
  return runCli(args, { cwd });
}

function readRun(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

function day(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** The warning lines of a command's stderr. */
function warnings(r: CliResult): string[] {
  return r.stderr.split("\n").filter((l) => l.startsWith("hyvve-qa: warning:"));
}

interface Listed {
  runId: string;
  environment: string;
  profile: string | null;
  imported: boolean;
  outcome: string;
}

describe("report of imported JUnit with --history", { timeout: 240_000 }, () => {
  it("records each report, labelled imported; successive CI runs make a case flaky", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const history = join(tempDir(), "ci-history.jsonl");
    const sequence = ["pass", "fail", "pass", "pass", "pass"] as const;
    let last = "";
    for (const [i, shaky] of sequence.entries()) {
      last = tempDir();
      const r = await cli(
        cwd,
        "report",
        "--junit",
        junit(shaky),
        "--out",
        last,
        "--history",
        history,
      );
      expect(r.exitCode, r.all).toBe(shaky === "fail" ? 1 : 0);
      expect(r.stderr).toBe("");
      // Each report judged with the runs before it, as `run` does.
      expect(readRun(last).history?.runs).toBe(i);
    }
    // The fifth report already names the case flaky and suggests its quarantine.
    const fifth = readRun(last).history!;
    expect(fifth.cases).toEqual([
      expect.objectContaining({ id: SHAKY, class: "flaky", runs: 5, recent: "pfppp" }),
    ]);
    expect(fifth.suggestions).toEqual([SHAKY]);

    const flaky = await cli(cwd, "history", "flaky", "--history", history, "--json");
    expect(flaky.exitCode, flaky.stderr).toBe(0);
    expect(JSON.parse(flaky.stdout)).toEqual([
      expect.objectContaining({ id: SHAKY, class: "flaky", runs: 5, flips: 2 }),
      expect.objectContaining({ id: GOOD, class: "stable", runs: 5 }),
    ]);

    const list = await cli(cwd, "history", "list", "--history", history, "--json");
    expect(list.exitCode, list.stderr).toBe(0);
    const runs = JSON.parse(list.stdout) as Listed[];
    expect(runs).toHaveLength(5);
    for (const run of runs)
      expect(run).toMatchObject({ environment: "imported", profile: null, imported: true });
    expect(runs.map((r) => r.outcome)).toEqual(["passed", "failed", "passed", "passed", "passed"]);
    const text = await cli(cwd, "history", "--history", history);
    expect(text.stdout).toContain(`5 runs in ${history}`);
    expect(text.stdout.split("\n").filter((l) => l.includes("imported/-"))).toHaveLength(5);
  });

  it("--env and --profile name the imported run in the history; history show finds its cases", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const history = join(cwd, "h", "history.jsonl"); // a folder that does not exist yet
    const r = await cli(
      cwd,
      ...["report", "--junit", junit("pass"), "--out", tempDir()],
      ...["--history", "h/history.jsonl", "--env", "ci-linux", "--profile", "nightly"],
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toBe("");
    const list = await cli(cwd, "history", "--history", history, "--json");
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ environment: "ci-linux", profile: "nightly", imported: true }),
    ]);
    const text = await cli(cwd, "history", "--history", history);
    expect(text.stdout).toMatch(/ci-linux\/nightly .* imported$/m);
    const show = await cli(cwd, "history", "show", GOOD, "--history", history, "--json");
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: GOOD, runs: [{ status: "passed" }] });
  });

  it("a bad --env or --profile name is a usage error; nothing is written", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const out = join(tempDir(), "out");
    const r = await cli(
      cwd,
      ...["report", "--junit", junit("pass"), "--out", out, "--history", "h.jsonl"],
      ...["--env", "ci/linux"],
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^hyvve-qa: E_USAGE --env ci\/linux: /m);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(cwd, "h.jsonl"))).toBe(false);
  });

  it("report --run with no config records the merged run into --history", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const first = tempDir();
    expect((await cli(cwd, "report", "--junit", junit("pass"), "--out", first)).exitCode).toBe(0);
    const merged = tempDir();
    const r = await cli(
      cwd,
      ...["report", "--run", join(first, "run.json"), "--out", merged, "--history", "h.jsonl"],
    );
    expect(r.exitCode, r.all).toBe(0);
    const list = await cli(cwd, "history", "--history", "h.jsonl", "--json");
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ runId: readRun(merged).id, environment: "imported" }),
    ]);
  });
});

describe("quarantine with no config", { timeout: 240_000 }, () => {
  it("quarantine add|list|remove --quarantine FILE; report --junit applies it", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const file = join(cwd, "ci", "quarantine.json");
    const add = await cli(
      cwd,
      ...["quarantine", "add", "results::*test_shaky", "--owner", "@ana", "--reason", "flaky"],
      ...["--expires", day(30), "--quarantine", "ci/quarantine.json"],
    );
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain(`quarantined results::*test_shaky (owner @ana, until ${day(30)})`);
    expect(existsSync(file)).toBe(true);
    const list = await cli(cwd, "quarantine", "list", "--quarantine", file, "--json");
    expect(list.exitCode, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ pattern: "results::*test_shaky", owner: "@ana", expired: false }),
    ]);

    // A failing, quarantined case fails nothing; the history records the run as it was.
    const out = tempDir();
    const history = join(cwd, "h.jsonl");
    const r = await cli(
      cwd,
      ...["report", "--junit", junit("fail"), "--out", out],
      ...["--quarantine", file, "--history", history],
    );
    expect(r.exitCode, r.all).toBe(0);
    const run = readRun(out);
    expect(run.verdict).toEqual({ status: "passed", exitCode: 0, reasons: [] });
    expect(run.suites[0]!.cases.find((c) => c.id === SHAKY)).toMatchObject({
      status: "failed",
      quarantined: true,
    });
    expect(r.stdout).toContain("✗ (quarantined)");
    const listed = await cli(cwd, "history", "--history", history, "--json");
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ imported: true })]);

    // Expired: the failure counts again and the entry fails the run, naming its owner.
    const data = JSON.parse(readFileSync(file, "utf8")) as { entries: { expires: string }[] };
    data.entries[0]!.expires = day(-1);
    writeFileSync(file, JSON.stringify(data));
    const expired = await cli(
      cwd,
      ...["report", "--junit", junit("fail"), "--out", tempDir(), "--quarantine", file],
    );
    expect(expired.exitCode, expired.all).toBe(1);
    expect(expired.stdout).toContain(`quarantine of results::*test_shaky expired on ${day(-1)}`);

    const removed = await cli(
      cwd,
      "quarantine",
      "remove",
      "results::*test_shaky",
      "--quarantine",
      file,
    );
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ version: 1, entries: [] });
  });

  it("history import, show, flaky and prune work from an empty folder given --history", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const runs: string[] = [];
    for (const shaky of ["pass", "fail"] as const) {
      const out = tempDir();
      await cli(cwd, "report", "--junit", junit(shaky), "--out", out);
      runs.push(join(out, "run.json"));
    }
    const imported = await cli(cwd, "history", "import", ...runs, "--history", "h.jsonl", "--json");
    expect(imported.exitCode, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ imported: 2, runs: 2 });
    const show = await cli(cwd, "history", "show", SHAKY, "--history", "h.jsonl", "--json");
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({
      id: SHAKY,
      flakiness: { class: "new", runs: 2 },
      runs: [{ status: "passed" }, { status: "failed" }],
    });
    const flaky = await cli(cwd, "history", "flaky", "--history", "h.jsonl");
    expect(flaky.exitCode, flaky.stderr).toBe(0);
    expect(flaky.stdout).toContain("0 flaky, 0 broken, 0 stable, 2 new (window 30 runs)");
    const prune = await cli(cwd, "history", "prune", "--keep", "1", "--history", "h.jsonl");
    expect(prune.exitCode, prune.stderr).toBe(0);
    expect(prune.stdout).toContain(`removed 1 run; ${join(cwd, "h.jsonl")} holds 1`);
  });

  it("history flaky marks the flaky cases the quarantine already holds", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    for (const shaky of ["pass", "fail", "pass", "fail", "pass"] as const)
      await cli(cwd, "report", "--junit", junit(shaky), "--out", tempDir(), "--history", "h.jsonl");
    const q = join(cwd, "q.json");
    const entries = [{ pattern: SHAKY, owner: "@bo", reason: "flaky", expires: day(30) }];
    writeFileSync(q, JSON.stringify({ version: 1, entries }));
    const json = await cli(
      cwd,
      "history",
      "flaky",
      "--history",
      "h.jsonl",
      "--quarantine",
      q,
      "--json",
    );
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({ id: SHAKY, class: "flaky", quarantined: true }),
      expect.objectContaining({ id: GOOD, class: "stable", quarantined: false }),
    ]);
    const text = await cli(cwd, "history", "flaky", "--history", "h.jsonl", "--quarantine", q);
    expect(text.stdout).toMatch(/^flaky .* quarantined results::.*test_shaky$/m);
  });
});

describe("no config and no file named", { timeout: 240_000 }, () => {
  it.each([
    [["history"], "--history FILE"],
    [["history", "list"], "--history FILE"],
    [["history", "show", GOOD], "--history FILE"],
    [["history", "flaky", "--json"], "--history FILE"],
    [["history", "import", "run.json"], "--history FILE"],
    [["history", "prune", "--keep", "1"], "--history FILE"],
    [["quarantine", "list"], "--quarantine FILE"],
    [["quarantine", "list", "--history", "h.jsonl"], "--quarantine FILE"],
    [["quarantine", "remove", "x"], "--quarantine FILE"],
    [
      ["quarantine", "add", "x", "--owner", "@a", "--reason", "r", "--expires", day(30)],
      "--quarantine FILE",
    ],
  ])("%j fails with one E_CONFIG line naming %s (exit 2)", async (args, flag) => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const r = await cli(cwd, ...args);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
    expect(lines[0]).toMatch(/^hyvve-qa: E_CONFIG /);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(lines.length).toBeLessThanOrEqual(2); // the line and its hint
  });
});

describe("a flag that changes nothing says so", { timeout: 240_000 }, () => {
  it("report --junit with --no-baseline, --env/--profile without --history, or --no-history", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const noBaseline = await cli(
      cwd,
      "report",
      "--junit",
      junit("pass"),
      "--out",
      tempDir(),
      "--no-baseline",
    );
    expect(noBaseline.exitCode, noBaseline.all).toBe(0);
    expect(warnings(noBaseline)).toEqual([
      expect.stringMatching(/^hyvve-qa: warning: --no-baseline has no effect: .*--run/),
    ]);
    const env = await cli(
      cwd,
      ...["report", "--junit", junit("pass"), "--out", tempDir(), "--env", "ci", "--profile", "x"],
    );
    expect(env.exitCode, env.all).toBe(0);
    expect(warnings(env)).toEqual([
      expect.stringMatching(
        /^hyvve-qa: warning: --env and --profile have no effect without --history/,
      ),
    ]);
    const noHistory = await cli(
      cwd,
      "report",
      "--junit",
      junit("pass"),
      "--out",
      tempDir(),
      "--no-history",
    );
    expect(warnings(noHistory)).toEqual([
      expect.stringMatching(/^hyvve-qa: warning: --no-history has no effect: /),
    ]);
  });

  it("--history FILE with --no-history: one warning, --no-history wins, nothing written", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    for (const order of [
      ["--history", "h.jsonl", "--no-history"],
      ["--no-history", "--history", "h.jsonl"],
    ]) {
      const r = await cli(cwd, "report", "--junit", junit("pass"), "--out", tempDir(), ...order);
      expect(r.exitCode, r.all).toBe(0);
      expect(warnings(r)).toEqual([
        expect.stringMatching(
          /^hyvve-qa: warning: --history h\.jsonl has no effect with --no-history/,
        ),
      ]);
      expect(existsSync(join(cwd, "h.jsonl"))).toBe(false);
    }
  });

  it("report --run with --env: the runs keep their own environment", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const first = tempDir();
    await cli(cwd, "report", "--junit", junit("pass"), "--out", first);
    const r = await cli(
      cwd,
      ...["report", "--run", join(first, "run.json"), "--out", tempDir(), "--history", "h.jsonl"],
      ...["--env", "ci"],
    );
    expect(r.exitCode, r.all).toBe(0);
    expect(warnings(r)).toEqual([
      expect.stringMatching(/^hyvve-qa: warning: --env has no effect: .*run\.json/),
    ]);
  });

  it("quarantine commands say --history and --json (add, remove) change nothing there", async () => {
    const cwd = tempDir("hyvve-qa-noconfig-");
    const add = await cli(
      cwd,
      ...["quarantine", "add", "x::*", "--owner", "@a", "--reason", "r", "--expires", day(30)],
      ...["--quarantine", "q.json", "--history", "h.jsonl", "--json"],
    );
    expect(add.exitCode, add.all).toBe(0);
    expect(warnings(add)).toEqual([
      expect.stringMatching(/^hyvve-qa: warning: --history has no effect on quarantine commands/),
      expect.stringMatching(/^hyvve-qa: warning: --json has no effect on quarantine add/),
    ]);
    const list = await cli(cwd, "quarantine", "list", "--quarantine", "q.json", "--json");
    expect(warnings(list)).toEqual([]);
    const history = await cli(
      cwd,
      "history",
      "list",
      "--history",
      "h.jsonl",
      "--quarantine",
      "q.json",
    );
    expect(history.exitCode, history.all).toBe(0);
    expect(warnings(history)).toEqual([
      expect.stringMatching(/^hyvve-qa: warning: --quarantine has no effect on history list/),
    ]);
  });
});

describe("with a config", { timeout: 240_000 }, () => {
  /** A copy of the basic project's config in a temp folder. */
  function project(): string {
    const dir = tempDir("hyvve-qa-imported-");
    const original = join(BASIC_PROJECT, "hyvve-qa.config.mjs");
    const text = readFileSync(original, "utf8").replaceAll(
      "import.meta.url",
      JSON.stringify(pathToFileURL(original).href),
    );
    writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
    return dir;
  }

  it("report --junit applies the config's quarantine and records only into --history", async () => {
    const cwd = project();
    mkdirSync(join(cwd, "config"));
    const entries = [{ pattern: SHAKY, owner: "@bo", reason: "flaky", expires: day(30) }];
    writeFileSync(join(cwd, "config", "quarantine.json"), JSON.stringify({ version: 1, entries }));
    const out = tempDir();
    const r = await cli(cwd, "report", "--junit", junit("fail"), "--out", out);
    expect(r.exitCode, r.all).toBe(0);
    expect(readRun(out).suites[0]!.cases.find((c) => c.id === SHAKY)?.quarantined).toBe(true);
    // Imported results are not the project's own runs: its history is left alone.
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);
    const recorded = await cli(
      cwd,
      "report",
      "--junit",
      junit("fail"),
      "--out",
      tempDir(),
      "--history",
      "ci.jsonl",
    );
    expect(recorded.exitCode, recorded.all).toBe(0);
    const list = await cli(cwd, "history", "--history", "ci.jsonl", "--json");
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ imported: true })]);
    expect(existsSync(join(cwd, "reports", "history.jsonl"))).toBe(false);
  });
});
