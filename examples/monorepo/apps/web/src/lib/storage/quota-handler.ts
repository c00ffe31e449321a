// apps/web/src/lib/storage/quota-handler.ts (spec DM-09.8)
// A localStorage store that never throws on a full storage: it warns when the
// origin's storage is nearly full, evicts its own oldest entries (least recently
// written first) when a write hits QuotaExceededError, and reports what it did.
import { logger as defaultLogger, type Logger } from '@/lib/logger';

export const STORAGE_PREFIX = 'hyvve:';
export const QUOTA_WARNING_THRESHOLD = 0.8; // 80%
/**
 * Browsers and jsdom allow about 5 million UTF-16 code units per origin
 * (key + value lengths): 10 MB counted as UTF-16 bytes.
 */
export const MAX_STORAGE_SIZE = 5_000_000 * 2;
/** What a cleanup tries to free at least, so one cleanup serves more than one write. */
export const DEFAULT_CLEANUP_BYTES = 100 * 1024;

export interface StorageResult {
  success: boolean;
  warning?: string;
  error?: string;
  bytesUsed?: number;
  bytesRemaining?: number;
  /** Bytes of old entries removed to make room for this write. */
  bytesFreed?: number;
}

export interface StorageUsage {
  /** UTF-16 bytes of every key and value in the storage (not only ours). */
  used: number;
  total: number;
  /** used / total */
  percentage: number;
}

export interface QuotaStoreOptions {
  /** The storage to use; default: `globalThis.localStorage`, looked up on every call. */
  storage?: Storage;
  prefix?: string;
  /** The origin's quota in UTF-16 bytes. */
  quotaBytes?: number;
  warningThreshold?: number;
  now?: () => number;
  logger?: Logger;
}

/** The entry a `setEntry` writes: the data and when it was written (used for cleanup order). */
export interface TimestampedEntry<T> {
  _timestamp: number;
  data: T;
}

/** QuotaExceededError in every engine: the standard name, legacy code 22, Firefox's old name. */
export function isQuotaExceededError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** The localStorage key of a store key: `hyvve:<key>`. */
export function storageKey(key: string, prefix = STORAGE_PREFIX): string {
  if (key === '') throw new Error('storage keys must not be empty');
  return `${prefix}${key}`;
}

/** Whether a localStorage key belongs to the store (and may be evicted by its cleanup). */
export function isStoreKey(key: string, prefix = STORAGE_PREFIX): boolean {
  return key.startsWith(prefix) && key.length > prefix.length;
}

function utf16Bytes(key: string, value: string): number {
  return (key.length + value.length) * 2;
}

