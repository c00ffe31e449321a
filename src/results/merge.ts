/**
 * Merging results that already exist: CI shards of this tool's runs, or the
 * runs the importers (import/) made from other producers' files. The output
 * is an ordinary run, so every reporter renders it the same way as a live one.
 */
import { randomBytes } from "node:crypto";
import {
  deriveRunStatus,
  RUN_SCHEMA_VERSION,
  type RunResult,
  type SuiteResult,
  type SuiteStatus,
} from "./model.js";

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-").replace("Z", "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

// Least to most severe: a merged suite takes the most severe status of its parts.
const severity: SuiteStatus[] = [
  "skipped",
  "passed",
  "failed",
  "errored",
  "timedout",
  "interrupted",
];

function worst(a: SuiteStatus, b: SuiteStatus): SuiteStatus {
  return severity.indexOf(a) >= severity.indexOf(b) ? a : b;
}

/** Suites of the same name (shards of one suite) become one suite. */
export function mergeSuites(suites: readonly SuiteResult[]): SuiteResult[] {
  const byName = new Map<string, SuiteResult>();
  for (const suite of suites) {
    const seen = byName.get(suite.name);
    if (!seen) {
      byName.set(suite.name, { ...suite, cases: [...suite.cases] });
      continue;
    }
    seen.cases.push(...suite.cases);
    seen.status = worst(seen.status, suite.status);
    // Shards run side by side: the merged wall time is the longest shard.
    seen.durationMs =
      seen.durationMs === null || suite.durationMs === null
        ? (seen.durationMs ?? suite.durationMs)
        : Math.max(seen.durationMs, suite.durationMs);
    if (suite.error && !seen.error) seen.error = suite.error;
    if (suite.notes) seen.notes = [...new Set([...(seen.notes ?? []), ...suite.notes])];
  }
  return [...byName.values()];
}

export function mergeRuns(runs: readonly RunResult[]): RunResult {
  const first = runs[0];
  if (!first) throw new Error("mergeRuns needs at least one run");
  const suites = mergeSuites(runs.flatMap((r) => r.suites));
  const interrupted = runs.some((r) => r.status === "interrupted");
  const startedAt = runs.map((r) => r.startedAt).sort()[0]!;
  const finishedAt = runs
    .map((r) => r.finishedAt)
    .sort()
    .at(-1)!;
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    id: newRunId(),
    startedAt,
    finishedAt,
    environment: first.environment,
    git: first.git,
    status: deriveRunStatus(suites, interrupted),
    suites,
  };
}

/** The run around suites that came from files rather than from a live run. */
export function importedRun(
  suites: SuiteResult[],
  startedAt: string,
  finishedAt: string,
  now = new Date(),
): RunResult {
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    id: newRunId(now),
    startedAt,
    finishedAt,
    environment: { name: "imported" },
    git: {},
    status: deriveRunStatus(suites, false),
    suites,
  };
}
