/**
 * The everyday loop, through the built CLI: --grep through each runner's own
 * filter (vitest, a command; Playwright's in real Chromium is
 * everyday.browser.test.ts), --last-failed from reports/latest,
 * --max-parallel over the config, and --verbose with the reference app's log.
 *
 * Most runs use a copy of test/fixtures/projects/everyday/ in a temp folder
 * (so reports/ lands there) against the shared reference app; EVERYDAY_FAIL=1
 * in the run's environment makes one case of each of its suites fail.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir, type CliOptions } from "../helpers/cli.js";

const EVERYDAY = join(REPO, "test", "fixtures", "projects", "everyday");

/** A copy of the everyday project's config in a temp folder; its paths still point here. */
function project(): string {
  const dir = tempDir("hyvve-qa-everyday-");
  const original = join(EVERYDAY, "hyvve-qa.config.mjs");
  const text = readFileSync(original, "utf8").replaceAll(
    "import.meta.url",
    JSON.stringify(pathToFileURL(original).href),
  );
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
  return dir;
}

/** `hyvve-qa run …` in `cwd` against the shared reference app. */
function run(cwd: string, args: string[], options: CliOptions = {}) {
  return runCli(["run", ...args, "--ci", "--no-baseline", "--base-url", inject("refUrl")], {
    cwd,
    ...options,
  });
}

