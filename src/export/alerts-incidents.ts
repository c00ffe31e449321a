/**
 * Which incidents a run opens, repeats and resolves — remembered nowhere but
 * the run history. An incident is (environment, suite, failure signature);
 * its dedup key is a hash of the three, so a repeat of the same failure
 * keeps its key on any machine, and the next run that sees those cases pass
 * resolves it with the same key. The open incidents are found by replaying
 * the environment's earlier history records through the same steps the
 * current run takes, so nothing but the (CI-cached) history is needed.
 *
 * The signature is what the history keeps of a failing suite: the ids of its
 * failed cases with their failure signatures (history/record.ts), or "no
 * failed case" for a suite that failed without one (it crashed, timed out,
 * regressed against its baseline). The history cannot tell whether such a
 * suite failed or another one made the run fail; where it cannot tell, the
 * incident is `certain: false` — PagerDuty still gets its resolve (a resolve
 * of a key with no open alert is discarded there), the webhook does not.
 */
import { createHash } from "node:crypto";
import { caseIndex, failureSignature, LETTER, type HistoryRecord } from "../history/record.js";
import type { RunResult, SuiteResult } from "../results/model.js";

/** The unit of a verdict that failed outside every suite (expired quarantine, a runner that could not start). */
export const RUN_UNIT = "(run)";

const NO_FAILED_CASE = "no failed case";

export interface Incident {
  environment: string;
  /** The suite, or RUN_UNIT. */
  suite: string;
  dedupKey: string;
  /** The failed case ids, sorted; empty when the suite failed without a failed case. */
  cases: readonly string[];
  /** Known to have been triggered; false where the history cannot tell. */
  certain: boolean;
  /** The run whose failure opened it. */
  since: string;
}

export interface IncidentChanges {
  /** This run's incidents: `repeat` when an earlier run already opened the same one. */
  triggers: (Incident & { repeat: boolean })[];
  /** Incidents this run closes: their cases pass again, or a new failure of the suite replaces them. */
  resolves: Incident[];
}

/** What one run says, in the terms the history keeps. */
interface Observation {
  runId: string;
  failing: boolean;
  /** Per failing unit: the incident this run would open. */
  units: ReadonlyMap<string, Omit<Incident, "since">>;
  /** A case's status letter in this run (p f r s), undefined when it did not run. */
  letter: (id: string) => string | undefined;
  /** The suite ran at least one case and none failed. */
  clean: (suite: string) => boolean;
}

type Open = Map<string, Incident[]>;

/** The dedup key: readable prefix, then sha256 of environment, suite and signature (PagerDuty allows 255 chars). */
export function dedupKey(environment: string, suite: string, signature: string): string {
  const hash = createHash("sha256")
    .update(`${environment}\n${suite}\n${signature}`)
    .digest("hex")
    .slice(0, 32);
  const readable = (s: string) => s.replace(/[^\w.-]+/g, "_").slice(0, 64);
  return `hyvve-qa/${readable(environment)}/${readable(suite)}/${hash}`;
}

/** A case id's suite: ids are `suite::file::title path` (results/import). */
const suiteOfId = (id: string) => id.slice(0, Math.max(0, id.indexOf("::")));

/** A failed case as the history keeps it: its id and its failure signature. */
interface FailedCase {
  id: string;
  signature: string | null | undefined;
}

/** Per suite, its failed cases in the record, in id order (one indexOf pass over the letters). */
function failedInRecord(record: HistoryRecord): Map<string, FailedCase[]> {
  const out = new Map<string, FailedCase[]>();
  for (let i = record.status.indexOf("f"); i !== -1; i = record.status.indexOf("f", i + 1)) {
    const id = record.ids[i]!;
    const entry = { id, signature: record.signatures?.[i] };
    const list = out.get(suiteOfId(id));
    if (list) list.push(entry);
    else out.set(suiteOfId(id), [entry]);
  }
  return out;
}

/** The suite's incident from its failed cases, in id order (none: the "no failed case" signature). */
function unitOf(
  environment: string,
  suite: string,
  failed: readonly FailedCase[],
  certain: boolean,
): Omit<Incident, "since"> {
  const signature =
    failed.length === 0
      ? NO_FAILED_CASE
      : failed.map((c) => `${c.id}\t${c.signature ?? ""}`).join("\n");
  const cases = failed.map((c) => c.id);
  return { environment, suite, dedupKey: dedupKey(environment, suite, signature), cases, certain };
}

/** Per suite of the record: how many cases ran (not skipped) and how many in all. */
function suiteCounts(record: HistoryRecord): Map<string, { ran: number; total: number }> {
  const out = new Map<string, { ran: number; total: number }>();
  for (const [name, s] of Object.entries(record.suites ?? {}))
    out.set(name, {
      ran: s.passed + s.failed + s.flaky,
      total: s.passed + s.failed + s.flaky + s.skipped,
    });
  if (record.suites) return out;
  // A version 1 record has no per-suite counts: count its cases by id.
  record.ids.forEach((id, i) => {
    const counts = out.get(suiteOfId(id)) ?? { ran: 0, total: 0 };
    counts.total++;
    if (record.status[i] !== "s") counts.ran++;
    out.set(suiteOfId(id), counts);
  });
  return out;
}

/** A record's outcome (the verdict's status, or the run status of records from before verdicts) that alerts. */
const failingOutcome = (outcome: string) => outcome !== "passed" && outcome !== "interrupted";

