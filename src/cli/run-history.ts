/**
 * The run history around one run or merged report: read it (unless
 * --no-history), apply the quarantine, judge flakiness, and append the
 * finished run. A corrupt history line is one warning; a history that cannot
 * be written is one warning too — the verdict never depends on it.
 */
import { resolve } from "node:path";
import { historyTrends } from "../baseline/trends.js";
import type { Config } from "../config/schema.js";
import { describeError } from "../errors.js";
import { historyInsights, flakyThresholds } from "../history/insights.js";
import { applyQuarantine, readQuarantine, type QuarantineEntry } from "../history/quarantine.js";
import { recordOfRun, type HistoryRecord } from "../history/record.js";
import { appendHistory, readHistory } from "../history/store.js";
import type { RunResult } from "../results/model.js";

export interface HistoryChoice {
  /** --history FILE */
  file: string | undefined;
  /** --no-history */
  off: boolean;
}

/** The history file a command uses: --history, else the config's. */
export function historyPath(config: Config, rootDir: string, choice: HistoryChoice): string {
  return choice.file ? resolve(process.cwd(), choice.file) : resolve(rootDir, config.history.file);
}

/** Earlier records, or none with --no-history; unreadable lines are one warning. */
export async function loadHistory(
  config: Config,
  rootDir: string,
  choice: HistoryChoice,
): Promise<HistoryRecord[]> {
  if (choice.off) return [];
  const path = historyPath(config, rootDir, choice);
  const history = await readHistory(path);
  if (history.skipped > 0)
    process.stderr.write(
      `hyvve-qa: warning: skipped ${history.skipped} unreadable line${history.skipped === 1 ? "" : "s"} of the history ${path}\n`,
    );
  return history.records;
}

/** What a run judges its results with; read before any suite runs, so a bad file costs nothing. */
export interface Memory {
  earlier: HistoryRecord[];
  quarantine: QuarantineEntry[];
}

/** The history (unless --no-history) and the quarantine file, checked up front. */
export async function loadMemory(
  config: Config,
  rootDir: string,
  choice: HistoryChoice,
): Promise<Memory> {
  return {
    earlier: await loadHistory(config, rootDir, choice),
    quarantine: await readQuarantine(resolve(rootDir, config.quarantine.file)),
  };
}

/** Quarantine marks and history insights onto the run (before baseline and verdict). */
export function judgeWithHistory(
  run: RunResult,
  config: Config,
  memory: Memory,
  now = new Date(),
): void {
  const expired = applyQuarantine(run, memory.quarantine, now);
  const current = recordOfRun(run);
  const thresholds = flakyThresholds(config);
  run.history = historyInsights(run, memory.earlier, thresholds, expired, current);
  if (memory.earlier.length > 0) run.history.trends = historyTrends([...memory.earlier, current]);
}

/** Appends the run's record; a failure to write is a warning, the old file stays intact. */
export async function recordRun(
  run: RunResult,
  config: Config,
  rootDir: string,
  choice: HistoryChoice,
): Promise<void> {
  if (choice.off) return;
  if (run.environment.faultInjected) {
    // A run against a deliberately broken app would read as flakiness and as a slowdown.
    process.stdout.write(
      "hyvve-qa: fault-injected run (HYVVE_REF_FAULTS): not recorded in the history\n",
    );
    return;
  }
  const path = historyPath(config, rootDir, choice);
  try {
    await appendHistory(path, [recordOfRun(run)], config.history.cap);
  } catch (error) {
    process.stderr.write(`hyvve-qa: warning: history not written: ${describeError(error)}\n`);
  }
}
