/**
 * The history file's line shapes in zod: the source of record.ts's types
 * (type-only imports, so nothing loads zod at run time), and the reference
 * the hand-written checks store.ts reads with (line-check.ts) are held to in
 * test/history/line-check.unit.test.ts.
 */
import { z } from "zod";
import { isDurationArray } from "./line-check.js";
import { HISTORY_SCHEMA_VERSION } from "./record.js";

export const endpointEntrySchema = z.strictObject({
  requests: z.number(),
  errorRate: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  /** The run's bounded, seeded sample of latencies (ms, time order), as in run.json. */
  sample: z
    .custom<number[]>(
      (value) => Array.isArray(value) && value.every((v) => typeof v === "number"),
      "expected an array of latencies (ms)",
    )
    .optional(),
});

/** Per suite: wall time and counts, for the trends. */
export const suiteEntrySchema = z.strictObject({
  durationMs: z.number().nonnegative().nullable(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  flaky: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

/** What every record has, whatever its layout: who ran what, where, with which outcome. */
const runFields = {
  runId: z.string(),
  startedAt: z.string(),
  /** Wall time of the run (ms). */
  durationMs: z.number().nonnegative().optional(),
  environment: z.string(),
  profile: z.string().optional(),
  /** The run came from another tool's results (`report --junit`/`--k6`), not from hyvve-qa run. */
  imported: z.literal(true).optional(),
  git: z.strictObject({ commit: z.string().optional(), branch: z.string().optional() }),
  /** The run's verdict status (or its run status, for runs from before verdicts). */
  outcome: z.string(),
  /** Per load suite and endpoint (`suite › scenario › endpoint`). */
  load: z.record(z.string(), endpointEntrySchema).optional(),
};

/** Every element a finite non-negative number or null: checked in one loop, not per element by zod. */
const durationsSchema = z.custom<(number | null)[]>(
  isDurationArray,
  "expected an array of durations (ms or null)",
);

/** A record line as stored: its case ids are the dictionary line `dict` names. */
export const storedRecordSchema = z
  .strictObject({
    v: z.literal(HISTORY_SCHEMA_VERSION),
    ...runFields,
    dict: z.string(),
    /** One letter per case id: p passed, f failed, r passed on retry, s skipped. */
    status: z.string().regex(/^[pfrs]*$/),
    durations: durationsSchema,
    /** By index into the ids, only where non-zero. */
    retries: z.record(z.string(), z.number().int().positive()).optional(),
    /** By index into the ids, only for failures. */
    signatures: z.record(z.string(), z.string()).optional(),
    suites: z.record(z.string(), suiteEntrySchema).optional(),
  })
  .refine((r) => r.status.length === r.durations.length, "status and durations differ in length");

/** A dictionary line: the sorted case ids that records naming `dict` share. */
export const dictionaryLineSchema = z.strictObject({
  v: z.literal(HISTORY_SCHEMA_VERSION),
  dict: z.string(),
  ids: z.array(z.string()),
});

/** Version 1 (one tuple per case under its id): still read, written as version 2. */
export const recordV1Schema = z.strictObject({
  v: z.literal(1),
  ...runFields,
  cases: z.record(
    z.string(),
    z.tuple([
      z.enum(["passed", "failed", "skipped", "flaky"]),
      z.number().nonnegative().nullable(),
      z.number().int().nonnegative(),
      z.string().nullable(),
    ]),
  ),
});
