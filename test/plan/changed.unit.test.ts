/**
 * `--changed` without git: the import graph of a small project and which
 * suites a list of changed files selects, and why. The project
 * (test/fixtures/projects/changed/) has alpha and beta sharing
 * suites/shared/helper.ts (which imports deep.ts), and gamma with its own
 * runner config (tools/vitest.gamma.config.ts → gamma-options.ts).
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/read.js";
import type { Config } from "../../src/config/schema.js";
import { selectChangedSuites, type ChangeSet } from "../../src/plan/changed.js";
import { createImportGraph } from "../../src/plan/import-graph.js";
import { selectSuites } from "../../src/plan/plan.js";
import { REPO, tempDir } from "../helpers/cli.js";

const PROJECT = join(REPO, "test", "fixtures", "projects", "changed");

let config: Config;
beforeAll(async () => {
  config = (await loadConfig(PROJECT)).config;
});

async function select(changes: ChangeSet | string[], rootDir = PROJECT, cfg = () => config) {
  const set = Array.isArray(changes) ? { files: changes, base: "main" } : changes;
  const all = selectSuites(cfg(), []);
  const r = await selectChangedSuites(cfg(), rootDir, all, set);
  return {
    names: r.suites.map((s) => s.name),
    reasons: Object.fromEntries(r.reasons),
    note: r.note,
  };
}

describe("createImportGraph", () => {
  it("follows static, re-exported and dynamic imports transitively, inside the repo only", async () => {
    const graph = await createImportGraph(PROJECT);
    expect([...graph.closure(["suites/alpha/one.check.ts"]).files].sort()).toEqual([
      "suites/alpha/one.check.ts",
      "suites/shared/deep.ts",
      "suites/shared/helper.ts",
    ]);
    expect([...graph.closure(["suites/beta/two.check.ts"]).files].sort()).toEqual([
      "suites/beta/lazy.ts",
      "suites/beta/two.check.ts",
      "suites/shared/deep.ts",
      "suites/shared/helper.ts",
    ]);
  });

  it("keeps the paths an import that does not resolve (a deleted file) may have meant", async () => {
    const dir = tempDir();
    cpSync(PROJECT, dir, { recursive: true });
    rmSync(join(dir, "suites", "shared", "helper.ts"));
    const { files, missing } = (await createImportGraph(dir)).closure([
      "suites/alpha/one.check.ts",
    ]);
    expect([...files]).toEqual(["suites/alpha/one.check.ts"]);
    expect(missing).toContain("suites/shared/helper.ts");
    expect(missing).toContain("suites/shared/helper.js");
  });

  it("ignores package imports (node_modules, node: builtins)", async () => {
    const graph = await createImportGraph(REPO);
    const deps = [...graph.closure(["config/playwright.e2e.config.ts"]).files];
    expect(deps).toContain("config/playwright.shared.ts");
    expect(deps).toContain("src/setup/chromium.ts");
    expect(deps.some((f) => f.includes("node_modules"))).toBe(false);
  });
});

describe("selectChangedSuites", () => {
  it("a shared helper selects every suite that imports it, directly or transitively", async () => {
    const r = await select(["suites/shared/helper.ts"]);
    expect(r.names).toEqual(["alpha", "beta"]);
    expect(r.reasons["alpha"]).toBe("imports suites/shared/helper.ts (changed)");
    expect((await select(["suites/shared/deep.ts"])).names).toEqual(["alpha", "beta"]);
  });

  it("one spec selects its suite alone", async () => {
    const r = await select(["suites/alpha/one.check.ts"]);
    expect(r.names).toEqual(["alpha"]);
    expect(r.reasons).toEqual({ alpha: "suites/alpha/one.check.ts changed" });
  });

  it("a dynamically imported module selects its importer", async () => {
    expect((await select(["suites/beta/lazy.ts"])).names).toEqual(["beta"]);
  });

  it("a suite's runner config, what it imports and the files its command names select it", async () => {
    expect((await select(["tools/vitest.gamma.config.ts"])).names).toEqual(["gamma"]);
    expect((await select(["tools/gamma-options.ts"])).reasons).toEqual({
      gamma: "imports tools/gamma-options.ts (changed)",
    });
    expect((await select(["tools/beta-runner.mjs"])).names).toEqual(["beta"]);
  });

  it("a file in a suite's own folder that nothing imports selects that suite", async () => {
    const r = await select(["suites/alpha/data/sample.json"]);
    expect(r.names).toEqual(["alpha"]);
    expect(r.reasons["alpha"]).toBe("suites/alpha/data/sample.json changed (in suites/alpha/)");
  });

  it.each([
    "package-lock.json",
    "package.json",
    "hyvve-qa.config.mjs",
    "fixtures/x.ts",
    "config/x.ts",
    "src/cli/main.ts",
    "tsconfig.json",
    ".ci/setup.sh",
  ])("%s selects every suite, and says so", async (file) => {
    const r = await select(["suites/alpha/one.check.ts", file]);
    // The fixture has no src/, config/…: those read as deleted, which selects every suite alike.
    const why = `${file} ${existsSync(join(PROJECT, file)) ? "changed" : "deleted"}: selects every suite`;
    expect(r.names).toEqual(["alpha", "beta", "gamma"]);
    expect(r.reasons["beta"]).toBe(why);
    expect(r.note).toBe(why);
  });

  it.each(["scripts/release.sh", "suites/shared/unused.ts", "suites/alpha-old/x.ts", "my-src/x"])(
    "a file no suite depends on (%s) selects every suite",
    async (file) => {
      const r = await select([file]);
      expect(r.names).toEqual(["alpha", "beta", "gamma"]);
      expect(r.reasons["gamma"]).toBe(
        `${file} is not attributed to any suite: selects every suite`,
      );
    },
  );

  it("files that cannot affect a suite (the ignore list) select none", async () => {
    const r = await select(["README.md", "docs/guide.md", "test/x.test.ts", ".github/ci.yml"]);
    expect(r.names).toEqual([]);
    expect(r.note).toMatch(/no suite depends on the 4 changed files/);
    expect((await select([])).names).toEqual([]);
  });

  it("the ignore list is the config's changed.ignore", async () => {
    const custom = () => ({ ...config, changed: { ignore: ["scripts/**"] } });
    expect((await select(["scripts/release.sh"], PROJECT, custom)).names).toEqual([]);
    expect((await select(["README.md"], PROJECT, custom)).names).toEqual([
      "alpha",
      "beta",
      "gamma",
    ]);
  });

  it("unknown changes (no merge base, no git) select every suite with the reason", async () => {
    const unknown = "no merge base with main (shallow clone?): running every suite";
    const r = await select({ unknown });
    expect(r.names).toEqual(["alpha", "beta", "gamma"]);
    expect(r.reasons["alpha"]).toBe(unknown);
    expect(r.note).toBe(unknown);
  });

  it("only the planned suites can be selected, but every suite's files count as attributed", async () => {
    const r = await selectChangedSuites(config, PROJECT, selectSuites(config, ["gamma"]), {
      files: ["suites/alpha/one.check.ts"],
    });
    expect(r.suites).toEqual([]);
  });

  describe("a deleted file", () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir();
      cpSync(PROJECT, dir, { recursive: true });
      rmSync(join(dir, "suites", "shared", "helper.ts"));
    });

    it("selects the suites that imported it", async () => {
      const r = await select(["suites/shared/helper.ts"], dir);
      expect(r.names).toEqual(["alpha", "beta"]);
      expect(r.reasons["beta"]).toBe("imports suites/shared/helper.ts (deleted)");
    });

    it("that nothing imports any more selects every suite", async () => {
      rmSync(join(dir, "suites", "shared", "deep.ts"));
      const r = await select(["suites/shared/deep.ts"], dir);
      expect(r.names).toEqual(["alpha", "beta", "gamma"]);
    });
  });
});
