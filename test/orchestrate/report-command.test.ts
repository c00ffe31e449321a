/**
 * `hyvve-qa report`: merging existing results. Counts in the merged JUnit
 * equal the sum of the inputs; bad inputs fail with one line and exit 2 and
 * leave an existing report untouched.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import type { RunResult } from "../../src/results/model.js";
import { renderJUnit } from "../../src/reporters/junit.js";
import { runCli, tempDir } from "../helpers/cli.js";

const fixtures = fileURLToPath(new URL("../fixtures/junit/", import.meta.url));

function attrs(xml: string, tag: string): Record<string, string> {
  const m = new RegExp(`<${tag}\\b([^>]*)>`).exec(xml);
  return Object.fromEntries(
    [...(m?.[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]),
  );
}

describe("report --junit", () => {
  it("merges JUnit files so that the merged counts equal the sum of the inputs", async () => {
    const out = tempDir();
    const inputs = ["surefire.xml", "nested.xml"].map((f) => join(fixtures, f));
    const r = await runCli(["report", "--junit", ...inputs, "--out", out]);
    expect(r.exitCode).toBe(1); // the inputs hold failures
    const merged = readFileSync(join(out, "junit.xml"), "utf8");
    const expected = inputs
      .map((p) => parseJUnit(readFileSync(p, "utf8"), { suite: "x", source: p }).cases)
      .flat();
    const top = attrs(merged, "testsuites");
    expect(Number(top["tests"])).toBe(expected.length);
    expect(Number(top["failures"]) + Number(top["errors"] ?? 0)).toBe(
      expected.filter((c) => c.status === "failed").length,
    );
    expect(Number(top["skipped"] ?? 0)).toBe(expected.filter((c) => c.status === "skipped").length);
    // Reading our own output back gives the same cases (flaky is kept as a property).
    const reread = parseJUnit(merged, { suite: "x", source: "merged" }).cases;
    expect(reread.map((c) => c.title).sort()).toEqual(expected.map((c) => c.title).sort());
    expect(merged).toMatch(/<property name="flaky" value="true"\/>/);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.suites.map((s) => s.name)).toEqual(["surefire", "nested"]);
  });

  it("merges run.json shards into one suite per name", async () => {
    const a = tempDir();
    const b = tempDir();
    await runCli(["report", "--junit", join(fixtures, "nested.xml"), "--out", a]);
    await runCli(["report", "--junit", join(fixtures, "nested.xml"), "--out", b]);
    const out = tempDir();
    const r = await runCli([
      "report",
      "--run",
      join(a, "run.json"),
      join(b, "run.json"),
      "--out",
      out,
    ]);
    expect(r.exitCode).toBe(1);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.suites).toHaveLength(1);
    // The same 4 cases in both shards are one case each, not 8.
    expect(run.suites[0]!.cases).toHaveLength(4);
  });

  it("refuses the same run.json given twice, and runs of different kinds", async () => {
    const a = tempDir();
    await runCli(["report", "--junit", join(fixtures, "nested.xml"), "--out", a]);
    const twice = await runCli([
      "report",
      "--run",
      join(a, "run.json"),
      join(a, "run.json"),
      "--out",
      tempDir(),
    ]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toMatch(/^hyvve-qa: E_INPUT .*was given twice/m);
    const other = join(tempDir(), "run.json");
    const run = JSON.parse(readFileSync(join(a, "run.json"), "utf8")) as RunResult;
    writeFileSync(other, JSON.stringify({ ...run, id: "other", environment: { name: "staging" } }));
    const kinds = await runCli(["report", "--run", join(a, "run.json"), other, "--out", tempDir()]);
    expect(kinds.exitCode).toBe(2);
    expect(kinds.stderr).toContain("not shards of one run");
  });

  it("exits 0 when everything passed", async () => {
    const file = join(tempDir(), "ok.xml");
    writeFileSync(
      file,
      `<testsuite name="ok"><testcase name="a"/><testcase name="b"/></testsuite>`,
    );
    const r = await runCli(["report", "--junit", file, "--out", tempDir()]);
    expect(r.exitCode).toBe(0);
  });

  it.each([
    ["xxe.xml", "declares a DTD"],
    ["billion-laughs.xml", "declares a DTD"],
    ["not-junit.xml", "no <testsuites> or <testsuite> root element"],
  ])(
    "refuses %s with one line, exit 2, and leaves the existing report alone",
    async (file, message) => {
      const out = tempDir();
      const ok = join(tempDir(), "ok.xml");
      writeFileSync(ok, `<testsuite name="ok"><testcase name="a"/></testsuite>`);
      await runCli(["report", "--junit", ok, "--out", out]);
      const before = readFileSync(join(out, "junit.xml"), "utf8");
      const r = await runCli(["report", "--junit", ok, join(fixtures, file), "--out", out]);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
      expect(readFileSync(join(out, "junit.xml"), "utf8")).toBe(before);
    },
  );

  it("refuses a missing file and a run.json of another schema version", async () => {
    const missing = await runCli(["report", "--junit", "/nonexistent.xml", "--out", tempDir()]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain(
      "hyvve-qa: E_INPUT /nonexistent.xml: cannot read JUnit file (ENOENT)",
    );
    const future = join(tempDir(), "run.json");
    writeFileSync(future, JSON.stringify({ schemaVersion: 99 }));
    const r = await runCli(["report", "--run", future, "--out", tempDir()]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("schemaVersion 99 is not supported");
    const none = await runCli(["report", "--out", tempDir()]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("nothing to report");
  });
});

describe("merged JUnit output", () => {
  it("matches the snapshot (times stripped)", () => {
    const parsed = parseJUnit(readFileSync(join(fixtures, "surefire.xml"), "utf8"), {
      suite: "router",
      source: "f",
    });
    const run: RunResult = {
      schemaVersion: 1,
      id: "snapshot-run",
      startedAt: "2026-01-01T00:00:00.000Z",
      finishedAt: "2026-01-01T00:00:01.000Z",
      environment: { name: "local" },
      git: {},
      status: "failed",
      suites: [
        {
          name: "router",
          kind: "external",
          runner: "junit",
          status: "failed",
          durationMs: 1234,
          cases: parsed.cases,
        },
        {
          name: "broken",
          kind: "e2e",
          runner: "playwright",
          status: "errored",
          durationMs: null,
          cases: [],
          error: {
            message: "playwright was killed by SIGSEGV without writing results",
            stderrTail: "segfault",
          },
        },
      ],
    };
    const xml = renderJUnit(run)
      .replace(/ time="[^"]*"/g, "")
      .replace(/ (timestamp|hostname)="[^"]*"/g, "");
    expect(xml).toMatchSnapshot();
  });
});
