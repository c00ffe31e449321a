/**
 * `hyvve-qa report`: flags → report() → exit code. Merges results that
 * already exist (JUnit from any producer, run.json shards, k6 raw outputs)
 * through the importers a live run uses; see orchestrate/report.ts.
 */
import { report, type ReportInputs } from "../../orchestrate/report.js";
import { parseExportOptions, parseRecordLabel } from "../options.js";

export async function reportCommand(raw: ReportInputs): Promise<number> {
  // Checked before anything is read: a bad flag never leaves a half report.
  const exported = parseExportOptions({ ...raw });
  const label = parseRecordLabel(raw);
  const outcome = await report({ ...raw, ...exported, label });
  return outcome.exitCode;
}
