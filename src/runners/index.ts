/**
 * Runner name → adapter, imported lazily: a run of one suite loads only the
 * adapter it needs, and `hyvve-qa --help` loads none.
 */
import type { SuiteConfig } from "../config/schema.js";
import type { RunnerAdapter } from "./types.js";

const loaders: Record<SuiteConfig["runner"], () => Promise<RunnerAdapter>> = {
  command: async () => (await import("./command.js")).commandRunner,
  vitest: async () => (await import("./vitest.js")).vitestRunner,
  playwright: async () => (await import("./playwright.js")).playwrightRunner,
  k6: async () => (await import("./k6.js")).k6Runner,
  pytest: async () => (await import("./pytest.js")).pytestRunner,
};

export function loadRunner(runner: SuiteConfig["runner"]): Promise<RunnerAdapter> {
  return loaders[runner]();
}

/**
 * Start loading these runners' adapters now, without waiting: a run loads
 * them while the target's services answer their checks. A failure to load
 * shows where the adapter is awaited (loadRunner again, from the cache).
 */
export function preloadRunners(runners: Iterable<SuiteConfig["runner"]>): void {
  for (const runner of new Set(runners)) loaders[runner]().catch(() => {});
}
