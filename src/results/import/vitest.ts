import type { CaseResult } from "../model.js";

/**
 * vitest's JUnit puts the file in `classname`/the suite name and the describe
 * path into the case name ("math > adds"). Split it back into a title path
 * under the file, so titles read the same as in every other runner.
 */
export function fromVitestDialect(c: CaseResult): CaseResult {
  const file = c.titlePath[0];
  if (file === undefined || c.titlePath.length !== 2) return c;
  const parts = c.title.split(" > ");
  return { ...c, file: c.file ?? file, title: parts.at(-1)!, titlePath: parts };
}
