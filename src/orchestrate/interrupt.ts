/**
 * Ctrl-C, Playwright-style: the first one aborts the run gracefully (children
 * are stopped, the partial report is written, exit 130); a second one exits
 * at once. Child process groups are killed either way (see the supervisor's
 * exit hook).
 */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function handleInterrupts(onFirst: () => void): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (!controller.signal.aborted) {
      onFirst();
      controller.abort();
      return;
    }
    // process.exit runs the supervisor's exit hook, which SIGKILLs every child group.
    process.stderr.write("\nhyvve-qa: second interrupt, exiting now\n");
    process.exit(130);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
