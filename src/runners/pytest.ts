/**
 * pytest: `<python> -m pytest` in the suite's folder with its JUnit
 * (`--junitxml`) into the suite's folder, read back through the JUnit
 * importer, so pytest's errors (fixtures, collection) stay errors. Markers
 * are `-m`; `--grep`, `--last-failed` and `--shard` go through a collection
 * first (pytest-select.ts). Nothing else is added: no plugin, no option of
 * the suite's own is changed.
 */
import { join } from "node:path";
import type { SuiteConfig } from "../config/schema.js";
import type { SuiteResult } from "../results/model.js";
import { readJUnitOutput } from "./junit-output.js";
import { casesOutput, skippedSuite, type RunnerOutput } from "./outcome.js";
import { expandTargets, findRootdir, fromPytestJUnit } from "./pytest-paths.js";
import { junitFlags, pytestOutcome, runPytest } from "./pytest-process.js";
import { choosePython, describePython, probePython, requirePytest } from "./pytest-python.js";
import { selectTests } from "./pytest-select.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

type PytestSuite = Extract<SuiteConfig, { runner: "pytest" }>;

/** The suite's own selection and options: `-m` markers, then its `args` as written. */
export function pytestOptions(suite: PytestSuite): string[] {
  return [...(suite.markers !== undefined ? ["-m", suite.markers] : []), ...suite.args];
}

/** The run's arguments after `-m pytest`: ours after the suite's, so our JUnit path wins. */
export function pytestArgs(suite: PytestSuite, junitPath: string, targets: readonly string[]) {
  return [...pytestOptions(suite), ...junitFlags(junitPath), ...targets];
}

/** A suite decided before the run, with the interpreter note first. */
function withNotes(suite: SuiteResult, notes: readonly string[]): SuiteResult {
  return { ...suite, notes: [...notes, ...(suite.notes ?? [])] };
}

/** pytest's cases with repo-relative files and stable ids. */
function pytestCases(
  ctx: SuiteRunContext,
  output: RunnerOutput,
  targets: readonly string[],
  stdout: string,
): RunnerOutput {
  if (output.kind !== "cases") return output;
  const named = output.cases.flatMap((c) => c.file ?? []);
  const rootdir = findRootdir(ctx.cwd, targets, named, stdout);
  const where = { suite: ctx.name, rootDir: ctx.rootDir, rootdir };
  // On Ctrl-C pytest leaves an empty <testcase/> for the test it was in: no name, no file, no result.
  const real = output.cases.filter((c) => c.file !== undefined || c.title !== "(unnamed)");
  return casesOutput(real.map((c) => fromPytestJUnit(c, where)));
}

export const pytestRunner: RunnerAdapter = {
  async run(ctx) {
    const suite = ctx.suite;
    if (suite.runner !== "pytest") throw new Error("pytestRunner needs a pytest suite");
    const who = { name: ctx.name, python: suite.python, cwd: ctx.cwd };
    const python = choosePython(who, ctx.env).command;
    // Asked beside the run, not before it (a Python start is ~0.3 s): the answer decides only
    // when the run could not do its work, and names the interpreter in the report.
    void probePython(choosePython(who, ctx.env), ctx.cwd, ctx.env);
    const interpreter = async () => {
      const probe = await requirePytest(who, ctx.env);
      return `python ${describePython(probe)} from ${probe.choice.source}, pytest ${probe.pytest}`;
    };
    let targets = await expandTargets(suite.files, ctx.cwd);
    // pytest with no path runs whatever it finds in the folder: never that.
    if (targets.length === 0)
      return withNotes(skippedSuite(ctx, `no file matches ${suite.files.join(", ")}`), [
        await interpreter(),
      ]);
    const notes: string[] = [];
    let spentMs = 0;
    if (ctx.grep !== undefined || ctx.shard) {
      const selection = await selectTests(ctx, python, pytestOptions(suite), targets);
      if (selection.kind === "done") return withNotes(selection.suite, [await interpreter()]);
      targets = selection.targets;
      notes.push(...selection.notes);
      spentMs = selection.elapsedMs;
    }
    const junitPath = join(ctx.outDir, "junit.xml");
    const args = pytestArgs(suite, junitPath, targets);
    const proc = await runPytest(ctx, python, args, Math.max(1, suite.timeout - spentMs));
    notes.unshift(await interpreter());
    const output = pytestCases(
      ctx,
      await readJUnitOutput(junitPath, ctx.name),
      targets,
      proc.stdout,
    );
    return pytestOutcome(ctx, proc, output, notes);
  },
};
