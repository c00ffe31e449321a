/**
 * Discovery (src/init/discover.ts and the discoverers) on the monorepo
 * fixture, then one rule at a time on small repos: Playwright projects,
 * vitest includes, k6 scripts and helpers, pytest roots, skipped folders.
 */
import { describe, expect, it } from "vitest";
import { discover } from "../../src/init/discover.js";
import { PLAYWRIGHT_DEFAULT_MATCH, regexToGlob } from "../../src/init/playwright.js";
import { INIT_MONOREPO, tree } from "./tree.js";

/** The suites by name, with the keys the config gets. */
async function suites(root: string) {
  const d = await discover(root);
  return Object.fromEntries(d.suites.map((s) => [s.name, s]));
}

describe("the monorepo fixture", () => {
  it("finds the five suites with their runner, folder, files, projects, Percy and env", async () => {
    const s = await suites(INIT_MONOREPO);
    expect(Object.keys(s)).toEqual(["ccr", "e2e", "load", "quota", "visual"]);
    expect(s.e2e).toMatchObject({
      kind: "e2e",
      runner: "playwright",
      cwd: "apps/web",
      config: "playwright.config.ts",
      projects: ["chromium"],
      files: [`e2e/tests/${PLAYWRIGHT_DEFAULT_MATCH}`],
      env: {
        AUTH_TOKEN: "{token}",
        BASE_URL: "{url}",
        WEB_URL: "{url.web}",
        WORKSPACE_ID: "{workspace}",
      },
    });
    expect(s.e2e!.matched).toHaveLength(3);
    expect(s.visual).toMatchObject({
      kind: "visual",
      projects: ["visual"],
      percy: true,
      percyFile: "apps/web/.percy.yml",
      files: ["src/components/__visual_tests__/**/*.visual.ts"],
    });
    expect(s.quota).toMatchObject({
      runner: "vitest",
      cwd: "apps/web",
      config: "vitest.config.ts",
      files: ["src/**/__tests__/**/*.test.ts"],
      env: {},
    });
    expect(s.load).toMatchObject({
      runner: "k6",
      cwd: "tests/load",
      files: ["k6/a2a-endpoints.js", "k6/ccr-routing.js", "k6/dashboard-flow.js"],
      exclusive: true,
      timeout: 15 * 60_000,
      env: {
        AUTH_TOKEN: "{token}",
        BASE_URL: "{url}",
        CCR_URL: "{url.ccr}",
        ENVIRONMENT: "{env}",
        WEB_URL: "{url.web}",
      },
    });
    expect(s.ccr).toMatchObject({
      kind: "ccr",
      runner: "pytest",
      cwd: "agents",
      files: ["tests/**/test_*.py"],
      env: { CCR_TEST_WORKSPACE: "{workspace}", CCR_URL: "{url.ccr}" },
      envOther: [{ name: "CCR_ENABLED", file: "agents/tests/integration/conftest.py" }],
    });
    expect(s.ccr!.notes.join(" ")).toContain("integration, slow");
  });

  it("says which rule gave each kind", async () => {
    const s = await suites(INIT_MONOREPO);
    expect(s.e2e!.kindWhy).toBe('rule e2e (e2e): testDir "./e2e/tests"');
    expect(s.visual!.kindWhy).toContain('project name "visual"');
    expect(s.load!.kindWhy).toContain('folder "tests/load/k6"');
    expect(s.quota!.kindWhy).toContain(
      "1 of 2 test files, e.g. src/lib/storage/__tests__/quota.test.ts",
    );
    expect(s.ccr!.kindWhy).toContain("4 of 4 test files");
  });

  it("leaves the k6 helper out, and says why", async () => {
    expect((await discover(INIT_MONOREPO)).leftOut).toEqual([
      {
        path: "tests/load/k6/config.js",
        why: "a k6 helper (no default export, no scenarios), not a suite",
      },
    ]);
  });
});

describe("Playwright configs", () => {
  it("one suite for a config without projects, with Playwright's default testMatch", async () => {
    const s = await suites(
      tree({ "playwright.config.ts": "export default { timeout: 1 };\n", "a.spec.ts": "" }),
    );
    expect(s.e2e).toMatchObject({
      cwd: ".",
      files: [PLAYWRIGHT_DEFAULT_MATCH],
      matched: ["a.spec.ts"],
    });
    expect(s.e2e!.projects).toBeUndefined();
  });

  it("reads path.join(__dirname, …), regex testMatch and a second suite of a kind", async () => {
    const config = `import path from "node:path";
const dir = path.join(__dirname, "specs");
export default defineConfig(() => ({
  projects: [
    { name: "setup", testMatch: /.*\\.setup\\.ts/ },
    { name: "admin", testDir: dir, dependencies: ["setup"] },
    { name: "shop", testDir: "./shop", testMatch: /\\.e2e\\.(ts|js)$/, dependencies: ["setup"] },
  ],
}));
`;
    const d = await discover(
      tree({
        "web/playwright.config.ts": config,
        "web/specs/a.spec.ts": "",
        "web/shop/b.e2e.ts": "",
      }),
    );
    expect(d.suites.map((s) => [s.name, s.projects, s.files, s.matched])).toEqual([
      ["e2e", ["admin"], [`specs/${PLAYWRIGHT_DEFAULT_MATCH}`], ["web/specs/a.spec.ts"]],
      ["e2e-shop", ["shop"], ["shop/**/*.e2e.@(ts|js)"], ["web/shop/b.e2e.ts"]],
    ]);
    expect(d.leftOut).toEqual([
      {
        path: 'web/playwright.config.ts, project "setup"',
        why: "a setup/teardown project (other projects depend on it), not a suite",
      },
    ]);
  });

  it("turns simple regexes into globs and refuses the rest", () => {
    expect(regexToGlob("/.*\\.visual\\.ts/")).toBe("**/*.visual.ts");
    expect(regexToGlob("/a.b/")).toBeUndefined();
  });

  it("percy only for a visual project, from its package or the repo root", async () => {
    const config = `export default { projects: [{ name: "visual", testMatch: "*.visual.ts" }, { name: "chromium" }] };`;
    const s = await suites(
      tree({ ".percy.yaml": "version: 2\n", "pkg/playwright.config.mjs": config }),
    );
    expect(s.visual).toMatchObject({
      percy: true,
      percyFile: ".percy.yaml",
      files: ["**/*.visual.ts"],
    });
    expect(s.e2e!.percy).toBeUndefined();
  });
});

