/**
 * Reporters whose code is only needed at the run's end (renderers,
 * exporters) load it while the runners work, not before the first runner
 * starts: a run's fixed cost is what comes before its first spawn and after
 * its last runner ends, and the time in between is the runners'.
 */
import type { Reporter } from "./reporter.js";

/**
 * `build(load)` gets a loader of `load`'s module, started at the first line
 * any runner prints (or at the end, for a quiet run) and loaded once.
 */
export function loadedOnFirstOutput<T>(
  load: () => Promise<T>,
  build: (loaded: () => Promise<T>) => Reporter,
): Reporter {
  let loading: Promise<T> | undefined;
  const loaded = () => (loading ??= load());
  const reporter = build(loaded);
  return {
    ...reporter,
    onOutput(suite, line) {
      // Started, not awaited: a failure to load shows at onRunEnd, where it is awaited.
      if (loading === undefined) loaded().catch(() => {});
      reporter.onOutput?.(suite, line);
    },
  };
}
