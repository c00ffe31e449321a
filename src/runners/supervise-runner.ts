import type { Finished } from "../process/process-end.js";
import { supervise, type SuperviseOptions } from "../process/supervisor.js";
import { loadJUnitReader } from "./junit-output.js";

/**
 * A runner that writes JUnit, under the supervisor. Its reader (the JUnit
 * importer and its XML parser) starts loading as the runner spawns, so it
 * costs neither the time before the first spawn nor the time after the exit.
 */
export function superviseRunner(
  file: string,
  args: readonly string[],
  options: SuperviseOptions,
): Promise<Finished> {
  const running = supervise(file, args, options);
  // Awaited again where the output is read, which reports a failure to load.
  loadJUnitReader().catch(() => {});
  return running.result;
}
