/**
 * Merging results (src/results/merge.ts) and the JUnit → run import
 * (src/results/import/junit-run.ts), on small in-memory inputs.
 */
import { describe, expect, it } from "vitest";
import { importedRun, mergeRuns, mergeSuites, newRunId } from "../../src/results/merge.js";
import {
  type CaseResult,
  type RunResult,
  type SuiteResult,
  type SuiteStatus,
} from "../../src/results/model.js";
import { runSchema } from "../../src/results/run-schema.js";
import { parseJUnit } from "../../src/results/import/junit.js";
import { runFromJUnit, suiteNameForJUnitPath } from "../../src/results/import/junit-run.js";

function testCase(id: string, status: CaseResult["status"] = "passed"): CaseResult {
  return { id, title: id, titlePath: [id], status, durationMs: 10, retries: 0, attachments: [] };
}

function suite(
  name: string,
  status: SuiteStatus,
  durationMs: number | null,
  cases: CaseResult[] = [],
  extra: Partial<SuiteResult> = {},
): SuiteResult {
  return { name, kind: "e2e", runner: "playwright", status, durationMs, cases, ...extra };
}

function run(
  startedAt: string,
  finishedAt: string,
  suites: SuiteResult[],
  extra: Partial<RunResult> = {},
): RunResult {
  return {
    schemaVersion: 1,
    id: `run-${startedAt}`,
    startedAt,
    finishedAt,
    environment: { name: "staging", baseUrl: "https://staging.example.com" },
    git: { commit: "abc123", branch: "main" },
    status: "passed",
    suites,
    ...extra,
  };
}

describe("newRunId", () => {
  it("is the ISO time with ':' and '.' as '-', no 'Z', then 6 hex digits", () => {
    // 2026-03-04T05:06:07.089Z → 2026-03-04T05-06-07-089, written out by hand.
    const id = newRunId(new Date("2026-03-04T05:06:07.089Z"));
    expect(id).toMatch(/^2026-03-04T05-06-07-089-[0-9a-f]{6}$/);
  });

  it("differs between two runs started in the same millisecond", () => {
    const now = new Date("2026-03-04T05:06:07.089Z");
    expect(newRunId(now)).not.toBe(newRunId(now));
  });
});

describe("mergeSuites", () => {
  it("combines same-named shards: cases concatenated, worst status, longest duration", () => {
    const a1 = testCase("a1");
    const a2 = testCase("a2", "failed");
    const b1 = testCase("b1");
    const shard1 = suite("e2e", "passed", 1000, [a1]);
    const shard2 = suite("e2e", "failed", 2500, [a2]);
    const other = suite("api", "passed", 400, [b1]);
    const merged = mergeSuites([shard1, other, shard2]);

    // First-seen order of names; the two e2e shards become one suite.
    expect(merged.map((s) => s.name)).toEqual(["e2e", "api"]);
    const e2e = merged[0]!;
    expect(e2e.cases.map((c) => c.id)).toEqual(["a1", "a2"]);
    expect(e2e.status).toBe("failed");
    // Shards run side by side: max(1000, 2500), not the sum 3500.
    expect(e2e.durationMs).toBe(2500);
    expect(merged[1]!.cases.map((c) => c.id)).toEqual(["b1"]);
  });

  it("does not modify the input suites", () => {
    const shard1 = suite("e2e", "passed", 1000, [testCase("a1")]);
    const shard2 = suite("e2e", "errored", 2000, [testCase("a2")]);
    mergeSuites([shard1, shard2]);
    expect(shard1.cases).toHaveLength(1);
    expect(shard1.status).toBe("passed");
    expect(shard1.durationMs).toBe(1000);
  });

  // Severity, least to most: skipped < passed < failed < errored < timedout < interrupted.
  it.each<[SuiteStatus, SuiteStatus, SuiteStatus]>([
    ["skipped", "passed", "passed"],
    ["passed", "failed", "failed"],
    ["failed", "errored", "errored"],
    ["errored", "timedout", "timedout"],
    ["timedout", "interrupted", "interrupted"],
    ["skipped", "skipped", "skipped"],
  ])("%s + %s → %s, in either order", (a, b, worst) => {
    expect(mergeSuites([suite("s", a, 1), suite("s", b, 1)])[0]!.status).toBe(worst);
    expect(mergeSuites([suite("s", b, 1), suite("s", a, 1)])[0]!.status).toBe(worst);
  });

  it("takes the known duration when one shard has none, and null when none has one", () => {
    expect(
      mergeSuites([suite("s", "passed", null), suite("s", "passed", 700)])[0]!.durationMs,
    ).toBe(700);
    expect(
      mergeSuites([suite("s", "passed", 700), suite("s", "passed", null)])[0]!.durationMs,
    ).toBe(700);
    expect(
      mergeSuites([suite("s", "passed", null), suite("s", "passed", null)])[0]!.durationMs,
    ).toBeNull();
  });

  it("keeps the first error and the union of the notes without repeats", () => {
    const merged = mergeSuites([
      suite("s", "passed", 1, [], { notes: ["percy skipped"] }),
      suite("s", "errored", 1, [], { error: { message: "first crash" }, notes: ["percy skipped"] }),
      suite("s", "errored", 1, [], { error: { message: "second crash" }, notes: ["retried"] }),
    ])[0]!;
    expect(merged.error).toEqual({ message: "first crash" });
    expect(merged.notes).toEqual(["percy skipped", "retried"]);
  });
});

