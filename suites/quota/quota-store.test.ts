import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  createQuotaStore,
  DASHBOARD_STATE_KEY,
  entryBytes,
  STORAGE_PREFIX,
  type DashboardState,
} from "../../fixtures/reference-app/web/src/storage/quota-store.js";
import { LimitedStorage, recordingLogger, stamped } from "./storage-doubles.js";

// DM-09.8 at unit level: the reference web app's quota-aware store, imported
// as the app ships it, in a DOM environment (happy-dom). The
// `quota-cleanup-disabled` fault reaches the store through HYVVE_FAULTS, so
// the cleanup cases below fail when cleanup is broken.

const KEY = (key: string) => `${STORAGE_PREFIX}${key}`;

beforeEach(() => localStorage.clear());
afterEach(() => vi.restoreAllMocks());

describe("safe set", () => {
  it("stores a prefixed value in localStorage and reads it back", () => {
    const logger = recordingLogger();
    const store = createQuotaStore({ logger });
    const value = JSON.stringify({ data: "value" });
    const result = store.safeSetItem("test-key", value);
    expect(result).toMatchObject({ success: true, storedIn: "storage" });
    expect(result.error).toBeUndefined();
    expect(result.warning).toBeUndefined();
    expect(localStorage.getItem(KEY("test-key"))).toBe(value);
    expect(store.getItem("test-key")).toBe(value);
    expect(result.bytesUsed).toBe(entryBytes(KEY("test-key"), value));
    expect(result.bytesRemaining).toBe(5 * 1024 * 1024 - entryBytes(KEY("test-key"), value));
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it("answers 'Storage quota exceeded' without throwing when a value can never fit", () => {
    const logger = recordingLogger();
    const store = createQuotaStore({
      storage: new LimitedStorage(1_000_000),
      quotaBytes: 1_000,
      logger,
    });
    const result = store.safeSetItem("huge", "x".repeat(2_000));
    expect(result).toMatchObject({ success: false, storedIn: "memory", bytesRemaining: 0 });
    expect(result.error).toMatch(/quota/i);
    expect(logger.error).toHaveBeenCalledWith("localStorage quota exceeded", expect.any(Object));
  });
});

describe("usage estimate", () => {
  it("counts two bytes per UTF-16 code unit of every key and value, owned or not", () => {
    localStorage.setItem("key1", "value1");
    localStorage.setItem("other-app:key2", "välue2");
    const store = createQuotaStore({ quotaBytes: 1_000 });
    store.safeSetItem("mine", "abc");
    const usage = store.getStorageUsage();
    const expected = (4 + 6) * 2 + (14 + 6) * 2 + (KEY("mine").length + 3) * 2;
    expect(usage).toEqual({ used: expected, total: 1_000, percentage: expected / 1_000 });
  });
});

describe("warning above 80%", () => {
  it("warns on a write that leaves storage above 80% of the quota", () => {
    const logger = recordingLogger();
    const store = createQuotaStore({ quotaBytes: 10_000, logger });
    localStorage.setItem("other", "x".repeat(4_095)); // 8,200 bytes: 82%
    const result = store.safeSetItem("small", JSON.stringify({ data: "small" }));
    expect(result.success).toBe(true);
    expect(result.warning).toMatch(/Storage at 8\d% capacity/);
    expect(logger.warn).toHaveBeenCalledWith(
      "localStorage approaching quota",
      expect.objectContaining({ percentage: 0.82 }),
    );
  });

  it("does not warn below the threshold", () => {
    const logger = recordingLogger();
    const store = createQuotaStore({ quotaBytes: 10_000, logger });
    localStorage.setItem("other", "x".repeat(3_495)); // 7,000 bytes: 70%
    const result = store.safeSetItem("small", JSON.stringify({ data: "small" }));
    expect(result.success).toBe(true);
    expect(result.warning).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});

describe("cleanup", () => {
  it("removes the oldest entries first", () => {
    localStorage.setItem(KEY("newest"), stamped(3000));
    localStorage.setItem(KEY("oldest"), stamped(1000));
    localStorage.setItem(KEY("middle"), stamped(2000));
    const freed = createQuotaStore({ logger: recordingLogger() }).cleanupOldEntries(1);
    expect(freed).toBe(entryBytes(KEY("oldest"), stamped(1000)));
    expect(localStorage.getItem(KEY("oldest"))).toBeNull();
    expect(localStorage.getItem(KEY("middle"))).not.toBeNull();
    expect(localStorage.getItem(KEY("newest"))).not.toBeNull();
  });

  it("stops as soon as enough is freed", () => {
    for (const [key, time] of [
      ["item1", 1000],
      ["item2", 2000],
      ["item3", 3000],
    ] as const) {
      localStorage.setItem(KEY(key), stamped(time, "x".repeat(50)));
    }
    const one = entryBytes(KEY("item1"), stamped(1000, "x".repeat(50)));
    const store = createQuotaStore({ logger: recordingLogger() });
    expect(store.cleanupOldEntries(one)).toBe(one);
    expect(localStorage.getItem(KEY("item1"))).toBeNull();
    expect(localStorage.getItem(KEY("item2"))).not.toBeNull();
    expect(localStorage.getItem(KEY("item3"))).not.toBeNull();
    // One byte more than an entry needs the next oldest too, and no more.
    expect(store.cleanupOldEntries(1)).toBe(one);
    expect(localStorage.getItem(KEY("item2"))).toBeNull();
    expect(localStorage.getItem(KEY("item3"))).not.toBeNull();
  });

  it("treats non-JSON entries as the oldest", () => {
    localStorage.setItem(KEY("json"), stamped(1));
    localStorage.setItem(KEY("plain"), "plain-text-value");
    const freed = createQuotaStore({ logger: recordingLogger() }).cleanupOldEntries(1);
    expect(freed).toBe(entryBytes(KEY("plain"), "plain-text-value"));
    expect(localStorage.getItem(KEY("plain"))).toBeNull();
    expect(localStorage.getItem(KEY("json"))).not.toBeNull();
  });

  it("never removes entries it does not own", () => {
    localStorage.setItem("other-app:settings", stamped(1));
    localStorage.setItem(KEY("mine"), stamped(2));
    createQuotaStore({ logger: recordingLogger() }).cleanupOldEntries(1_000_000);
    expect(localStorage.getItem("other-app:settings")).not.toBeNull();
  });

  it("makes room at the configured quota by removing the oldest entries, then writes", () => {
    const logger = recordingLogger();
    const store = createQuotaStore({ quotaBytes: 4_000, logger });
    for (let i = 1; i <= 3; i++)
      localStorage.setItem(KEY(`old-${i}`), stamped(i * 1000, "x".repeat(500)));
    const value = stamped(9000, "y".repeat(800));
    const result = store.safeSetItem("new-key", value);
    expect(result).toMatchObject({ success: true, storedIn: "storage" });
    expect(result.warning).toMatch(/cleaned up/);
    expect(result.freedBytes).toBeGreaterThan(0);
    expect(localStorage.getItem(KEY("old-1"))).toBeNull();
    expect(localStorage.getItem(KEY("old-3"))).not.toBeNull();
    expect(localStorage.getItem(KEY("new-key"))).toBe(value);
    expect(store.getStorageUsage().used).toBeLessThanOrEqual(4_000);
  });

  it("cleans up and retries once when the storage itself throws QuotaExceededError", () => {
    const storage = new LimitedStorage(4_000);
    const store = createQuotaStore({
      storage,
      quotaBytes: 1_000_000_000,
      logger: recordingLogger(),
    });
    for (let i = 1; i <= 3; i++)
      storage.setItem(KEY(`old-${i}`), stamped(i * 1000, "x".repeat(500)));
    const setItem = vi.spyOn(storage, "setItem");
    const value = stamped(9000, "y".repeat(800));
    const result = store.safeSetItem("new-key", value);
    expect(result).toMatchObject({ success: true, storedIn: "storage" });
    expect(result.warning).toMatch(/cleaned up/);
    expect(setItem.mock.calls.filter(([key]) => key === KEY("new-key"))).toHaveLength(2);
    expect(storage.getItem(KEY("old-1"))).toBeNull();
    expect(storage.getItem(KEY("old-3"))).not.toBeNull();
    expect(storage.getItem(KEY("new-key"))).toBe(value);
  });

  it("never loses the newest dashboard state to cleanup", () => {
    let clock = 1000;
    const storage = new LimitedStorage(6_000);
    const store = createQuotaStore({ storage, now: () => clock, logger: recordingLogger() });
    expect(store.saveDashboardState({ widgets: [{ id: "old", collapsed: false }] }).storedIn).toBe(
      "storage",
    );
    for (let i = 1; i <= 4; i++)
      storage.setItem(KEY(`cache-${i}`), stamped(1000 + i, "x".repeat(500)));
    clock = 9000;
    const newest: DashboardState = {
      widgets: [{ id: "new", collapsed: true, note: "z".repeat(900) }],
      lastSeenAlertIds: ["alert-1"],
    };
    const result = store.saveDashboardState(newest);
    expect(result).toMatchObject({ success: true, storedIn: "storage" });
    expect(result.freedBytes).toBeGreaterThan(0);
    expect(store.loadDashboardState()).toEqual(newest);
    // Read back from storage by a fresh store, as after a reload.
    expect(createQuotaStore({ storage, logger: recordingLogger() }).loadDashboardState()).toEqual(
      newest,
    );
  });
});

describe("in-memory fallback", () => {
  it("keeps everything in memory when storage is unavailable", () => {
    const store = createQuotaStore({
      storage: () => {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
      logger: recordingLogger(),
    });
    expect(store.isStorageAvailable()).toBe(false);
    const result = store.safeSetItem("k", "v");
    expect(result).toMatchObject({ success: false, storedIn: "memory" });
    expect(result.warning).toMatch(/memory/);
    expect(store.getItem("k")).toBe("v");
    const state: DashboardState = { widgets: [{ id: "test" }] };
    const saved = store.saveDashboardState(state);
    expect(saved.success).toBe(true);
    expect(saved.warning).toMatch(/memory/);
    expect(store.loadDashboardState()).toEqual(state);
  });

  it("falls back to memory when setItem throws something other than a quota error", () => {
    const storage = new LimitedStorage(1_000_000);
    storage.failWith = new Error("Storage unavailable");
    const logger = recordingLogger();
    const store = createQuotaStore({ storage, logger });
    const state: DashboardState = { widgets: [{ id: "test" }] };
    const result = store.saveDashboardState(state);
    expect(result.success).toBe(true);
    expect(result.storedIn).toBe("memory");
    expect(result.warning).toMatch(/memory/);
    expect(logger.warn).toHaveBeenCalled();
    expect(store.loadDashboardState()).toEqual(state);
  });
});

describe("dashboard state", () => {
  it("round-trips through localStorage", () => {
    const state: DashboardState = {
      widgets: [{ id: "w1", collapsed: true }, { id: "w2" }],
      lastSeenAlertIds: ["a1", "a2"],
    };
    const store = createQuotaStore({ now: () => 42, logger: recordingLogger() });
    expect(store.saveDashboardState(state)).toMatchObject({ success: true, storedIn: "storage" });
    expect(JSON.parse(localStorage.getItem(KEY(DASHBOARD_STATE_KEY))!)).toMatchObject({
      ...state,
      _timestamp: 42,
    });
    expect(createQuotaStore({ logger: recordingLogger() }).loadDashboardState()).toEqual(state);
  });

  it("reads state that is not JSON back as empty", () => {
    localStorage.setItem(KEY(DASHBOARD_STATE_KEY), "not-json");
    expect(createQuotaStore({ logger: recordingLogger() }).loadDashboardState()).toBeNull();
  });

  it.each([
    ["widgets is not an array", { widgets: "not-an-array" }],
    ["a widget has no id", { widgets: [{ collapsed: true }] }],
    ["the state is an array", [{ id: "w1" }]],
    [
      "too many seen alerts",
      { widgets: [], lastSeenAlertIds: Array.from({ length: 51 }, (_, i) => `a${i}`) },
    ],
  ])("reads wrongly shaped state back as empty: %s", (_label, shape) => {
    localStorage.setItem(KEY(DASHBOARD_STATE_KEY), JSON.stringify(shape));
    const logger = recordingLogger();
    expect(createQuotaStore({ logger }).loadDashboardState()).toBeNull();
    expect(logger.warn).toHaveBeenCalledWith(
      "Ignoring corrupted dashboard state in localStorage",
      expect.any(Object),
    );
  });

  it("logs and keeps the newest state in memory when the quota is exceeded and nothing can be freed", () => {
    const logger = recordingLogger();
    const storage = new LimitedStorage(10_000_000);
    const store = createQuotaStore({ storage, logger, now: () => 5 });
    expect(store.saveDashboardState({ widgets: [{ id: "older" }] }).storedIn).toBe("storage");
    storage.failWith = new DOMException("Quota exceeded", "QuotaExceededError");
    const largeState: DashboardState = {
      widgets: Array.from({ length: 100 }, (_, i) => ({
        id: `w${i}`,
        data: { large: "x".repeat(1_000) },
      })),
    };
    let result: ReturnType<typeof store.saveDashboardState> | undefined;
    expect(() => (result = store.saveDashboardState(largeState))).not.toThrow();
    expect(result!.success).toBe(true);
    expect(result!.warning).toMatch(/quota/i);
    expect(logger.warn).toHaveBeenCalled();
    expect(store.loadDashboardState()).toEqual(largeState);
    expect(logger.error).toHaveBeenCalledWith("localStorage quota exceeded", expect.any(Object));
  });
});