function readRun(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

const latest = (cwd: string) => readRun(join(cwd, "reports", "latest"));

function suiteOf(result: RunResult, name: string): SuiteResult {
  const found = result.suites.find((s) => s.name === name);
  if (!found) throw new Error(`suite ${name} missing from run.json`);
  return found;
}

/** Titles of the cases that ran (vitest reports the ones -t left out as skipped). */
const ran = (suite: SuiteResult) =>
  suite.cases.filter((c) => c.status !== "skipped").map((c) => c.title);

const statuses = (suite: SuiteResult) =>
  Object.fromEntries(suite.cases.map((c) => [c.title, c.status]));

const suiteNames = (result: RunResult) => result.suites.map((s) => s.name).sort();

describe("run --grep", () => {
  it("vitest: only the cases whose name matches run (--testNamePattern), the others are skipped", async () => {
    const cwd = project();
    const r = await run(cwd, ["unit", "--grep", "multiplies|joins"]);
    expect(r.exitCode, r.all).toBe(0);
    const unit = suiteOf(latest(cwd), "unit");
    expect(unit.status).toBe("passed");
    expect(ran(unit).sort()).toEqual(["joins words", "multiplies"]);
    expect(unit.cases.every((c) => ran(unit).includes(c.title) || c.status === "skipped")).toBe(
      true,
    );

    // -g, and a pattern that starts with a dash: still a pattern, not a vitest flag.
    const dash = await run(cwd, ["unit", "-g", "-cases"]);
    expect(dash.exitCode, dash.all).toBe(0);
    expect(ran(suiteOf(latest(cwd), "unit"))).toEqual(["upper-cases"]);
  });

  it("command: the runner gets the pattern as HYVVE_GREP, and no HYVVE_GREP without --grep", async () => {
    const cwd = project();
    const r = await run(cwd, ["picky", "--grep", "an item$"]);
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain("picky: grep an item$, 2 cases");
    expect(suiteOf(latest(cwd), "picky").cases.map((c) => c.title)).toEqual([
      "approves an item",
      "rejects an item",
    ]);

    const all = await run(cwd, ["picky"]);
    expect(all.stdout).toContain("picky: grep (none), 3 cases");
    expect(suiteOf(latest(cwd), "picky").cases).toHaveLength(3);
  });

  it("refuses a pattern that is not a regular expression: E_USAGE, exit 2, nothing run", async () => {
    const cwd = project();
    const r = await run(cwd, ["picky", "--grep", "(unclosed"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("E_USAGE --grep (unclosed: not a valid regular expression");
    expect(existsSync(join(cwd, "reports"))).toBe(false);
  });
});

describe("run --last-failed", () => {
  it(
    "reruns only the failed cases of the suites that failed, until nothing failed",
    { timeout: 180_000 },
    async () => {
      const cwd = project();
      const failing = { env: { EVERYDAY_FAIL: "1" } };
      const first = await run(cwd, ["unit", "picky", "steady", "tagged"], failing);
      expect(first.exitCode, first.all).toBe(1);
      const firstRun = latest(cwd);
      expect(statuses(suiteOf(firstRun, "unit"))).toMatchObject({
        adds: "passed",
        "divides (fails when told)": "failed",
      });
      expect(suiteOf(firstRun, "picky").cases).toHaveLength(3);
      expect(suiteOf(firstRun, "tagged").cases).toHaveLength(3);
      expect(suiteOf(firstRun, "steady").status).toBe("passed");

      // Still failing: only the failed cases run; the suite that passed does not run at all.
      const again = await run(cwd, ["--last-failed"], failing);
      expect(again.exitCode, again.all).toBe(1);
      const againRun = latest(cwd);
      expect(againRun.id).not.toBe(firstRun.id);
      expect(suiteNames(againRun)).toEqual(["picky", "tagged", "unit"]);
      expect(ran(suiteOf(againRun, "unit"))).toEqual(["divides (fails when told)"]);
      expect(statuses(suiteOf(againRun, "picky"))).toEqual({ "lists items": "failed" });
      // A Playwright case with tags ({ tag: [...] }): its grep title ends with them.
      expect(statuses(suiteOf(againRun, "tagged"))).toEqual({
        "tagged step (fails when told)": "failed",
      });

      // Fixed: the same cases run and pass.
      const fixed = await run(cwd, ["--last-failed"]);
      expect(fixed.exitCode, fixed.all).toBe(0);
      const fixedRun = latest(cwd);
      expect(suiteNames(fixedRun)).toEqual(["picky", "tagged", "unit"]);
      expect(ran(suiteOf(fixedRun, "unit"))).toEqual(["divides (fails when told)"]);
      expect(statuses(suiteOf(fixedRun, "unit"))["divides (fails when told)"]).toBe("passed");
      expect(statuses(suiteOf(fixedRun, "picky"))).toEqual({ "lists items": "passed" });
      expect(statuses(suiteOf(fixedRun, "tagged"))).toEqual({
        "tagged step (fails when told)": "passed",
      });

      // Nothing failed last time: nothing to run, and no new run folder.
      const runs = readdirSync(join(cwd, "reports")).length;
      const none = await run(cwd, ["--last-failed"]);
      expect(none.exitCode, none.all).toBe(0);
      expect(none.stdout).toContain(
        `hyvve-qa: no suites to run (nothing failed in the last run (${fixedRun.id}))`,
      );
      expect(readlinkSync(join(cwd, "reports", "latest"))).toBe(fixedRun.id);
      expect(readdirSync(join(cwd, "reports"))).toHaveLength(runs);
    },
  );

  it("reruns whole a suite that crashed or timed out without a case", async () => {
    const cwd = project();
    const first = await run(cwd, ["stuck", "broken", "steady"]);
    expect(first.exitCode, first.all).toBe(1);
    const firstRun = latest(cwd);
    expect(suiteOf(firstRun, "stuck")).toMatchObject({ status: "timedout", cases: [] });
    expect(suiteOf(firstRun, "broken")).toMatchObject({ status: "errored", cases: [] });

    const again = await run(cwd, ["--last-failed"]);
    expect(again.exitCode, again.all).toBe(1);
    const againRun = latest(cwd);
    expect(againRun.id).not.toBe(firstRun.id);
    expect(suiteNames(againRun)).toEqual(["broken", "stuck"]);
  });

  it("without reports/latest: E_USAGE, exit 2", async () => {
    const cwd = project();
    const r = await run(cwd, ["--last-failed"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `E_USAGE --last-failed: no previous run at ${join("reports", "latest", "run.json")}`,
    );
    expect(existsSync(join(cwd, "reports"))).toBe(false);
  });
});

describe("run --max-parallel", () => {
  /** [start, end] in ms of each suite of the latest run, by name. */
  function spans(cwd: string): Record<string, [number, number]> {
    return Object.fromEntries(
      latest(cwd).suites.map((s) => {
        const start = Date.parse(s.startedAt!);
        return [s.name, [start, start + s.durationMs!]];
      }),
    );
  }
  const overlap = ([a0, a1]: [number, number], [b0, b1]: [number, number]) => a0 < b1 && b0 < a1;

  it("overrides the config's maxParallel: 1 runs the suites one after the other, 2 side by side", async () => {
    const cwd = project(); // the config says maxParallel: 4
    const one = await run(cwd, ["sleep-a", "sleep-b", "--max-parallel", "1"]);
    expect(one.exitCode, one.all).toBe(0);
    const serial = spans(cwd);
    expect(overlap(serial["sleep-a"]!, serial["sleep-b"]!), JSON.stringify(serial)).toBe(false);

    const two = await run(cwd, ["sleep-a", "sleep-b", "--max-parallel", "2"]);
    expect(two.exitCode, two.all).toBe(0);
    const side = spans(cwd);
    expect(overlap(side["sleep-a"]!, side["sleep-b"]!), JSON.stringify(side)).toBe(true);
  });

  it.each(["0", "17", "two"])("refuses --max-parallel %s: E_USAGE, exit 2", async (value) => {
    const cwd = project();
    const r = await run(cwd, ["sleep-a", "--max-parallel", value]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `E_USAGE --max-parallel ${value}: expected a whole number from 1 to 16`,
    );
    expect(existsSync(join(cwd, "reports"))).toBe(false);
  });
});

describe("run --verbose", () => {
  it("streams the reference app's log it started, and never the token", async () => {
    const cwd = project();
    const tokenFile = join(tempDir(), "token");
    const r = await runCli(["run", "token", "--verbose", "--no-baseline"], {
      cwd,
      env: { EVERYDAY_TOKEN_FILE: tokenFile },
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stderr).toMatch(/^\[reference-app\] \{"event":"ready"/m);
    // The runner's own lines are streamed, redacted.
    expect(r.stdout).toContain("token probe: my token is [redacted]");

    const token = readFileSync(tokenFile, "utf8");
    expect(token.length).toBeGreaterThanOrEqual(8);
    expect(r.stdout).not.toContain(token);
    expect(r.stderr).not.toContain(token);
    const runDir = join(cwd, "reports", "latest");
    for (const file of ["run.json", "junit.xml", "index.html"])
      expect(readFileSync(join(runDir, file), "utf8")).not.toContain(token);
  });

  it("has no reference app log without --verbose, or when it did not start the app", async () => {
    const cwd = project();
    const quiet = await runCli(["run", "steady", "--no-baseline"], { cwd });
    expect(quiet.exitCode, quiet.all).toBe(0);
    expect(quiet.all).not.toContain("[reference-app]");

    const custom = await run(cwd, ["steady", "--verbose"]);
    expect(custom.exitCode, custom.all).toBe(0);
    expect(custom.all).not.toContain("[reference-app]");
  });
});
