/**
 * Each suite's expected wall time from the history, for starting the
 * longest suite first. Apart from durations.ts (and simple-statistics) as
 * the plan needs it before the first runner starts: a median of at most
 * `samples` numbers needs no library.
 */
import type { HistoryRecord } from "./record.js";

/**
 * Each suite's expected wall time (ms): the median of its last `samples`
 * recorded runs of the same profile, for scheduling the longest first. A
 * suite the history has never seen is absent.
 */
export function expectedSuiteWallTimes(
  records: readonly HistoryRecord[],
  profile: string,
  samples = 5,
): Map<string, number> {
  const seen = new Map<string, number[]>();
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    if ((record.profile ?? "smoke") !== profile) continue;
    for (const [name, entry] of Object.entries(record.suites ?? {})) {
      const times = seen.get(name) ?? [];
      if (entry.durationMs !== null && times.length < samples) times.push(entry.durationMs);
      seen.set(name, times);
    }
  }
  const expected = new Map<string, number>();
  for (const [name, times] of seen) if (times.length > 0) expected.set(name, medianOf(times));
  return expected;
}

/** The middle value, or the mean of the two middle values of an even count. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
