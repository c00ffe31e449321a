/**
 * A vitest reporter that only changes what SIGINT does. `vitest run` exits on
 * SIGINT at once (its logger's handler), before any reporter ends: the JUnit
 * file stays empty. With this reporter SIGINT cancels the run the way the
 * keyboard Ctrl-C of watch mode does: the running tests end, the rest are
 * skipped, and the reporters (JUnit) write what finished.
 */
import type { Reporter, Vitest } from "vitest/node";

export default class CancelOnSigint implements Reporter {
  onInit(vitest: Vitest): void {
    for (const listener of process.listeners("SIGINT")) process.off("SIGINT", listener);
    process.once("SIGINT", () => {
      process.exitCode = 130;
      void vitest.cancelCurrentRun("keyboard-input");
    });
  }
}
