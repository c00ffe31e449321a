/**
 * The in-process API: run() and report() from the package's entry point,
 * with no CLI spawned. A config of fake runners (test/fixtures/runners)
 * against a tiny HTTP server given as the base URL (so no stack starts);
 * a reporter object passed to run() hears every hook in order, and the
 * outcome carries the run and the exit code the CLI would return.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { report, run, type Reporter } from "../../src/index.js";

const RUNNERS = fileURLToPath(new URL("../fixtures/runners/", import.meta.url));
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A project whose suites are fake runners: one passes, one fails. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), "hyvve-api-"));
  const suite = (script: string) => ({
    kind: "external",
    runner: "command",
    command: ["node", join(RUNNERS, script)],
    files: ["*.mjs"],
  });
  const config = { maxParallel: 1, suites: { good: suite("pass.mjs"), bad: suite("fail.mjs") } };
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), `export default ${JSON.stringify(config)};\n`);
  return dir;
}

/** A reporter that writes down every hook it hears. */
function recorder(): { reporter: Reporter; events: string[] } {
  const events: string[] = [];
  return {
    events,
    reporter: {
      onRunBegin: (b) => void events.push(`begin ${b.suites.map((s) => s.name).join(",")}`),
      onSuiteBegin: (s) => void events.push(`suite ${s.name}`),
      onCase: (suite, c) => void events.push(`case ${suite} ${c.status}`),
      onSuiteEnd: (s) => void events.push(`end ${s.name} ${s.status}`),
      onRunEnd: (r) => void events.push(`run ${r.verdict?.status}`),
    },
  };
}

const quiet = { write: () => true };

describe("run() in process", () => {
  it("runs the suites, tells a reporter object every hook, and returns the exit code", async () => {
    const cwd = project();
    const { reporter, events } = recorder();
    const outcome = await run({
      cwd,
      suites: ["good", "bad"],
      baseUrl,
      out: "out",
      noHistory: true,
      baseline: false,
      reporter: [reporter],
      stdout: quiet,
      stderr: quiet,
    });
    expect(outcome.exitCode).toBe(1);
    expect(outcome.run?.suites.map((s) => [s.name, s.status])).toEqual([
      ["good", "passed"],
      ["bad", "failed"],
    ]);
    expect(events[0]).toBe("begin good,bad");
    expect(events.at(-1)).toBe("run failed");
    // Each suite: begin, its cases, end; one slot, so one suite after the other.
    const good = events.indexOf("suite good");
    expect(events.slice(good, good + 4)).toEqual([
      "suite good",
      "case good passed",
      "case good passed",
      "end good passed",
    ]);
    expect(events).toContain("case bad failed");
    // Only run.json beside the chosen reporter: no JUnit, HTML or CTRF was asked for.
    expect(existsSync(join(cwd, "out", "run.json"))).toBe(true);
    expect(existsSync(join(cwd, "out", "junit.xml"))).toBe(false);
    expect(existsSync(join(cwd, "out", "index.html"))).toBe(false);
  });

  it("a reporter that throws costs the others nothing, and the verdict says which failed", async () => {
    const cwd = project();
    const { reporter, events } = recorder();
    const broken: Reporter = {
      onSuiteBegin: () => {
        throw new Error("boom in a hook");
      },
      onRunEnd: () => Promise.reject(new Error("boom at the end")),
    };
    const outcome = await run({
      cwd,
      suites: ["good"],
      baseUrl,
      out: "out",
      noHistory: true,
      baseline: false,
      reporter: [broken, "junit", reporter],
      stdout: quiet,
      stderr: quiet,
    });
    expect(outcome.run?.suites[0]?.status).toBe("passed");
    // Once per reporter, the first failure.
    expect(outcome.reporterErrors).toEqual([{ reporter: "custom #1", message: "boom in a hook" }]);
    expect(outcome.exitCode).toBe(1);
    expect(events).toContain("end good passed");
    expect(readFileSync(join(cwd, "out", "junit.xml"), "utf8")).toContain('name="good"');
  });

  it("stops when its signal is aborted and still writes the partial report", async () => {
    const cwd = project();
    const controller = new AbortController();
    controller.abort();
    const outcome = await run({
      cwd,
      baseUrl,
      out: "out",
      noHistory: true,
      signal: controller.signal,
      stdout: quiet,
      stderr: quiet,
    });
    expect(outcome.exitCode).toBe(130);
    expect(outcome.run?.status).toBe("interrupted");
    expect(existsSync(join(cwd, "out", "index.html"))).toBe(true);
  });

  it("refuses an unknown reporter name with a did-you-mean, before anything runs", async () => {
    const cwd = project();
    await expect(
      run({ cwd, baseUrl, out: "out", reporter: ["juint"], stdout: quiet, stderr: quiet }),
    ).rejects.toThrow(/unknown reporter "juint" \(did you mean junit\?\)/);
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });
});

describe("report() in process", () => {
  it("merges JUnit files into a run and reports it with the reporters asked for", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hyvve-api-report-"));
    const junit = join(dir, "in.xml");
    writeFileSync(
      junit,
      '<testsuites><testsuite name="s"><testcase classname="c" name="one"/>' +
        '<testcase classname="c" name="two"><failure message="no"/></testcase></testsuite></testsuites>',
    );
    const { reporter, events } = recorder();
    const outcome = await report({
      junit: [junit],
      out: "merged",
      cwd: dir,
      reporter: ["ctrf", reporter],
      stdout: quiet,
    });
    expect(outcome.exitCode).toBe(1);
    expect(events.filter((e) => e.startsWith("case"))).toEqual([
      "case in passed",
      "case in failed",
    ]);
    const ctrf = JSON.parse(readFileSync(join(dir, "merged", "ctrf.json"), "utf8"));
    expect(ctrf.results.summary).toMatchObject({ tests: 2, passed: 1, failed: 1 });
    expect(existsSync(join(dir, "merged", "junit.xml"))).toBe(false);
  });
});
