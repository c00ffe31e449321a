import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import {
  createQuotaStore,
  DASHBOARD_STATE_KEY,
  entryBytes,
  isQuotaExceededError,
  STORAGE_PREFIX,
  type DashboardState,
  type QuotaStoreLogger,
} from "../../fixtures/reference-app/web/src/storage/quota-store.js";

// DM-09.8 in a real browser: the same store in Chromium (vitest browser mode,
// Playwright provider). Here localStorage is the browser's own, and filling it
// raises Chromium's real QuotaExceededError — the case a mocked storage
// cannot prove. Client-side faults come in through `provide` (HYVVE_FAULTS).

declare module "vitest" {
  export interface ProvidedContext {
    hyvveFaults: string;
  }
}

const KEY = (key: string) => `${STORAGE_PREFIX}${key}`;
const quietLogger = (): QuotaStoreLogger & { warnings: string[]; errors: string[] } => {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  };
};

interface Filled {
  keys: string[];
  /** Characters (keys + values) that the browser accepted. */
  chars: number;
  /** What the last, refused write threw. */
  error: unknown;
}

/**
 * Writes entries until the browser refuses even a 1 KiB one: big chunks first,
 * then smaller, so the storage ends up full to within a kilobyte.
 */
function fillLocalStorage(
  key: (i: number) => string,
  value: (i: number, size: number) => string,
): Filled {
  const keys: string[] = [];
  let chars = 0;
  let error: unknown;
  let i = 0;
  for (const size of [256 * 1024, 16 * 1024, 1024]) {
    for (;;) {
      const k = key(i);
      const v = value(i, size);
      try {
        localStorage.setItem(k, v);
      } catch (refused) {
        error = refused;
        break;
      }
      keys.push(k);
      chars += k.length + v.length;
      i++;
    }
  }
  return { keys, chars, error };
}

const stampedValue = (i: number, size: number) =>
  JSON.stringify({ _timestamp: 1_000 + i, data: "x".repeat(size) });

beforeEach(() => {
  localStorage.clear();
  const faults = inject("hyvveFaults");
  (globalThis as { __HYVVE_FAULTS__?: string }).__HYVVE_FAULTS__ = faults || undefined;
});
afterEach(() => localStorage.clear());

