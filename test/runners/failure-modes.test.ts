/**
 * Every runner failure mode, through the built CLI and the generic command
 * runner with fake runner scripts: the suite gets the right status and its
 * stderr tail, and the other suites' results stay intact.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { BASIC_PROJECT, runCli, tempDir, type CliResult } from "../helpers/cli.js";

function readRun(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

function suite(run: RunResult, name: string): SuiteResult {
  const found = run.suites.find((s) => s.name === name);
  if (!found) throw new Error(`suite ${name} missing from run.json`);
  return found;
}

describe("runner failure modes", () => {
  let out: string;
  let result: CliResult;
  let run: RunResult;

  beforeAll(async () => {
    out = tempDir();
    result = await runCli(
      [
        "run",
        "pass",
        "fail",
        "hang",
        "crash",
        "garbage",
        "silent",
        "--out",
        out,
        "--ci",
        "--base-url",
        inject("refUrl"),
      ],
      { cwd: BASIC_PROJECT },
    );
    run = readRun(out);
  });

  it("exits 1 and writes all three reports", () => {
    expect(result.exitCode).toBe(1);
    for (const file of ["run.json", "junit.xml", "index.html"])
      expect(existsSync(join(out, file))).toBe(true);
    expect(run.status).toBe("timedout");
  });

  it("keeps a passing suite's results intact next to broken ones", () => {
    const s = suite(run, "pass");
    expect(s.status).toBe("passed");
    expect(s.cases.map((c) => c.title)).toEqual(["adds", "subtracts"]);
  });

  it("marks a failing test as a failed suite with the failure message", () => {
    const s = suite(run, "fail");
    expect(s.status).toBe("failed");
    expect(s.cases.find((c) => c.title === "breaks")?.failure?.message).toBe("expected 1 to be 2");
    expect(result.stdout).toContain("fail › fake › breaks");
  });

  it("stops a hanging runner at its timeout: timedout, with its stderr tail", () => {
    const s = suite(run, "hang");
    expect(s.status).toBe("timedout");
    expect(s.error?.message).toContain("did not finish within 1500 ms");
    expect(s.error?.stderrTail).toContain("hanging on purpose");
  });

  it("reports a crashed runner as errored with the signal and its stderr", () => {
    const s = suite(run, "crash");
    expect(s.status).toBe("errored");
    expect(s.error?.message).toContain("SIGSEGV");
    expect(s.error?.stderrTail).toContain("the fake runner lost its mind");
  });

  it("reports garbage output as errored, saying the results could not be read", () => {
    const s = suite(run, "garbage");
    expect(s.status).toBe("errored");
    expect(s.error?.message).toMatch(/could not read the runner's results: .*not well-formed XML/);
  });

  it("reports a runner that wrote nothing as errored", () => {
    const s = suite(run, "silent");
    expect(s.status).toBe("errored");
    expect(s.error?.message).toContain("exited with code 0 without writing results");
    expect(s.error?.stderrTail).toContain("exiting without writing results");
  });

  it("puts runner errors into the merged JUnit as errored cases", () => {
    const xml = readFileSync(join(out, "junit.xml"), "utf8");
    expect(xml).toMatch(/<testcase[^>]*name="crash \(runner errored\)"/);
    expect(xml).toMatch(/<testcase[^>]*name="hang \(runner timedout\)"/);
  });
});

describe("reusing an output folder", () => {
  it("never reads a previous run's results as this runner's output", async () => {
    const out = tempDir();
    mkdirSync(join(out, "suites", "silent"), { recursive: true });
    writeFileSync(
      join(out, "suites", "silent", "junit.xml"),
      `<testsuite name="old"><testcase name="stale pass"/></testsuite>`,
    );
    const r = await runCli(
      ["run", "silent", "--out", out, "--ci", "--base-url", inject("refUrl")],
      { cwd: BASIC_PROJECT },
    );
    expect(r.exitCode).toBe(1);
    expect(suite(readRun(out), "silent").status).toBe("errored");
  });
});

describe("secrets", () => {
  it("never writes the token, the Percy token or an OTLP header value into any output", async () => {
    const out = tempDir();
    const token = "hyvve-test-token-5f2b9c8e1d";
    const percy = "percy-token-a1b2c3d4e5f6";
    const otlpKey = "otlp-team-key-9d8c7b6a5f";
    const r = await runCli(
      ["run", "hostile", "--out", out, "--ci", "--verbose", "--base-url", inject("refUrl")],
      {
        cwd: BASIC_PROJECT,
        env: {
          HYVVE_TOKEN: token,
          PERCY_TOKEN: percy,
          OTEL_EXPORTER_OTLP_TRACES_HEADERS: `x-honeycomb-team=${otlpKey}`,
        },
      },
    );
    expect(r.exitCode).toBe(1);
    // Every file of the run folder, the runner's own JUnit included (CI uploads the folder).
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );
    expect(files.map((f) => f.name)).toEqual(
      expect.arrayContaining(["run.json", "junit.xml", "index.html"]),
    );
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = readFileSync(join(file.parentPath, file.name), "utf8");
      expect(text, file.name).not.toContain(token);
      expect(text, file.name).not.toContain(percy);
      expect(text, file.name).not.toContain(otlpKey);
    }
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stdout + r.stderr).not.toContain(percy);
    expect(r.stdout + r.stderr).not.toContain(otlpKey);
    expect(r.stdout).toContain("collector team key [redacted]");
    // The message is kept, with the secret cut out.
    expect(readFileSync(join(out, "run.json"), "utf8")).toContain("token [redacted]");
  });
});
