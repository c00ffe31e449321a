/**
 * run.json on disk. Written atomically (temp file + rename) so an interrupted
 * write never leaves a half file where a good one was; read back through the
 * schema so merge and re-render get a clear error on a foreign or newer file.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { dirname, join, basename } from "node:path";
import { formatZodIssues, InputFileError } from "../errors.js";
import { RUN_SCHEMA_VERSION, runSchema, type RunResult } from "./model.js";

export const RUN_FILE = "run.json";

/**
 * Temp file, fsync, rename: a crash at any point leaves either the old file or the new one.
 * Content may come in chunks (an iterable), so a big file is never one string in memory.
 */
export async function writeFileAtomic(
  path: string,
  content: string | Buffer | Iterable<Uint8Array>,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "w");
    try {
      if (typeof content === "string" || Buffer.isBuffer(content)) await handle.writeFile(content);
      else for (const chunk of content) await handle.write(chunk);
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
  await writeFileAtomic(path, JSON.stringify(run) + "\n");
  return path;
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
  const parsed = runSchema.safeParse(data);
  if (!parsed.success) {
    throw new InputFileError(
      formatZodIssues(path, parsed.error.issues),
      "the file does not match the run.json schema",
    );
  }
  return parsed.data;
}
