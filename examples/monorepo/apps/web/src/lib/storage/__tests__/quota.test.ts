// apps/web/src/lib/storage/__tests__/quota.test.ts (spec DM-09.8)
// Against jsdom's real localStorage and its real quota (5,000,000 code units):
// the storage is filled until it throws QuotaExceededError, no mocked Storage.
import { describe, it, expect, vi } from 'vitest';
import {
  cleanupOldEntries,
  createQuotaStore,
  getStorageUsage,
  isQuotaExceededError,
  isStorageAvailable,
  safeSetItem,
  MAX_STORAGE_SIZE,
} from '../quota-handler';
import { fillStorage, isQuotaError, timestampedValue } from '@/test/storage';

describe('localStorage quota handling', () => {
  describe('the test storage', () => {
    it('is jsdom localStorage with a real quota', () => {
      fillStorage('other-app:');
      let thrown: unknown;
      try {
        localStorage.setItem('one-more', 'x'.repeat(100));
      } catch (error) {
        thrown = error;
      }
      expect(isQuotaError(thrown)).toBe(true);
      expect(isQuotaExceededError(thrown)).toBe(true);
      // Full means close to the quota, in UTF-16 bytes.
      expect(getStorageUsage().percentage).toBeGreaterThan(0.99);
    });
  });

  describe('safeSetItem', () => {
    it('stores item successfully when quota available', () => {
      const result = safeSetItem('test-key', JSON.stringify({ data: 'value' }));

      expect(result.success).toBe(true);
      expect(result.error).toBeUndefined();
      expect(result.warning).toBeUndefined();
      expect(localStorage.getItem('hyvve:test-key')).toBe('{"data":"value"}');
      expect(result.bytesUsed).toBe(('hyvve:test-key'.length + '{"data":"value"}'.length) * 2);
      expect(result.bytesRemaining).toBe(MAX_STORAGE_SIZE - (result.bytesUsed ?? 0));
    });

    it('gracefully handles quota exceeded', () => {
      // Another app's data fills the origin: nothing of ours to clean up.
      fillStorage('other-app:');

      let result: ReturnType<typeof safeSetItem> | undefined;
      expect(() => {
        result = safeSetItem('test-key', JSON.stringify({ data: 'x'.repeat(1000) }));
      }).not.toThrow();

      expect(result?.success).toBe(false);
      expect(result?.error).toContain('quota');
      expect(result?.bytesRemaining).toBe(0);
      expect(localStorage.getItem('hyvve:test-key')).toBeNull();
    });

    it('cleans up old entries when quota exceeded', () => {
      // Our own old entries fill the storage, oldest first.
      const keys = fillStorage('hyvve:cache-', (n, size) => timestampedValue(1000 + n, size));
      const oldest = keys[0];
      const newest = keys[keys.length - 1];

      const result = safeSetItem('new-key', JSON.stringify({ _timestamp: 9_999_999, data: 'x'.repeat(50_000) }));

      // Should have cleaned up and succeeded
      expect(result.success).toBe(true);
      expect(result.warning).toContain('cleaned up');
      expect(result.bytesFreed).toBeGreaterThanOrEqual(100 * 1024);
      expect(localStorage.getItem('hyvve:new-key')).not.toBeNull();
      expect(localStorage.getItem(oldest)).toBeNull();
      expect(localStorage.getItem(newest)).not.toBeNull();
    });

    it('keeps the previous value when a write cannot fit', () => {
      safeSetItem('profile', 'v1');
      fillStorage('other-app:');

      const result = safeSetItem('profile', 'v2'.repeat(10_000));

      expect(result.success).toBe(false);
      expect(localStorage.getItem('hyvve:profile')).toBe('v1');
    });

    it('returns warning when approaching quota', () => {
      // Fill storage to 85% (of 5,000,000 code units)
      localStorage.setItem('other-app:large', 'x'.repeat(4_250_000));
      const warn = vi.fn();
      const store = createQuotaStore({ logger: { debug: vi.fn(), warn, error: vi.fn() } });

      const result = store.safeSetItem('small', JSON.stringify({ data: 'small' }));

      expect(result.success).toBe(true);
      expect(result.warning).toContain('capacity');
      expect(result.warning).toBe('Storage at 85% capacity');
      expect(warn).toHaveBeenCalledWith('localStorage approaching quota', expect.objectContaining({ percentage: expect.any(Number) }));
    });
  });

  describe('cleanupOldEntries', () => {
    it('removes oldest entries first', () => {
      localStorage.setItem('hyvve:oldest', JSON.stringify({ _timestamp: 1000 }));
      localStorage.setItem('hyvve:middle', JSON.stringify({ _timestamp: 2000 }));
      localStorage.setItem('hyvve:newest', JSON.stringify({ _timestamp: 3000 }));

      cleanupOldEntries(100);

      expect(localStorage.getItem('hyvve:oldest')).toBeNull();
      expect(localStorage.getItem('hyvve:newest')).not.toBeNull();
    });

    it('stops when target bytes freed', () => {
      localStorage.setItem('hyvve:item1', JSON.stringify({ _timestamp: 1000, data: 'x'.repeat(50) }));
      localStorage.setItem('hyvve:item2', JSON.stringify({ _timestamp: 2000, data: 'x'.repeat(50) }));
      localStorage.setItem('hyvve:item3', JSON.stringify({ _timestamp: 3000, data: 'x'.repeat(50) }));

      // Only request small cleanup
      const freed = cleanupOldEntries(100);

      // Should only remove first item
      expect(freed).toBe(('hyvve:item1'.length + localStorageValueLength(1000)) * 2);
      expect(localStorage.getItem('hyvve:item1')).toBeNull();
      expect(localStorage.getItem('hyvve:item2')).not.toBeNull();
      expect(localStorage.getItem('hyvve:item3')).not.toBeNull();
    });

    it('handles non-JSON values', () => {
      localStorage.setItem('hyvve:plain', 'plain-text-value');
      localStorage.setItem('hyvve:json', JSON.stringify({ _timestamp: 1_700_000_000_000 }));

      // Non-JSON treated as oldest (timestamp 0)
      cleanupOldEntries(10);

      expect(localStorage.getItem('hyvve:plain')).toBeNull();
      expect(localStorage.getItem('hyvve:json')).not.toBeNull();
    });

    it("never removes another app's keys", () => {
      localStorage.setItem('other-app:state', 'keep me');
      localStorage.setItem('hyvve:old', JSON.stringify({ _timestamp: 1 }));

      const freed = cleanupOldEntries(10_000_000);

      expect(freed).toBeGreaterThan(0);
      expect(localStorage.getItem('other-app:state')).toBe('keep me');
      expect(localStorage.getItem('hyvve:old')).toBeNull();
    });
  });

  describe('getStorageUsage', () => {
    it('calculates storage usage correctly', () => {
      localStorage.setItem('key1', 'value1');
      localStorage.setItem('key2', 'value2');

      const usage = getStorageUsage();

      expect(usage.used).toBe((4 + 6) * 2 * 2);
      expect(usage.total).toBe(MAX_STORAGE_SIZE);
      expect(usage.percentage).toBeGreaterThanOrEqual(0);
      expect(usage.percentage).toBeLessThanOrEqual(1);
    });
  });

  describe('isStorageAvailable', () => {
    it('returns true when localStorage works', () => {
      expect(isStorageAvailable()).toBe(true);
    });

    it('returns false when localStorage throws', () => {
      vi.stubGlobal('localStorage', {
        setItem: () => {
          throw new Error('Storage disabled');
        },
      });

      expect(isStorageAvailable()).toBe(false);
    });
  });
});

function localStorageValueLength(timestamp: number): number {
  return JSON.stringify({ _timestamp: timestamp, data: 'x'.repeat(50) }).length;
}
