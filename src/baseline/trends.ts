/**
 * The report's trends: per suite its pass rate, wall time and passed-on-retry
 * count over the last runs, and per load endpoint its p95 over the same runs
 * with the points where that series shifted (change-points.ts). Read from the
 * history records alone, so `report` can re-render them from run.json.
 */
import type { HistoryTrends } from "../results/model.js";
import type { HistoryRecord, SuiteEntry } from "../history/record.js";
import { changePoints, type ChangePointLimits } from "./change-points.js";

export type Trends = HistoryTrends;

/** How many runs the trends show, this one included. */
export const TREND_RUNS = 30;

/** Trends over `records` (oldest first, the current run last), the newest `limit` of them. */
export function historyTrends(
  records: readonly HistoryRecord[],
  limit = TREND_RUNS,
  limits?: Partial<ChangePointLimits>,
): Trends {
  const shown = records.slice(-limit);
  return {
    runs: shown.map((r) => ({ runId: r.runId, startedAt: r.startedAt })),
    suites: suiteTrends(shown),
    endpoints: endpointTrends(shown, limits),
  };
}

/** Passed (incl. on retry) over cases that ran; null when none ran. */
function passRate(s: SuiteEntry): number | null {
  const ran = s.passed + s.flaky + s.failed;
  return ran === 0 ? null : (s.passed + s.flaky) / ran;
}

/** Per suite named in any shown run, one value per run (null where it did not run). */
function suiteTrends(shown: readonly HistoryRecord[]): Trends["suites"] {
  const names = [...new Set(shown.flatMap((r) => Object.keys(r.suites ?? {})))].sort();
  return Object.fromEntries(
    names.map((name) => {
      const entries = shown.map((r) => r.suites?.[name]);
      return [
        name,
        {
          passRate: entries.map((s) => (s ? passRate(s) : null)),
          durationMs: entries.map((s) => s?.durationMs ?? null),
          flaky: entries.map((s) => (s ? s.flaky : null)),
        },
      ];
    }),
  );
}

/** Per endpoint, its p95 per run and the change points of that series. */
function endpointTrends(
  shown: readonly HistoryRecord[],
  limits?: Partial<ChangePointLimits>,
): Trends["endpoints"] {
  const keys = [...new Set(shown.flatMap((r) => Object.keys(r.load ?? {})))].sort();
  return Object.fromEntries(
    keys.map((key) => {
      const p95 = shown.map((r) => r.load?.[key]?.p95 ?? null);
      const points = changePoints(p95, limits).map((c) => ({
        ...c,
        runId: shown[c.index]!.runId,
      }));
      return [key, { p95, changePoints: points }];
    }),
  );
}
