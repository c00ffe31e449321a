// apps/web/src/lib/storage/__tests__/storage-keys.test.ts - the store's key naming
import { describe, it, expect } from 'vitest';
import { isStoreKey, storageKey, STORAGE_PREFIX } from '@/lib/storage/quota-handler';

// EXAMPLE_DEMO_FAILURES=1 (see README.md): this module throws while it is being
// imported, as a broken import would, so vitest reports the whole file as failed.
if (process.env.EXAMPLE_DEMO_FAILURES === '1') {
  throw new Error('demo: storage-keys.test.ts throws at import time (EXAMPLE_DEMO_FAILURES=1)');
}

describe('storage keys', () => {
  it('prefixes every key with hyvve:', () => {
    expect(STORAGE_PREFIX).toBe('hyvve:');
    expect(storageKey('dashboard:state')).toBe('hyvve:dashboard:state');
    expect(() => storageKey('')).toThrow('must not be empty');
  });

  it('recognises only its own keys as cleanable', () => {
    expect(isStoreKey('hyvve:cache-1')).toBe(true);
    expect(isStoreKey('hyvve:')).toBe(false);
    expect(isStoreKey('other-app:state')).toBe(false);
  });
});
