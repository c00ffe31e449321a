/**
 * `hyvve-qa init` through the built CLI: --dry-run prints a config the
 * schema accepts with the fixture's five suites; init writes it and `list`
 * counts their files; an existing config is refused (exit 2) unless
 * --force; an empty folder is a usage error.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createJiti } from "jiti";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../src/config/schema.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";
import { INIT_MONOREPO } from "./tree.js";

/** The config text, loaded as `list` would load it, and parsed by the schema. */
async function loadText(text: string) {
  const dir = tempDir();
  writeFileSync(join(dir, "hyvve-qa.config.ts"), text);
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    alias: { "hyvve-qa": join(REPO, "src", "index.ts") },
  });
  return configSchema.parse(await jiti.import(join(dir, "hyvve-qa.config.ts"), { default: true }));
}

/** A copy of the monorepo fixture to write into. */
function monorepoCopy(): string {
  const dir = tempDir();
  cpSync(INIT_MONOREPO, dir, { recursive: true });
  return dir;
}

describe("hyvve-qa init", () => {
  it("--dry-run prints a valid config of the five suites and writes nothing", async () => {
    const r = await runCli(["init", "--dry-run", "--dir", INIT_MONOREPO]);
    expect(r.exitCode, r.all).toBe(0);
    expect(existsSync(join(INIT_MONOREPO, "hyvve-qa.config.ts"))).toBe(false);
    const config = await loadText(r.stdout);
    const s = config.suites;
    expect(Object.keys(s)).toEqual(["ccr", "e2e", "load", "quota", "visual"]);
    expect(s.e2e).toMatchObject({
      kind: "e2e",
      runner: "playwright",
      cwd: "apps/web",
      config: "playwright.config.ts",
      projects: ["chromium"],
      percy: false,
      env: {
        AUTH_TOKEN: "{token}",
        BASE_URL: "{url}",
        WEB_URL: "{url.web}",
        WORKSPACE_ID: "{workspace}",
      },
    });
    expect(s.visual).toMatchObject({
      kind: "visual",
      runner: "playwright",
      projects: ["visual"],
      percy: true,
      files: ["src/components/__visual_tests__/**/*.visual.ts"],
    });
    expect(s.quota).toMatchObject({
      kind: "quota",
      runner: "vitest",
      cwd: "apps/web",
      config: "vitest.config.ts",
    });
    expect(s.load).toMatchObject({
      kind: "load",
      runner: "k6",
      cwd: "tests/load",
      files: ["k6/a2a-endpoints.js", "k6/ccr-routing.js", "k6/dashboard-flow.js"],
      exclusive: true,
      env: { BASE_URL: "{url}", AUTH_TOKEN: "{token}", ENVIRONMENT: "{env}" },
    });
    expect(s.ccr).toMatchObject({
      kind: "ccr",
      runner: "pytest",
      cwd: "agents",
      files: ["tests/**/test_*.py"],
      env: { CCR_URL: "{url.ccr}", CCR_TEST_WORKSPACE: "{workspace}" },
    });
    expect(r.stderr).toMatch(/^found 5 suites:$/m);
    expect(r.stderr).toContain(
      "tests/load/k6/config.js: a k6 helper (no default export, no scenarios), not a suite",
    );
    expect(r.stderr).toContain("(--dry-run: nothing written)");
  });

  it("writes the config, and `list` counts every suite's files", async () => {
    const dir = monorepoCopy();
    const r = await runCli(["init"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(r.stdout).toContain(`wrote ${join(dir, "hyvve-qa.config.ts")}`);
    const dry = await runCli(["init", "--dry-run"], { cwd: dir });
    // execa drops the final newline of what it captured.
    expect(readFileSync(join(dir, "hyvve-qa.config.ts"), "utf8")).toBe(`${dry.stdout}\n`);
    const list = await runCli(["list", "--json"], { cwd: dir });
    expect(list.exitCode, list.all).toBe(0);
    const rows = JSON.parse(list.stdout) as { name: string; runner: string; files: number }[];
    expect(rows.map((row) => [row.name, row.runner, row.files])).toEqual([
      ["ccr", "pytest", 4],
      ["e2e", "playwright", 3],
      ["load", "k6", 3],
      ["quota", "vitest", 2],
      ["visual", "playwright", 2],
    ]);
  });

  it("refuses to overwrite a config (exit 2, file intact); --force replaces it atomically", async () => {
    const dir = monorepoCopy();
    const path = join(dir, "hyvve-qa.config.ts");
    writeFileSync(path, "// mine\nexport default { suites: {} };\n");
    const again = await runCli(["init"], { cwd: dir });
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe(
      `hyvve-qa: E_USAGE hyvve-qa.config.ts already exists in ${dir}; init does not overwrite it\n` +
        "  hint: pass --force to replace it, or --dry-run to print the new config",
    );
    expect(readFileSync(path, "utf8")).toBe("// mine\nexport default { suites: {} };\n");
    const forced = await runCli(["init", "--force"], { cwd: dir });
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(path, "utf8")).toMatch(/^\/\/ hyvve-qa\.config\.ts, written by/);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("an empty folder is a usage error saying what it looked for", async () => {
    const dir = tempDir();
    const r = await runCli(["init", "--dir", dir]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_USAGE no suite found in .+: looked for Playwright configs/,
    );
    expect(r.stderr).toContain("  hint: run init from the repo root, or pass --dir DIR");
    expect(readdirSync(dir)).toEqual([]);
  });
});
