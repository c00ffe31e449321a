import { formatUsageError, type UsageError } from "../errors.js";
import { EXIT } from "../results/verdict.js";

/** The exit-code contract lives with the verdict that decides it. */
export { EXIT };

/** `hyvve-qa: E_CODE message`, plus a hint line when there is one; never a stack trace. */
export function printUsageError(error: UsageError): void {
  process.stderr.write(formatUsageError(error));
}

/** One line per reporter that threw; the other reporters' files are intact. */
export function printReporterErrors(errors: readonly { reporter: string; message: string }[]) {
  for (const e of errors)
    process.stderr.write(`hyvve-qa: the ${e.reporter} reporter failed: ${e.message}\n`);
}
