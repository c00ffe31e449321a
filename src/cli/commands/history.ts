/**
 * `hyvve-qa history`: the runs the history holds; `show CASE-ID` one case's
 * record; `flaky` every case by class with its numbers; `import RUN.json...`
 * seeds it from old runs; `prune` keeps the newest N. Every subcommand takes
 * --history FILE (needed with no config) and --json; `flaky` and `show` mark
 * the cases the quarantine (the config's, or --quarantine FILE) holds.
 */
import { ConfigError, UsageError } from "../../errors.js";
import { analyseFlakiness, countLetter } from "../../history/flaky.js";
import { flakyThresholds } from "../../history/insights.js";
import {
  isoDay,
  matchesPattern,
  readQuarantine,
  type QuarantineEntry,
} from "../../history/quarantine.js";
import { caseEntry, recordOfRun } from "../../history/record.js";
import { appendHistory, writeHistory } from "../../history/store.js";
import { readRunFile } from "../../results/run-file.js";
import { EXIT } from "../exit.js";
import { printWarning, readHistoryWarned, resolvePlaces } from "../../orchestrate/run-history.js";

export interface HistoryOptions {
  history?: string;
  quarantine?: string;
  json?: boolean;
  config?: string;
  keep?: string;
}

/**
 * The config (or the defaults), the history file and its records, for every
 * subcommand; `command` names one that reads no quarantine, so a
 * --quarantine given to it is said to change nothing.
 */
async function open(raw: HistoryOptions, command?: string) {
  const places = await resolvePlaces(raw);
  if (!places.history)
    throw new ConfigError(
      `no hyvve-qa config in ${process.cwd()} and no --history FILE: which history?`,
      "pass --history FILE (e.g. --history ci/history.jsonl), or run from the project root",
    );
  if (command && raw.quarantine !== undefined)
    printWarning(
      `--quarantine has no effect on history ${command}: only history flaky and show read it`,
    );
  const records = await readHistoryWarned(places.history);
  return { ...places, path: places.history, records };
}

/** The quarantine entries that hold today, when a quarantine file is known (config or --quarantine). */
async function activeQuarantine(path: string | undefined): Promise<QuarantineEntry[]> {
  const today = isoDay(new Date());
  return (path ? await readQuarantine(path) : []).filter((e) => e.expires >= today);
}

function print(raw: HistoryOptions, json: unknown, lines: () => string[]): number {
  process.stdout.write(
    raw.json
      ? `${JSON.stringify(json, null, 2)}\n`
      : lines()
          .map((l) => `${l}\n`)
          .join(""),
  );
  return EXIT.ok;
}

export async function historyListCommand(raw: HistoryOptions): Promise<number> {
  const { path, records } = await open(raw, "list");
  const runs = records.map((r) => ({
    runId: r.runId,
    startedAt: r.startedAt,
    environment: r.environment,
    profile: r.profile ?? null,
    imported: r.imported === true,
    outcome: r.outcome,
    commit: r.git.commit ?? null,
    branch: r.git.branch ?? null,
    cases: r.ids.length,
    failed: countLetter(r.status, "f"),
  }));
  return print(raw, runs, () => [
    `${runs.length} run${runs.length === 1 ? "" : "s"} in ${path}`,
    ...runs.map(
      (r) =>
        `${r.startedAt}  ${r.outcome.padEnd(11)} ${`${r.environment}/${r.profile ?? "-"}`.padEnd(14)} ${String(r.cases).padStart(6)} cases ${String(r.failed).padStart(4)} failed  ${r.commit?.slice(0, 10) ?? ""} ${r.runId}${r.imported ? "  imported" : ""}`,
    ),
  ]);
}

