/**
 * Reading a load suite per script, to hold it against k6's own summary of the
 * same run (the script's handleSummary data): shared by the classic-script
 * test and the monorepo adoption test.
 */
import type { SuiteResult } from "../../src/results/model.js";

/** k6's handleSummary data (the script's own summary file). */
export interface K6Data {
  metrics: Record<
    string,
    { values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
}

/** A script's threshold or check cases (their `file` is the script). */
export const casesOf = (suite: SuiteResult, file: string, kind: "thresholds" | "checks") =>
  suite.cases.filter((c) => c.file === file && c.titlePath[0] === kind);

/** Requests of a script: its endpoint rows (its scenario carries its name). */
export const requestsOf = (suite: SuiteResult, name: string) =>
  suite.load!.endpoints.filter((e) => e.scenario === name).reduce((n, e) => n + e.requests, 0);

/** Passes and fails of a script's checks, from its check cases' counts. */
export function checksOf(suite: SuiteResult, file: string): { passes: number; fails: number } {
  let passes = 0;
  let fails = 0;
  for (const c of casesOf(suite, file, "checks"))
    for (const m of (c.stdout ?? c.failure?.message ?? "").matchAll(/": (\d+) of (\d+) failed/g)) {
      fails += Number(m[1]);
      passes += Number(m[2]) - Number(m[1]);
    }
  return { passes, fails };
}

/** Each threshold of the script's own summary as "metric expr" → passed/failed, sorted. */
export function verdictsOf(own: K6Data): string[][] {
  return Object.entries(own.metrics)
    .flatMap(([metric, m]) =>
      Object.entries(m.thresholds ?? {}).map(([expr, t]) => [
        `${metric} ${expr}`,
        t.ok ? "passed" : "failed",
      ]),
    )
    .sort();
}
