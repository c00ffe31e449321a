import { relative } from "node:path";
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

/** The parts of vitest's JSON report (Jest's format) that JUnit lacks. */
export interface VitestJsonReport {
  testResults: {
    /** The test file, absolute. */
    name: string;
    status: string;
    /** Why a file failed outside its tests (it threw at import, a hook of the file failed). */
    message?: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      /** One per failed attempt: a passed test with some was retried. */
      failureMessages: string[];
    }[];
  }[];
}

/**
 * Why: vitest's JUnit says "passed" for a test that passed on a retry and
 * "failed" for a file that never ran its tests; its JSON report says flaky
 * and error. The cases (and their ids) stay JUnit's; `root` is vitest's root,
 * which its JSON file names are absolute under.
 */
export function withVitestJson(
  cases: readonly CaseResult[],
  report: VitestJsonReport | undefined,
  root: string,
): CaseResult[] {
  if (!report) return [...cases];
  const retried = new Map<string, string[]>();
  const brokenFiles = new Set<string>();
  for (const file of report.testResults) {
    const rel = relative(root, file.name);
    if (file.status === "failed" && file.assertionResults.length === 0) brokenFiles.add(rel);
    for (const a of file.assertionResults)
      if (a.status === "passed" && a.failureMessages.length > 0)
        retried.set([rel, ...a.ancestorTitles, a.title].join("\u0000"), a.failureMessages);
  }
  return cases.map((c) => {
    const failures = retried.get([c.file, ...c.titlePath].join("\u0000"));
    if (failures && c.status === "passed")
      return {
        ...c,
        status: "flaky",
        retries: failures.length,
        failure: { message: failures[0]! },
      };
    if (c.status === "failed" && c.file && c.title === c.file && brokenFiles.has(c.file))
      return { ...c, failure: { ...(c.failure ?? { message: "the file failed" }), kind: "error" } };
    return c;
  });
}
