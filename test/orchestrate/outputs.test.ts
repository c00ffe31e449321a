/**
 * Where a run's output goes and what else it feeds: reports/<run-id> and
 * reports/latest, the GitHub step summary, and the baseline comparison.
 */
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, inject, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { BASIC_PROJECT, REPO, runCli, tempDir } from "../helpers/cli.js";

/** A copy of the basic project in a temp folder, so reports/ and the baseline land there. */
function project(): string {
  const dir = tempDir();
  const original = join(BASIC_PROJECT, "hyvve-qa.config.mjs");
  // Keep the fake runners' paths pointing at the originals.
  const text = readFileSync(original, "utf8").replaceAll(
    "import.meta.url",
    JSON.stringify(pathToFileURL(original).href),
  );
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
  return dir;
}

describe("run output", () => {
  it("writes reports/<run-id>/ and points reports/latest at it", async () => {
    const cwd = project();
    const r = await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
    expect(r.exitCode).toBe(0);
    const latest = join(cwd, "reports", "latest");
    const id = readlinkSync(latest);
    const run = JSON.parse(readFileSync(join(latest, "run.json"), "utf8")) as RunResult;
    expect(run.id).toBe(id);
    expect(run.schemaVersion).toBe(1);
    for (const f of ["junit.xml", "index.html"])
      expect(existsSync(join(cwd, "reports", id, f))).toBe(true);
    expect(r.stdout).toContain(join(cwd, "reports", id, "index.html"));

    const again = await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
    expect(again.exitCode).toBe(0);
    expect(readlinkSync(latest)).not.toBe(id);
    expect(existsSync(join(cwd, "reports", id, "run.json"))).toBe(true);
  });

  it("appends a Markdown summary to $GITHUB_STEP_SUMMARY", async () => {
    const summary = join(tempDir(), "summary.md");
    writeFileSync(summary, "earlier step\n");
    const r = await runCli(
      ["run", "pass", "fail", "--out", tempDir(), "--ci", "--base-url", inject("refUrl")],
      {
        cwd: BASIC_PROJECT,
        env: { GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: "true" },
      },
    );
    expect(r.exitCode).toBe(1);
    const md = readFileSync(summary, "utf8");
    expect(md.startsWith("earlier step\n")).toBe(true);
    expect(md).toContain("## hyvve-qa: failed");
    expect(md).toMatch(/\| fail \| command \| failed \| 1 \| 1 \|/);
    expect(md).toContain("- fail › fake › breaks");
    expect(r.stdout).toMatch(/^::error title=fail › breaks::expected 1 to be 2$/m);
  });
});