describe("Chromium localStorage", () => {
  it("raises the browser's own QuotaExceededError when full, which the store recognises", () => {
    const filled = fillLocalStorage(
      (i) => `other-app:${i}`,
      (_i, size) => "x".repeat(size),
    );
    expect(filled.error).toBeInstanceOf(DOMException);
    expect((filled.error as DOMException).name).toBe("QuotaExceededError");
    expect(isQuotaExceededError(filled.error)).toBe(true);
    // A real browser quota (megabytes), not an artificial one.
    expect(filled.chars).toBeGreaterThan(2 * 1024 * 1024);
    // The store's usage estimate counts what the browser holds, two bytes per character.
    expect(createQuotaStore({ logger: quietLogger() }).getStorageUsage().used).toBe(
      filled.chars * 2,
    );
  });

  it("stores, reads back and estimates usage through the real Storage", () => {
    const store = createQuotaStore({ quotaBytes: 10_000, logger: quietLogger() });
    const value = JSON.stringify({ data: "value" });
    expect(store.safeSetItem("k", value)).toMatchObject({ success: true, storedIn: "storage" });
    expect(localStorage.getItem(KEY("k"))).toBe(value);
    expect(store.getStorageUsage()).toEqual({
      used: entryBytes(KEY("k"), value),
      total: 10_000,
      percentage: entryBytes(KEY("k"), value) / 10_000,
    });
  });

  it("warns above 80% of the quota", () => {
    const logger = quietLogger();
    const store = createQuotaStore({ quotaBytes: 10_000, logger });
    localStorage.setItem("other", "x".repeat(4_095));
    expect(store.safeSetItem("small", "{}").warning).toMatch(/Storage at 8\d% capacity/);
    expect(logger.warnings).toContain("localStorage approaching quota");
  });

  it("reads corrupted or wrongly shaped dashboard state back as empty", () => {
    const store = createQuotaStore({ logger: quietLogger() });
    localStorage.setItem(KEY(DASHBOARD_STATE_KEY), "not-json");
    expect(store.loadDashboardState()).toBeNull();
    localStorage.setItem(KEY(DASHBOARD_STATE_KEY), JSON.stringify({ widgets: "not-an-array" }));
    expect(store.loadDashboardState()).toBeNull();
  });

  it("keeps the newest state in memory when the browser is full of entries it does not own", () => {
    const filled = fillLocalStorage(
      (i) => `other-app:${i}`,
      (_i, size) => "x".repeat(size),
    );
    expect(isQuotaExceededError(filled.error)).toBe(true);
    const logger = quietLogger();
    const store = createQuotaStore({ quotaBytes: Number.MAX_SAFE_INTEGER, logger });
    const state: DashboardState = {
      widgets: [{ id: "newest", collapsed: true, note: "n".repeat(64 * 1024) }],
    };
    let result: ReturnType<typeof store.saveDashboardState> | undefined;
    expect(() => (result = store.saveDashboardState(state))).not.toThrow();
    expect(result).toMatchObject({ success: true, storedIn: "memory" });
    expect(result!.warning).toMatch(/quota/i);
    expect(logger.errors).toContain("localStorage quota exceeded");
    expect(store.loadDashboardState()).toEqual(state);
    // Nothing that belongs to someone else was sacrificed.
    expect(localStorage.length).toBe(filled.keys.length);
  });

  it("falls back to memory when localStorage cannot be reached", () => {
    const store = createQuotaStore({
      storage: () => {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
      logger: quietLogger(),
    });
    const state: DashboardState = { widgets: [{ id: "w" }] };
    expect(store.saveDashboardState(state)).toMatchObject({ success: true, storedIn: "memory" });
    expect(store.loadDashboardState()).toEqual(state);
    expect(localStorage.getItem(KEY(DASHBOARD_STATE_KEY))).toBeNull();
  });

  describe("cleanup", () => {
    it("frees the oldest entries after a real QuotaExceededError and persists the newest state", () => {
      const filled = fillLocalStorage(
        (i) => KEY(`cache-${String(i).padStart(4, "0")}`),
        stampedValue,
      );
      expect(isQuotaExceededError(filled.error)).toBe(true);
      const logger = quietLogger();
      // No configured quota in the way: only the browser's own limit applies.
      const store = createQuotaStore({
        quotaBytes: Number.MAX_SAFE_INTEGER,
        now: () => 10_000_000,
        logger,
      });
      const state: DashboardState = {
        widgets: [{ id: "newest", collapsed: true, note: "n".repeat(200 * 1024) }],
        lastSeenAlertIds: ["a1"],
      };

      const result = store.saveDashboardState(state);
      expect(result).toMatchObject({ success: true, storedIn: "storage" });
      expect(result.warning).toMatch(/cleaned up/);
      expect(result.freedBytes).toBeGreaterThanOrEqual(
        entryBytes(KEY(DASHBOARD_STATE_KEY), JSON.stringify(state)),
      );

      // Oldest first: every removed entry is older than every one that is left.
      const removed = filled.keys.filter((key) => localStorage.getItem(key) === null);
      const kept = filled.keys.filter((key) => localStorage.getItem(key) !== null);
      expect(removed.length).toBeGreaterThan(0);
      expect(kept.length).toBeGreaterThan(0);
      expect(filled.keys.slice(0, removed.length)).toEqual(removed);
      expect(logger.warnings).toContain("localStorage cleanup removed old entries");

      // The newest state is in the browser's storage, readable after a reload.
      expect(createQuotaStore({ logger: quietLogger() }).loadDashboardState()).toEqual(state);
    });

    it("frees only as much as the write needs", () => {
      const filled = fillLocalStorage(
        (i) => KEY(`cache-${String(i).padStart(4, "0")}`),
        stampedValue,
      );
      expect(isQuotaExceededError(filled.error)).toBe(true);
      const store = createQuotaStore({
        quotaBytes: Number.MAX_SAFE_INTEGER,
        logger: quietLogger(),
      });
      const value = JSON.stringify({ _timestamp: 10_000_000, data: "y".repeat(8 * 1024) });
      const result = store.safeSetItem("fresh", value);
      expect(result).toMatchObject({ success: true, storedIn: "storage" });
      // The oldest entry is a 256 KiB chunk, more than the 8 KiB write needs: one removal is enough.
      expect(filled.keys.filter((key) => localStorage.getItem(key) === null)).toEqual([
        filled.keys[0],
      ]);
      expect(localStorage.getItem(KEY("fresh"))).toBe(value);
    });
  });
});
