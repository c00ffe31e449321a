/**
 * "Slower" decided by a case's own history, not by one earlier sample: the
 * current duration must lie above median + k·MAD of its last N durations
 * (MAD scaled by 1.4826, so k is in standard deviations for normal data),
 * and by a margin that matters. With fewer than `minSamples` durations
 * nothing is said. Median and MAD come from simple-statistics.
 */
import { median, medianAbsoluteDeviation } from "simple-statistics";
import { caseIndex, type HistoryRecord } from "./record.js";

export interface DurationLimits {
  /** How many recent durations of a case are looked at. */
  samples: number;
  /** Fewer durations than this: no finding. */
  minSamples: number;
  /** How many scaled MADs above the median is out of the ordinary. */
  k: number;
  /** …and at least this share above the median (a 2 ms case 1 ms slower is not news). */
  minRelative: number;
  /** Cases faster than this (ms) are never reported. */
  minDurationMs: number;
}

/** MAD × 1.4826 estimates the standard deviation of normally distributed data. */
export const MAD_SCALE = 1.4826;

export interface SlowerFinding {
  medianMs: number;
  madMs: number;
  limitMs: number;
  samples: number;
}

/** A case's recent durations (ms), oldest first, from the history. */
export function durationsOf(
  records: readonly HistoryRecord[],
  id: string,
  samples: number,
): number[] {
  const out: number[] = [];
  for (let i = records.length - 1; i >= 0 && out.length < samples; i--) {
    const record = records[i]!;
    const at = caseIndex(record).get(id);
    if (at === undefined || record.status[at] === "s") continue;
    const ms = record.durations[at];
    if (ms !== null && ms !== undefined) out.push(ms);
  }
  return out.reverse();
}

/** The finding when `current` is out of what `history` shows, else undefined. */
export function slowerThanHistory(
  current: number,
  history: readonly number[],
  limits: DurationLimits,
): SlowerFinding | undefined {
  if (history.length < limits.minSamples || current < limits.minDurationMs) return undefined;
  const med = median([...history]);
  const mad = medianAbsoluteDeviation([...history]) * MAD_SCALE;
  const limitMs = Math.max(med + limits.k * mad, med * (1 + limits.minRelative));
  if (current <= limitMs) return undefined;
  return { medianMs: med, madMs: mad, limitMs, samples: history.length };
}
