/**
 * The one reporter interface. Every output of a run is a reporter: the
 * terminal views, run.json, JUnit, CTRF, HTML, GitHub's summary, metrics,
 * the OTLP trace, alerts, and whatever a config adds. It lives with the
 * model (not in reporters/) because the config names it and every stage
 * may import the model.
 *
 * Hooks come in this order: onRunBegin; per suite onSuiteBegin, onOutput*,
 * onCase* (a runner's cases are known when it ends: they come just before
 * its onSuiteEnd), onSuiteEnd; then onRunEnd with the whole run, its
 * verdict set. Every hook is optional; one that throws is reported and the
 * other reporters carry on.
 */
import type { CaseResult, RunResult, SuiteResult } from "./model.js";

/** A suite as the plan knows it before it runs. */
export interface SuiteInfo {
  name: string;
  kind: string;
  runner: string;
}

/** What a reporter learns when the run starts. */
export interface RunBegin {
  /** The run folder (run.json, junit.xml, … land here). */
  outDir: string;
  /** Every suite this run will start, in the report's order. */
  suites: readonly SuiteInfo[];
}

/** What a reporter learns when the run ends, beside the run itself. */
export interface RunEnd {
  outDir: string;
  /** A shard, or a run cut short (Ctrl-C, a dead stack command): not a whole run's verdict. */
  partial: boolean;
}

export interface Reporter {
  onRunBegin?(begin: RunBegin): void | Promise<void>;
  onSuiteBegin?(suite: SuiteInfo): void;
  /** One line a runner printed, secrets already redacted. */
  onOutput?(suite: string, line: string): void;
  /** One case as its runner reported it (quarantine and flakiness are judged later, by onRunEnd). */
  onCase?(suite: string, result: CaseResult): void;
  onSuiteEnd?(result: SuiteResult): void;
  /** The run, redacted, with its verdict: write files, print summaries, send. May return paths written. */
  onRunEnd?(run: RunResult, end: RunEnd): void | Promise<void | string | undefined>;
}

/**
 * The built-in reporters, by name. `default` is today's set; `json`
 * (run.json) is always written: merge, history and `show` read it.
 */
export const BUILTIN_REPORTERS = [
  "default",
  "tree",
  "lines",
  "summary",
  "json",
  "junit",
  "ctrf",
  "html",
  "github",
  "metrics",
  "otlp",
  "alerts",
] as const;

export type BuiltinReporterName = (typeof BUILTIN_REPORTERS)[number];

/** What `reporters` in a config and `--reporter` accept: a built-in name, a module path, or a reporter. */
export type ReporterChoice = BuiltinReporterName | (string & {}) | Reporter;
