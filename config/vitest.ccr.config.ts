import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Runner config of the `ccr` suite (hyvve-qa.config.ts): HTTP tests in Node
// against HYVVE_BASE_URL. Files run one at a time because some tests flip the
// reference app's fault switch, which is global to the app; inside a file the
// workspace-isolated tests run concurrently.
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    name: "ccr",
    include: ["suites/ccr/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    // Node HTTP tests whose modules hold no state worth resetting (the target is
    // read from env, each file sets up its own app or data in its hooks): one
    // module cache per worker instead of a fresh one per file halves vitest's
    // own CPU, which the main job shares with the browser suites (issue 14).
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // A retry would hide a flaky router; the suite must be deterministic.
    retry: 0,
  },
});
