import { defineConfig } from "vitest/config";

// `npm run test:unit`: the tests of pure functions (test/unit/), straight
// from src/ — no build, no reference app, no browsers, no k6. Seconds, for
// the edit-test loop; `npm test` still runs everything.
export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts"],
    maxWorkers: 2,
  },
});
