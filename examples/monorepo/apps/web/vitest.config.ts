// apps/web/vitest.config.ts - unit tests (spec DM-09.8: localStorage quota handling)
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/__tests__/**/*.test.ts'],
    // jsdom's localStorage keeps its real quota (5,000,000 UTF-16 code units per origin, like browsers).
    environmentOptions: { jsdom: { url: 'http://localhost:3000/' } },
  },
});
