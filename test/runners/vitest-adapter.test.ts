/** The vitest adapter: a real vitest run, read back from its JUnit output. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

it("runs vitest with its JUnit reporter and maps passed, failed and skipped cases", async () => {
  const out = tempDir();
  const cwd = join(REPO, "test", "fixtures", "projects", "vitest-suite");
  const r = await runCli(["run", "--out", out, "--ci", "--base-url", inject("refUrl")], { cwd });
  expect(r.exitCode).toBe(1);
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
  const suite = run.suites[0]!;
  expect(suite).toMatchObject({ name: "unit", runner: "vitest", status: "failed" });
  const status = Object.fromEntries(suite.cases.map((c) => [c.title, c.status]));
  expect(status).toEqual({
    adds: "passed",
    "is skipped on purpose": "skipped",
    "breaks on purpose": "failed",
  });
  const broken = suite.cases.find((c) => c.title === "breaks on purpose")!;
  expect(broken.failure?.message).toContain("expected 4 to be 5");
  expect(broken.titlePath).toContain("math");
  expect(r.stdout).toContain("unit › ");
});
