import { vi, type Mock } from "vitest";
import type { QuotaStoreLogger } from "../../fixtures/reference-app/web/src/storage/quota-store.js";

// Test doubles for the unit level. The real browser's quota is proven in
// quota-store.browser.test.ts; here a Storage with a byte limit stands in for it.

/** A Storage that throws the browser's QuotaExceededError (a DOMException) once `limitBytes` would be exceeded. */
export class LimitedStorage implements Storage {
  private readonly items = new Map<string, string>();
  /** When set, every setItem throws it (e.g. a SecurityError in private mode). */
  failWith: Error | undefined;

  constructor(private readonly limitBytes: number) {}

  get length(): number {
    return this.items.size;
  }

  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.failWith) throw this.failWith;
    const current = this.items.get(key);
    const used = this.usedBytes() - (current === undefined ? 0 : (key.length + current.length) * 2);
    if (used + (key.length + value.length) * 2 > this.limitBytes) {
      throw new DOMException(
        "Failed to execute 'setItem' on 'Storage': the quota has been exceeded.",
        "QuotaExceededError",
      );
    }
    this.items.set(key, String(value));
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  clear(): void {
    this.items.clear();
  }

  usedBytes(): number {
    let used = 0;
    for (const [key, value] of this.items) used += (key.length + value.length) * 2;
    return used;
  }

  [name: string]: unknown;
}

type LogFn = QuotaStoreLogger["warn"];

export function recordingLogger(): { warn: Mock<LogFn>; error: Mock<LogFn> } {
  return { warn: vi.fn<LogFn>(), error: vi.fn<LogFn>() };
}

/** A stamped entry the way the store writes them. */
export function stamped(timestamp: number, payload = ""): string {
  return JSON.stringify({ _timestamp: timestamp, data: payload });
}
