/**
 * The validated config, cached by what the config file evaluated to, so that
 * a command that only reads the config (`hyvve-qa list`) need not load zod:
 * ~0.1 s of start-up, most of it importing zod's ~90 modules.
 *
 * The key hashes the evaluated config with the schema's source (schema.ts and
 * every module it imports) and zod's version: an edited config, a changed
 * environment variable it reads, an edited schema or another zod is a miss.
 * Only a config that is plain data has a key (objects, arrays, strings,
 * finite numbers, booleans, null); one holding a function, a class instance
 * or an undefined value is validated every time, as is a config with errors
 * (only valid configs are stored, so errors and their hints never come from
 * here). One file per config path, in a folder of this user's own (mode 0700)
 * under the temp dir; a folder another user could write to is not used.
 */
import { createHash, randomBytes } from "node:crypto";
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "./schema.js";

/** Bump when what is stored changes shape. */
const FORMAT = 1;

/** `from "./x.js"`, `import "./x.js"`, `import("./x.js")`: the relative imports of a module. */
const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g;

/** The cache key of an evaluated config, or undefined when it is not plain data. */
export function configCacheKey(raw: unknown): string | undefined {
  if (!isPlainData(raw, [])) return undefined;
  const schema = schemaFingerprint();
  if (schema === undefined) return undefined;
  return createHash("sha256")
    .update(`${FORMAT}\0${schema}\0`)
    .update(JSON.stringify(raw))
    .digest("hex");
}

/** The validated config stored under `key` for this config file, if any. */
export function readCachedConfig(configPath: string, key: string): Config | undefined {
  const file = entryFile(configPath, false);
  if (file === undefined) return undefined;
  try {
    const entry = JSON.parse(readFileSync(file, "utf8")) as { key?: unknown; config?: unknown };
    const config = entry.key === key ? entry.config : undefined;
    return typeof config === "object" && config !== null ? (config as Config) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a validated config (atomically: a concurrent reader sees the old entry or the new one). */
export function writeCachedConfig(configPath: string, key: string, config: Config): void {
  if (!isPlainData(config, [])) return;
  const file = entryFile(configPath, true);
  if (file === undefined) return;
  // Named per writer: test workers (threads of one process, too) may store the same entry at once.
  const temp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify({ key, config }), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // A cache that cannot be written is only slower.
    rmSync(temp, { force: true });
  }
}

/** The entry file of one config path, in the private folder (made when `create`); undefined when unusable. */
function entryFile(configPath: string, create: boolean): string | undefined {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), uid === undefined ? "hyvve-qa-config" : `hyvve-qa-config-${uid}`);
  try {
    if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return undefined;
    // Someone else's folder (or one others may write to) could hand us a config: not used.
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)) return undefined;
  } catch {
    return undefined;
  }
  const name = createHash("sha256").update(configPath).digest("hex").slice(0, 32);
  return join(dir, `${name}.json`);
}

let fingerprint: string | undefined | null = null;

/**
 * A hash of the schema's source and of every module it imports, transitively
 * (from dist/ the .js files, from src/ the .ts files), and of zod's version.
 */
function schemaFingerprint(): string | undefined {
  if (fingerprint !== null) return fingerprint;
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  const hash = createHash("sha256");
  const queue = [join(dirname(here), `schema${ext}`)];
  const seen = new Set<string>();
  try {
    // The queue grows while it is walked.
    for (const file of queue) {
      if (seen.has(file)) continue;
      seen.add(file);
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        // The schema itself must be there; a path only a comment names need not be.
        if (file === queue[0]) throw error;
        hash.update(`missing:${file}\0`);
        continue;
      }
      hash.update(`${file.length}:${file}${text.length}:`).update(text);
      for (const match of text.matchAll(RELATIVE_IMPORT)) {
        queue.push(resolve(dirname(file), match[1]!.replace(/\.js$/, ext)));
      }
    }
    const zod = createRequire(import.meta.url)("zod/package.json") as { version: string };
    hash.update(`zod@${zod.version}`);
    fingerprint = hash.digest("hex");
  } catch {
    // No schema source to hash (or no zod to ask): no cache rather than a wrong one.
    fingerprint = undefined;
  }
  return fingerprint;
}

/**
 * JSON says exactly this value, so equal JSON means the same input to the
 * schema. `ancestors` catches a cycle; an object met twice elsewhere is fine.
 */
function isPlainData(value: unknown, ancestors: object[]): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object":
      break;
    default:
      // undefined (JSON drops the key, a strict object would not), functions, symbols, bigints.
      return false;
  }
  if (value === null) return true;
  if (ancestors.includes(value)) return false;
  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return false;
      for (let i = 0; i < value.length; i++) {
        if (!Object.hasOwn(value, i) || !isPlainData(value[i], ancestors)) return false;
      }
      return true;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    if (Object.getOwnPropertySymbols(value).length > 0) return false;
    for (const property of Object.values(Object.getOwnPropertyDescriptors(value))) {
      // A getter could say something else each time; a hidden key is one JSON leaves out.
      if (!("value" in property) || !property.enumerable) return false;
      if (!isPlainData(property.value, ancestors)) return false;
    }
    return true;
  } finally {
    ancestors.pop();
  }
}
