// apps/web/src/test/storage.ts - test helpers that fill jsdom's real localStorage to its quota
/** jsdom's DOMException comes from the jsdom window's realm: check the name, not `instanceof Error`. */
export function isQuotaError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'QuotaExceededError';
}

/**
 * Writes entries `<keyPrefix><n>` until the storage refuses even a tiny one, so the
 * next write of more than a few characters fails with QuotaExceededError.
 * `value(n, size)` makes the n-th value of about `size` characters.
 * Returns the keys written, in order.
 */
export function fillStorage(
  keyPrefix: string,
  value: (n: number, size: number) => string = (_n, size) => 'x'.repeat(size),
  storage: Storage = window.localStorage,
): string[] {
  const keys: string[] = [];
  let quotaHit = false;
  for (const size of [1_000_000, 100_000, 10_000, 1_000, 100, 10]) {
    for (;;) {
      const key = `${keyPrefix}${keys.length}`;
      try {
        storage.setItem(key, value(keys.length, size));
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        quotaHit = true;
        break;
      }
      keys.push(key);
    }
  }
  if (!quotaHit) throw new Error('fillStorage: the storage never reported QuotaExceededError');
  return keys;
}

/** A JSON entry as the quota store writes it, with a timestamp for least-recently-written cleanup. */
export function timestampedValue(timestamp: number, size: number): string {
  const envelope = JSON.stringify({ _timestamp: timestamp, data: '' });
  return JSON.stringify({ _timestamp: timestamp, data: 'x'.repeat(Math.max(0, size - envelope.length)) });
}
