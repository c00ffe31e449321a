/**
 * The generic runner: any command that writes JUnit to $HYVVE_JUNIT_OUTPUT.
 * The project's own tests drive it with small fake runner scripts.
 */
import { join, resolve } from "node:path";
import { readJUnitOutput } from "./junit-output.js";
import { skippedSuite, suiteOutcome } from "./outcome.js";
import { superviseRunner } from "./supervise-runner.js";
import type { RunnerAdapter, SuiteRunContext } from "./types.js";

export const commandRunner: RunnerAdapter = {
  async run(ctx: SuiteRunContext) {
    if (ctx.suite.runner !== "command") throw new Error("commandRunner needs a command suite");
    // A command cannot be split: it runs whole in the first shard, so each case runs once.
    if (ctx.shard && ctx.shard.index !== 1)
      return skippedSuite(
        ctx,
        `runs whole in shard 1 of ${ctx.shard.total} (a command cannot be split)`,
      );
    const junitPath = join(ctx.outDir, "junit.xml");
    const [file, ...args] = ctx.suite.command;
    const proc = await superviseRunner(resolveCommand(file!, ctx.cwd), args, {
      cwd: ctx.cwd,
      env: {
        ...ctx.env,
        HYVVE_JUNIT_OUTPUT: junitPath,
        // Set only by --grep: one left in the user's shell must not filter silently.
        HYVVE_GREP: ctx.grep,
      },
      timeoutMs: ctx.suite.timeout,
      signal: ctx.signal,
      ...(ctx.onLine ? { onLine: (line: string) => ctx.onLine!(line) } : {}),
    });
    return suiteOutcome(ctx, proc, await readJUnitOutput(junitPath, ctx.name));
  },
};

/** `node` means this Node; a relative path is relative to the suite's folder; anything else is looked up on PATH. */
function resolveCommand(file: string, cwd: string): string {
  if (file === "node") return process.execPath;
  if (file.startsWith("./") || file.startsWith("../")) return resolve(cwd, file);
  return file;
}
