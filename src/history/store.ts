/**
 * The history file: JSON Lines, oldest first, capped. Appending rewrites the
 * whole file through a temp file and a rename (after fsync), so a crash
 * mid-write leaves the previous history intact; a corrupt or foreign line is
 * skipped with one warning, never fatal.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { InputFileError } from "../errors.js";
import { writeFileAtomic } from "../results/run-file.js";
import { historyRecordSchema, type HistoryRecord } from "./record.js";

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
  const records: HistoryRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const record = parseLine(line);
    if (record) records.push(record);
    else skipped++;
  }
  return { records, skipped };
}

function parseLine(line: string): HistoryRecord | undefined {
  try {
    const parsed = historyRecordSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The file's text for these records (JSON Lines). */
export function serializeHistory(records: readonly HistoryRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : "");
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