/** An earlier run as the history kept it. */
export function observeRecord(record: HistoryRecord): Observation {
  const failing = failingOutcome(record.outcome);
  const failed = failedInRecord(record);
  const counts = suiteCounts(record);
  const units = new Map<string, Omit<Incident, "since">>();
  const env = record.environment;
  if (failing) {
    for (const [suite, cases] of failed) units.set(suite, unitOf(env, suite, cases, true));
    // A suite that left no case failed for sure; the others only if nothing visible explains the failure.
    const broken = [...counts].filter(([suite, c]) => c.total === 0 && !failed.has(suite));
    for (const [suite] of broken) units.set(suite, unitOf(env, suite, [], true));
    if (units.size === 0) {
      for (const suite of counts.keys()) units.set(suite, unitOf(env, suite, [], false));
      units.set(RUN_UNIT, unitOf(env, RUN_UNIT, [], false));
    }
  }
  return {
    runId: record.runId,
    failing,
    units,
    letter: letterIn(record),
    clean: (suite) => (counts.get(suite)?.ran ?? 0) > 0 && !failed.has(suite),
  };
}

/** A case's letter in the record, through the index shared by every record of the same cases. */
function letterIn(record: HistoryRecord): (id: string) => string | undefined {
  return (id) => {
    const i = caseIndex(record).get(id);
    return i === undefined ? undefined : record.status[i];
  };
}

const FAILING_SUITE: ReadonlySet<SuiteResult["status"]> = new Set([
  "failed",
  "errored",
  "timedout",
  "interrupted",
]);

/**
 * This run, from its verdict and suites (which the history only partly
 * keeps), with its failed cases in the history's terms (id order, failure
 * signature) so that a later replay of its record computes the same keys.
 */
export function observeRun(run: RunResult): Observation {
  const failing = run.verdict?.status === "failed" || run.verdict?.status === "error";
  const env = run.environment.name;
  const regressed = new Set(
    (run.baseline?.findings ?? []).filter((f) => f.regression).map((f) => f.suite),
  );
  const units = new Map<string, Omit<Incident, "since">>();
  if (failing) {
    for (const s of run.suites)
      if (FAILING_SUITE.has(s.status) || regressed.has(s.name))
        units.set(s.name, unitOf(env, s.name, failedInSuite(s), true));
    if (units.size === 0) units.set(RUN_UNIT, unitOf(env, RUN_UNIT, [], true));
  }
  const letters = new Map(run.suites.flatMap((s) => s.cases.map((c) => [c.id, LETTER[c.status]])));
  const clean = new Set(
    run.suites
      .filter((s) => s.status === "passed" && s.cases.some((c) => c.status !== "skipped"))
      .map((s) => s.name),
  );
  return {
    runId: run.id,
    failing,
    units,
    letter: (id) => letters.get(id),
    clean: (suite) => clean.has(suite) && !units.has(suite),
  };
}

/** A suite's failed cases (quarantined ones too, as the history has them), sorted as the history sorts ids. */
function failedInSuite(suite: SuiteResult): FailedCase[] {
  return suite.cases
    .filter((c) => c.status === "failed")
    .map((c) => ({ id: c.id, signature: failureSignature(c) }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether this run shows the incident over: its cases passed, its suite ran clean, the verdict passed. */
function resolvedBy(incident: Incident, obs: Observation): boolean {
  if (incident.suite === RUN_UNIT) return !obs.failing;
  if (incident.cases.length === 0) return obs.clean(incident.suite);
  return incident.cases.every((id) => {
    const letter = obs.letter(id);
    return letter === "p" || letter === "r";
  });
}

/**
 * One run's step: per suite, a failure with a new signature opens an
 * incident and (when certain) replaces the suite's open ones; the same
 * signature repeats its incident; an incident whose failure is gone resolves.
 */
function step(open: Open, obs: Observation): IncidentChanges {
  const changes: IncidentChanges = { triggers: [], resolves: [] };
  for (const suite of new Set([...open.keys(), ...obs.units.keys()])) {
    const was = open.get(suite) ?? [];
    const unit = obs.units.get(suite);
    const same = was.find((i) => i.dedupKey === unit?.dedupKey);
    const gone = was.filter((i) => i !== same && (unit?.certain === true || resolvedBy(i, obs)));
    const kept = was.filter((i) => i !== same && !gone.includes(i));
    changes.resolves.push(...gone);
    if (unit) {
      const incident = same
        ? { ...same, certain: same.certain || unit.certain }
        : { ...unit, since: obs.runId };
      changes.triggers.push({ ...incident, repeat: same !== undefined });
      kept.push(incident);
    }
    if (kept.length > 0) open.set(suite, kept);
    else open.delete(suite);
  }
  return changes;
}

/** The open incidents of an environment after its earlier runs, oldest first. */
export function openIncidents(earlier: readonly HistoryRecord[], environment: string): Open {
  const open: Open = new Map();
  for (const record of earlier)
    if (record.environment === environment) step(open, observeRecord(record));
  return open;
}

/** What this run triggers and resolves, given the history before it. */
export function incidentChanges(
  run: RunResult,
  earlier: readonly HistoryRecord[],
): IncidentChanges {
  const open = openIncidents(earlier, run.environment.name);
  return step(open, observeRun(run));
}

/** Whether the environment's latest earlier run failed (the webhook says "green again" after it). */
export function lastRunFailed(earlier: readonly HistoryRecord[], environment: string): boolean {
  for (let i = earlier.length - 1; i >= 0; i--)
    if (earlier[i]!.environment === environment) return failingOutcome(earlier[i]!.outcome);
  return false;
}
