/**
 * One run of the run history: a compact record, enough for flakiness,
 * quarantine suggestions, duration statistics and trends without the run
 * folder. Columnar, because a history of 200 runs × 10,000 cases must be
 * read in well under a second: the case ids are a sorted list shared by
 * every run with the same cases (store.ts writes it once, as a dictionary
 * line), and per run there is one status letter per id, one duration array
 * in the same order, and the rare retries and failure signatures by index.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import type { recordV1Schema, storedRecordSchema, suiteEntrySchema } from "./record-schema.js";
import type { CaseResult, CaseStatus, RunResult, SuiteResult } from "../results/model.js";

export const HISTORY_SCHEMA_VERSION = 2;

/** One letter per case status in `status` strings (and in `recent`/strips). */
export const LETTER = { passed: "p", failed: "f", flaky: "r", skipped: "s" } as const;
const STATUS_OF: Record<string, CaseStatus> = {
  p: "passed",
  f: "failed",
  r: "flaky",
  s: "skipped",
};

export type StoredRecord = z.infer<typeof storedRecordSchema>;
export type SuiteEntry = z.infer<typeof suiteEntrySchema>;
export type RecordV1 = z.infer<typeof recordV1Schema>;

/** A record in memory: a stored one with its dictionary resolved. */
export type HistoryRecord = Omit<StoredRecord, "dict"> & { ids: readonly string[] };

/** One case in one run. */
export interface CaseEntry {
  status: CaseStatus;
  durationMs: number | null;
  retries: number;
  signature: string | null;
}

/**
 * A failure's signature: its first line with numbers, hex ids and quoted
 * values blurred, hashed — the same assertion failing with another timing
 * or port has the same signature, a different assertion another one.
 */
export function failureSignature(c: Pick<CaseResult, "failure">): string | null {
  const first = c.failure?.message.split("\n", 1)[0]?.trim();
  if (!first) return null;
  const blurred = first
    // The same placeholder as numbers: 1234567 and 12345678 are both "a number".
    .replace(/0x[0-9a-f]+|[0-9a-f]{8,}/gi, "N")
    .replace(/\d+(\.\d+)?/g, "N")
    .replace(/"[^"]*"|'[^']*'/g, "S");
  return createHash("sha1").update(blurred).digest("hex").slice(0, 12);
}

const indexes = new WeakMap<readonly string[], Map<string, number>>();

/** id → position, built once per shared id list (every run of the same cases shares one). */
export function caseIndex(record: Pick<HistoryRecord, "ids">): Map<string, number> {
  let index = indexes.get(record.ids);
  if (!index) {
    index = new Map(record.ids.map((id, i) => [id, i]));
    indexes.set(record.ids, index);
  }
  return index;
}

/** One case of a record, or undefined when that run did not have it. */
export function caseEntry(record: HistoryRecord, id: string): CaseEntry | undefined {
  const i = caseIndex(record).get(id);
  if (i === undefined) return undefined;
  return {
    status: STATUS_OF[record.status[i]!]!,
    durationMs: record.durations[i] ?? null,
    retries: record.retries?.[i] ?? 0,
    signature: record.signatures?.[i] ?? null,
  };
}

/** Durations to a tenth of a millisecond: finer is noise, and it keeps lines short. */
const tenth = (ms: number | null) => (ms === null ? null : Math.round(ms * 10) / 10);

type RunMeta = Omit<HistoryRecord, "v" | "ids" | "status" | "durations" | "retries" | "signatures">;

/** A record from its run fields and one entry per case (any order). */
export function recordFromEntries(
  meta: RunMeta,
  entries: Iterable<readonly [string, CaseEntry]>,
): HistoryRecord {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const retries: Record<string, number> = {};
  const signatures: Record<string, string> = {};
  let status = "";
  sorted.forEach(([, e], i) => {
    status += LETTER[e.status];
    if (e.retries > 0) retries[i] = e.retries;
    if (e.signature) signatures[i] = e.signature;
  });
  return {
    v: HISTORY_SCHEMA_VERSION,
    ...meta,
    ids: sorted.map(([id]) => id),
    status,
    durations: sorted.map(([, e]) => tenth(e.durationMs)),
    ...(Object.keys(retries).length > 0 ? { retries } : {}),
    ...(Object.keys(signatures).length > 0 ? { signatures } : {}),
  };
}

/** A version 1 record, in today's layout. */
export function upgradeV1(old: RecordV1): HistoryRecord {
  const { v: _v, cases, ...meta } = old;
  return recordFromEntries(
    meta,
    Object.entries(cases).map(([id, [status, durationMs, retries, signature]]) => [
      id,
      { status, durationMs, retries, signature },
    ]),
  );
}

/** Per suite: its wall time and how its cases ended. */
function suiteEntry(suite: SuiteResult): SuiteEntry {
  const count = (s: CaseStatus) => suite.cases.filter((c) => c.status === s).length;
  return {
    durationMs: tenth(suite.durationMs),
    passed: count("passed"),
    failed: count("failed"),
    flaky: count("flaky"),
    skipped: count("skipped"),
  };
}

/** Per load endpoint: its numbers and its latency sample. */
function loadEntries(run: RunResult): NonNullable<HistoryRecord["load"]> {
  const load: NonNullable<HistoryRecord["load"]> = {};
  for (const suite of run.suites)
    for (const e of suite.load?.endpoints ?? [])
      load[`${suite.name} › ${e.scenario} › ${e.endpoint}`] = {
        requests: e.requests,
        errorRate: e.errorRate,
        p50: e.latencyMs.p50,
        p95: e.latencyMs.p95,
        p99: e.latencyMs.p99,
        ...(e.sample ? { sample: e.sample.v.map((v) => Math.round(v * 100) / 100) } : {}),
      };
  return load;
}

/** What the user names an imported run (`report --env/--profile`); a run's own names otherwise. */
export interface RecordLabel {
  environment?: string;
  profile?: string;
}

/** The environment name importers give runs from other tools' files (results/merge.ts importedRun). */
const IMPORTED_ENVIRONMENT = "imported";

/** The history record of a finished run; one from another tool's files is labelled imported. */
export function recordOfRun(run: RunResult): HistoryRecord {
  const entries = run.suites.flatMap((suite) =>
    suite.cases.map((c): [string, CaseEntry] => [
      c.id,
      {
        status: c.status,
        durationMs: c.durationMs,
        retries: c.retries,
        signature: failureSignature(c),
      },
    ]),
  );
  const load = loadEntries(run);
  return recordFromEntries(
    {
      runId: run.id,
      startedAt: run.startedAt,
      durationMs: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) || 0,
      environment: run.environment.name,
      ...(run.profile ? { profile: run.profile } : {}),
      ...(run.environment.name === IMPORTED_ENVIRONMENT ? { imported: true as const } : {}),
      git: run.git,
      outcome: run.verdict?.status ?? run.status,
      suites: Object.fromEntries(run.suites.map((s) => [s.name, suiteEntry(s)])),
      ...(Object.keys(load).length > 0 ? { load } : {}),
    },
    entries,
  );
}

/** A record under the names the user gave an imported run (`report --env/--profile`). */
export function withLabel(record: HistoryRecord, label: RecordLabel): HistoryRecord {
  return {
    ...record,
    ...(label.environment ? { environment: label.environment } : {}),
    ...(label.profile ? { profile: label.profile } : {}),
  };
}
