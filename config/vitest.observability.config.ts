import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Runner config of the `observability` suite (hyvve-qa.config.ts): Node tests
// of /metrics (against HYVVE_BASE_URL), tracing (against reference-app
// instances the suite starts itself, exporting to its own OTLP receiver) and
// the Grafana dashboard template.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    name: "observability",
    include: ["suites/observability/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    // No module state to reset between files: one module cache per worker (why: vitest.ccr.config.ts).
    isolate: false,
    retry: 0,
  },
});
