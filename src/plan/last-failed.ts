/**
 * `run --last-failed`: only the cases that failed in the previous run, through
 * each runner's own title filter. A suite with nothing failed is left out; a
 * suite that errored, timed out or was interrupted without a failed case runs whole, as does a
 * load suite whose thresholds failed (its cases are verdicts on the
 * whole test, not tests that can be picked).
 */
import type { RunResult } from "../results/model.js";
import type { PlannedSuite } from "./plan.js";

/** Escape a title for a regular expression (Playwright -g, vitest -t). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Playwright appends " [project]" to titles of multi-project runs; the filter matches the test's own title. */
function ownTitle(title: string): string {
  return title.replace(/ \[[^\]]+\]$/, "");
}

/** The planned suites narrowed to what failed in `last`; the pattern ends with the title. */
export function onlyLastFailed(
  planned: readonly PlannedSuite[],
  last: Pick<RunResult, "suites">,
): PlannedSuite[] {
  const out: PlannedSuite[] = [];
  for (const p of planned) {
    const suite = last.suites.find((s) => s.name === p.name);
    const failed = suite?.cases.filter((c) => c.status === "failed") ?? [];
    // Errored or timed out without a failed case: nothing to pick, so the whole suite runs.
    const broken =
      suite !== undefined &&
      failed.length === 0 &&
      (suite.status === "errored" || suite.status === "timedout" || suite.status === "interrupted");
    if (failed.length === 0 && !broken) continue;
    if (p.suite.kind === "load" || broken) {
      out.push(p);
      continue;
    }
    const titles = [...new Set(failed.map((c) => escapeRegExp(ownTitle(c.title))))];
    // Playwright's --grep also sees a test's tags ({ tag: "@smoke" }), after its title.
    out.push({ ...p, grep: `(?:${titles.join("|")})(?: @\\S+)*$` });
  }
  return out;
}
