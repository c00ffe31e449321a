/**
 * The everyday loop's one browser run (the rest: everyday.test.ts): --grep
 * through Playwright's own filter, on the repo's e2e suite in real Chromium.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { hostEnv, runCli, tempDir } from "../helpers/cli.js";

function readRun(dir: string): RunResult {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunResult;
}

function suiteOf(result: RunResult, name: string): SuiteResult {
  const found = result.suites.find((s) => s.name === name);
  if (!found) throw new Error(`suite ${name} missing from run.json`);
  return found;
}

describe("run --grep", () => {
  it(
    "Playwright: the repo's e2e suite runs only the cases whose title matches (--grep)",
    { timeout: 900_000 },
    async () => {
      const out = tempDir();
      const r = await runCli(
        [
          "run",
          "e2e",
          "--grep",
          "approves an item",
          "--ci",
          "--no-baseline",
          "--no-history",
          "--out",
          out,
        ],
        {
          env: hostEnv("CHROMIUM_PATH", "PLAYWRIGHT_BROWSERS_PATH"),
          timeout: 240_000,
        },
      );
      expect(existsSync(join(out, "run.json")), r.all).toBe(true);
      const e2e = suiteOf(readRun(out), "e2e");
      expect(e2e.cases.length, r.all).toBeGreaterThan(0);
      for (const c of e2e.cases) expect(c.title).toMatch(/approves an item/i);
      // The flow runs mocked and live; nothing else of the suite ran.
      expect(e2e.cases.map((c) => c.titlePath.includes("live")).sort()).toEqual([false, true]);
      expect(r.exitCode, r.all).toBe(0);
    },
  );
});
