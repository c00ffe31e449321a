/**
 * Playwright as a team has it: the package's own @playwright/test runs its
 * config (two copies would stop Playwright), only the named projects run,
 * the suite's files are Playwright's own filters, and a config that wants
 * Playwright's browser download, which is not there, is one E_ENV line that
 * says which browser and how to get it, not a stack trace per case.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SuiteConfig } from "../../src/config/schema.js";
import { fileFilters, playwrightCommand } from "../../src/runners/playwright.js";
import { describeTool, packageTool } from "../../src/setup/package-tools.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

/** A package folder with its own (fake) copy of a tool at `version`. */
function packageWith(name: string, version: string): string {
  const dir = tempDir();
  const tool = join(dir, "node_modules", ...name.split("/"));
  mkdirSync(tool, { recursive: true });
  writeFileSync(join(tool, "package.json"), JSON.stringify({ name, version }));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "web", private: true }));
  return dir;
}

describe("the package's own tools", () => {
  it("finds the suite folder's copy of a tool, else hyvve-qa's own", () => {
    const web = packageWith("@playwright/test", "9.8.7");
    const own = packageTool("@playwright/test", tempDir());
    expect(own.bundled).toBe(true);
    expect(packageTool("@playwright/test", web)).toEqual({
      dir: join(web, "node_modules", "@playwright", "test"),
      foundIn: join(web, "node_modules"),
      version: "9.8.7",
      bundled: false,
    });
    // Node's lookup goes up: a suite in apps/web/e2e meets apps/web's copy.
    const nested = join(web, "e2e");
    mkdirSync(nested);
    expect(packageTool("@playwright/test", nested).version).toBe("9.8.7");
    expect(
      describeTool("vitest", packageTool("vitest", packageWith("vitest", "3.2.4")), "/"),
    ).toMatch(/^vitest 3\.2\.4 \(.*\/node_modules\)$/);
  });

  it("runs the package's Playwright with its projects and the suite's files as filters", () => {
    const web = packageWith("@playwright/test", "9.8.7");
    const suite = {
      kind: "e2e",
      runner: "playwright",
      config: "playwright.config.ts",
      projects: ["chromium", "mobile"],
      files: ["e2e/tests/**/*.spec.ts", "e2e/tests/*.spec.ts", "smoke.spec.ts"],
      percy: false,
    } as SuiteConfig;
    const command = playwrightCommand({
      suite,
      cwd: web,
      outDir: "/tmp/out",
      env: {},
      shard: undefined,
    });
    expect(command.args[0]).toBe(join(web, "node_modules", "@playwright", "test", "cli.js"));
    expect(command.args).toContain(join(web, "playwright.config.ts"));
    expect(command.args).toEqual(
      expect.arrayContaining(["--project=chromium", "--project=mobile"]),
    );
    expect(fileFilters(suite.files)).toEqual(["e2e/tests", "smoke\\.spec\\.ts"]);
    expect(fileFilters(["**/*.spec.ts"])).toEqual([]);
  });
});

describe("a browser the config wants but the machine lacks", () => {
  it("is one E_ENV line naming the browser and how to get it (exit 2)", async () => {
    const out = tempDir();
    const r = await runCli(["run", "--out", out, "--no-history", "--no-baseline", "--ci"], {
      cwd: join(REPO, "test", "fixtures", "projects", "pw-own-browser"),
      // Playwright's downloads would live here: an empty folder.
      env: { PLAYWRIGHT_BROWSERS_PATH: tempDir() },
      timeout: 120_000,
    });
    expect(r.exitCode, r.all).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_ENV pw: @playwright\/test [\d.]+ \(\.\) wants the browser at \S+, which is not installed \(run `npx playwright install` in/m,
    );
    expect(r.all).not.toMatch(/^\s+at .*\.js:\d+/m);
  });
});
