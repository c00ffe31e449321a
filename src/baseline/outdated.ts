/**
 * A baseline recorded by an older hyvve-qa may lack what a comparison rule
 * needs (latency samples, today). The run is still compared with what it has,
 * but every surface must say which comparisons were weaker for it and how to
 * record a fresh one, or an old file silently turns a statistical check into
 * a coarse one.
 */
import type { BaselineOutdated, LoadMetrics, RunResult } from "../results/model.js";

export interface BaselineKind {
  environment: string;
  profile: string;
}

/** The command that records a fresh, clean baseline of this kind (runs the suites, refuses failures). */
export function refreshHint(kind: BaselineKind): string {
  return `hyvve-qa baseline record --env ${kind.environment} --profile ${kind.profile}`;
}

/** What the baseline lacks that this run has, per suite; undefined when nothing. */
export function outdatedBaseline(
  run: RunResult,
  baseline: RunResult,
  kind: BaselineKind,
): BaselineOutdated | undefined {
  const weaker: string[] = [];
  for (const suite of run.suites) {
    const old = baseline.suites.find((s) => s.name === suite.name)?.load;
    if (!suite.load || !old) continue;
    const unsampled = unsampledLatencies(suite.load, old);
    if (unsampled.length === 0) continue;
    weaker.push(
      `${suite.name}: latency is compared by each endpoint's p95 against a ratio limit, with no significance test or confidence interval (${unsampled.join(", ")})`,
    );
  }
  if (weaker.length === 0) return undefined;
  return {
    reason: "the baseline predates per-endpoint latency samples",
    weaker,
    refresh: refreshHint(kind),
  };
}

/** Endpoints (and the whole run) this run sampled but the baseline did not. */
function unsampledLatencies(current: LoadMetrics, baseline: LoadMetrics): string[] {
  const names = current.endpoints
    .filter((e) => {
      const twin = baseline.endpoints.find(
        (b) => b.scenario === e.scenario && b.endpoint === e.endpoint,
      );
      return e.sample && twin && !twin.sample;
    })
    .map((e) => e.endpoint);
  if (current.sample && !baseline.sample) names.push("all endpoints");
  return names;
}
