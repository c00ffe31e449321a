// apps/web/src/test/setup.ts - runs before every test file (vitest setupFiles)
import { afterEach, beforeEach, vi } from 'vitest';

beforeEach(() => {
  // Every test starts from an empty, real jsdom localStorage.
  window.localStorage.clear();
  // Cleanup logs one debug line per evicted entry: keep test output readable.
  vi.spyOn(console, 'debug').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  window.localStorage.clear();
});
