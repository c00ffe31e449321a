/**
 * How a run ends (src/results/verdict.ts) and how a process end reads in a
 * report (src/process/process-end.ts).
 */
import { describe, expect, it } from "vitest";
import type { BaselineFinding, RunResult, SuiteResult } from "../../src/results/model.js";
import { EXIT, verdict, type VerdictInputs } from "../../src/results/verdict.js";
import {
  describeEnd,
  exitCodeOf,
  succeeded,
  tail,
  type ProcessEnd,
} from "../../src/process/process-end.js";

type Run = VerdictInputs["run"];

function suite(
  name: string,
  status: SuiteResult["status"],
  failedCases = 0,
  extra: Partial<SuiteResult> = {},
): SuiteResult {
  const cases = Array.from({ length: failedCases + 1 }, (_, i) => ({
    id: `${name}-${i}`,
    title: `case ${i}`,
    titlePath: [`case ${i}`],
    status: i < failedCases ? ("failed" as const) : ("passed" as const),
    durationMs: 1,
    retries: 0,
    attachments: [],
  }));
  return { name, kind: "e2e", runner: "vitest", status, durationMs: 1, cases, ...extra };
}

const passedRun: Run = {
  status: "passed",
  suites: [suite("e2e", "passed"), suite("x", "skipped")],
};
const failedRun: Run = {
  status: "failed",
  suites: [suite("e2e", "passed"), suite("ccr", "failed", 2)],
};

function finding(regression: boolean, message: string): BaselineFinding {
  return { kind: regression ? "new-failure" : "fixed", suite: "e2e", message, regression };
}

describe("verdict", () => {
  it("exit codes are the documented contract", () => {
    expect(EXIT).toEqual({ ok: 0, failed: 1, usage: 2, internal: 3, interrupted: 130 });
  });

  it("passes a passed run with no reasons (a skipped suite is no reason)", () => {
    expect(verdict({ run: passedRun })).toEqual({ status: "passed", exitCode: 0, reasons: [] });
  });

  it("fails a run with a failed suite, naming it and its failed-case count", () => {
    expect(verdict({ run: failedRun })).toEqual({
      status: "failed",
      exitCode: 1,
      reasons: ["ccr: failed (2 failed)"],
    });
  });

  it("gives a suite without failed cases its error's first line, or else its status", () => {
    const run: Run = {
      status: "timedout",
      suites: [
        suite("crash", "errored", 0, { error: { message: "runner crashed\nstack…" } }),
        suite("slow", "timedout"),
      ],
    };
    expect(verdict({ run })).toEqual({
      status: "failed",
      exitCode: 1,
      reasons: ["crash: errored (runner crashed)", "slow: timedout (timedout)"],
    });
  });

  it("fails a passed run on a baseline regression alone, and not on other findings", () => {
    const regressed: Run = {
      ...passedRun,
      baseline: {
        source: "reports/baseline/run.json",
        findings: [
          finding(false, "e2e > login is fixed"),
          finding(true, "e2e > checkout fails now"),
        ],
      },
    };
    expect(verdict({ run: regressed })).toEqual({
      status: "failed",
      exitCode: 1,
      reasons: ["regression: e2e > checkout fails now"],
    });
    const onlyFixed: Run = {
      ...passedRun,
      baseline: { source: "b", findings: [finding(false, "e2e > login is fixed")] },
    };
    expect(verdict({ run: onlyFixed })).toEqual({ status: "passed", exitCode: 0, reasons: [] });
  });

  it("fails a passed run when a reporter threw", () => {
    expect(
      verdict({ run: passedRun, reporterErrors: [{ reporter: "html", message: "disk full" }] }),
    ).toEqual({ status: "failed", exitCode: 1, reasons: ["the html reporter failed: disk full"] });
  });

  it("exits 2 on environment errors, even with failed suites", () => {
    const v = verdict({ run: failedRun, environmentErrors: ["load: k6 not found"] });
    expect(v.exitCode).toBe(2);
    expect(v.reasons).toEqual(["could not run load: k6 not found", "ccr: failed (2 failed)"]);
    expect(verdict({ run: passedRun, environmentErrors: ["e2e: no Chromium"] }).exitCode).toBe(2);
  });

  it("exits 130 when interrupted, over failures, environment and internal errors", () => {
    const v = verdict({
      run: { ...failedRun, status: "interrupted" },
      interrupted: true,
      internalError: "oops",
      environmentErrors: ["load: k6 not found"],
    });
    expect(v.exitCode).toBe(130);
    // Most important first.
    expect(v.reasons).toEqual([
      "interrupted: the report is partial",
      "internal error: oops",
      "could not run load: k6 not found",
      "ccr: failed (2 failed)",
    ]);
  });

  it("exits 3 on an internal error (not 1: CI must tell a tool crash from a red build), over environment errors", () => {
    expect(verdict({ run: passedRun, internalError: "bug" })).toEqual({
      status: "error",
      exitCode: 3,
      reasons: ["internal error: bug"],
    });
    expect(
      verdict({ run: failedRun, internalError: "bug", environmentErrors: ["e2e: x"] }).exitCode,
    ).toBe(3);
  });

  it("exits 2 when a stack command died during the run, over failed suites", () => {
    const v = verdict({ run: failedRun, stackErrors: ['"ccr" exited with code 3 during the run'] });
    expect(v.exitCode).toBe(2);
    expect(v.reasons[0]).toBe('stack: "ccr" exited with code 3 during the run');
  });

  it("fails a run whose status is not passed even with no reason to list", () => {
    const run: Pick<RunResult, "status" | "suites"> = { status: "failed", suites: [] };
    expect(verdict({ run })).toEqual({ status: "failed", exitCode: 1, reasons: [] });
  });
});

describe("describeEnd", () => {
  it.each<[ProcessEnd, string]>([
    [{ kind: "exited", code: 3 }, "exited with code 3"],
    [{ kind: "exited", code: 0 }, "exited with code 0"],
    [{ kind: "killed", signal: "SIGSEGV" }, "was killed by SIGSEGV"],
    [{ kind: "timedout", afterMs: 300 }, "did not finish within 300 ms and was stopped"],
    [{ kind: "cancelled" }, "was stopped (interrupted)"],
    [
      { kind: "spawn-failed", message: "spawn nope ENOENT" },
      "could not be started: spawn nope ENOENT",
    ],
  ])("%j → %s", (end, text) => {
    expect(describeEnd(end)).toBe(text);
  });
});

describe("process end helpers", () => {
  it("gives the exit code and success only for a process that exited by itself", () => {
    expect(exitCodeOf({ kind: "exited", code: 4 })).toBe(4);
    expect(exitCodeOf({ kind: "cancelled" })).toBeUndefined();
    expect(succeeded({ kind: "exited", code: 0 })).toBe(true);
    expect(succeeded({ kind: "exited", code: 1 })).toBe(false);
    expect(succeeded({ kind: "killed", signal: "SIGKILL" })).toBe(false);
    expect(succeeded({ kind: "timedout", afterMs: 1 })).toBe(false);
  });

  it("tails the last lines, ignoring trailing newlines", () => {
    expect(tail("a\nb\nc\nd\n\n", 2)).toBe("c\nd");
    expect(tail("only", 5)).toBe("only");
  });
});
