import { UsageError } from "../errors.js";

/** The exit-code contract (ARCHITECTURE.md). */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** One line, plus a hint line when there is one; never a stack trace. */
export function printUsageError(error: UsageError): void {
  process.stderr.write(`hyvve-qa: ${error.message}\n`);
  if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
}
