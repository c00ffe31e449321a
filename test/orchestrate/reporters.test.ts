/**
 * Reporters through the built CLI: --reporter picks them (run.json always
 * comes too), a config adds its own (an object or a module path) and hears
 * every hook, a failing one is isolated and named, and unknown names are
 * one E_USAGE / E_CONFIG line with a did-you-mean.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const RUNNERS = join(REPO, "test", "fixtures", "runners");
const suite = (script: string) => ({
  kind: "external",
  runner: "command",
  command: ["node", join(RUNNERS, script)],
  files: ["*.mjs"],
});

/** A project of two fake suites; `extra` is source text spliced into the config object. */
function project(extra = ""): string {
  const cwd = tempDir();
  const suites = JSON.stringify({ good: suite("pass.mjs"), bad: suite("fail.mjs") });
  writeFileSync(
    join(cwd, "hyvve-qa.config.mjs"),
    `export default { maxParallel: 1, suites: ${suites}, ${extra} };\n`,
  );
  return cwd;
}

const run = (cwd: string, ...args: string[]) =>
  runCli(
    ["run", "--ci", "--no-history", "--no-baseline", "--base-url", inject("refUrl"), ...args],
    {
      cwd,
    },
  );

describe("--reporter", () => {
  it("writes what it names, and run.json; nothing else, no summary", async () => {
    const cwd = project();
    const r = await run(cwd, "--out", "out", "--reporter", "junit", "--reporter", "lines");
    expect(r.exitCode, r.all).toBe(1);
    expect(
      readdirSync(join(cwd, "out"))
        .filter((f) => !f.startsWith("suites"))
        .sort(),
    ).toEqual(["junit.xml", "run.json"]);
    expect(r.stdout).toContain("❯ good (command)");
    expect(r.stdout).toContain("✖ bad (command): failed");
    // The end summary is a reporter of its own, not asked for here.
    expect(r.stdout).not.toContain("Run failed");
  });

  it("is refused when unknown, with a did-you-mean, before anything runs", async () => {
    const cwd = project();
    const r = await run(cwd, "--out", "out", "--reporter", "htlm");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      'hyvve-qa: E_USAGE --reporter htlm: unknown reporter "htlm" (did you mean html?)',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  it("works on report too", async () => {
    const cwd = tempDir();
    const junit = join(cwd, "in.xml");
    writeFileSync(junit, '<testsuite name="s"><testcase classname="c" name="one"/></testsuite>');
    const r = await runCli(["report", "--junit", junit, "--out", "merged", "--reporter", "ctrf"], {
      cwd,
    });
    expect(r.exitCode, r.all).toBe(0);
    expect(readdirSync(join(cwd, "merged")).sort()).toEqual(["ctrf.json", "run.json"]);
  });
});

describe("a reporter from the config", () => {
  it("an object and a module hear every hook; the defaults stay when `default` is listed", async () => {
    const cwd = project(
      `reporters: ["default", "./events-reporter.mjs", { onSuiteEnd(s) { console.log("inline saw " + s.name + " " + s.status); } }]`,
    );
    writeFileSync(
      join(cwd, "events-reporter.mjs"),
      `import { appendFileSync } from "node:fs";
const log = (line) => appendFileSync(new URL("./events.log", import.meta.url), line + "\\n");
export default {
  onRunBegin: (b) => log("begin " + b.suites.map((s) => s.name).join(",")),
  onSuiteBegin: (s) => log("suite " + s.name),
  onOutput: (suite, line) => log("output " + suite + " " + line),
  onCase: (suite, c) => log("case " + suite + " " + c.status),
  onSuiteEnd: (s) => log("end " + s.name + " " + s.status),
  onRunEnd: (run, end) => log("run " + run.verdict.status + " " + (end.outDir.endsWith("out") ? "out" : end.outDir)),
};
`,
    );
    const r = await run(cwd, "--out", "out", "good", "bad");
    expect(r.exitCode, r.all).toBe(1);
    const events = readFileSync(join(cwd, "events.log"), "utf8").trim().split("\n");
    expect(events).toEqual([
      "begin good,bad",
      "suite good",
      "output good running 2 fake tests",
      "case good passed",
      "case good passed",
      "end good passed",
      "suite bad",
      "case bad passed",
      "case bad failed",
      "end bad failed",
      "run failed out",
    ]);
    expect(r.stdout).toContain("inline saw bad failed");
    // `default` kept the built-in files and the summary.
    for (const file of ["junit.xml", "ctrf.json", "index.html", "run.json"])
      expect(existsSync(join(cwd, "out", file)), file).toBe(true);
    expect(r.stdout).toContain("Run failed");
  });

  it("one that throws is named, the others' files are whole, the exit code is 1", async () => {
    const cwd = project(
      `reporters: ["junit", { onRunEnd() { throw new Error("webhook said no"); } }]`,
    );
    const r = await run(cwd, "--out", "out", "good");
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toContain("hyvve-qa: the custom #1 reporter failed: webhook said no");
    expect(readFileSync(join(cwd, "out", "junit.xml"), "utf8")).toContain('name="good"');
    const runJson = JSON.parse(readFileSync(join(cwd, "out", "run.json"), "utf8"));
    expect(runJson.status).toBe("passed");
  });

  it("an unknown name is one E_CONFIG line with a did-you-mean", async () => {
    const cwd = project(`reporters: ["junti"]`);
    const r = await run(cwd, "--out", "out");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_CONFIG .*reporters\.0 unknown reporter "junti" \(did you mean junit\?\)/m,
    );
  });

  it("a module that does not load is one line saying which file", async () => {
    const cwd = project(`reporters: ["./missing-reporter.mjs"]`);
    const r = await run(cwd, "--out", "out");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_CONFIG .*reporters \.\/missing-reporter\.mjs: cannot load .*missing-reporter\.mjs/m,
    );
  });
});
