/**
 * What every surface says about the baseline besides its findings: why
 * something was not compared (`note`) and, for a baseline that lacks what a
 * rule needs, which comparisons were weaker and the command that refreshes
 * it. One wording, so the terminal, the HTML, the step summary, JUnit and
 * the exports cannot drift apart.
 */
import type { BaselineComparison, BaselineOutdated } from "./model.js";

/** One line: what is old, what was weaker for it, the command that refreshes it. */
export function describeOutdated(o: BaselineOutdated): string {
  return `baseline is outdated: ${o.reason}; weaker: ${o.weaker.join("; ")}; refresh it with \`${o.refresh}\``;
}

/** The note, then the outdated line: what a reader of any surface must see. */
export function baselineNotes(comparison: BaselineComparison | undefined): string[] {
  if (!comparison) return [];
  return [
    ...(comparison.note ? [comparison.note] : []),
    ...(comparison.outdated ? [describeOutdated(comparison.outdated)] : []),
  ];
}
