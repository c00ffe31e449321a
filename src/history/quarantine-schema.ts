/**
 * The quarantine file's schema (zod), loaded when a quarantine file is read
 * or an entry is added; quarantine.ts keeps the rest without zod.
 */
import { z } from "zod";

/** 2027-02-31 matches the pattern but is no day. */
function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(day);
}

export const quarantineEntrySchema = z.strictObject({
  /** A case id (as in run.json), or a pattern where `*` stands for any text. */
  pattern: z.string().min(1),
  owner: z.string().min(1),
  reason: z.string().min(1),
  /** The last day (YYYY-MM-DD) the quarantine holds; after it the run fails. */
  expires: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2027-01-31")
    .refine(isRealDay, "not a real date"),
  added: z.string().optional(),
});

export const quarantineFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.array(quarantineEntrySchema),
});
