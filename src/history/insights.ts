/**
 * What the history says about one run, for run.json and the reports: the
 * flaky and broken cases among this run's cases, flaky ones to quarantine,
 * and expired quarantine entries.
 */
import { mean, quantile } from "simple-statistics";
import type { Config } from "../config/schema.js";
import type { RunResult } from "../results/model.js";
import { analyseFlakiness, countLetter, statusSeries, type FlakyThresholds } from "./flaky.js";
import type { QuarantineEntry } from "./quarantine.js";
import { recordOfRun, type HistoryRecord } from "./record.js";

export function flakyThresholds(config: Pick<Config, "history">): FlakyThresholds {
  const h = config.history;
  return {
    window: h.window,
    minRuns: h.minRuns,
    flipRate: h.flipRate,
    passOnRetry: h.passOnRetry,
    outageFailureRate: h.outageFailureRate,
  };
}

/** How many statuses the strip beside each case shows. */
export const STRIP_LENGTH = 20;

/** The run's history insights: earlier records plus this run, judged together. */
export function historyInsights(
  run: RunResult,
  earlier: readonly HistoryRecord[],
  thresholds: FlakyThresholds,
  expired: readonly QuarantineEntry[],
  given?: HistoryRecord,
): NonNullable<RunResult["history"]> {
  // This run's record only when something is compared with it (100k cases cost ~50 ms).
  const current = () => (given ??= recordOfRun(run));
  const judged = judgedCases(run, earlier, current, thresholds);
  const quarantined = new Set(
    judged.length === 0
      ? []
      : run.suites.flatMap((s) => s.cases.filter((c) => c.quarantined).map((c) => c.id)),
  );
  return {
    runs: earlier.length,
    cases: judged.map((f) => ({
      id: f.id,
      class: f.class,
      runs: f.runs,
      flipRate: f.flipRate,
      failureRate: f.failureRate,
      passOnRetry: f.passOnRetry,
      recent: f.recent,
    })),
    suggestions: judged
      .filter((f) => f.class === "flaky" && !quarantined.has(f.id))
      .map((f) => f.id),
    expired: expired.map((e) => ({ pattern: e.pattern, owner: e.owner, expires: e.expires })),
    // With no earlier run a strip would only repeat each case's status (100k of them, on an import).
    ...(earlier.length > 0
      ? { strips: strips(earlier, current()), earlier: earlierMeans(earlier) }
      : {}),
  };
}

/** The run's flaky and broken cases, judged over the earlier records and this run. */
function judgedCases(
  run: RunResult,
  earlier: readonly HistoryRecord[],
  current: () => HistoryRecord,
  thresholds: FlakyThresholds,
) {
  // A case is `new` until it has minRuns runs: with fewer records than that every case is,
  // and a big import with no history skips classifying each of its cases.
  if (earlier.length + 1 < thresholds.minRuns) return [];
  const ids = new Set(run.suites.flatMap((s) => s.cases.map((c) => c.id)));
  return analyseFlakiness([...earlier, current()], thresholds).filter(
    (f) => ids.has(f.id) && (f.class === "flaky" || f.class === "broken"),
  );
}

/** Per case of the current run, its last statuses (this run last). */
function strips(earlier: readonly HistoryRecord[], current: HistoryRecord): Record<string, string> {
  const series = statusSeries([...earlier.slice(-(STRIP_LENGTH - 1)), current]);
  return Object.fromEntries(current.ids.map((id) => [id, series.get(id)!]));
}

/** Rates and durations over the earlier runs (each run's rate, then their mean). */
function earlierMeans(records: readonly HistoryRecord[]) {
  const rates = records.map((r) => {
    const count = (letter: string) => countLetter(r.status, letter);
    const ran = Math.max(r.status.length - count("s"), 1);
    const timed = r.durations.filter((d, i): d is number => d !== null && r.status[i] !== "s");
    return {
      pass: (count("p") + count("r")) / ran,
      fail: count("f") / ran,
      flaky: count("r") / ran,
      testMs: timed.length > 0 ? mean(timed) : 0,
    };
  });
  const runMs = records.map((r) => r.durationMs ?? 0).filter((d) => d > 0);
  return {
    passRate: mean(rates.map((r) => r.pass)),
    failRate: mean(rates.map((r) => r.fail)),
    flakyRate: mean(rates.map((r) => r.flaky)),
    averageTestDurationMs: mean(rates.map((r) => r.testMs)),
    averageRunDurationMs: runMs.length > 0 ? mean(runMs) : 0,
    p95RunDurationMs: runMs.length > 0 ? quantile(runMs, 0.95) : 0,
  };
}
