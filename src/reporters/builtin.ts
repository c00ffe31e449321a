/**
 * The reporters of this stage: run.json, JUnit, CTRF, HTML (files of the run
 * folder), GitHub's step summary and annotations, the end-of-run summary,
 * and the live views. Each is a factory of one Reporter; the registry that
 * names them all (with the exports: metrics, OTLP, alerts) is
 * orchestrate/reporters.ts.
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunResult } from "../results/model.js";
import type { Reporter } from "../results/reporter.js";
import { writeFileAtomic, writeRunFile } from "../results/run-file.js";
import { loadedOnFirstOutput } from "../results/lazy-reporter.js";

export const HTML_FILE = "index.html";
export const JUNIT_FILE = "junit.xml";
export const CTRF_FILE = "ctrf.json";

/** What the built-in reporters are given when a run starts. */
export interface BuiltinContext {
  env: NodeJS.ProcessEnv;
  /** stdout of the CLI (or of whoever called the API). */
  print: (text: string) => void;
  /** `::error` annotations on stdout: a CI run on GitHub Actions. */
  annotations: boolean;
  /** Whether index.html is written this run (the summary names it then). */
  html: boolean;
}

type Render = (run: RunResult) => string | Iterable<string>;

/** A reporter that renders the run into one file of the run folder, atomically. */
function fileReporter(file: string, loadRender: () => Promise<Render>): Reporter {
  return loadedOnFirstOutput(loadRender, (render) => ({
    async onRunEnd(run, end) {
      const path = join(end.outDir, file);
      await writeFileAtomic(path, (await render())(run));
      return path;
    },
  }));
}

export const jsonReporter = (): Reporter => ({
  onRunEnd: (run, end) => writeRunFile(end.outDir, run),
});
export const junitReporter = () =>
  fileReporter(JUNIT_FILE, async () => (await import("./junit.js")).junitChunks);
export const ctrfReporter = () =>
  fileReporter(CTRF_FILE, async () => (await import("./ctrf.js")).ctrfChunks);
export const htmlReporter = () =>
  fileReporter(HTML_FILE, async () => (await import("./html.js")).renderHtml);

/** $GITHUB_STEP_SUMMARY when the job has one; annotations when asked for. */
export function githubReporter(ctx: BuiltinContext): Reporter {
  return loadedOnFirstOutput(
    () => import("./github.js"),
    (github) => ({
      async onRunEnd(run) {
        const { renderAnnotations, renderStepSummary } = await github();
        const summary = ctx.env["GITHUB_STEP_SUMMARY"];
        if (summary) await appendFile(summary, renderStepSummary(run));
        if (ctx.annotations) ctx.print(renderAnnotations(run));
        return summary || undefined;
      },
    }),
  );
}

/** Counts, failed cases, regressions, the verdict, and where the HTML report is. */
export function summaryReporter(ctx: BuiltinContext): Reporter {
  return loadedOnFirstOutput(
    () => import("./terminal.js"),
    (terminal) => ({
      async onRunEnd(run, end) {
        const { renderTerminalSummary } = await terminal();
        ctx.print(renderTerminalSummary(run, ctx.html ? join(end.outDir, HTML_FILE) : undefined));
      },
    }),
  );
}
