/**
 * vitest: run with its JUnit reporter into the suite's folder and read that
 * back. The `default` reporter stays on for the live progress lines.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readJUnitOutput } from "./junit-output.js";
import { casesOutput, skippedSuite, suiteOutcome } from "./outcome.js";
import { superviseRunner } from "./supervise-runner.js";
import {
  fromVitestDialect,
  withVitestJson,
  type VitestJsonReport,
} from "../results/import/vitest.js";
import { repoPath } from "../config/suite-paths.js";
import { describeTool, packageTool } from "../setup/package-tools.js";
import type { CaseResult } from "../results/model.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

/** Why: the suite's package's own vitest runs its config, its jsdom and its aliases. */
function vitestBin(cwd: string): string {
  return join(packageTool("vitest", cwd).dir, "vitest.mjs");
}

export function vitestArgs(
  ctx: SuiteRunContext,
  junitPath: string,
  options: { passWithNoTests?: boolean } = {},
): string[] {
  if (ctx.suite.runner !== "vitest") throw new Error("vitestArgs needs a vitest suite");
  const args = [
    vitestBin(ctx.cwd),
    "run",
    "--reporter=default",
    "--reporter=junit",
    // JSON too: what JUnit cannot say (a test that passed on a retry, a file that never ran).
    "--reporter=json",
    `--reporter=${fileURLToPath(new URL("./vitest-cancel-reporter.js", import.meta.url))}`,
    `--outputFile.junit=${junitPath}`,
    `--outputFile.json=${join(dirname(junitPath), "results.json")}`,
  ];
  if (ctx.suite.config) args.push("--config", ctx.suite.config);
  if (ctx.shard) args.push(`--shard=${ctx.shard.index}/${ctx.shard.total}`);
  if (options.passWithNoTests) args.push("--passWithNoTests");
  // In a group: vitest's argv parser would read "-foo" as flags and "007" as the number 7.
  if (ctx.grep !== undefined) args.push(`--testNamePattern=(?:${ctx.grep})`);
  // Globs select the files; vitest takes path filters, so pass the directory part.
  // A glob with no directory part (`**/*.ts`) filters nothing, so it adds no argument.
  args.push(...ctx.suite.files.map((f) => f.replace(/\/?\*.*$/, "")).filter((dir) => dir !== ""));
  return args;
}

/**
 * vitest shards by test file and throws when there are more shards than
 * files — in every shard, also in those that have a file (unless
 * --passWithNoTests). A shard past the last file has nothing to run and is
 * skipped; the others run with --passWithNoTests.
 */
async function shardFiles(ctx: SuiteRunContext) {
  if (!ctx.shard) return { fewerFilesThanShards: false };
  // Loaded only to shard: a plain run spawns vitest without it.
  const { glob } = await import("tinyglobby");
  const files = await glob(ctx.suite.files, {
    cwd: ctx.cwd,
    onlyFiles: true,
    expandDirectories: false,
  });
  const fewerFilesThanShards = files.length < ctx.shard.total;
  if (ctx.shard.index <= files.length) return { fewerFilesThanShards };
  const note = `shard ${ctx.shard.index}/${ctx.shard.total} is empty: the suite has ${files.length} test file${files.length === 1 ? "" : "s"}`;
  return { fewerFilesThanShards, empty: skippedSuite(ctx, note) };
}

/** Why: the JSON report only refines JUnit's cases; missing or unreadable, JUnit alone speaks. */
async function readJsonReport(path: string): Promise<VitestJsonReport | undefined> {
  try {
    const report = JSON.parse(await readFile(path, "utf8")) as VitestJsonReport;
    return Array.isArray(report.testResults) ? report : undefined;
  } catch {
    return undefined;
  }
}

/** Why: a case of a suite in its own folder, with its file as a repo path (its id stays as vitest named it). */
function inRepo(ctx: SuiteRunContext, c: CaseResult): CaseResult {
  if (!ctx.suite.cwd || c.file === undefined) return c;
  return { ...c, file: repoPath(ctx.suite, c.file) };
}

export const vitestRunner: RunnerAdapter = {
  async run(ctx) {
    const { fewerFilesThanShards, empty } = await shardFiles(ctx);
    if (empty) return empty;
    const junitPath = join(ctx.outDir, "junit.xml");
    const args = vitestArgs(ctx, junitPath, { passWithNoTests: fewerFilesThanShards });
    const proc = await superviseRunner(process.execPath, args, {
      cwd: ctx.cwd,
      // vitest colours its output unless NO_COLOR is set; FORCE_COLOR=0 alone is not enough.
      env: { ...ctx.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      timeoutMs: ctx.suite.timeout,
      signal: ctx.signal,
      // SIGINT to vitest alone: the cancel reporter ends the run and its reporters (JUnit).
      stopSignal: "SIGINT",
      stopScope: "leader",
      forceKillAfterMs: 10_000,
      ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(line) } : {}),
    });
    const results = await readJUnitOutput(junitPath, ctx.name);
    // vitest names files relative to its root, the suite's folder; reports speak repo paths.
    const report = await readJsonReport(join(ctx.outDir, "results.json"));
    const cases =
      results.kind === "cases"
        ? casesOutput(
            withVitestJson(results.cases.map(fromVitestDialect), report, ctx.cwd).map((c) =>
              inRepo(ctx, c),
            ),
          )
        : results;
    const notes = [describeTool("vitest", packageTool("vitest", ctx.cwd), ctx.rootDir)];
    return suiteOutcome(ctx, proc, cases, { extra: { notes } });
  },
};
