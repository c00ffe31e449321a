/**
 * What `hyvve-qa init` found: suites as they will be written into the
 * config, and what it looked at and left out (with why), for the summary.
 */
import type { SuiteKind } from "../results/model.js";

export type InitRunner = "playwright" | "vitest" | "k6" | "pytest";

/** A suite as a discoverer finds it, before its kind, name and env are decided. */
export interface Candidate {
  runner: InitRunner;
  /** Where it was found, for the comment: `apps/web/playwright.config.ts, project "visual"`. */
  origin: string;
  /** The suite's folder, relative to the repo root ("." for the root). */
  cwd: string;
  /** The runner's config, relative to `cwd`. */
  config?: string;
  projects?: string[];
  /** Globs relative to `cwd`. */
  files: string[];
  /** The test files those globs select now (repo paths). */
  matched: string[];
  /** What names the suite (project, folder, config, globs), for its kind. */
  names: { label: string; text: string }[];
  /** Files read for env vars besides the test files and what they import (repo paths). */
  envSources: string[];
  /** Extra comment lines for the config. */
  notes: string[];
  exclusive?: boolean;
  /** pytest: the Python of a venv found next to the suite (relative to `cwd`). */
  python?: string;
}

export interface FoundSuite extends Candidate {
  name: string;
  kind: SuiteKind;
  /** Which kind rule matched and on what. */
  kindWhy: string;
  percy?: boolean;
  /** The `.percy.*` file that made `percy: true` (repo path). */
  percyFile?: string;
  env: Record<string, string>;
  /** Env vars read but not filled from the target, with the first file that reads each. */
  envOther: { name: string; file: string }[];
  timeout: number;
}

/** A file init looked at and did not make a suite, and why. */
export interface LeftOut {
  path: string;
  why: string;
}

export interface Discovery {
  suites: FoundSuite[];
  leftOut: LeftOut[];
}

/** A discoverer's answer. */
export interface Found {
  candidates: Candidate[];
  leftOut: LeftOut[];
}
