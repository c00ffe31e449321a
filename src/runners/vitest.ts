/**
 * vitest: run with its JUnit reporter into the suite's folder and read that
 * back. The `default` reporter stays on for the live progress lines.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { readJUnitOutput } from "./junit-output.js";
import { casesOutput, suiteOutcome } from "./outcome.js";
import { supervise } from "../process/supervisor.js";
import { fromVitestDialect } from "../results/import/vitest.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

function vitestBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("vitest/package.json")), "vitest.mjs");
}

export function vitestArgs(ctx: SuiteRunContext, junitPath: string): string[] {
  if (ctx.suite.runner !== "vitest") throw new Error("vitestArgs needs a vitest suite");
  const args = [
    vitestBin(),
    "run",
    "--reporter=default",
    "--reporter=junit",
    `--outputFile.junit=${junitPath}`,
  ];
  if (ctx.suite.config) args.push("--config", ctx.suite.config);
  if (ctx.shard) args.push(`--shard=${ctx.shard.index}/${ctx.shard.total}`);
  // Globs select the files; vitest takes path filters, so pass the directory part.
  // A glob with no directory part (`**/*.ts`) filters nothing, so it adds no argument.
  args.push(...ctx.suite.files.map((f) => f.replace(/\/?\*.*$/, "")).filter((dir) => dir !== ""));
  return args;
}

export const vitestRunner: RunnerAdapter = {
  async run(ctx) {
    const junitPath = join(ctx.outDir, "junit.xml");
    const proc = await supervise(process.execPath, vitestArgs(ctx, junitPath), {
      cwd: ctx.rootDir,
      // vitest colours its output unless NO_COLOR is set; FORCE_COLOR=0 alone is not enough.
      env: { ...ctx.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      timeoutMs: ctx.suite.timeout,
      signal: ctx.signal,
      ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(line) } : {}),
    }).result;
    const results = await readJUnitOutput(junitPath, ctx.name);
    return suiteOutcome(
      ctx,
      proc,
      results.kind === "cases" ? casesOutput(results.cases.map(fromVitestDialect)) : results,
    );
  },
};