export async function historyShowCommand(id: string, raw: HistoryOptions): Promise<number> {
  const { config, records, quarantine } = await open(raw);
  const entry = (await activeQuarantine(quarantine)).find((e) => matchesPattern(id, e.pattern));
  const quarantined = entry
    ? { pattern: entry.pattern, owner: entry.owner, expires: entry.expires }
    : null;
  const runs = records.flatMap((r) => {
    const entry = caseEntry(r, id);
    return entry ? [{ runId: r.runId, startedAt: r.startedAt, ...entry }] : [];
  });
  if (runs.length === 0)
    throw new UsageError(
      `no run in the history has the case "${id}"`,
      "ids are as in run.json: suite::file::title path",
    );
  const stats = analyseFlakiness(records, flakyThresholds(config)).find((f) => f.id === id);
  return print(raw, { id, flakiness: stats ?? null, quarantined, runs }, () => [
    id,
    ...(quarantined
      ? [
          `  quarantined by ${quarantined.pattern} (owner ${quarantined.owner}, until ${quarantined.expires})`,
        ]
      : []),
    ...(stats
      ? [
          `  ${stats.class}: ${stats.runs} runs, ${stats.failures} failed, flip rate ${stats.flipRate.toFixed(2)}, ${stats.passOnRetry} passed on retry`,
        ]
      : []),
    ...runs.map(
      (r) =>
        `  ${r.startedAt}  ${r.status.padEnd(7)} ${r.durationMs === null ? "-" : `${Math.round(r.durationMs)} ms`}${r.retries ? `, ${r.retries} retries` : ""}${r.signature ? `  [${r.signature}]` : ""}`,
    ),
  ]);
}

export async function historyFlakyCommand(raw: HistoryOptions): Promise<number> {
  const { config, records, quarantine } = await open(raw);
  const entries = await activeQuarantine(quarantine);
  const all = analyseFlakiness(records, flakyThresholds(config)).map((f) => ({
    ...f,
    quarantined: entries.some((e) => matchesPattern(f.id, e.pattern)),
  }));
  const shown = raw.json ? all : all.filter((f) => f.class === "flaky" || f.class === "broken");
  return print(raw, shown, () => [
    `${all.filter((f) => f.class === "flaky").length} flaky, ${all.filter((f) => f.class === "broken").length} broken, ${all.filter((f) => f.class === "stable").length} stable, ${all.filter((f) => f.class === "new").length} new (window ${config.history.window} runs)`,
    ...shown.map(
      (f) =>
        `${f.class.padEnd(7)} flip ${f.flipRate.toFixed(2)}  fail ${(f.failureRate * 100).toFixed(0).padStart(3)}%  retry-pass ${f.passOnRetry}  ${f.recent.slice(-20).padStart(20)}  ${f.quarantined ? "quarantined " : ""}${f.id}`,
    ),
  ]);
}

export async function historyImportCommand(files: string[], raw: HistoryOptions): Promise<number> {
  const { config, path } = await open(raw, "import");
  if (files.length === 0)
    throw new UsageError(
      "history import needs run.json files",
      "e.g. hyvve-qa history import reports/*/run.json",
    );
  const runs = [];
  for (const file of files) runs.push(await readRunFile(file)); // all checked before anything is written
  const after = await appendHistory(path, runs.map(recordOfRun), config.history.cap);
  return print(raw, { imported: runs.length, runs: after.records.length }, () => [
    `imported ${runs.length} run${runs.length === 1 ? "" : "s"}; ${path} holds ${after.records.length}`,
  ]);
}

export async function historyPruneCommand(raw: HistoryOptions): Promise<number> {
  const { config, path, records } = await open(raw, "prune");
  const keep = raw.keep === undefined ? config.history.cap : Number(raw.keep);
  if (!Number.isInteger(keep) || keep < 0)
    throw new UsageError(`--keep ${raw.keep}: expected a whole number`, "e.g. --keep 50");
  const result = keep === 0 ? [] : records.slice(-keep);
  await writeHistory(path, result);
  return print(raw, { removed: records.length - result.length, runs: result.length }, () => [
    `removed ${records.length - result.length} run${records.length - result.length === 1 ? "" : "s"}; ${path} holds ${result.length}`,
  ]);
}