describe("mergeRuns", () => {
  it("spans from the earliest start to the latest finish, keeping the first run's environment", () => {
    // The run that starts first is not the one that finishes last.
    const a = run("2026-01-01T10:00:00.000Z", "2026-01-01T10:05:00.000Z", [
      suite("e2e", "passed", 1, [testCase("x")]),
    ]);
    const b = run(
      "2026-01-01T09:59:00.000Z",
      "2026-01-01T10:01:00.000Z",
      [suite("e2e", "passed", 1, [testCase("y")])],
      { environment: { name: "other" } },
    );
    const merged = mergeRuns([a, b]);
    expect(merged.startedAt).toBe("2026-01-01T09:59:00.000Z");
    expect(merged.finishedAt).toBe("2026-01-01T10:05:00.000Z");
    expect(merged.environment).toEqual(a.environment);
    expect(merged.git).toEqual(a.git);
    expect(merged.status).toBe("passed");
    expect(merged.suites).toHaveLength(1);
    expect(merged.suites[0]!.cases.map((c) => c.id)).toEqual(["x", "y"]);
    // A new id, and the result is a valid run.json.
    expect(merged.id).not.toBe(a.id);
    expect(merged.id).not.toBe(b.id);
    expect(() => runSchema.parse(merged)).not.toThrow();
  });

  it("derives the status from the merged suites", () => {
    const t = "2026-01-01T10:00:00.000Z";
    const failed = mergeRuns([
      run(t, t, [suite("e2e", "passed", 1)]),
      run(t, t, [suite("e2e", "failed", 1)], { status: "failed" }),
    ]);
    expect(failed.status).toBe("failed");
    expect(failed.suites[0]!.status).toBe("failed");

    const timedout = mergeRuns([
      run(t, t, [suite("e2e", "failed", 1)]),
      run(t, t, [suite("load", "timedout", 1)]),
    ]);
    // A timed-out suite outranks a failed one at run level.
    expect(timedout.status).toBe("timedout");
  });

  it("is interrupted when any input run was, even if all its suites passed", () => {
    const t = "2026-01-01T10:00:00.000Z";
    const merged = mergeRuns([
      run(t, t, [suite("e2e", "passed", 1)]),
      run(t, t, [suite("api", "passed", 1)], { status: "interrupted" }),
    ]);
    expect(merged.status).toBe("interrupted");
  });

  it("refuses an empty list", () => {
    expect(() => mergeRuns([])).toThrow(/at least one run/);
  });
});

