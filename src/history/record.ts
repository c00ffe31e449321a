/**
 * One line of the run history: a compact record of one run, enough for
 * flakiness, quarantine suggestions and duration statistics without the
 * run folder. JSON Lines, versioned per line, so a file can hold records of
 * several versions and a reader skips what it does not know.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { CaseResult, RunResult } from "../results/model.js";

export const HISTORY_SCHEMA_VERSION = 1;

/** Per case: [status, durationMs or null, retries, failure signature or null]. */
const caseEntrySchema = z.tuple([
  z.enum(["passed", "failed", "skipped", "flaky"]),
  z.number().nonnegative().nullable(),
  z.number().int().nonnegative(),
  z.string().nullable(),
]);

const endpointEntrySchema = z.strictObject({
  requests: z.number(),
  errorRate: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
});

export const historyRecordSchema = z.strictObject({
  v: z.literal(HISTORY_SCHEMA_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  /** Wall time of the run (ms). */
  durationMs: z.number().nonnegative().optional(),
  environment: z.string(),
  profile: z.string().optional(),
  git: z.strictObject({ commit: z.string().optional(), branch: z.string().optional() }),
  /** The run's verdict status (or its run status, for runs from before verdicts). */
  outcome: z.string(),
  cases: z.record(z.string(), caseEntrySchema),
  /** Per load suite and endpoint (`suite › scenario › endpoint`). */
  load: z.record(z.string(), endpointEntrySchema).optional(),
});

export type HistoryRecord = z.infer<typeof historyRecordSchema>;
export type CaseEntry = z.infer<typeof caseEntrySchema>;

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

/** The history record of a finished run. */
export function recordOfRun(run: RunResult): HistoryRecord {
  const cases: HistoryRecord["cases"] = {};
  const load: NonNullable<HistoryRecord["load"]> = {};
  for (const suite of run.suites) {
    for (const c of suite.cases)
      cases[c.id] = [c.status, c.durationMs, c.retries, failureSignature(c)];
    for (const e of suite.load?.endpoints ?? [])
      load[`${suite.name} › ${e.scenario} › ${e.endpoint}`] = {
        requests: e.requests,
        errorRate: e.errorRate,
        p50: e.latencyMs.p50,
        p95: e.latencyMs.p95,
        p99: e.latencyMs.p99,
      };
  }
  return {
    v: HISTORY_SCHEMA_VERSION,
    runId: run.id,
    startedAt: run.startedAt,
    durationMs: Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt)) || 0,
    environment: run.environment.name,
    ...(run.profile ? { profile: run.profile } : {}),
    git: run.git,
    outcome: run.verdict?.status ?? run.status,
    cases,
    ...(Object.keys(load).length > 0 ? { load } : {}),
  };
}
