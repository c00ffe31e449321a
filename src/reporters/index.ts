/**
 * The reporter multiplexer. Reporters are pure functions of the run model;
 * this file writes their output. Each reporter runs in its own try/catch, so
 * one that throws never costs the others their output; its error is returned
 * for the CLI to print.
 */
import { appendFile, mkdir, rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { RunResult } from "../results/model.js";
import { writeFileAtomic, writeRunFile } from "../results/run-file.js";
import { renderCtrf } from "./ctrf.js";
import { renderAnnotations, renderStepSummary } from "./github.js";
import { renderHtml } from "./html.js";
import { renderJUnit } from "./junit.js";
import { renderTerminalSummary } from "./terminal.js";

export interface ReportContext {
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** Where the terminal summary goes. */
  print: (text: string) => void;
  /** Emit GitHub annotations on stdout (CI runs on Actions). */
  annotations: boolean;
}

interface Reporter {
  /** Returns the path written, if any. */
  write(run: RunResult, ctx: ReportContext): Promise<string | undefined>;
}

export const HTML_FILE = "index.html";
export const JUNIT_FILE = "junit.xml";
export const CTRF_FILE = "ctrf.json";

/** A reporter that renders the run to one file of the run folder. */
function fileReporter(file: string, render: (run: RunResult) => string): Reporter {
  return {
    async write(run, ctx) {
      const path = join(ctx.outDir, file);
      await writeFileAtomic(path, render(run));
      return path;
    },
  };
}

export const reporters = {
  json: { write: (run, ctx) => writeRunFile(ctx.outDir, run) },
  junit: fileReporter(JUNIT_FILE, renderJUnit),
  ctrf: fileReporter(CTRF_FILE, renderCtrf),
  html: fileReporter(HTML_FILE, renderHtml),
  github: {
    async write(run, ctx) {
      const summary = ctx.env["GITHUB_STEP_SUMMARY"];
      if (summary) await appendFile(summary, renderStepSummary(run));
      if (ctx.annotations) ctx.print(renderAnnotations(run));
      return summary || undefined;
    },
  },
  terminal: {
    async write(run, ctx) {
      ctx.print(renderTerminalSummary(run, join(ctx.outDir, HTML_FILE)));
      return undefined;
    },
  },
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;

export interface ReportOutcome {
  written: Partial<Record<ReporterName, string>>;
  errors: { reporter: ReporterName; message: string }[];
}

/** File reporters first, so their files exist by the time the terminal summary names them. */
const ORDER: ReporterName[] = ["json", "junit", "ctrf", "html", "github", "terminal"];

export async function writeReports(run: RunResult, ctx: ReportContext): Promise<ReportOutcome> {
  await mkdir(ctx.outDir, { recursive: true });
  const outcome: ReportOutcome = { written: {}, errors: [] };
  for (const name of ORDER) {
    try {
      const path = await reporters[name].write(run, ctx);
      if (path) outcome.written[name] = path;
    } catch (error) {
      outcome.errors.push({ reporter: name, message: (error as Error).message ?? String(error) });
    }
  }
  return outcome;
}

/** `reports/latest` → the newest run folder (a relative symlink, replaced atomically enough for CI). */
export async function linkLatest(runDir: string): Promise<void> {
  const link = join(dirname(runDir), "latest");
  const temp = `${link}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  await symlink(basename(runDir), temp);
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
