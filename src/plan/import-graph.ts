/**
 * The repo files a suite really depends on: its own files and everything they
 * import, transitively. Specifiers come from `ts.preProcessFile` (import,
 * export … from, import(), require, /// <reference path>), targets from
 * `ts.resolveModuleName` with the repo's tsconfig options. Packages (what
 * resolves into node_modules) are left out: a change to them shows up as a
 * package.json / package-lock.json change. Only reads files.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type ts from "typescript";

type Ts = typeof ts;

export interface Closure {
  /** Existing files reached, entries included (repo-relative, `/`-separated). */
  files: Set<string>;
  /** Paths an import that did not resolve may have meant (a deleted file, say). */
  missing: Set<string>;
}

export interface ImportGraph {
  closure(entries: readonly string[]): Closure;
}

/** What one file imports: the files it resolves to, and the paths unresolved imports may mean. */
interface Edges {
  files: string[];
  missing: string[];
}

/** Files TypeScript can read imports from; other files (json, css, png) are leaves. */
const SCRIPT = /\.(?:[mc]?[jt]sx?)$/;

/** What an extensionless or `.js` specifier may name on disk, in resolution order. */
const EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"];

/** One graph for all suites: each file is read and resolved once, however many suites reach it. */
export async function createImportGraph(rootDir: string): Promise<ImportGraph> {
  // Loaded here, not at the top: `list` and `run` without --changed never pay for the compiler.
  const ts = (await import("typescript")).default;
  const options = compilerOptions(ts, rootDir);
  const cache = ts.createModuleResolutionCache(rootDir, (f) => f, options);
  const edges = new Map<string, Edges>();
  const edgesOf = (file: string): Edges => {
    let found = edges.get(file);
    if (!found) edges.set(file, (found = directImports(ts, file, options, cache)));
    return found;
  };
  return { closure: (entries) => closure(rootDir, entries, edgesOf) };
}

/** Breadth-first over the import edges, from absolute paths back to repo-relative ones. */
function closure(rootDir: string, entries: readonly string[], edgesOf: (f: string) => Edges) {
  const seen = new Set(entries.map((e) => resolve(rootDir, e)));
  const missing = new Set<string>();
  const queue = [...seen];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const next = edgesOf(file);
    for (const m of next.missing) missing.add(m);
    for (const f of next.files.filter((f) => !seen.has(f))) {
      seen.add(f);
      queue.push(f);
    }
  }
  const rel = (f: string) => relative(rootDir, f).split(sep).join("/");
  const files = new Set<string>();
  for (const f of seen) (existsSync(f) ? files : missing).add(f);
  return { files: new Set([...files].map(rel)), missing: new Set([...missing].map(rel)) };
}

/** The repo's compiler options (nearest tsconfig.json), made to resolve JS and JSON as well. */
function compilerOptions(ts: Ts, rootDir: string): ts.CompilerOptions {
  const fallback: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const path = ts.findConfigFile(rootDir, ts.sys.fileExists);
  const read = path ? ts.readConfigFile(path, ts.sys.readFile) : undefined;
  const options =
    path && read && !read.error
      ? ts.parseJsonConfigFileContent(read.config, optionsOnly(ts), dirname(path)).options
      : fallback;
  return { ...options, allowJs: true, resolveJsonModule: true };
}

/** A config host that lists no files: only the options are wanted, not a walk of `include`. */
function optionsOnly(ts: Ts): ts.ParseConfigHost {
  return {
    useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: () => [],
  };
}

/** The files one file imports; a file that is gone or not a script imports nothing. */
function directImports(
  ts: Ts,
  file: string,
  options: ts.CompilerOptions,
  cache: ts.ModuleResolutionCache,
): Edges {
  const edges: Edges = { files: [], missing: [] };
  if (!SCRIPT.test(file) || !existsSync(file)) return edges;
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  for (const ref of info.referencedFiles) edges.files.push(resolve(dirname(file), ref.fileName));
  for (const { fileName } of info.importedFiles) {
    // Vite-style queries (`./x.svg?raw`) name the file before the `?`.
    const spec = fileName.replace(/\?.*$/, "");
    const resolved = ts.resolveModuleName(spec, file, options, ts.sys, cache).resolvedModule;
    if (resolved) {
      const target = resolve(resolved.resolvedFileName);
      if (!resolved.isExternalLibraryImport && !target.split(sep).includes("node_modules"))
        edges.files.push(...withRuntimeFile(target));
    } else if (spec.startsWith(".") || isAbsolute(spec)) {
      const target = resolve(dirname(file), spec);
      (existsSync(target) ? edges.files : edges.missing).push(target);
      edges.missing.push(...candidates(target));
    }
    // Anything else unresolved is a package, a builtin or a URL (k6's remote modules).
  }
  return edges;
}

/** A resolved `x.d.ts` stands for the `x.js` that runs. */
function withRuntimeFile(file: string): string[] {
  const js = file.replace(/\.d\.([mc]?)ts$/, ".$1js");
  return js === file ? [file] : [file, js];
}

/** The files an unresolved relative specifier may have named. */
function candidates(target: string): string[] {
  const base = target.replace(/\.[mc]?jsx?$/, "");
  return [...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => join(target, `index${e}`))];
}
