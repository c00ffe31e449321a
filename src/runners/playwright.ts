/**
 * Playwright (e2e, visual): `node <@playwright/test cli> test --config X`,
 * wrapped as `node <@percy/cli> exec -- …` when the suite wants Percy and
 * PERCY_TOKEN is set. The adapter sets the reporters itself (list for the live
 * view, JSON and JUnit into the suite's folder) and the artifact folder, so it
 * does not depend on the config's reporter settings; it hands the JSON to its
 * importer (the JUnit one when the JSON is missing) and moves screenshots,
 * traces and expected/actual/diff images into the run folder.
 */
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { EnvironmentError, describeError } from "../errors.js";
import type { SuiteResult } from "../results/model.js";
import { supervise } from "../process/supervisor.js";
import { mapPlaywrightReport, type PwReport } from "../results/import/playwright.js";
import { findChromium } from "../setup/chromium.js";
import { describeTool, packageTool } from "../setup/package-tools.js";
import { readJUnitOutput } from "./junit-output.js";
import { casesOutput, suiteOutcome, unreadableOutput, type RunnerOutput } from "./outcome.js";
import { collectAttachments } from "./playwright-attachments.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

const require = createRequire(import.meta.url);

/** Why: the suite's package's own Playwright runs its config (see setup/package-tools.ts). */
export function playwrightCli(cwd: string): string {
  return join(packageTool("@playwright/test", cwd).dir, "cli.js");
}

export function percyCli(): string {
  // Its package.json is not exported; the main entry is dist/index.js, the bin sits next to dist/.
  return join(dirname(require.resolve("@percy/cli")), "..", "bin", "run.cjs");
}

export interface PlaywrightOutputs {
  json: string;
  junit: string;
  /** Playwright's artifact folder (outputDir); emptied by Playwright at start, removed after collection. */
  artifacts: string;
}

export function playwrightOutputs(outDir: string): PlaywrightOutputs {
  return {
    json: join(outDir, "results.json"),
    junit: join(outDir, "junit.xml"),
    artifacts: join(outDir, "test-results"),
  };
}

export interface PlaywrightCommand {
  file: string;
  args: string[];
  env: Record<string, string | undefined>;
  percy: "wrapped" | "skipped" | "off";
}

/** The command line and environment for one Playwright suite run. */
export function playwrightCommand(
  ctx: Pick<SuiteRunContext, "suite" | "cwd" | "outDir" | "env" | "shard" | "grep" | "workers">,
  extraArgs: readonly string[] = [],
): PlaywrightCommand {
  if (ctx.suite.runner !== "playwright")
    throw new Error("playwrightCommand needs a playwright suite");
  const out = playwrightOutputs(ctx.outDir);
  const args = [
    playwrightCli(ctx.cwd),
    "test",
    "--config",
    resolve(ctx.cwd, ctx.suite.config),
    "--reporter=list,json,junit",
    "--output",
    out.artifacts,
    ...(ctx.suite.projects ?? []).map((p) => `--project=${p}`),
    ...fileFilters(ctx.suite.files),
  ];
  if (ctx.shard) args.push(`--shard=${ctx.shard.index}/${ctx.shard.total}`);
  if (ctx.grep !== undefined) args.push("--grep", ctx.grep);
  if (ctx.workers !== undefined) args.push(`--workers=${ctx.workers}`);
  args.push(...extraArgs);

  const chromium = findChromium(ctx.env as NodeJS.ProcessEnv);
  const env: Record<string, string | undefined> = {
    ...ctx.env,
    FORCE_COLOR: "0",
    // Our configs read this (run by hand they write to reports/playwright-local).
    HYVVE_PW_OUTPUT_DIR: ctx.outDir,
    PLAYWRIGHT_JSON_OUTPUT_FILE: out.json,
    PLAYWRIGHT_JUNIT_OUTPUT_FILE: out.junit,
    // Percy's own browser for asset discovery: the system Chromium, so it never downloads one.
    PERCY_BROWSER_EXECUTABLE: ctx.env["PERCY_BROWSER_EXECUTABLE"] ?? chromium,
  };
  const wantsPercy = ctx.suite.percy;
  const hasToken = !!ctx.env["PERCY_TOKEN"];
  if (wantsPercy && hasToken) {
    return {
      file: process.execPath,
      args: [percyCli(), "exec", "--", process.execPath, ...args],
      env,
      percy: "wrapped",
    };
  }
  return { file: process.execPath, args, env, percy: wantsPercy ? "skipped" : "off" };
}

/**
 * Why: the suite's files as Playwright's own file filters (it matches them as
 * regular expressions against each test file's path): the fixed folder of
 * each glob, so `e2e/tests/**\/*.spec.ts` runs what is under e2e/tests.
 */
