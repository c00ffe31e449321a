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
    // Node HTTP tests whose modules hold no state worth resetting (the target is
    // read from env, each file sets up its own app or data in its hooks): one
    // module cache per worker instead of a fresh one per file halves vitest's
    // own CPU, which the main job shares with the browser suites (issue 14).
    isolate: false,
    retry: 0,
  },
});
