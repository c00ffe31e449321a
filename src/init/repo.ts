/**
 * The repo as `hyvve-qa init` sees it: every file under the root except the
 * folders no suite lives in (dependencies, builds, caches, reports, VCS),
 * as sorted `/`-separated relative paths, and their text read once. Init
 * only reads files; it never runs or imports them.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import picomatch from "picomatch";

/** Folders skipped wherever they are (hidden folders — `.git`, `.venv`, `.cache` — too). */
export const SKIPPED_DIRS = [
  "node_modules",
  "dist",
  "build",
  "venv",
  "__pycache__",
  "coverage",
  "test-results",
  "playwright-report",
  "reports",
];

/** Beyond this many files the walk stops (a home folder, not a repo). */
const MAX_FILES = 200_000;
/** Larger files are no config or test source (bundles, data). */
const MAX_BYTES = 1024 * 1024;

export interface Repo {
  /** Absolute root folder. */
  root: string;
  /** Every file, relative to the root, sorted. */
  files: readonly string[];
  /** A file's text ("" when unreadable or too large), read once. */
  read(path: string): Promise<string>;
  has(path: string): boolean;
}

// Why: every discoverer reads the same listing, so the tree is walked once.
export async function openRepo(root: string): Promise<Repo> {
  const files = await walk(root);
  const known = new Set(files);
  const cache = new Map<string, Promise<string>>();
  return {
    root,
    files,
    has: (path) => known.has(path),
    read(path) {
      let text = cache.get(path);
      if (!text) {
        text = readSmall(join(root, path));
        cache.set(path, text);
      }
      return text;
    },
  };
}

// Why: breadth-first so a huge tree is cut at its deepest folders, not its first ones.
async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const queue = [""];
  while (queue.length > 0 && out.length < MAX_FILES) {
    const dir = queue.shift()!;
    const entries = await readdir(join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !SKIPPED_DIRS.includes(entry.name)) queue.push(path);
      } else if (entry.isFile()) out.push(path);
    }
  }
  return out.sort();
}

// Why: a file too large to be a config or a test is read as empty rather than slowing init.
async function readSmall(path: string): Promise<string> {
  try {
    if ((await stat(path)).size > MAX_BYTES) return "";
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}

// Why: paths in the config are relative to a suite's folder; the listing is relative to the root.
export function under(dir: string, path: string): string | undefined {
  if (dir === "." || dir === "") return path;
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined;
}

// Why: the inverse of `under`: a path of a suite's folder as a path of the repo.
export function joinPath(dir: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${dir}/${path}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts.at(-1) !== "..") parts.pop();
    else parts.push(part);
  }
  return parts.join("/") || ".";
}

// Why: the folder of a repo path, "." at the root.
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i === -1 ? "." : path.slice(0, i);
}

// Why: the repo files a suite's globs select, as `hyvve-qa list` counts them.
export function matchFiles(repo: Repo, cwd: string, globs: readonly string[]): string[] {
  const isMatch = picomatch([...globs]);
  return repo.files.filter((file) => {
    const rel = under(cwd, file);
    return rel !== undefined && isMatch(rel);
  });
}

const SCRIPT_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

// Why: `./fixtures`, `./auth.fixture.js` (meaning .ts) and `./pages/index` all name a repo file.
export function resolveImport(repo: Repo, fromFile: string, spec: string): string | undefined {
  const base = joinPath(dirOf(fromFile), spec);
  if (base.startsWith("..")) return undefined;
  const stem = base.replace(/\.[cm]?jsx?$/, "");
  const candidates = [
    base,
    ...SCRIPT_EXTENSIONS.map((ext) => stem + ext),
    ...SCRIPT_EXTENSIONS.map((ext) => `${base}/index${ext}`),
  ];
  return candidates.find((c) => repo.has(c));
}