export function fileFilters(files: readonly string[]): string[] {
  const folders = files.map((f) => f.replace(/\/?[^/]*[*?[{].*$/, "")).filter((d) => d !== "");
  return [...new Set(folders)].map((d) => d.replace(/[.+^$()|\\]/g, "\\$&"));
}

/** Reads what Playwright left: JSON first, JUnit when there is no JSON. */
export async function readPlaywrightResults(
  ctx: Pick<SuiteRunContext, "name" | "rootDir" | "outDir" | "outDirFromRun">,
): Promise<RunnerOutput> {
  const out = playwrightOutputs(ctx.outDir);
  if (!existsSync(out.json)) return readJUnitOutput(out.junit, ctx.name);
  let report: PwReport;
  try {
    report = JSON.parse(await readFile(out.json, "utf8")) as PwReport;
  } catch (error) {
    return unreadableOutput(`could not read Playwright's JSON results: ${describeError(error)}`);
  }
  const mapped = mapPlaywrightReport(report, { suite: ctx.name, rootDir: ctx.rootDir });
  const cases = await collectAttachments(mapped.cases, {
    outDir: ctx.outDir,
    outDirFromRun: ctx.outDirFromRun,
    movableRoot: out.artifacts,
    projectRoot: ctx.rootDir,
  });
  // Everything worth keeping is in attachments/ now; the scratch folder would only duplicate it.
  await rm(out.artifacts, { recursive: true, force: true }).catch(() => {});
  if (mapped.errors.length > 0) {
    if (cases.length === 0) return unreadableOutput(`Playwright: ${mapped.errors.join("\n")}`);
    // A spec that did not load next to ones that ran: a failure that belongs to no test.
    cases.push({
      id: `${ctx.name}::::Playwright run error`,
      title: "Playwright run error",
      titlePath: ["Playwright run error"],
      status: "failed",
      durationMs: null,
      retries: 0,
      failure: { message: mapped.errors.join("\n\n"), type: "error", kind: "error" },
      attachments: [],
    });
  }
  return casesOutput(cases);
}

/** Why: the failure messages Playwright reported, where a missing browser shows up. */
function failureText(results: RunnerOutput): string {
  if (results.kind === "cases")
    return results.cases.map((c) => c.failure?.message ?? "").join("\n");
  return results.kind === "unreadable" ? results.error : "";
}

/** Notes about Percy for the report: skipped (no token), or the build it made. */
export function percyNotes(mode: PlaywrightCommand["percy"], output: string): string[] {
  if (mode === "skipped")
    return ["Percy skipped: PERCY_TOKEN is not set (the local baseline comparison ran)"];
  if (mode !== "wrapped") return [];
  const build = /\[percy[^\]]*\] Finalized build #\d+: (\S+)/.exec(output);
  if (build) return [`Percy build: ${build[1]}`];
  const error = /\[percy[^\]]*\] Error: (.*)/.exec(output);
  if (error)
    return [
      `Percy failed: ${error[1]!.trim()} (nothing uploaded; the local baseline comparison ran)`,
    ];
  return ["Percy: snapshots sent with percy exec"];
}

/**
 * Why: a config that launches Playwright's own browser download, which is not
 * there, fails every case with a stack trace; say which browser it wanted and
 * how to get it instead (an environment error, exit 2).
 */
export function missingBrowser(
  output: string,
  ctx: Pick<SuiteRunContext, "cwd" | "rootDir">,
): void {
  const wanted = /Executable doesn't exist at (\S+)/.exec(output)?.[1];
  if (!wanted) return;
  const tool = packageTool("@playwright/test", ctx.cwd);
  const where = relative(ctx.rootDir, ctx.cwd) || ".";
  throw new EnvironmentError(
    `@playwright/test ${tool.version} (${where}) wants the browser at ${wanted}, which is not installed`,
    `run \`npx playwright install\` in ${where}, or point the config's use.launchOptions.executablePath at an installed Chromium (e.g. /usr/bin/chromium); \`hyvve-qa doctor\` lists what each suite wants`,
  );
}

export const playwrightRunner: RunnerAdapter = {
  async run(ctx: SuiteRunContext): Promise<SuiteResult> {
    const command = playwrightCommand(ctx);
    const proc = await supervise(command.file, command.args, {
      cwd: ctx.cwd,
      env: command.env,
      timeoutMs: ctx.suite.timeout,
      signal: ctx.signal,
      // Playwright on Ctrl-C stops its workers and still writes its reporters' files.
      stopSignal: "SIGINT",
      forceKillAfterMs: 10_000,
      ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(line) } : {}),
    }).result;
    const results = await readPlaywrightResults(ctx);
    const output = `${proc.stdout}\n${proc.stderr}`;
    if (results.kind !== "cases" || results.cases.some((c) => c.status === "failed"))
      missingBrowser(`${output}\n${failureText(results)}`, ctx);
    const tool = describeTool(
      "@playwright/test",
      packageTool("@playwright/test", ctx.cwd),
      ctx.rootDir,
    );
    const notes = [tool, ...percyNotes(command.percy, output)];
    return suiteOutcome(ctx, proc, results, { extra: { notes } });
  },
};