describe("baseline", () => {
  it("stores a run as the baseline and flags a case that newly fails as a regression", async () => {
    const cwd = project();
    const base = await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
    expect(base.exitCode).toBe(0);
    const update = await runCli(["baseline", "update"], { cwd });
    expect(update.exitCode).toBe(0);
    // --base-url on a local run is a "custom" target: its own kind of baseline.
    expect(existsSync(join(cwd, "reports", "baseline", "custom-smoke", "run.json"))).toBe(true);
    const show = await runCli(["baseline", "show"], { cwd });
    expect(show.stdout).toContain("custom/smoke baseline");
    expect(show.stdout).toContain("pass: passed, 2 cases");
    const json = await runCli(["baseline", "show", "--env", "custom", "--json"], { cwd });
    expect(JSON.parse(json.stdout)).toEqual([
      expect.objectContaining({
        kind: "custom/smoke",
        source: join("reports", "baseline", "custom-smoke", "run.json"),
        suites: [{ name: "pass", status: "passed", cases: 2 }],
      }),
    ]);

    // Same suite, but "subtracts" now fails: make the fake runner fail that case.
    const config = readFileSync(join(cwd, "hyvve-qa.config.mjs"), "utf8").replace(
      'pass: suite("pass")',
      'pass: suite("pass", { command: ["node", "-e", "require(\\"fs\\").writeFileSync(process.env.HYVVE_JUNIT_OUTPUT, `<testsuites><testsuite name=\\"fake\\"><testcase classname=\\"fake\\" name=\\"adds\\"/><testcase classname=\\"fake\\" name=\\"subtracts\\"><failure message=\\"off by one\\"/></testcase></testsuite></testsuites>`)"] })',
    );
    writeFileSync(join(cwd, "hyvve-qa.config.mjs"), config);
    const r = await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("Regressions against baseline (1)");
    const run = JSON.parse(
      readFileSync(join(cwd, "reports", "latest", "run.json"), "utf8"),
    ) as RunResult;
    expect(run.baseline?.findings).toEqual([
      expect.objectContaining({ kind: "new-failure", suite: "pass", regression: true }),
    ]);
    expect(readFileSync(join(cwd, "reports", "latest", "index.html"), "utf8")).toContain(
      "Compared with baseline",
    );
    // Red in the merged JUnit too: a `baseline` testsuite with the regression as a failing case.
    const junit = readFileSync(join(cwd, "reports", "latest", "junit.xml"), "utf8");
    expect(junit).toMatch(/<testsuite name="baseline"[^>]*failures="1"/);
    expect(run.verdict).toEqual(expect.objectContaining({ status: "failed", exitCode: 1 }));
    expect(run.verdict?.reasons).toContainEqual(expect.stringMatching(/^regression: subtracts/));
  });

  it("compares a run only with the baseline of its own environment and profile", async () => {
    const cwd = project();
    await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
    expect((await runCli(["baseline", "update"], { cwd })).exitCode).toBe(0);
    // The stored custom/smoke run cannot pass for another kind…
    const relabel = await runCli(["baseline", "update", "--env", "staging"], { cwd });
    expect(relabel.exitCode).toBe(2);
    expect(relabel.stderr).toContain(
      "is a custom/smoke run: it cannot be the staging/smoke baseline",
    );
    // …and a full-profile run finds no baseline of its kind: a note everywhere, the tests decide.
    const full = await runCli(
      ["run", "pass", "--ci", "--profile", "full", "--base-url", inject("refUrl")],
      { cwd, env: { GITHUB_STEP_SUMMARY: join(cwd, "summary.md") } },
    );
    expect(full.exitCode).toBe(0);
    const note =
      "no custom/full baseline yet: run `hyvve-qa baseline update --env custom --profile full`";
    expect(full.stdout).toContain(note);
    expect(readFileSync(join(cwd, "summary.md"), "utf8")).toContain(note);
    expect(readFileSync(join(cwd, "reports", "latest", "index.html"), "utf8")).toContain(note);
    const run = JSON.parse(
      readFileSync(join(cwd, "reports", "latest", "run.json"), "utf8"),
    ) as RunResult;
    expect(run.baseline).toEqual({
      kind: "custom/full",
      findings: [],
      note: expect.stringContaining(note),
    });
  });

  it("says plainly when the baseline is corrupt or of another schema version, and still decides", async () => {
    const cwd = project();
    const dir = join(cwd, "reports", "baseline", "custom-smoke");
    mkdirSync(dir, { recursive: true });
    for (const [content, why] of [
      ["{not json", "not valid JSON"],
      [JSON.stringify({ schemaVersion: 7 }), "schemaVersion 7 is not supported"],
    ] as const) {
      writeFileSync(join(dir, "run.json"), content);
      const r = await runCli(["run", "pass", "--ci", "--base-url", inject("refUrl")], { cwd });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain("Baseline: baseline not compared:");
      expect(r.stdout).toContain(why);
      expect(readFileSync(join(dir, "run.json"), "utf8")).toBe(content); // left as it was
    }
  });

  it("baseline record runs the suites and stores only a clean run; update refuses injected faults", async () => {
    const cwd = project();
    // Only the passing suite first: recorded and stored as local/smoke.
    const config = join(cwd, "hyvve-qa.config.mjs");
    const all = readFileSync(config, "utf8");
    writeFileSync(
      config,
      all.replace(/suites: \{[\s\S]*?\n {2}\},/, 'suites: { pass: suite("pass") },'),
    );
    const stored = join(cwd, "reports", "baseline", "local-smoke", "run.json");
    const ok = await runCli(["baseline", "record"], { cwd });
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("local/smoke baseline ← reports/");
    const first = readFileSync(stored, "utf8");
    expect((JSON.parse(first) as RunResult).suites.map((s) => s.name)).toEqual(["pass"]);

    // A failing case: refused with the reason and the report's path, the stored file untouched.
    writeFileSync(
      config,
      all.replace(
        /suites: \{[\s\S]*?\n {2}\},/,
        'suites: { pass: suite("pass"), fail: suite("fail") },',
      ),
    );
    const refused = await runCli(["baseline", "record"], { cwd });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /^hyvve-qa: E_USAGE not recorded as a baseline: the run failed; 1 case failed\n {2}hint: .*index\.html\)$/m,
    );
    expect(readFileSync(stored, "utf8")).toBe(first);

    // Injected faults: refused before anything runs.
    const faults = await runCli(["baseline", "record"], {
      cwd,
      env: { HYVVE_REF_FAULTS: '[{"kind":"approve-broken"}]' },
    });
    expect(faults.exitCode).toBe(2);
    expect(faults.stderr).toContain("E_USAGE HYVVE_REF_FAULTS is set");
    const faulty = JSON.parse(first) as RunResult;
    faulty.environment.faultInjected = true;
    writeFileSync(join(cwd, "faulty.json"), JSON.stringify(faulty));
    const update = await runCli(["baseline", "update", "--run", "faulty.json"], { cwd });
    expect(update.exitCode).toBe(2);
    expect(update.stderr).toContain(
      "a run with injected faults (HYVVE_REF_FAULTS) cannot be a baseline",
    );
    expect(readFileSync(stored, "utf8")).toBe(first);
  });

  it("baseline show says which stored baselines lack latency samples and how to refresh them", async () => {
    const cwd = project();
    const committed = JSON.parse(
      readFileSync(join(REPO, "reports", "baseline", "local-smoke", "run.json"), "utf8"),
    ) as RunResult;
    const load = committed.suites.find((s) => s.name === "load")!.load!;
    delete load.sample;
    for (const e of load.endpoints) delete e.sample;
    const dir = join(cwd, "reports", "baseline", "local-smoke");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "run.json"), JSON.stringify(committed));
    const show = await runCli(["baseline", "show"], { cwd });
    expect(show.exitCode).toBe(0);
    expect(show.stdout).toMatch(
      /^ {2}load: passed, \d+ cases, p95 [\d.]+ ms, no latency samples \(outdated: refresh it with `hyvve-qa baseline record --env local --profile smoke`\)$/m,
    );
    expect(show.stdout).toMatch(/^ {2}e2e: passed, \d+ cases$/m);
    const [json] = JSON.parse((await runCli(["baseline", "show", "--json"], { cwd })).stdout) as {
      suites: { name: string; latencySamples?: boolean }[];
    }[];
    expect(json!.suites.find((s) => s.name === "load")?.latencySamples).toBe(false);
  });

  it("refuses to store an interrupted or unreadable run", async () => {
    const cwd = project();
    const bad = join(cwd, "bad.json");
    writeFileSync(bad, "{not json");
    const r = await runCli(["baseline", "update", "--run", bad], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("not valid JSON");

    const interrupted = join(cwd, "interrupted.json");
    const now = new Date().toISOString();
    writeFileSync(
      interrupted,
      JSON.stringify({
        schemaVersion: 1,
        id: "x",
        startedAt: now,
        finishedAt: now,
        environment: { name: "local" },
        git: {},
        status: "interrupted",
        suites: [],
      }),
    );
    const i = await runCli(["baseline", "update", "--run", interrupted], { cwd });
    expect(i.exitCode).toBe(2);
    expect(i.stderr).toContain("an interrupted run cannot be a baseline");
    expect(existsSync(join(cwd, "reports", "baseline", "run.json"))).toBe(false);
  });
});
