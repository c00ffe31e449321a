/**
 * `hyvve-qa run`: flags → options → run() → exit code. Ctrl-C is the CLI's:
 * the first stops the run gracefully (the partial report is still
 * written), a second one exits at once.
 */
import { run } from "../../orchestrate/run.js";
import { handleInterrupts } from "../../orchestrate/interrupt.js";
import { parseRunOptions } from "../options.js";

export async function runCommand(names: string[], raw: Record<string, unknown>): Promise<number> {
  const options = parseRunOptions(raw);
  const interrupt = handleInterrupts(() =>
    process.stderr.write(
      "\nhyvve-qa: interrupted, stopping runners and writing the partial report (Ctrl-C again to exit now)\n",
    ),
  );
  try {
    const outcome = await run({ ...options, suites: names, signal: interrupt.signal });
    if (outcome.nothing) process.stdout.write(`hyvve-qa: no suites to run (${outcome.nothing})\n`);
    return outcome.exitCode;
  } finally {
    interrupt.dispose();
  }
}
