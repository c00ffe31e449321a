/**
 * Env vars a suite reads (src/init/env.ts): the read patterns of JS/TS,
 * k6 and Python, and which names the target fills.
 */
import { describe, expect, it } from "vitest";
import { envReads, importClosure, mapEnvName, suiteEnv } from "../../src/init/env.js";
import { openRepo } from "../../src/init/repo.js";
import { tree } from "./tree.js";

describe("envReads", () => {
  it("reads process.env, import.meta.env, destructuring and k6's __ENV", () => {
    const text = [
      "const a = process.env.BASE_URL;",
      'const b = process.env["AUTH_TOKEN"];',
      "const c = import.meta.env.VITE_API_URL;",
      "const { WORKSPACE_ID, CI: ci = '' } = process.env;",
      "const d = __ENV.CCR_URL || __ENV['ENVIRONMENT'];",
      "const lower = process.env.npm_config_x;",
    ].join("\n");
    expect(envReads(text, "js")).toEqual([
      "AUTH_TOKEN",
      "BASE_URL",
      "CCR_URL",
      "CI",
      "ENVIRONMENT",
      "VITE_API_URL",
      "WORKSPACE_ID",
    ]);
  });

  it("reads os.getenv, os.environ[...] and os.environ.get in Python", () => {
    const text = [
      'if os.getenv("CCR_ENABLED", "false") == "true":',
      "    url = os.environ['CCR_URL']",
      '    ws = os.environ.get("CCR_TEST_WORKSPACE")',
      '    os.environ.setdefault("IGNORED_SET", "1")',
    ].join("\n");
    expect(envReads(text, "py")).toEqual(["CCR_ENABLED", "CCR_TEST_WORKSPACE", "CCR_URL"]);
  });
});

describe("mapEnvName", () => {
  it.each([
    ["BASE_URL", "{url}"],
    ["WEB_URL", "{url.web}"],
    ["API_URL", "{url}"],
    ["CCR_URL", "{url.ccr}"],
    ["AGENTOS_URL", "{url.agents}"],
    ["URL", "{url}"],
    ["AUTH_TOKEN", "{token}"],
    ["TOKEN", "{token}"],
    ["API_TOKEN", "{token}"],
    ["ACCESS_TOKEN", "{token}"],
    ["E2E_TEST_TOKEN", "{token}"],
    ["WORKSPACE_ID", "{workspace}"],
    ["CCR_TEST_WORKSPACE", "{workspace}"],
    ["ENVIRONMENT", "{env}"],
    ["ENV", "{env}"],
  ])("%s → %s", (name, template) => {
    const m = mapEnvName(name);
    expect(typeof m === "object" ? m.template : undefined).toBe(template);
  });

  it("leaves infrastructure URLs and other tokens to the user", () => {
    for (const name of [
      "DATABASE_URL",
      "REDIS_URL",
      "SLACK_WEBHOOK_URL",
      "NPM_AUTH_TOKEN",
      "CCR_ENABLED",
    ])
      expect(mapEnvName(name), name).not.toHaveProperty("template");
    expect(mapEnvName("CCR_ENABLED")).toBe("unmapped");
  });

  it("ignores the shell's, the tools' and hyvve-qa's own variables", () => {
    for (const name of [
      "CI",
      "NODE_ENV",
      "HYVVE_BASE_URL",
      "PERCY_TOKEN",
      "PLAYWRIGHT_BROWSERS_PATH",
    ])
      expect(mapEnvName(name), name).toBe("ignored");
  });
});

describe("suiteEnv and the import walk", () => {
  it("follows relative imports (.js meaning .ts, folders' index) and names the first reader", async () => {
    const root = tree({
      "e2e/tests/a.spec.ts":
        'import { test } from "../fixtures/index.js";\nimport x from "@playwright/test";',
      "e2e/fixtures/index.ts": 'export * from "./auth.fixture.js";\nexport * from "../pages";',
      "e2e/fixtures/auth.fixture.ts":
        "export const t = process.env.AUTH_TOKEN ?? process.env.FLAG_X;",
      "e2e/pages/index.ts": "export const u = process.env.WEB_URL;",
      "outside.ts": "export const never = process.env.NEVER_READ;",
    });
    const repo = await openRepo(root);
    const files = await importClosure(repo, ["e2e/tests/a.spec.ts"]);
    expect(files).toEqual([
      "e2e/fixtures/auth.fixture.ts",
      "e2e/fixtures/index.ts",
      "e2e/pages/index.ts",
      "e2e/tests/a.spec.ts",
    ]);
    expect(await suiteEnv(repo, files)).toEqual({
      mapped: { AUTH_TOKEN: "{token}", WEB_URL: "{url.web}" },
      other: [{ name: "FLAG_X", file: "e2e/fixtures/auth.fixture.ts" }],
    });
  });
});
