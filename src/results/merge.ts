/**
 * Merging results that already exist: CI shards of this tool's runs, or the
 * runs the importers (import/) made from other producers' files. The output
 * is an ordinary run, so every reporter renders it the same way as a live one.
 */
import { randomBytes } from "node:crypto";
import { InputFileError } from "../errors.js";
import {
  deriveRunStatus,
  type CaseResult,
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

/** Suites of the same name (shards of one suite) become one suite; a case in two shards is one case. */
export function mergeSuites(suites: readonly SuiteResult[]): SuiteResult[] {
  const byName = new Map<string, SuiteResult>();
  for (const suite of suites) {
    const seen = byName.get(suite.name);
    if (!seen) {
      byName.set(suite.name, { ...suite, cases: dedupeCases(suite.cases) });
      continue;
    }
    seen.cases = dedupeCases([...seen.cases, ...suite.cases]);
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

/**
 * The same case id twice (a suite that ran whole in every shard) is one case:
 * the one that ran rather than was skipped, and of two that ran the worse.
 */
function dedupeCases(cases: readonly CaseResult[]): CaseResult[] {
  const byId = new Map<string, CaseResult>();
  for (const c of cases) {
    const seen = byId.get(c.id);
    if (!seen || caseRank(c) > caseRank(seen)) byId.set(c.id, c);
  }
  return [...byId.values()];
}

const CASE_RANK = { skipped: 0, passed: 1, flaky: 2, failed: 3 } as const;

function caseRank(c: CaseResult): number {
  return CASE_RANK[c.status];
}

/** Runs must be distinct shards of one kind of run to merge into one. */
export function checkMergeable(runs: readonly RunResult[], sources: readonly string[]): void {
  const ids = new Map<string, string>();
  runs.forEach((run, i) => {
    const other = ids.get(run.id);
    if (other !== undefined)
      throw new InputFileError(
        `${sources[i]}: the same run as ${other} (run ${run.id}) was given twice`,
        "pass each shard's run.json once",
      );
    ids.set(run.id, sources[i] ?? run.id);
  });
  const kinds = new Set(runs.map((r) => `${r.environment.name}/${r.profile ?? "smoke"}`));
  if (kinds.size > 1)
    throw new InputFileError(
      `the runs are of different kinds (${[...kinds].join(", ")}): they are not shards of one run`,
      "merge the shards of one environment and profile at a time",
    );
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
    ...(first.profile ? { profile: first.profile } : {}),
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
