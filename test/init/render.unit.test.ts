/**
 * The rendered config (src/init/render.ts): deterministic, commented, and
 * checked — text that does not read back as what was found, or that the
 * schema refuses, is never handed out.
 */
import { describe, expect, it } from "vitest";
import { discover } from "../../src/init/discover.js";
import { checkRendered, configValue, renderConfig } from "../../src/init/render.js";
import { INIT_MONOREPO } from "./tree.js";

describe("renderConfig", () => {
  it("is the same text every time, and passes its own check", async () => {
    const first = renderConfig(await discover(INIT_MONOREPO));
    const d = await discover(INIT_MONOREPO);
    expect(renderConfig(d)).toBe(first);
    expect(() => checkRendered(first, configValue(d))).not.toThrow();
  });

  it("has a header, the environments, and a comment above each suite", async () => {
    const text = renderConfig(await discover(INIT_MONOREPO));
    expect(text).toMatch(/^\/\/ hyvve-qa\.config\.ts, written by `hyvve-qa init`/);
    expect(text).toContain(
      "// 2 Playwright projects, 1 vitest config, 3 k6 scripts, 1 pytest root.",
    );
    expect(text).toContain('import { defineConfig } from "hyvve-qa";');
    expect(text).toContain(
      'staging: { baseUrlEnv: "HYVVE_STAGING_URL", tokenEnv: "HYVVE_STAGING_TOKEN" },',
    );
    for (const [suite, origin] of [
      ["ccr", "agents/pytest.ini"],
      ["e2e", 'apps/web/playwright.config.ts, project "chromium"'],
      ["load", "tests/load/k6/"],
      ["quota", "apps/web/vitest.config.ts"],
      ["visual", 'apps/web/playwright.config.ts, project "visual"'],
    ])
      expect(text).toMatch(
        new RegExp(
          `\\n    // ${escape(origin!)}: kind ${suite} by rule [^\\n]*\\n(?:    //[^\\n]*\\n)*    ${suite}: \\{`,
        ),
      );
    expect(text).toContain(
      '// CCR_ENABLED: "true", (read in agents/tests/integration/conftest.py)',
    );
    expect(text).toContain(
      "// tests/load/k6/config.js: a k6 helper (no default export, no scenarios), not a suite",
    );
    expect(text).toContain("timeout: 900_000, // 15 min");
  });

  it("refuses text that does not read back as what was found", async () => {
    const d = await discover(INIT_MONOREPO);
    const text = renderConfig(d).replace('"{workspace}"', '"ws"');
    expect(() => checkRendered(text, configValue(d))).toThrow(/does not read back/);
  });

  it("refuses a config the schema refuses, naming the key", async () => {
    const d = await discover(INIT_MONOREPO);
    d.suites[0]!.env = { CCR_URL: "{urll}" };
    expect(() => checkRendered(renderConfig(d), configValue(d))).toThrow(
      /invalid config:\nhyvve-qa\.config\.ts: suites\.ccr\.env\.CCR_URL unknown placeholder \{urll\}/,
    );
  });
});

/** `text` as a literal part of a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
