/**
 * The reference app for commands that need it outside `run` (serve, baseline
 * update visual): started with Ctrl-C wired to an abort signal, always
 * stopped afterwards, listeners removed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Config } from "../config/schema.js";
import { startTarget, type Target } from "../target/index.js";

export async function withLocalTarget<T>(
  config: Config,
  rootDir: string,
  use: (target: Target, signal: AbortSignal) => Promise<T>,
  onLog?: (entry: string, line: string) => void,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  let target: Target | undefined;
  // Outside a run there is no run folder: the stack's logs live as long as the command.
  const logDir = await mkdtemp(join(tmpdir(), "hyvve-qa-stack-"));
  try {
    target = await startTarget({
      config,
      name: "local",
      baseUrlOverride: undefined,
      env: process.env,
      rootDir,
      logDir,
      signal: controller.signal,
      ...(onLog ? { onLog } : {}),
    });
    return await use(target, controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await target?.stop().catch(() => {});
    await rm(logDir, { recursive: true, force: true }).catch(() => {});
  }
}

/** Resolves when the signal aborts (Ctrl-C). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
