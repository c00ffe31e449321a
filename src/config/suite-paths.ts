/**
 * A suite may run in a folder of its own (`cwd`, e.g. a package of a
 * monorepo); its `files` and `config` are relative to that folder. These
 * turn them into the absolute and repo-relative paths the stages need.
 */
import { join, normalize, resolve } from "node:path";
import type { SuiteConfig } from "./schema.js";

/** The absolute folder the suite runs in: its `cwd`, else the config's folder. */
export function suiteDir(rootDir: string, suite: Pick<SuiteConfig, "cwd">): string {
  return resolve(rootDir, suite.cwd ?? ".");
}

/** A path relative to the suite's folder as a path relative to the config's folder. */
export function repoPath(suite: Pick<SuiteConfig, "cwd">, path: string): string {
  return suite.cwd ? normalize(join(suite.cwd, path)) : path;
}
