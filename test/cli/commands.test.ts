/**
 * The smaller commands and flags: `--changed`, `hook install`, `doctor`, and
 * the refusal to load-test production.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { filterChanged, type PlannedSuite } from "../../src/plan/plan.js";
import { matchesAny } from "../../src/cli/git.js";
import type { SuiteConfig } from "../../src/config/schema.js";
import { runCli, tempDir } from "../helpers/cli.js";

function planned(name: string, files: string[]): PlannedSuite {
  return {
    name,
    suite: { kind: "e2e", runner: "vitest", files, timeout: 1000, exclusive: false } as SuiteConfig,
  };
}

describe("--changed", () => {
  const suites = [
    planned("e2e", ["suites/e2e/**/*.spec.ts"]),
    planned("load", ["suites/load/*.ts"]),
  ];

  it("keeps the suites whose own files changed", () => {
    expect(
      filterChanged(suites, ["suites/load/a2a-endpoints.ts", "README.md"], matchesAny).map(
        (s) => s.name,
      ),
    ).toEqual(["load"]);
    expect(filterChanged(suites, ["README.md"], matchesAny)).toEqual([]);
  });

  it("keeps every suite when something they share changed", () => {
    for (const shared of [
      "fixtures/auth/auth.ts",
      "config/playwright.shared.ts",
      "src/cli/main.ts",
      "hyvve-qa.config.ts",
    ]) {
      expect(filterChanged(suites, [shared], matchesAny)).toHaveLength(2);
    }
  });

  it("runs nothing and says so when no suite is touched", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "hyvve-qa.config.mjs"),
      `export default { suites: { unit: { kind: "external", runner: "command", command: ["node", "-e", "process.exit(3)"], files: ["tests/**"] } } };`,
    );
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q", "-b", "main");
    git("add", "hyvve-qa.config.mjs"); // committed: a changed config alone would select every suite
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "base");
    writeFileSync(join(dir, "notes.txt"), "not a test\n");
    const r = await runCli(["run", "--changed", "--ci", "--base-url", inject("refUrl")], {
      cwd: dir,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("no suites to run");
  });
});

describe("hook install", () => {
  it("installs an executable pre-push hook, idempotently, and never overwrites a foreign one", async () => {
    const dir = tempDir();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const r = await runCli(["hook", "install"], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const hook = join(dir, ".git", "hooks", "pre-push");
    expect(readFileSync(hook, "utf8")).toContain("hyvve-qa run --profile smoke");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect((await runCli(["hook", "install"], { cwd: dir })).exitCode).toBe(0);

    writeFileSync(hook, "#!/bin/sh\necho mine\n");
    const foreign = await runCli(["hook", "install"], { cwd: dir });
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr).toContain("already exists and was not written by hyvve-qa");
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\necho mine\n");
  });

  it("says so outside a git repository", async () => {
    const r = await runCli(["hook", "install"], { cwd: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("not inside a git repository");
  });
});

describe("doctor", () => {
  it("names each tool it found, and a fix for what is missing", async () => {
    const r = await runCli(["doctor"]);
    for (const tool of ["node", "chromium", "reference app", "go", "k6", "percy"]) {
      expect(r.stdout).toMatch(new RegExp(`^(ok  |MISS) ${tool}\\b`, "m"));
    }
    // On this project's machines (after setup) everything is there.
    expect(r.stdout).toMatch(/^ok {3}k6 +v2\./m);
    expect(r.exitCode).toBe(0);
    const missing = await runCli(["doctor"], { env: { HYVVE_K6: "/nonexistent/k6" } });
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toMatch(/^MISS k6/m);
    expect(missing.stdout).toMatch(/fix: /);
  });
});

describe("production safety", () => {
  it("refuses a load run against an environment marked production without --allow-production", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "hyvve-qa.config.mjs"),
      `export default { environments: { staging: { baseUrl: "http://127.0.0.1:9", production: true } }, suites: { load: { kind: "load", runner: "k6", files: ["*.ts"] } } };`,
    );
    const r = await runCli(["run", "load", "--env", "staging"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("refusing to run load tests against production");
    const prod = await runCli(["run", "load", "--env", "production"], { cwd: dir });
    expect(prod.exitCode).toBe(2);
    expect(prod.stderr).toContain("--allow-production");
  });
});
