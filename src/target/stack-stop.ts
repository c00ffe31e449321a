/**
 * A stack command's own `stop` (e.g. `docker compose down`): run after its
 * process group is gone, bounded in time, its output appended to the
 * command's log. A stop that fails is written to the log, never thrown: the
 * run's report matters more than a tidy teardown.
 */
import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { StackEntry } from "../config/schema.js";
import { describeEnd, succeeded } from "../process/process-end.js";
import { argvOf } from "../process/service.js";
import { runSupervised } from "../process/supervisor.js";

const STOP_COMMAND_TIMEOUT_MS = 60_000;

export async function runStopCommand(
  entry: StackEntry,
  rootDir: string,
  env: NodeJS.ProcessEnv,
  logFile: string | undefined,
): Promise<void> {
  const [file, args] = argvOf(entry.stop!);
  const finished = await runSupervised(file, args, {
    cwd: resolve(rootDir, entry.cwd ?? "."),
    env,
    timeoutMs: STOP_COMMAND_TIMEOUT_MS,
  });
  const note = succeeded(finished.end)
    ? ""
    : `[hyvve-qa] the stop command ${describeEnd(finished.end)}\n`;
  if (logFile)
    await appendFile(logFile, `${finished.stdout}${finished.stderr}${note}`).catch(() => {});
}
