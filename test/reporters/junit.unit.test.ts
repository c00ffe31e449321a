/**
 * junit.xml is written by hand, streamed (src/reporters/junit.ts). The
 * reference is what junit-report-builder (the DOM builder it replaced, kept
 * as a dev dependency for this test) writes for the same run through its
 * own API: the two must be the same text, byte for byte, hostile strings
 * included. (Ours differs on purpose only for a second `]]>` in one text and
 * for a lone surrogate, which the builder mangles; neither is used here.)
 */
import junitBuilderModule, { type Builder } from "junit-report-builder";
import { describe, expect, it } from "vitest";
import { describeOutdated } from "../../src/results/baseline-notes.js";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { junitChunks, renderJUnit } from "../../src/reporters/junit.js";

// CommonJS whose module.exports is the default builder (its typings say an ES default export).
const junitBuilder = junitBuilderModule as unknown as Builder;

/** The run through junit-report-builder, mapped as junit.ts documents it. */
function reference(run: RunResult): string {
  const builder = junitBuilder.newBuilder();
  builder.name(`hyvve-qa ${run.id}`);
  for (const suite of run.suites) referenceSuite(builder, suite);
  const regressions = run.baseline?.findings.filter((f) => f.regression) ?? [];
  const outdated = run.baseline?.outdated;
  if (regressions.length > 0 || outdated) {
    const node = builder.testSuite().name("baseline");
    node.property("kind", "baseline");
    if (run.baseline?.source) node.property("source", run.baseline.source);
    if (outdated) node.property("outdated", describeOutdated(outdated));
    for (const f of regressions)
      node
        .testCase()
        .className(`baseline > ${f.suite}`)
        .name(f.caseId ? `${f.kind}: ${f.caseId}` : `${f.kind}: ${f.suite}`)
        .failure(f.message, f.kind);
  }
  return builder.build();
}

function referenceSuite(builder: Builder, suite: SuiteResult): void {
  const node = builder.testSuite().name(suite.name);
  node
    .property("kind", suite.kind)
    .property("runner", suite.runner)
    .property("status", suite.status);
  if (suite.durationMs !== null) node.time(suite.durationMs / 1000);
  for (const c of suite.cases) {
    const tc = node
      .testCase()
      .className(c.titlePath.slice(0, -1).join(" > ") || suite.name)
      .name(c.title);
    if (c.file) tc.file(c.file);
    if (c.durationMs !== null) tc.time(c.durationMs / 1000);
    if (c.status === "failed" && c.quarantined) {
      tc.property("quarantined", "true").skipped();
      tc.standardOutput(`quarantined, failed: ${c.failure?.message ?? "failed"}`);
    } else if (c.status === "failed" && c.failure?.kind === "error") {
      tc.error(c.failure.message, c.failure.type, c.failure.stack);
    } else if (c.status === "failed") {
      tc.failure(c.failure?.message ?? "failed", c.failure?.type);
      if (c.failure?.stack) tc.stacktrace(c.failure.stack);
    } else if (c.status === "skipped") {
      tc.skipped();
    } else if (c.status === "flaky") {
      tc.property("flaky", "true").property("retries", String(c.retries));
      tc.standardOutput(`flaky: passed after ${c.retries} retr${c.retries === 1 ? "y" : "ies"}`);
    }
  }
  if (suite.error)
    node
      .testCase()
      .className(suite.name)
      .name(`${suite.name} (runner ${suite.status})`)
      .error(suite.error.message, suite.status, suite.error.stderrTail);
}

const HOSTILE = [
  `a&b<c>"d'e`,
  "line1\nline2\r\ttab",
  "ctl\u0001\u001f kept",
  "cdata ]]> end",
  "emoji 😀 › ",
  "",
  "  spaced  ",
];

/** Every status, with and without file, time, message, type, stack, quarantine, error kind. */
function cases(): CaseResult[] {
  const out: CaseResult[] = [];
  let i = 0;
  for (const status of ["passed", "failed", "skipped", "flaky"] as const)
    for (const text of HOSTILE)
      for (const kind of [undefined, "error"] as const)
        for (const quarantined of [false, true]) {
          const failed = status === "failed" && i % 4 !== 0;
          out.push({
            id: `c${i}`,
            title: `t${text}${i}`,
            titlePath: i % 3 ? ["file", `d${text}`, `t${text}${i}`] : [`t${text}${i}`],
            status,
            durationMs: i % 5 ? i * 1.5 : null,
            retries: i % 3,
            attachments: [],
            ...(i % 2 ? { file: `f${text}.ts` } : {}),
            ...(quarantined ? { quarantined } : {}),
            ...(failed
              ? {
                  failure: {
                    message: i % 7 ? `m${text}` : "",
                    ...(i % 6 ? { type: `T${text}` } : {}),
                    ...(i % 5 ? { stack: `at ${text}` } : {}),
                    ...(kind ? { kind } : {}),
                  },
                }
              : {}),
          });
          i++;
        }
  return out;
}

const suite = (name: string, extra: Partial<SuiteResult>): SuiteResult => ({
  name,
  kind: "external",
  runner: "junit",
  status: "passed",
  durationMs: 1234,
  cases: [],
  ...extra,
});

const run = (extra: Partial<RunResult>): RunResult => ({
  schemaVersion: 1,
  id: "run-1",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:01.000Z",
  environment: { name: "local" },
  git: {},
  status: "failed",
  suites: [],
  ...extra,
});

describe("junit.xml", () => {
  it.each([
    ["no suites", run({})],
    [
      "every kind of case, an empty suite and runners that broke",
      run({
        suites: [
          suite("e2e", { status: "failed", cases: cases() }),
          suite("empty", { durationMs: null }),
          suite("broke", {
            status: "errored",
            cases: cases().slice(0, 3),
            error: { message: `boom ${HOSTILE[0]}`, stderrTail: `tail ${HOSTILE[3]}` },
          }),
          suite("silent", { status: "timedout", error: { message: "" } }),
        ],
      }),
    ],
    [
      "regressions and an outdated baseline",
      run({
        suites: [suite("e2e", { cases: cases().slice(0, 5) })],
        baseline: {
          source: "reports/baseline/local-smoke/run.json",
          findings: [
            {
              kind: "new-failure",
              suite: "e2e",
              caseId: "c1",
              message: `was ${HOSTILE[1]}`,
              regression: true,
            },
            { kind: "latency-regression", suite: "load", message: "p95", regression: true },
            { kind: "fixed", suite: "e2e", caseId: "c2", message: "fine", regression: false },
          ],
          outdated: {
            reason: "no samples",
            weaker: ["load: p95 rule"],
            refresh: "hyvve-qa baseline record",
          },
        },
      }),
    ],
    [
      "an outdated baseline with no regression",
      run({
        baseline: {
          findings: [],
          outdated: { reason: "no samples", weaker: [], refresh: "hyvve-qa baseline record" },
        },
      }),
    ],
  ])("is what junit-report-builder writes: %s", (_, r) => {
    expect(renderJUnit(r)).toBe(reference(r));
  });

  it("comes in pieces for a big run, never as one string", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...cases()[0]!, id: `m${i}` }));
    const chunks = [...junitChunks(run({ suites: [suite("big", { cases: many })] }))];
    expect(chunks.length).toBeGreaterThan(5);
  });
});
