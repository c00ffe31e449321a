/**
 * The one results model every later stage reads (ARCHITECTURE.md "Results
 * model"). It is written to disk as `run.json`; merging shards, re-rendering
 * and the baseline comparison read only that file, so the schema is versioned
 * and validated when read back (the schema: run-schema.ts).
 */
import type { z } from "zod";
import type {
  attachmentSchema,
  baselineComparisonSchema,
  baselineFindingSchema,
  caseSchema,
  changePointSchema,
  endpointMetricsSchema,
  latencySampleSchema,
  loadMetricsSchema,
  runSchema,
  stackEntryRecordSchema,
  suiteSchema,
  verdictSchema,
} from "./run-schema.js";

export const RUN_SCHEMA_VERSION = 1;

export const suiteKinds = [
  "e2e",
  "visual",
  "load",
  "ccr",
  "quota",
  "observability",
  "external",
] as const;
export const runStatuses = ["passed", "failed", "interrupted", "timedout"] as const;
export const suiteStatuses = [
  "passed",
  "failed",
  "errored",
  "skipped",
  "interrupted",
  "timedout",
] as const;
export const caseStatuses = ["passed", "failed", "skipped", "flaky"] as const;

export type SuiteKind = (typeof suiteKinds)[number];
export type RunStatus = (typeof runStatuses)[number];
export type SuiteStatus = (typeof suiteStatuses)[number];
export type CaseStatus = (typeof caseStatuses)[number];

export const verdictStatuses = ["passed", "failed", "error", "interrupted"] as const;

export type ChangePointResult = z.infer<typeof changePointSchema>;

export type Attachment = z.infer<typeof attachmentSchema>;
export type CaseResult = z.infer<typeof caseSchema>;
export type SuiteResult = z.infer<typeof suiteSchema>;
export type LoadMetrics = z.infer<typeof loadMetricsSchema>;
export type EndpointMetrics = z.infer<typeof endpointMetricsSchema>;
export type LatencySample = z.infer<typeof latencySampleSchema>;
export type BaselineOutdated = NonNullable<z.infer<typeof baselineComparisonSchema>["outdated"]>;
export type BaselineFinding = z.infer<typeof baselineFindingSchema>;
export type RunResult = z.infer<typeof runSchema>;
export type VerdictRecord = z.infer<typeof verdictSchema>;
export type StackEntryRecord = z.infer<typeof stackEntryRecordSchema>;
export type BaselineComparison = z.infer<typeof baselineComparisonSchema>;

/** What every surface puts in its headline: the verdict when there is one, else the run status. */
export function headline(run: Pick<RunResult, "status" | "verdict">): string {
  return run.verdict?.status ?? run.status;
}

/** A suite that did not pass makes the run fail; interruption wins over failure. */
export function deriveRunStatus(suites: readonly SuiteResult[], interrupted: boolean): RunStatus {
  if (interrupted) return "interrupted";
  if (suites.some((s) => s.status === "timedout")) return "timedout";
  if (
    suites.some(
      (s) => s.status === "failed" || s.status === "errored" || s.status === "interrupted",
    )
  ) {
    return "failed";
  }
  return "passed";
}

/** Suite status from its cases, for runners whose process exit code says little. */
export function deriveSuiteStatus(cases: readonly CaseResult[]): SuiteStatus {
  if (cases.some((c) => c.status === "failed" && !c.quarantined)) return "failed";
  if (cases.length > 0 && cases.every((c) => c.status === "skipped")) return "skipped";
  return "passed";
}

export interface CaseCounts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
}

export function countCases(cases: readonly Pick<CaseResult, "status">[]): CaseCounts {
  const counts: CaseCounts = { total: 0, passed: 0, failed: 0, skipped: 0, flaky: 0 };
  for (const c of cases) {
    counts.total++;
    counts[c.status]++;
  }
  return counts;
}

export function countRun(run: RunResult): CaseCounts {
  return countCases(run.suites.flatMap((s) => s.cases));
}

/** The trends a run carries (history.trends): what baseline/trends.ts builds and the HTML draws. */
export type HistoryTrends = NonNullable<NonNullable<RunResult["history"]>["trends"]>;
