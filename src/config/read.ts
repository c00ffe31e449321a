/**
 * Finds the config from a fixed list of names (or --config), loads it with
 * jiti (so .ts works on plain Node) and validates it. Every problem becomes a
 * ConfigError whose lines read `hyvve-qa.config.ts: suites.e2e.timeout …`.
 *
 * Start-up matters here (`hyvve-qa list` is mostly this): nothing heavy is
 * imported at the top. jiti is required through its CommonJS entry (its ESM
 * wrapper costs ~70 ms more on Node 20: the loader lexes its 190 kB bundle),
 * and zod (validate.ts, ~0.1 s) is imported only when the validated config is
 * not in the cache (cache.ts).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as Jiti from "jiti";
import { ConfigError } from "../errors.js";
import { configCacheKey, readCachedConfig, writeCachedConfig } from "./cache.js";
import type { Config } from "./schema.js";

export const CONFIG_FILES = [
  "hyvve-qa.config.ts",
  "hyvve-qa.config.mts",
  "hyvve-qa.config.js",
  "hyvve-qa.config.mjs",
];

/** The package entry a config's `import … from "hyvve-qa"` gets (src/index.ts, built or not). */
const OWN_ENTRY = fileURLToPath(new URL("../index.js", import.meta.url));

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file read. */
  path: string;
  /** Directory paths in the config are relative to. */
  rootDir: string;
}

export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new ConfigError(`${explicit}: config file not found`, "check the --config path");
    return path;
  }
  for (const name of CONFIG_FILES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new ConfigError(
    `no config file found in ${cwd} (looked for ${CONFIG_FILES.join(", ")})`,
    "run hyvve-qa from the project root, or pass --config FILE",
  );
}

export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const path = findConfigFile(cwd, explicit);
  const shown = relative(cwd, path) || path;
  let raw: unknown;
  try {
    // The CommonJS entry: the same createJiti, without the ESM wrapper's start-up cost.
    const { createJiti } = createRequire(import.meta.url)("jiti") as typeof Jiti;
    const jiti = createJiti(import.meta.url, {
      // Evaluated afresh on each load: the in-process API may load an edited config again.
      moduleCache: false,
      // Transformed configs are cached by their source's hash (~0.2 s saved a run), outside the repo.
      fsCache: join(tmpdir(), "hyvve-qa-jiti"),
      // `import { defineConfig } from "hyvve-qa"` means the hyvve-qa that is running, wherever
      // the config lives (a team's repo where it is not a dependency of that folder, a temp dir).
      alias: { "hyvve-qa": OWN_ENTRY },
    });
    raw = await importFresh(jiti, path);
  } catch (error) {
    const first = String((error as Error).message ?? error).split("\n")[0] ?? "";
    throw new ConfigError(`${shown}: cannot load config (${first})`, loadHint(first));
  }
  return { config: await validated(raw, path, shown), path, rootDir: resolve(path, "..") };
}

/** The config as validateConfig returns it: from the cache when this very config was valid before. */
async function validated(raw: unknown, path: string, shown: string): Promise<Config> {
  const key = configCacheKey(raw);
  const cached = key === undefined ? undefined : readCachedConfig(path, key);
  if (cached) return cached;
  const { validateConfig } = await import("./validate.js");
  const config = validateConfig(raw, shown);
  if (key !== undefined) writeCachedConfig(path, key, config);
  return config;
}

/** Config files this process has loaded: Node's own loader keeps an .mjs/.js config once imported. */
const loadedBefore = new Set<string>();

/**
 * The config's default export, evaluated now. jiti transforms TypeScript
 * afresh each time, but hands plain ESM (.mjs, .js) to Node's import, which
 * evaluates a file once per process; a second load of such a file goes
 * through jiti's own transform instead (no top-level await there: a config
 * that needs it is read once per process).
 */
async function importFresh(jiti: Jiti.Jiti, path: string): Promise<unknown> {
  const again = loadedBefore.has(path) && !/\.[cm]?tsx?$/.test(path);
  loadedBefore.add(path);
  if (!again) return jiti.import(path, { default: true });
  const module = jiti(path) as { default?: unknown };
  return module.default ?? module;
}

/** What to do about a config that does not load: a missing package is not a syntax error. */
function loadHint(message: string): string {
  const missing = /Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (missing && !missing.startsWith(".") && !missing.startsWith("/"))
    return `the config imports ${missing}, which is not installed where the config is: npm i -D ${missing
      .split("/")
      .slice(0, missing.startsWith("@") ? 2 : 1)
      .join("/")}, or fix the import`;
  if (missing) return `the config imports ${missing}, which does not exist: fix the path`;
  return "fix the syntax error or the failing import in the config file";
}

/** The project's config when there is one, or the one --config names; undefined when there is none. */
export async function loadConfigIfAny(
  cwd: string,
  explicit?: string,
): Promise<LoadedConfig | undefined> {
  try {
    findConfigFile(cwd, explicit);
  } catch (error) {
    // A --config that names no file is the user's mistake; no config at all is a choice.
    if (!(error instanceof ConfigError) || explicit !== undefined) throw error;
    return undefined;
  }
  return loadConfig(cwd, explicit);
}
