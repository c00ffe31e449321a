/**
 * The history file: JSON Lines, oldest first, capped; a dictionary line (the
 * sorted case ids of a set of runs, named by their hash) precedes the first
 * record that names it, so 200 runs of the same 10,000 cases store the ids once. Appending rewrites the
 * whole file through a temp file and a rename (after fsync), so a crash
 * mid-write leaves the previous history intact; a corrupt or foreign line is
 * skipped with one warning, never fatal.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InputFileError } from "../errors.js";
import { writeFileAtomic } from "../results/run-file.js";
import {
  HISTORY_SCHEMA_VERSION,
  upgradeV1,
  type HistoryRecord,
  type RecordV1,
  type StoredRecord,
} from "./record.js";
import { isDictionaryLine, isRecordV1Line, isStoredRecordLine } from "./line-check.js";

export interface History {
  records: HistoryRecord[];
  /** Lines that were not a record of a known version (corrupt, half-written, foreign). */
  skipped: number;
}

/** Every record the file holds; a missing file is an empty history. */
export async function readHistory(path: string): Promise<History> {
  if (!existsSync(path)) return { records: [], skipped: 0 };
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputFileError(`${path}: cannot read the history (${code})`);
  }
  return parseHistory(text);
}

/** Records from JSON Lines text, skipping every line that is not one. */
export function parseHistory(text: string): History {
  const dictionaries = new Map<string, readonly string[]>();
  const records: (HistoryRecord | StoredRecord)[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const parsed = parseLine(line);
    if (!parsed) skipped++;
    else if ("ids" in parsed && !("status" in parsed)) dictionaries.set(parsed.dict, parsed.ids);
    else records.push(parsed);
  }
  // A record whose dictionary line is lost or corrupt cannot be read: skipped, like its line.
  const resolved: HistoryRecord[] = [];
  for (const r of records) {
    if (!("dict" in r)) resolved.push(r);
    else {
      const ids = dictionaries.get(r.dict);
      if (ids && ids.length === r.status.length) resolved.push(withIds(r, ids));
      else skipped++;
    }
  }
  return { records: resolved, skipped };
}

/** A stored record with the ids its dictionary holds. */
function withIds(stored: StoredRecord, ids: readonly string[]): HistoryRecord {
  const { dict: _dict, ...record } = stored;
  return { ...record, ids };
}

type Line = StoredRecord | HistoryRecord | { dict: string; ids: string[] };

/** One line: a dictionary, a record, or an old (version 1) record upgraded; undefined if none. */
function parseLine(line: string): Line | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const v = (value as { v?: unknown } | null)?.v;
  if (v === 1) return isRecordV1Line(value) ? upgradeV1(value as RecordV1) : undefined;
  const isDictionary = typeof value === "object" && value !== null && "ids" in value;
  const fits = isDictionary ? isDictionaryLine(value) : isStoredRecordLine(value);
  return fits ? (value as Line) : undefined;
}

const dictionaryNames = new WeakMap<readonly string[], string>();

/** A short content hash of an id list: equal lists share one dictionary line. */
function dictionaryName(ids: readonly string[]): string {
  let name = dictionaryNames.get(ids);
  if (!name) {
    const hash = createHash("sha1");
    for (const id of ids) hash.update(id).update("\0");
    name = hash.digest("hex").slice(0, 16);
    dictionaryNames.set(ids, name);
  }
  return name;
}

/**
 * JSON with every non-ASCII character escaped: an all-ASCII file is read
 * about twice as fast (no UTF-8 decoding), and ids and endpoint names
 * ("load › a2a › navi") are where non-ASCII turns up.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A record as one line, its keys in one order whichever way it was built (run fields, then columns). */
function storedLine(r: HistoryRecord, dict: string): StoredRecord {
  const optional = <K extends keyof HistoryRecord>(key: K) =>
    r[key] === undefined ? {} : { [key]: r[key] };
  return {
    v: r.v,
    runId: r.runId,
    dict,
    startedAt: r.startedAt,
    ...optional("durationMs"),
    environment: r.environment,
    ...optional("profile"),
    ...optional("imported"),
    git: r.git,
    outcome: r.outcome,
    ...optional("suites"),
    ...optional("load"),
    status: r.status,
    durations: r.durations,
    ...optional("retries"),
    ...optional("signatures"),
  };
}

/** The file's text for these records: each dictionary once, before the first record naming it. */
export function serializeHistory(records: readonly HistoryRecord[]): string {
  const written = new Set<string>();
  const lines: string[] = [];
  for (const record of records) {
    const { ids } = record;
    const dict = dictionaryName(ids);
    if (!written.has(dict)) {
      lines.push(asciiJson({ v: HISTORY_SCHEMA_VERSION, dict, ids }));
      written.add(dict);
    }
    lines.push(asciiJson(storedLine(record, dict)));
  }
  return lines.map((l) => `${l}\n`).join("");
}

/**
 * Adds records (a run replaces an earlier record of the same run id) and
 * keeps the newest `cap`, by start time. Returns what the file now holds.
 */
export async function appendHistory(
  path: string,
  added: readonly HistoryRecord[],
  cap: number,
): Promise<History> {
  const history = await readHistory(path);
  const ids = new Set(added.map((r) => r.runId));
  const records = [...history.records.filter((r) => !ids.has(r.runId)), ...added]
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
    .slice(-cap);
  await writeHistory(path, records);
  return { records, skipped: history.skipped };
}

/** Replaces the file's content atomically. */
export async function writeHistory(path: string, records: readonly HistoryRecord[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, serializeHistory(records));
}
