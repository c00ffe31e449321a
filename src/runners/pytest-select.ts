/**
 * `--grep`, `--last-failed` and `--shard` for pytest. pytest's `-k` takes a
 * keyword expression, not a regular expression, and it has no shards of its
 * own; so pytest collects first (`--collect-only`, with the suite's markers
 * and arguments) and hyvve-qa picks: the node ids whose JUnit names match
 * the pattern, the test files of this shard (sorted, round-robin). The run
 * then gets those node ids or files. Modules that failed to collect or were
 * skipped whole (they have no node id) come from the collection's JUnit and
 * go along, so their errors stay visible, as with a plain pytest run.
 */
import { join } from "node:path";
import { exitCodeOf, type Finished } from "../process/process-end.js";
import type { CaseResult, SuiteResult } from "../results/model.js";
import { readJUnitOutput } from "./junit-output.js";
import { noOutput, skippedSuite } from "./outcome.js";
import { fileOf, findRootdir, fromRootdir, junitNames } from "./pytest-paths.js";
import { junitFlags, pytestOutcome, runPytest } from "./pytest-process.js";
import type { SuiteRunContext } from "./types.js";

export type Selection =
  | { kind: "run"; targets: string[]; notes: string[]; elapsedMs: number }
  | { kind: "done"; suite: SuiteResult };

/** What pytest collected: node ids in its order, the modules it collected no test from, their files. */
interface Collected {
  nodeIds: string[];
  modules: CaseResult[];
  /** Every test file named, relative to pytest's rootdir, sorted. */
  files: string[];
  rootdir: string;
}

/** The node ids `--collect-only -q` lists: its lines up to the first blank one. */
export function parseNodeIds(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") break;
    if (line.includes("::")) out.push(line.trimEnd());
  }
  return out;
}

/** Collect (for --grep/--shard) and pick this run's node ids or files; or the suite, when nothing is left to run. */
export async function selectTests(
  ctx: SuiteRunContext,
  python: string,
  options: readonly string[],
  targets: readonly string[],
): Promise<Selection> {
  const junit = join(ctx.outDir, "collect.xml");
  // --verbosity last: the suite's own -q/-v must not turn the node id list into a tree or per-file counts.
  const args = ["--collect-only", ...options, ...junitFlags(junit), "--verbosity=-1", ...targets];
  const proc = await runPytest(ctx, python, args, ctx.suite.timeout);
  const code = exitCodeOf(proc.end);
  if (code === 5)
    return { kind: "done", suite: skippedSuite(ctx, "pytest collected no tests (exit 5)") };
  const output = await readJUnitOutput(junit, ctx.name);
  const modules = output.kind === "cases" ? output.cases : [];
  const nodeIds = parseNodeIds(proc.stdout);
  if (code === undefined || code > 2 || (code === 2 && !modules.some(failedToCollect)))
    return { kind: "done", suite: failedCollection(ctx, proc) };
  const files = [...new Set([...nodeIds.map(fileOf), ...modules.flatMap((m) => m.file ?? [])])];
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rootdir = findRootdir(ctx.cwd, targets, files);
  const picked = pick(ctx, { nodeIds, modules, files, rootdir }, targets);
  return "suite" in picked
    ? { kind: "done", suite: picked.suite }
    : { kind: "run", ...picked, elapsedMs: proc.durationMs };
}

/** A module that failed to collect (the importer makes its <error> a failed case), not one skipped whole. */
function failedToCollect(c: CaseResult): boolean {
  return c.status === "failed";
}

/** The collection itself broke (usage error, crash, Ctrl-C): the suite says so in pytest's words. */
function failedCollection(ctx: SuiteRunContext, proc: Finished): SuiteResult {
  return pytestOutcome(ctx, proc, noOutput, ["while collecting tests for --grep/--shard"]);
}

/** This shard's files and the matching node ids, as pytest arguments relative to the suite's folder. */
function pick(
  ctx: SuiteRunContext,
  collected: Collected,
  targets: readonly string[],
): { targets: string[]; notes: string[] } | { suite: SuiteResult } {
  const { nodeIds, modules, files, rootdir } = collected;
  const shard = ctx.shard;
  const mine = shard ? files.filter((_, i) => i % shard.total === shard.index - 1) : files;
  const inShard = new Set(mine);
  const notes: string[] = [];
  if (shard) {
    const of = `${files.length} test file${files.length === 1 ? "" : "s"}`;
    if (mine.length === 0)
      return {
        suite: skippedSuite(
          ctx,
          `shard ${shard.index}/${shard.total} is empty: the suite has ${of}`,
        ),
      };
    notes.push(
      `shard ${shard.index}/${shard.total}: ${mine.length} of ${of} (sorted, round-robin)`,
    );
  }
  let ids = nodeIds.filter((id) => inShard.has(fileOf(id)));
  if (ctx.grep !== undefined) {
    const pattern = new RegExp(ctx.grep);
    const total = ids.length;
    ids = ids.filter((id) => {
      const { classname, name } = junitNames(id);
      return pattern.test(classname === "" ? name : `${classname} ${name}`);
    });
    notes.push(
      ids.length === 0
        ? `none of the ${total} collected tests matches the title pattern (--grep/--last-failed)`
        : `${ids.length} of ${total} collected tests match the title pattern (--grep/--last-failed), run by node id`,
    );
  }
  const broken = modules.filter((m) => m.file !== undefined && inShard.has(m.file));
  // Whole files when nothing narrower was asked for; node ids for --grep and for suites that list node ids.
  const byFile = ctx.grep === undefined && !targets.some((t) => t.includes("::"));
  if (!byFile && ids.length === 0 && !broken.some(failedToCollect))
    return { suite: skippedSuite(ctx, notes.at(-1) ?? "no test selected") };
  const chosen = byFile ? mine : [...ids, ...broken.map((m) => m.file!)];
  return { targets: chosen.map((p) => fromRootdir(rootdir, ctx.cwd, p)), notes };
}