describe("vitest configs", () => {
  it("the default include without the Playwright project's tests", async () => {
    const d = await discover(
      tree({
        "playwright.config.ts": 'export default { testDir: "e2e" };',
        "vitest.config.ts": "export default defineConfig({ test: { environment: 'node' } });",
        "e2e/flow.spec.ts": "",
        "src/metrics/a.test.ts": "",
        "src/metrics/b.spec.ts": "",
      }),
    );
    const vitest = d.suites.find((s) => s.runner === "vitest")!;
    expect(vitest).toMatchObject({
      kind: "observability",
      files: ["src/metrics/*.{test,spec}.?(c|m)[jt]s?(x)"],
      matched: ["src/metrics/a.test.ts", "src/metrics/b.spec.ts"],
    });
    expect(vitest.notes.join(" ")).toContain("also matches Playwright's tests");
  });

  it("a vite.config with a test block is a suite; without one it is not", async () => {
    const s = await suites(
      tree({
        "a/vite.config.ts":
          "export default mergeConfig(base, defineConfig({ test: { include: ['q/**/*.test.ts'] } }));",
        "a/q/quota.test.ts": "",
        "b/vite.config.ts": "export default { plugins: [] };",
      }),
    );
    expect(Object.keys(s)).toEqual(["quota"]);
    expect(s.quota).toMatchObject({
      cwd: "a",
      config: "vite.config.ts",
      files: ["q/**/*.test.ts"],
    });
  });
});

describe("k6 scripts", () => {
  it("a default export or scenarios makes a script; helpers are reported; one suite per folder", async () => {
    const d = await discover(
      tree({
        "perf/k6/a.js":
          'import http from "k6/http";\nexport default function () { http.get(BASE); }\n',
        "perf/k6/b.ts":
          'import { check } from "k6";\nexport const options = { scenarios: { b: {} } };\nexport function b() {}\n',
        "perf/k6/lib/checks.js":
          'import { check } from "k6";\nexport const ok = (r) => check(r, {});\n',
        "perf/k6/config.js": "export const BASE = __ENV.BASE_URL;\n",
        "perf/k6/unrelated.js": "export default 1;\n",
        "smoke.js": 'import http from "k6/http";\nexport default () => http.get(__ENV.API_URL);\n',
      }),
    );
    expect(d.suites.map((s) => [s.name, s.cwd, s.files])).toEqual([
      ["load", ".", ["smoke.js"]],
      ["load-perf", "perf", ["k6/a.js", "k6/b.ts"]],
    ]);
    expect(d.leftOut.map((l) => l.path)).toEqual(["perf/k6/lib/checks.js"]);
  });
});

describe("pytest roots", () => {
  it("pyproject's [tool.pytest.ini_options], testpaths and markers; a nested root keeps its files", async () => {
    const pyproject = `[project]\nname = "x"\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\nmarkers = [\n  "slow: slow",\n]\n`;
    const d = await discover(
      tree({
        "pyproject.toml": pyproject,
        "tests/test_a.py": 'import os\nos.getenv("API_URL")\n',
        "tests/unit/b_test.py": "",
        "svc/tox.ini": "[tox]\n[pytest]\npython_files = check_*.py\n",
        "svc/checks/check_router.py": "",
        "svc/tests/test_ignored_here.py": "",
        "empty/setup.cfg": "[tool:pytest]\naddopts = -q\n",
      }),
    );
    const s = Object.fromEntries(d.suites.map((x) => [x.name, x]));
    expect(s.external).toMatchObject({
      cwd: ".",
      files: ["tests/**/test_*.py", "tests/**/*_test.py"],
      env: { API_URL: "{url}" },
    });
    expect(s.external!.notes.join(" ")).toContain("markers slow");
    expect(s.ccr).toMatchObject({ cwd: "svc", files: ["checks/**/check_*.py"] });
    expect(d.leftOut).toContainEqual({
      path: "empty/setup.cfg",
      why: "a pytest config with no test file under it",
    });
    expect(d.leftOut).toContainEqual(
      expect.objectContaining({ path: "svc/tests/test_ignored_here.py" }),
    );
  });
});

describe("the walk", () => {
  it("skips node_modules, builds, caches, venvs and hidden folders", async () => {
    const d = await discover(
      tree({
        "node_modules/x/playwright.config.ts": "export default {};",
        "dist/vitest.config.ts": "export default { test: {} };",
        ".venv/lib/pytest.ini": "[pytest]\n",
        "venv/lib/pytest.ini": "[pytest]\n",
        "coverage/k6.js": 'import "k6";\nexport default () => {};',
        "reports/load.js": 'import "k6";\nexport default () => {};',
      }),
    );
    expect(d).toEqual({ suites: [], leftOut: [] });
  });
});