describe("importedRun", () => {
  it("wraps suites in an 'imported' run with the given times and a derived status", () => {
    const now = new Date("2026-05-06T07:08:09.010Z");
    const r = importedRun(
      [suite("a", "passed", 1), suite("b", "errored", 1)],
      "2026-05-06T07:00:00.000Z",
      "2026-05-06T07:08:00.000Z",
      now,
    );
    expect(r.environment).toEqual({ name: "imported" });
    expect(r.git).toEqual({});
    expect(r.startedAt).toBe("2026-05-06T07:00:00.000Z");
    expect(r.finishedAt).toBe("2026-05-06T07:08:00.000Z");
    expect(r.status).toBe("failed"); // an errored suite fails the run
    expect(r.id).toMatch(/^2026-05-06T07-08-09-010-[0-9a-f]{6}$/);
    expect(r.schemaVersion).toBe(1);
    expect(importedRun([suite("a", "skipped", 1)], "x", "y", now).status).toBe("passed");
  });
});

describe("suiteNameForJUnitPath", () => {
  it.each([
    ["reports/shard-1/api.xml", "api"],
    ["/abs/path/Web.XML", "Web"],
    ["results.xml.bak", "results.xml.bak"],
    ["a.xml.xml", "a.xml"],
    ["no-extension", "no-extension"],
  ])("%s → %s", (path, name) => {
    expect(suiteNameForJUnitPath(path)).toBe(name);
  });
});

describe("runFromJUnit", () => {
  const passing = `<testsuite name="root-name">
    <testcase name="one" time="0.5"/>
    <testcase name="two" time="1.25"/>
  </testsuite>`;
  const failing = `<testsuite name="web">
    <testcase name="ok" time="0.1"/>
    <testcase name="broken" time="0.2"><failure message="boom"/></testcase>
  </testsuite>`;
  const parse = (xml: string, suiteName: string) =>
    parseJUnit(xml, { suite: suiteName, source: `${suiteName}.xml` });

  it("makes one external suite per file, named by the file, with summed case times", () => {
    const now = new Date("2026-02-03T04:05:06.007Z");
    const r = runFromJUnit(
      [
        { path: "out/api.xml", parsed: parse(passing, "api") },
        { path: "out/web.xml", parsed: parse(failing, "web") },
      ],
      now,
    );
    expect(r.suites.map((s) => [s.name, s.kind, s.runner, s.status])).toEqual([
      ["api", "external", "junit", "passed"],
      ["web", "external", "junit", "failed"],
    ]);
    // 0.5 s + 1.25 s = 1750 ms; 0.1 s + 0.2 s = 300 ms (to float precision).
    expect(r.suites[0]!.durationMs).toBe(1750);
    expect(r.suites[1]!.durationMs).toBeCloseTo(300, 6);
    expect(r.suites[0]!.cases.map((c) => c.title)).toEqual(["one", "two"]);
    expect(r.status).toBe("failed");
    expect(r.environment).toEqual({ name: "imported" });
    expect(r.startedAt).toBe("2026-02-03T04:05:06.007Z");
    expect(r.finishedAt).toBe("2026-02-03T04:05:06.007Z");
    expect(() => runSchema.parse(r)).not.toThrow();
  });

  it("merges files with the same name (shards) into one suite", () => {
    const r = runFromJUnit([
      { path: "shard-1/junit.xml", parsed: parse(passing, "junit") },
      { path: "shard-2/junit.xml", parsed: parse(failing, "junit") },
    ]);
    expect(r.suites).toHaveLength(1);
    expect(r.suites[0]!.name).toBe("junit");
    expect(r.suites[0]!.cases.map((c) => c.title)).toEqual(["one", "two", "ok", "broken"]);
    expect(r.suites[0]!.status).toBe("failed");
    // Longest shard: max(1750, 300).
    expect(r.suites[0]!.durationMs).toBe(1750);
  });

  it("marks a file whose cases are all skipped as a skipped suite, and the run passed", () => {
    const skipped = `<testsuite><testcase name="a"><skipped/></testcase></testsuite>`;
    const r = runFromJUnit([{ path: "s.xml", parsed: parse(skipped, "s") }]);
    expect(r.suites[0]!.status).toBe("skipped");
    expect(r.status).toBe("passed");
  });
});
