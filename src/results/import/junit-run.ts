/**
 * `hyvve-qa report --junit FILE...`: JUnit files from any producer → one run,
 * one external suite per file.
 */
import { basename } from "node:path";
import { importedRun, mergeSuites } from "../merge.js";
import { deriveSuiteStatus, type RunResult, type SuiteResult } from "../model.js";
import { readJUnitFile, type ParsedJUnit } from "./junit.js";

export interface JUnitInput {
  path: string;
  parsed: ParsedJUnit;
}

/** One suite per JUnit file, named by the file name (shards of one name merge). */
export function runFromJUnit(inputs: readonly JUnitInput[], now = new Date()): RunResult {
  const suites: SuiteResult[] = inputs.map(({ path, parsed }) => {
    const time = parsed.cases.reduce<number | null>(
      (sum, c) => (sum === null || c.durationMs === null ? sum : sum + c.durationMs),
      0,
    );
    return {
      name: suiteNameForJUnitPath(path),
      kind: "external",
      runner: "junit",
      status: deriveSuiteStatus(parsed.cases),
      durationMs: time,
      cases: parsed.cases,
    };
  });
  const stamp = now.toISOString();
  return importedRun(mergeSuites(suites), stamp, stamp, now);
}

export function suiteNameForJUnitPath(path: string): string {
  return basename(path).replace(/\.xml$/i, "");
}

/** Read every file (in parallel: they are independent and parsing is the slow part), then merge. */
export async function runFromJUnitFiles(paths: readonly string[]): Promise<RunResult> {
  const inputs: JUnitInput[] = await Promise.all(
    paths.map(async (path) => ({
      path,
      parsed: await readJUnitFile(path, suiteNameForJUnitPath(path)),
    })),
  );
  return runFromJUnit(inputs);
}
