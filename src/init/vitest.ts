/**
 * vitest configs (`vitest.config.*`, `vitest.<name>.config.*`, or a
 * `vite.config.*` with a `test:` block), read as source: one suite each,
 * its files from `test.include` (vitest's default when none), without the
 * files a Playwright project already runs.
 */
import picomatch from "picomatch";
import { escapePath } from "tinyglobby";
import { dirOf, joinPath, matchFiles, under, type Repo } from "./repo.js";
import { exportedObjects, literal, objectsOf, parseSource, property } from "./static-source.js";
import type { Expression, SourceFile } from "typescript";
import type { Found } from "./types.js";

const VITEST_CONFIG = /(?:^|\/)vitest(?:\.[\w-]+)?\.config\.(?:ts|js|mjs|cjs|mts|cts)$/;
const VITE_CONFIG = /(?:^|\/)vite(?:\.[\w-]+)?\.config\.(?:ts|js|mjs|cjs|mts|cts)$/;
/** vitest's default include and exclude. */
export const VITEST_DEFAULT_INCLUDE = "**/*.{test,spec}.?(c|m)[jt]s?(x)";
const VITEST_DEFAULT_EXCLUDE = ["**/node_modules/**", "**/dist/**", "**/cypress/**"];

// Why: vitest prefers vitest.config.* to vite.config.* in a folder; a vite config is a suite only with `test:`.
function vitestConfigs(repo: Repo): string[] {
  const vitest = repo.files.filter((f) => VITEST_CONFIG.test(f));
  const folders = new Set(vitest.map(dirOf));
  const vite = repo.files.filter((f) => VITE_CONFIG.test(f) && !folders.has(dirOf(f)));
  return [...vitest, ...vite].sort();
}

// Why: each vitest config is one suite; `playwrightFiles` are tests another runner owns.
export async function discoverVitest(repo: Repo, playwrightFiles: ReadonlySet<string>) {
  const found: Found = { candidates: [], leftOut: [] };
  for (const file of vitestConfigs(repo)) {
    const sf = parseSource(await repo.read(file), file);
    const testExpr = property(exportedObjects(sf), "test");
    if (!testExpr) {
      if (VITEST_CONFIG.test(file))
        found.leftOut.push({ path: file, why: "no `test:` block read" });
      continue;
    }
    const test = objectsOf(sf, testExpr);
    const notes: string[] = [];
    const include = strings(sf, property(test, "include"), [VITEST_DEFAULT_INCLUDE]);
    if (include.computed) notes.push("test.include is computed: files use vitest's default");
    const exclude = strings(sf, property(test, "exclude"), []).list;
    const cwd = dirOf(file);
    const excluded = picomatch([...VITEST_DEFAULT_EXCLUDE, ...exclude]);
    const all = matchFiles(repo, cwd, include.list).filter((f) => !excluded(under(cwd, f)!));
    const mine = all.filter((f) => !playwrightFiles.has(f));
    if (all.length > 0 && mine.length === 0) {
      found.leftOut.push({ path: file, why: "its include matches only Playwright's tests" });
      continue;
    }
    let files = include.list;
    if (mine.length < all.length) {
      files = narrowed(cwd, include.list, mine);
      notes.push("its include also matches Playwright's tests: files name only the others");
    }
    found.candidates.push({
      runner: "vitest",
      origin: file,
      cwd,
      config: file.slice(file.lastIndexOf("/") + 1),
      files,
      matched: mine,
      names: [
        { label: "config", text: file },
        ...include.list.map((text) => ({ label: "include", text })),
      ],
      envSources: [file],
      notes,
    });
  }
  return found;
}

// Why: a literal list of strings, or the default (and whether it was computed).
function strings(
  sf: SourceFile,
  expr: Expression | undefined,
  fallback: string[],
): { list: string[]; computed: boolean } {
  const value = expr ? literal(sf, expr) : undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === "string"))
    return { list: value as string[], computed: false };
  if (typeof value === "string") return { list: [value], computed: false };
  return { list: fallback, computed: expr !== undefined && fallback.length > 0 };
}

// Why: the include's file pattern, folder by folder, for only the files vitest should run.
function narrowed(cwd: string, include: readonly string[], files: readonly string[]): string[] {
  const globs = new Set<string>();
  for (const file of files) {
    const rel = under(cwd, file)!;
    const pattern = include.find((p) => picomatch(p)(rel)) ?? VITEST_DEFAULT_INCLUDE;
    const leaf = pattern.slice(pattern.lastIndexOf("/") + 1);
    const dir = dirOf(rel);
    globs.add(dir === "." ? leaf : joinPath(escapePath(dir), leaf));
  }
  return [...globs].sort();
}
