/**
 * The pytest adapter, end to end: the built CLI runs real pytest (Debian's,
 * /usr/bin/python3, given as HYVVE_PYTHON) on test/fixtures/projects/pytest-suite,
 * copied to a temporary folder per test (pytest writes caches beside its tests,
 * and --last-failed reads the project's reports/latest). Its results are
 * compared with pytest run directly on the same files.
 */
import { execa } from "execa";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { readJUnitFile } from "../../src/results/import/junit.js";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const FIXTURE = join(REPO, "test", "fixtures", "projects", "pytest-suite");
const PYTHON = "/usr/bin/python3";

/** A fresh copy of the fixture project. */
function project(): string {
  const dir = tempDir("hyvve-qa-pytest-");
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** `hyvve-qa run ARGS` in `dir` against the shared reference app, with Debian's Python. */
function run(dir: string, args: string[]) {
  return runCli(["run", ...args, "--base-url", inject("refUrl")], {
    cwd: dir,
    env: { HYVVE_PYTHON: PYTHON },
  });
}

function readRun(out: string): RunResult {
  return JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
}

function suiteOf(run: RunResult, name: string): SuiteResult {
  const suite = run.suites.find((s) => s.name === name);
  if (!suite) throw new Error(`no suite ${name} in ${run.suites.map((s) => s.name).join(", ")}`);
  return suite;
}

/** title path → status (+ ":error" for an errored case): what a case says, whatever its id. */
function outcomes(cases: readonly CaseResult[], dropFirst = false): Record<string, string> {
  return Object.fromEntries(
    cases.map((c) => [
      (dropFirst ? c.titlePath.slice(1) : c.titlePath).join(" > "),
      c.status + (c.failure?.kind === "error" ? ":error" : ""),
    ]),
  );
}

/** The attributes of the <testsuite> element named `name` (pytest's is "pytest"). */
function testsuiteCounts(xml: string, name: string): Record<string, number> {
  const tag = new RegExp(`<testsuite [^>]*name="${name}"[^>]*>`).exec(xml)?.[0] ?? "";
  return Object.fromEntries(
    ["tests", "failures", "errors", "skipped"].map((k) => [
      k,
      Number(new RegExp(`\\b${k}="(\\d+)"`).exec(tag)?.[1] ?? NaN),
    ]),
  );
}

const UNIT = {
  "tests.test_basic > test_passes": "passed",
  "tests.test_basic > test_fails": "failed",
  "tests.test_basic > test_skipped_inside": "skipped",
  "tests.test_basic > test_skipif": "skipped",
  "tests.test_basic > test_expected_failure": "skipped",
  "tests.test_basic > test_square[1-1]": "passed",
  "tests.test_basic > test_square[2-4]": "passed",
  "tests.test_basic > test_square[3-10]": "failed",
  "tests.test_classes.TestMath > test_add": "passed",
  "tests.test_classes.TestMath > test_sub": "passed",
  "tests.test_classes.TestStrings > test_upper": "failed",
  "tests.test_fixtures > test_setup_error": "failed:error",
  "tests.test_fixtures > test_teardown_error": "failed:error",
};

describe("the pytest runner", () => {
  it("maps every pytest outcome, errors as errors, and matches pytest run directly", async () => {
    const dir = project();
    const out = join(dir, "out");
    const r = await run(dir, ["unit", "broken", "--out", out]);
    expect(r.exitCode, r.all).toBe(1);
    const hq = readRun(out);
    const unit = suiteOf(hq, "unit");
    expect(unit.status).toBe("failed");
    expect(outcomes(unit.cases)).toEqual(UNIT);
    expect(unit.notes?.[0]).toMatch(
      /^python \/usr\/bin\/python3 \(3\.\d+\.\d+\) from \$HYVVE_PYTHON, pytest \d+\.\d+\.\d+$/,
    );
    // Ids: suite, the repo-relative file (the suite runs in py/), pytest's classname and name.
    const add = unit.cases.find((c) => c.title === "test_add")!;
    expect(add.id).toBe("unit::py/tests/test_classes.py::tests.test_classes.TestMath > test_add");
    expect(add.file).toBe("py/tests/test_classes.py");
    const setup = unit.cases.find((c) => c.title === "test_setup_error")!;
    expect(setup.failure?.message).toContain("setup broke on purpose");

    // A module that does not import: one errored case, and pytest stops there (exit 2), as it does alone.
    const broken = suiteOf(hq, "broken");
    expect(broken.status).toBe("failed");
    expect(outcomes(broken.cases)).toEqual({ "broken.test_import_error": "failed:error" });
    expect(broken.cases[0]!.file).toBe("py/broken/test_import_error.py");
    expect(broken.notes).toContain(
      "pytest exited with code 2 (interrupted): Interrupted: 1 error during collection",
    );

    // The same files through pytest itself, its JUnit read by the same importer.
    const merged = readFileSync(join(out, "junit.xml"), "utf8");
    const testFiles = readdirSync(join(dir, "py", "tests"))
      .filter((f) => /^test_.*\.py$/.test(f))
      .sort()
      .map((f) => `tests/${f}`);
    for (const [name, files] of [
      ["unit", testFiles],
      ["broken", ["broken"]],
    ] as const) {
      const xml = join(dir, `native-${name}.xml`);
      await execa(PYTHON, ["-m", "pytest", `--junitxml=${xml}`, ...files], {
        cwd: join(dir, "py"),
        reject: false,
      });
      const native = await readJUnitFile(xml, name);
      const ours = suiteOf(hq, name).cases;
      // pytest's title paths start with its <testsuite> name ("pytest"), which the adapter leaves out.
      expect(outcomes(ours)).toEqual(outcomes(native.cases, true));
      expect(ours.map((c) => c.title)).toEqual(native.cases.map((c) => c.title));
      const raw = readFileSync(xml, "utf8");
      const nativeCounts = testsuiteCounts(raw, "pytest");
      const mergedCounts = testsuiteCounts(merged, name);
      for (const k of ["failures", "errors", "skipped"])
        expect(mergedCounts[k], `${name} ${k}`).toBe(nativeCounts[k]);
      // pytest's own `tests` counts a passed test whose teardown errored twice; the cases are the elements.
      expect(mergedCounts["tests"]).toBe(raw.match(/<testcase /g)!.length);
    }
    expect(testsuiteCounts(merged, "unit")).toMatchObject({ failures: 3, errors: 2, skipped: 3 });
  });

  it("selects by markers (-m), and a selection pytest finds empty (exit 5) is a skipped suite", async () => {
    const dir = project();
    const out = join(dir, "out");
    const r = await run(dir, ["slow", "none", "--out", out]);
    expect(r.exitCode, r.all).toBe(1);
    const hq = readRun(out);
    expect(outcomes(suiteOf(hq, "slow").cases)).toEqual({
      "tests.test_basic > test_square[1-1]": "passed",
      "tests.test_basic > test_square[2-4]": "passed",
      "tests.test_basic > test_square[3-10]": "failed",
      "tests.test_classes.TestMath > test_sub": "passed",
    });
    const none = suiteOf(hq, "none");
    expect(none).toMatchObject({ status: "skipped", cases: [] });
    expect(none.notes).toContain("pytest collected no tests (exit 5)");
    expect(none.error).toBeUndefined();
  });

  it("runs exactly the cases --grep matches, by node id", async () => {
    const dir = project();
    const out = join(dir, "out");
    const r = await run(dir, ["unit", "--grep", "TestMath|square\\[2", "--out", out]);
    expect(r.exitCode, r.all).toBe(0);
    const unit = suiteOf(readRun(out), "unit");
    expect(outcomes(unit.cases)).toEqual({
      "tests.test_basic > test_square[2-4]": "passed",
      "tests.test_classes.TestMath > test_add": "passed",
      "tests.test_classes.TestMath > test_sub": "passed",
    });
    expect(unit.notes).toContain(
      "3 of 13 collected tests match the title pattern (--grep/--last-failed), run by node id",
    );
  });

  it("re-runs exactly the failed and errored cases with --last-failed", async () => {
    const dir = project();
    const first = await run(dir, ["unit"]);
    expect(first.exitCode, first.all).toBe(1);
    const out = join(dir, "again");
    const again = await run(dir, ["unit", "--last-failed", "--out", out]);
    expect(again.exitCode, again.all).toBe(1);
    const failed = Object.fromEntries(
      Object.entries(UNIT).filter(([, s]) => s.startsWith("failed")),
    );
    const unit = suiteOf(readRun(out), "unit");
    expect(outcomes(unit.cases)).toEqual(failed);
    const latest = suiteOf(readRun(join(dir, "reports", "latest")), "unit");
    const failedIds = latest.cases.filter((c) => c.status === "failed").map((c) => c.id);
    expect(unit.cases.map((c) => c.id)).toEqual(failedIds);
  });

  it("splits by test file: the shards give exactly the unsharded cases, an empty shard is skipped", async () => {
    const dir = project();
    const [whole, one, two, four] = await Promise.all(
      [[], ["--shard", "1/2"], ["--shard", "2/2"], ["--shard", "4/4"]].map(async (extra, i) => {
        const out = join(dir, `out-${i}`);
        await run(dir, ["unit", ...extra, "--out", out]);
        return suiteOf(readRun(out), "unit");
      }),
    );
    const ids = (s: SuiteResult) => s.cases.map((c) => `${c.id} ${c.status}`);
    expect(ids(one!).length).toBeGreaterThan(0);
    expect(ids(two!).length).toBeGreaterThan(0);
    expect(new Set([...ids(one!), ...ids(two!)]).size).toBe(ids(one!).length + ids(two!).length);
    expect([...ids(one!), ...ids(two!)].sort()).toEqual(ids(whole!).sort());
    // Whole files: no test file is split across shards.
    const files = (s: SuiteResult) => new Set(s.cases.map((c) => c.file));
    expect([...files(one!)].filter((f) => files(two!).has(f))).toEqual([]);
    expect(four).toMatchObject({ status: "skipped", cases: [] });
    expect(four!.notes).toContain("shard 4/4 is empty: the suite has 3 test files");
  });

  it("stops pytest with SIGINT at the timeout, keeping the JUnit it then writes", async () => {
    const dir = project();
    const out = join(dir, "out");
    const r = await run(dir, ["sleepy", "--out", out]);
    expect(r.exitCode, r.all).toBe(1);
    const sleepy = suiteOf(readRun(out), "sleepy");
    expect(sleepy.status).toBe("timedout");
    // Only pytest's own Ctrl-C handling writes the JUnit: with SIGTERM there would be no case at all.
    expect(outcomes(sleepy.cases)).toEqual({ "sleepy.test_sleep > test_quick": "passed" });
  });

  it("refuses a missing interpreter and one without pytest: exit 2, one E_ENV line each", async () => {
    const dir = project();
    const r = await run(dir, ["no-python", "no-pytest", "--out", join(dir, "out")]);
    expect(r.exitCode, r.all).toBe(2);
    const env = r.stderr.split("\n").filter((l) => l.includes("E_ENV"));
    expect(env).toHaveLength(2);
    expect(
      env.filter((l) => l.includes("E_ENV no-python: no Python at /nope/python")),
    ).toHaveLength(1);
    const wrapper = join(dir, "py", "bin", "python-without-pytest");
    const noPytest = env.filter((l) => l.includes(`E_ENV no-pytest: ${wrapper} (3.`));
    expect(noPytest).toHaveLength(1);
    expect(noPytest[0]).toContain("has no pytest (suites.no-pytest.python)");
    expect(noPytest[0]).toContain(`${wrapper} -m pip install pytest`);
  });

  it("doctor names each pytest suite's interpreter and what it lacks", async () => {
    const dir = project();
    const r = await runCli(["doctor"], { cwd: dir, env: { HYVVE_PYTHON: PYTHON } });
    expect(r.exitCode).toBe(2);
    const line = r.stdout.split("\n").find((l) => / python\/pytest /.test(l)) ?? "";
    expect(line).toMatch(/^MISS python\/pytest +/);
    expect(line).toMatch(/\/usr\/bin\/python3 \(3\.\d+\.\d+\) from \$HYVVE_PYTHON, pytest \d/);
    expect(line).toContain("no Python at /nope/python (from suites.no-python.python)");
    expect(line).toContain("python-without-pytest (3.");
    expect(line).toContain("from suites.no-pytest.python: no pytest");
    expect(r.stdout).toMatch(/^ {5}fix: .*apt-get install python3-pytest/m);
  });
});
