/** run.json is written in pieces (src/results/run-file.ts); the pieces must make JSON.stringify's text. */
import { describe, expect, it } from "vitest";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { runJsonChunks } from "../../src/results/run-file.js";

const kase = (i: number): CaseResult => ({
  id: `c${i}`,
  title: i % 7 === 0 ? `quote " \\ </script> ${i}` : `t${i}`,
  titlePath: ["g", `t${i}`],
  status: i % 5 === 0 ? "failed" : "passed",
  durationMs: i % 3 === 0 ? null : i * 1.5,
  retries: 0,
  attachments: [],
  ...(i % 5 === 0 ? { failure: { message: `m${i}\nline`, stack: undefined } } : {}),
});

const suite = (name: string, n: number): SuiteResult => ({
  name,
  kind: "e2e",
  runner: "playwright",
  status: "passed",
  durationMs: 1,
  cases: Array.from({ length: n }, (_, i) => kase(i)),
});

const run = (suites: SuiteResult[]): RunResult => ({
  schemaVersion: 1,
  id: "r",
  startedAt: "2026-01-01T00:00:00.000Z",
  finishedAt: "2026-01-01T00:00:10.000Z",
  environment: { name: "local" },
  git: {},
  status: "passed",
  suites,
});

describe("run.json in pieces", () => {
  it.each([
    ["no suites", run([])],
    [
      "an empty suite and suites across batch boundaries",
      run([suite("a", 0), suite("b", 1), suite("c", 1025)]),
    ],
  ])("joins to JSON.stringify(run) + newline: %s", (_, r) => {
    const chunks = [...runJsonChunks(r)];
    expect(chunks.join("")).toBe(`${JSON.stringify(r)}\n`);
    // Never one piece for a big run: the point of writing it in pieces.
    if (r.suites.length > 0) expect(chunks.length).toBeGreaterThan(2);
  });
});