export function createQuotaStore(options: QuotaStoreOptions = {}) {
  const prefix = options.prefix ?? STORAGE_PREFIX;
  const total = options.quotaBytes ?? MAX_STORAGE_SIZE;
  const threshold = options.warningThreshold ?? QUOTA_WARNING_THRESHOLD;
  const now = options.now ?? Date.now;
  const log = options.logger ?? defaultLogger;
  const storage = (): Storage => options.storage ?? globalThis.localStorage;

  /** Get current localStorage usage (all keys of the origin count against its quota). */
  function getStorageUsage(): StorageUsage {
    const store = storage();
    let used = 0;
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key !== null) used += utf16Bytes(key, store.getItem(key) ?? '');
    }
    return { used, total, percentage: used / total };
  }

  function capacityWarning(usage: StorageUsage): string | undefined {
    return usage.percentage > threshold
      ? `Storage at ${Math.round(usage.percentage * 100)}% capacity`
      : undefined;
  }

  /**
   * Clean up old entries of this store, oldest `_timestamp` first (non-JSON
   * values count as oldest), until `targetFreeBytes` are freed. Other keys of
   * the origin are never touched, nor `keep`. Returns the number of bytes freed.
   */
  function cleanupOldEntries(targetFreeBytes = DEFAULT_CLEANUP_BYTES, keep?: string): number {
    const store = storage();
    const entries: Array<{ key: string; timestamp: number; size: number }> = [];

    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key === null || !key.startsWith(prefix) || key === keep) continue;
      const value = store.getItem(key);
      if (value === null) continue;
      let timestamp = 0;
      try {
        const parsed = JSON.parse(value) as { _timestamp?: unknown; timestamp?: unknown } | null;
        const candidate = parsed?._timestamp ?? parsed?.timestamp;
        if (typeof candidate === 'number' && Number.isFinite(candidate)) timestamp = candidate;
      } catch {
        // Non-JSON value: timestamp 0 (oldest)
      }
      entries.push({ key, timestamp, size: utf16Bytes(key, value) });
    }

    // Oldest first; equal timestamps in key order, so cleanup is deterministic.
    entries.sort((a, b) => a.timestamp - b.timestamp || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

    let freedBytes = 0;
    for (const entry of entries) {
      if (freedBytes >= targetFreeBytes) break;
      store.removeItem(entry.key);
      freedBytes += entry.size;
      log.debug('Cleaned up old storage entry', { key: entry.key, size: entry.size });
    }
    return freedBytes;
  }

  /** Safely set an item (under the store's prefix) with quota handling. Never throws. */
  function safeSetItem(key: string, value: string): StorageResult {
    const fullKey = `${prefix}${key}`;
    const valueSize = utf16Bytes(fullKey, value);

    let store: Storage;
    let usage: StorageUsage;
    try {
      store = storage();
      usage = getStorageUsage();
    } catch (error) {
      return { success: false, error: error instanceof Error ? error.message : 'Storage unavailable' };
    }

    // Warn if approaching quota
    if (usage.percentage > threshold) {
      log.warn('localStorage approaching quota', { used: usage.used, percentage: usage.percentage });
    }

    let bytesFreed = 0;
    for (;;) {
      try {
        store.setItem(fullKey, value);
        const newUsage = getStorageUsage();
        const warning =
          bytesFreed > 0
            ? `Storage cleaned up to make room (${bytesFreed} bytes freed)`
            : capacityWarning(newUsage);
        return {
          success: true,
          ...(warning ? { warning } : {}),
          bytesUsed: newUsage.used,
          bytesRemaining: Math.max(0, total - newUsage.used),
          ...(bytesFreed > 0 ? { bytesFreed } : {}),
        };
      } catch (error) {
        if (!isQuotaExceededError(error)) {
          return {
            success: false,
            error: error instanceof Error ? error.message : 'Unknown storage error',
          };
        }
      }

      // Quota exceeded: evict our oldest entries (never the key being written: its
      // previous value stays if the write still cannot fit), then retry.
      const freed = cleanupOldEntries(Math.max(valueSize, DEFAULT_CLEANUP_BYTES), fullKey);
      if (freed === 0) break;
      bytesFreed += freed;
    }

    const finalUsage = getStorageUsage();
    log.error('localStorage quota exceeded', { key, valueSize, bytesFreed });
    return {
      success: false,
      error: 'Storage quota exceeded',
      bytesUsed: finalUsage.used,
      bytesRemaining: 0,
      ...(bytesFreed > 0 ? { bytesFreed } : {}),
    };
  }

  /** Writes `data` as JSON with the time of writing, the order cleanup goes by. */
  function setEntry<T>(key: string, data: T): StorageResult {
    const entry: TimestampedEntry<T> = { _timestamp: now(), data };
    return safeSetItem(key, JSON.stringify(entry));
  }

  function getItem(key: string): string | null {
    try {
      return storage().getItem(`${prefix}${key}`);
    } catch {
      return null;
    }
  }

  /** The data of a `setEntry` entry; null when missing, not JSON or not an entry. */
  function getEntry<T = unknown>(key: string): T | null {
    const raw = getItem(key);
    if (raw === null) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<TimestampedEntry<T>> | null;
      return parsed !== null && typeof parsed === 'object' && '_timestamp' in parsed
        ? (parsed.data ?? null)
        : null;
    } catch {
      return null;
    }
  }

  function removeItem(key: string): void {
    try {
      storage().removeItem(`${prefix}${key}`);
    } catch {
      // Nothing to remove from a storage that is not there.
    }
  }

  /** Check if localStorage is available. */
  function isStorageAvailable(): boolean {
    try {
      const test = '__storage_test__';
      storage().setItem(test, test);
      storage().removeItem(test);
      return true;
    } catch {
      return false;
    }
  }

  return {
    prefix,
    getStorageUsage,
    safeSetItem,
    setEntry,
    getItem,
    getEntry,
    removeItem,
    cleanupOldEntries,
    isStorageAvailable,
  };
}

export type QuotaStore = ReturnType<typeof createQuotaStore>;

/** The app's store on window.localStorage. */
export const quotaStore = createQuotaStore();
export const {
  getStorageUsage,
  safeSetItem,
  setEntry,
  getItem,
  getEntry,
  removeItem,
  cleanupOldEntries,
  isStorageAvailable,
} = quotaStore;
