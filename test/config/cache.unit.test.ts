/**
 * The validated config is cached by what the config file evaluated to
 * (src/config/cache.ts): an edit, or a value read from the environment that
 * changed, must never get the old config back, and an invalid config is
 * never served from the cache.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { configCacheKey, readCachedConfig, writeCachedConfig } from "../../src/config/cache.js";
import { loadConfig } from "../../src/config/read.js";
import { ConfigError } from "../../src/errors.js";

let name = "hyvve-qa.config.ts";
const project = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "hyvve-qa-cache-"));
  writeFileSync(join(dir, name), text);
  return dir;
};
const config = (maxParallel: unknown) =>
  `export default { maxParallel: ${JSON.stringify(maxParallel)}, suites: {} };\n`;

describe("the config cache key", () => {
  it("is the same for the same data and differs for other data", () => {
    expect(configCacheKey({ suites: {}, maxParallel: 2 })).toBe(
      configCacheKey({ suites: {}, maxParallel: 2 }),
    );
    expect(configCacheKey({ suites: {}, maxParallel: 2 })).not.toBe(
      configCacheKey({ suites: {}, maxParallel: 3 }),
    );
  });

  it("is none for what JSON cannot say exactly: functions, class instances, undefined, getters", () => {
    expect(configCacheKey({ reporters: [{ onRunEnd() {} }] })).toBeUndefined();
    expect(configCacheKey({ when: new Date() })).toBeUndefined();
    expect(configCacheKey({ maxParallel: undefined })).toBeUndefined();
    expect(configCacheKey({ n: Number.NaN })).toBeUndefined();
    const withGetter = Object.defineProperty({}, "maxParallel", { get: () => 2, enumerable: true });
    expect(configCacheKey(withGetter)).toBeUndefined();
  });

  it("reads back only what was stored under the same key, for the same file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "hyvve-qa-cache-")), "hyvve-qa.config.ts");
    const key = configCacheKey({ suites: {} })!;
    writeCachedConfig(file, key, { suites: {}, maxParallel: 7 } as never);
    expect(readCachedConfig(file, key)).toMatchObject({ maxParallel: 7 });
    expect(readCachedConfig(file, configCacheKey({ suites: {}, x: 1 })!)).toBeUndefined();
    expect(readCachedConfig(`${file}.other`, key)).toBeUndefined();
  });
});

describe.each(["hyvve-qa.config.ts", "hyvve-qa.config.mjs"])(
  "loadConfig with the cache, %s",
  (file) => {
    beforeEach(() => {
      name = file;
    });

    it("gives the edited config after an edit, and refuses an invalid one after a valid one", async () => {
      const dir = project(config(2));
      expect((await loadConfig(dir)).config.maxParallel).toBe(2);
      expect((await loadConfig(dir)).config.maxParallel).toBe(2);
      writeFileSync(join(dir, name), config(3));
      expect((await loadConfig(dir)).config.maxParallel).toBe(3);
      writeFileSync(join(dir, name), config("two"));
      await expect(loadConfig(dir)).rejects.toBeInstanceOf(ConfigError);
      writeFileSync(join(dir, name), config(3));
      expect((await loadConfig(dir)).config.maxParallel).toBe(3);
    });

    it("follows a value the config reads from the environment", async () => {
      const dir = project(
        "export default { maxParallel: Number(process.env.HYVVE_QA_CACHE_TEST), suites: {} };\n",
      );
      process.env["HYVVE_QA_CACHE_TEST"] = "4";
      try {
        expect((await loadConfig(dir)).config.maxParallel).toBe(4);
        process.env["HYVVE_QA_CACHE_TEST"] = "5";
        expect((await loadConfig(dir)).config.maxParallel).toBe(5);
      } finally {
        delete process.env["HYVVE_QA_CACHE_TEST"];
      }
    });
  },
);
