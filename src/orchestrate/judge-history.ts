/**
 * The run history after a run or merged report: apply the quarantine, judge
 * flakiness and trends against the earlier runs, and append the finished
 * run. Apart from run-history.ts (the reading) so a run loads this while its
 * runners work, not before the first one starts.
 */
import { historyTrends } from "../baseline/trends.js";
import type { Config } from "../config/schema.js";
import { describeError } from "../errors.js";
import { historyInsights, flakyThresholds } from "../history/insights.js";
import { applyQuarantine } from "../history/quarantine.js";
import { recordOfRun, withLabel, type RecordLabel } from "../history/record.js";
import type { RunResult } from "../results/model.js";
import { historyPath, printWarning, type HistoryChoice, type Memory } from "./run-history.js";

/** Quarantine marks and history insights onto the run (before baseline and verdict). */
export function judgeWithHistory(
  run: RunResult,
  config: Config,
  memory: Memory,
  now = new Date(),
): void {
  const expired = applyQuarantine(run, memory.quarantine, now);
  // A first run (or an import) has nothing to compare with: no record of it is needed.
  const current = memory.earlier.length > 0 ? recordOfRun(run) : undefined;
  run.history = historyInsights(run, memory.earlier, flakyThresholds(config), expired, current);
  if (current) run.history.trends = historyTrends([...memory.earlier, current]);
}

/** Appends the run's record; a failure to write is a warning, the old file stays intact. */
export async function recordRun(
  run: RunResult,
  config: Config,
  rootDir: string,
  choice: HistoryChoice,
): Promise<void> {
  if (choice.off) return;
  await recordRunInto(run, historyPath(config, rootDir, choice), config.history.cap);
}

/** Appends the run's record to `path` (labelled as named); never fault-injected runs. */
export async function recordRunInto(
  run: RunResult,
  path: string,
  cap: number,
  label: RecordLabel = {},
): Promise<void> {
  if (run.environment.faultInjected) {
    // A run against a deliberately broken app would read as flakiness and as a slowdown.
    process.stdout.write(
      "hyvve-qa: fault-injected run (HYVVE_REF_FAULTS): not recorded in the history\n",
    );
    return;
  }
  try {
    const { appendHistory } = await import("../history/store.js");
    await appendHistory(path, [withLabel(recordOfRun(run), label)], cap);
  } catch (error) {
    printWarning(`history not written: ${describeError(error)}`);
  }
}
