/**
 * The run's scheduler: batches one after the other; within a batch at most
 * `maxParallel` suites at once, started in launch order (longest expected
 * first), each next one as soon as a slot frees. A task never throws here:
 * execute.ts turns a broken adapter into an errored suite.
 */

/** Runs `task` for every item of every batch; resolves when the last batch is done. */
export async function runBatches<T>(
  batches: readonly (readonly T[])[],
  maxParallel: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  for (const batch of batches) await runPool(batch, Math.max(1, maxParallel), task);
}

/** One batch: `slots` workers, each taking the next item when it is free. */
async function runPool<T>(
  items: readonly T[],
  slots: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(slots, items.length) }, worker));
}
