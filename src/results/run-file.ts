/**
 * run.json on disk. Written atomically (temp file + rename) so an interrupted
 * write never leaves a half file where a good one was; read back through the
 * schema so merge and re-render get a clear error on a foreign or newer file.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { formatZodIssues, InputFileError } from "../errors.js";
import { RUN_SCHEMA_VERSION, type RunResult } from "./model.js";

export const RUN_FILE = "run.json";

/**
 * Temp file, fsync, rename: a crash at any point leaves either the old file or the new one.
 * Content may come in chunks (an iterable of strings or bytes), so a big file is never one
 * string in memory; each goes through FileHandle.writeFile, which loops on short writes and
 * continues from the handle's position.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Buffer | Iterable<string | Uint8Array>,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "w");
    try {
      if (typeof content === "string" || content instanceof Uint8Array) {
        await handle.writeFile(content);
      } else {
        for (const chunk of content) await handle.writeFile(chunk);
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeRunFile(dir: string, run: RunResult): Promise<string> {
  const path = join(dir, RUN_FILE);
  // Compact: a 100k-case run is ~28 MB this way and ~43 MB indented; tools pretty-print on demand.
  await writeFileAtomic(path, runJsonChunks(run));
  return path;
}

/** Cases stringified at once: chunks of ~100-300 KB, never the whole file as one string. */
const CASE_BATCH = 512;

/**
 * The text of JSON.stringify(run) + "\n", in pieces of at most CASE_BATCH cases:
 * the key order and every value as JSON.stringify writes them, but never the
 * whole 28 MB at once.
 */
export function* runJsonChunks(run: RunResult): Generator<string, void, undefined> {
  let out = "";
  for (const part of objectParts(run, "suites")) {
    if (part !== null) {
      out += part;
      continue;
    }
    for (let s = 0; s < run.suites.length; s++) {
      const suite = run.suites[s]!;
      out += s === 0 ? "[" : ",";
      for (const piece of objectParts(suite, "cases")) {
        if (piece !== null) {
          out += piece;
          continue;
        }
        // Cases a batch at a time: one stringify call per case costs twice as much.
        for (let i = 0; i < suite.cases.length; i += CASE_BATCH) {
          const batch = JSON.stringify(suite.cases.slice(i, i + CASE_BATCH));
          yield `${out}${i === 0 ? "[" : ","}${batch.slice(1, -1)}`;
          out = "";
        }
        out += suite.cases.length === 0 ? "[]" : "]";
      }
    }
    out += run.suites.length === 0 ? "[]" : "]";
  }
  yield `${out}\n`;
}

/**
 * An object as JSON.stringify writes it (own enumerable keys in order, keys whose
 * value JSON leaves out skipped), with `key`'s value left as a hole: text pieces,
 * and `null` where the caller writes that value itself (only when present).
 */
function* objectParts(value: object, key: string): Generator<string | null, void, undefined> {
  let out = "{";
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    const json = k === key && Array.isArray(v) ? null : JSON.stringify(v);
    if (json === undefined) continue;
    out += `${first ? "" : ","}${JSON.stringify(k)}:`;
    first = false;
    if (json !== null) {
      out += json;
      continue;
    }
    yield out;
    yield null;
    out = "";
  }
  yield `${out}}`;
}

export async function readRunFile(path: string): Promise<RunResult> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code ? `cannot read it (${code})` : "not valid JSON";
    throw new InputFileError(`${path}: ${why}`, "pass a run.json written by `hyvve-qa run`");
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version === undefined) {
    throw new InputFileError(
      `${path}: not a hyvve-qa run.json (it has no schemaVersion)`,
      "pass a run.json written by `hyvve-qa run`",
    );
  }
  if (version !== RUN_SCHEMA_VERSION) {
    throw new InputFileError(
      `${path}: schemaVersion ${JSON.stringify(version)} is not supported (this hyvve-qa reads ${RUN_SCHEMA_VERSION})`,
      "re-create the file with this version of hyvve-qa",
    );
  }
  // zod only here: the commands that never read a run.json back start without it.
  const { runSchema } = await import("./run-schema.js");
  const parsed = runSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputFileError(
      formatZodIssues(path, parsed.error.issues),
      "the file does not match the run.json schema",
    );
  }
  return parsed.data;
}
