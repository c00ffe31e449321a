/**
 * Quarantine: a committed file (config/quarantine.json) of case ids or
 * patterns, each with an owner, a reason and an expiry date. A quarantined
 * case still runs and is still reported, marked; its failure does not fail
 * the verdict. An expired entry fails the run with a message naming its
 * owner, so a quarantine is a loan, not a grave.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";
import { InputFileError, formatZodIssues } from "../errors.js";
import type { quarantineEntrySchema } from "./quarantine-schema.js";
import { deriveRunStatus, deriveSuiteStatus, type RunResult } from "../results/model.js";
import { writeFileAtomic } from "../results/run-file.js";

export type QuarantineEntry = z.infer<typeof quarantineEntrySchema>;

/** The entries of the file; a missing file is an empty quarantine. */
export async function readQuarantine(path: string): Promise<QuarantineEntry[]> {
  if (!existsSync(path)) return [];
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, "utf8"));
  } catch {
    throw new InputFileError(
      `${path}: not valid JSON`,
      "fix it, or remove entries with `hyvve-qa quarantine remove`",
    );
  }
  // zod only when there is a quarantine file to check.
  const { quarantineFileSchema } = await import("./quarantine-schema.js");
  const parsed = quarantineFileSchema.safeParse(data);
  if (!parsed.success)
    throw new InputFileError(
      formatZodIssues(path, parsed.error.issues),
      "see docs/history.md (quarantine)",
    );
  return parsed.data.entries;
}

export async function writeQuarantine(
  path: string,
  entries: readonly QuarantineEntry[],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify({ version: 1, entries }, null, 2) + "\n");
}

/** Whether a case id falls under an entry's pattern (`*` = any text, else exact). */
export function matchesPattern(id: string, pattern: string): boolean {
  if (!pattern.includes("*")) return id === pattern;
  const escaped = pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${escaped.join(".*")}$`).test(id);
}

/** `today` as YYYY-MM-DD, in UTC, for expiry. */
export function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Marks every case under an active entry as quarantined and recomputes the
 * statuses without their failures. Returns the expired entries that matched
 * a case of this run (an entry for a case that did not run says nothing).
 */
export function applyQuarantine(
  run: RunResult,
  entries: readonly QuarantineEntry[],
  now: Date,
): QuarantineEntry[] {
  const today = isoDay(now);
  const expired = new Set<QuarantineEntry>();
  for (const suite of run.suites) {
    for (const c of suite.cases) {
      const matching = entries.filter((e) => matchesPattern(c.id, e.pattern));
      if (matching.length === 0) continue;
      // An active entry wins over an expired one for the same case.
      if (matching.some((e) => e.expires >= today)) c.quarantined = true;
      else for (const e of matching) expired.add(e);
    }
    if (suite.status === "failed" && !suite.error) suite.status = deriveSuiteStatus(suite.cases);
  }
  run.status = deriveRunStatus(run.suites, run.status === "interrupted");
  return [...expired];
}
