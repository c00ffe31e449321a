/**
 * Ctrl-C, Playwright-style: the first one aborts the run gracefully (children
 * are stopped, the partial report is written, exit 130); a second one within
 * the grace period exits at once. Child process groups are killed either way
 * (see the supervisor's exit hook).
 */
export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function handleInterrupts(onFirst: () => void, graceMs = 15_000): Interrupt {
  const controller = new AbortController();
  let firstAt = 0;
  const handler = () => {
    if (!controller.signal.aborted) {
      firstAt = Date.now();
      onFirst();
      controller.abort();
      return;
    }
    if (Date.now() - firstAt <= graceMs) {
      process.stderr.write("\nhyvve-qa: second interrupt, exiting now\n");
      process.exit(130);
    }
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
