/**
 * Playwright configs (`playwright.config.*`, `playwright.<name>.config.*`),
 * read as source: one suite per project (or one for a config without
 * projects), its files from the project's testDir and testMatch (Playwright's
 * own default when none). Setup and teardown projects other projects depend
 * on are not suites.
 */
import ts from "typescript";
import { dirOf, joinPath, matchFiles, type Repo } from "./repo.js";
import {
  constInitializer,
  exportedObjects,
  literal,
  objectsOf,
  parseSource,
  property,
  UNKNOWN,
  type RegexValue,
  type Value,
} from "./static-source.js";
import type { Candidate, Found, LeftOut } from "./types.js";

const CONFIG = /(?:^|\/)playwright(?:\.[\w-]+)?\.config\.(?:ts|js|mjs|cjs|mts|cts)$/;
/** Playwright's default testMatch. */
export const PLAYWRIGHT_DEFAULT_MATCH = "**/*.@(spec|test).?(c|m)[jt]s?(x)";

interface ProjectSource {
  name?: string;
  objects: ts.ObjectLiteralExpression[];
}

// Why: every Playwright config in the repo, each project a candidate suite.
export async function discoverPlaywright(repo: Repo): Promise<Found> {
  const found: Found = { candidates: [], leftOut: [] };
  for (const file of repo.files.filter((f) => CONFIG.test(f))) {
    const sf = parseSource(await repo.read(file), file);
    const top = exportedObjects(sf);
    if (top.length === 0) {
      found.leftOut.push({ path: file, why: "no config object found in its default export" });
      continue;
    }
    const projects = projectSources(sf, top, file, found.leftOut);
    for (const project of projects)
      found.candidates.push(projectCandidate(repo, sf, file, top, project));
  }
  return found;
}

// Why: the config's projects, without the setup/teardown ones (other projects depend on them).
function projectSources(
  sf: ts.SourceFile,
  top: ts.ObjectLiteralExpression[],
  file: string,
  leftOut: LeftOut[],
): ProjectSource[] {
  const list = arrayElements(sf, property(top, "projects"));
  if (!list) return [{ objects: top }];
  const projects = list.map((el) => {
    const objects = objectsOf(sf, el);
    const name = literal(sf, property(objects, "name"));
    return { objects, ...(typeof name === "string" ? { name } : {}) };
  });
  const helpers = new Set<string>();
  for (const p of projects) {
    const deps = literal(sf, property(p.objects, "dependencies"));
    if (Array.isArray(deps)) deps.forEach((d) => typeof d === "string" && helpers.add(d));
    const teardown = literal(sf, property(p.objects, "teardown"));
    if (typeof teardown === "string") helpers.add(teardown);
  }
  return projects.filter((p) => {
    if (p.objects.length > 0 && p.name !== undefined && !helpers.has(p.name)) return true;
    const why =
      p.name === undefined
        ? "a project without a literal name (hyvve-qa selects projects by name), not a suite"
        : "a setup/teardown project (other projects depend on it), not a suite";
    leftOut.push({ path: `${file}, project ${p.name ? `"${p.name}"` : "#?"}`, why });
    return false;
  });
}

// Why: `projects: [...]` directly or through a local const.
function arrayElements(sf: ts.SourceFile, expr: ts.Expression | undefined) {
  let node = expr;
  for (let i = 0; node && i < 4; i++) {
    if (ts.isArrayLiteralExpression(node)) return [...node.elements];
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) node = node.expression;
    else if (ts.isIdentifier(node)) node = constInitializer(sf, node.text);
    else return undefined;
  }
  return undefined;
}

// Why: one project (or the whole config) as a suite: its folder, config, project and test globs.
function projectCandidate(
  repo: Repo,
  sf: ts.SourceFile,
  file: string,
  top: ts.ObjectLiteralExpression[],
  project: ProjectSource,
): Candidate {
  const cwd = dirOf(file);
  const notes: string[] = [];
  const own = project.name === undefined ? top : project.objects;
  const testDirExpr = property(own, "testDir") ?? property(top, "testDir");
  const testMatchExpr = property(own, "testMatch") ?? property(top, "testMatch");
  const testDir = folder(literal(sf, testDirExpr), testDirExpr !== undefined, notes);
  const matches = testMatches(literal(sf, testMatchExpr), testMatchExpr !== undefined, notes);
  const files = [...new Set(matches.map((m) => joinPath(testDir, m)))].sort();
  const names = [{ label: "config", text: file }];
  if (project.name !== undefined) names.unshift({ label: "project name", text: project.name });
  for (const [label, expr] of [
    ["testDir", testDirExpr],
    ["testMatch", testMatchExpr],
  ] as const) {
    const value = expr ? literal(sf, expr) : undefined;
    if (expr) names.push({ label, text: typeof value === "string" ? value : expr.getText(sf) });
  }
  const setups = ["globalSetup", "globalTeardown"].flatMap((key) => {
    const v = literal(sf, property(top, key));
    return typeof v === "string" ? [joinPath(cwd, v)] : [];
  });
  return {
    runner: "playwright",
    origin: project.name === undefined ? file : `${file}, project "${project.name}"`,
    cwd,
    config: file.slice(file.lastIndexOf("/") + 1),
    ...(project.name !== undefined ? { projects: [project.name] } : {}),
    files,
    matched: matchFiles(repo, cwd, files),
    names,
    envSources: [file, ...setups],
    notes,
  };
}

// Why: testDir relative to the config's folder; a computed one is assumed to be that folder.
function folder(value: Value, given: boolean, notes: string[]): string {
  if (typeof value === "string" && !value.startsWith("/")) return joinPath(".", value);
  if (given) notes.push("testDir is computed in the config: files assume the config's folder");
  return ".";
}

// Why: testMatch as globs: a string or a list of them, a regex turned into a glob when simple.
function testMatches(value: Value, given: boolean, notes: string[]): string[] {
  if (!given) return [PLAYWRIGHT_DEFAULT_MATCH];
  const items = Array.isArray(value) ? value : [value];
  const globs = items.map((item) => {
    if (typeof item === "string") return item.includes("/") ? item : `**/${item}`;
    if (item !== UNKNOWN && typeof item === "object" && item && "regex" in item)
      return regexToGlob((item as RegexValue).regex);
    return undefined;
  });
  if (globs.some((g) => g === undefined)) {
    notes.push("testMatch is not a plain glob: files use Playwright's default pattern");
    return [PLAYWRIGHT_DEFAULT_MATCH];
  }
  return globs as string[];
}

// Why: `/.*\.visual\.ts/` and `/\.e2e\.(ts|js)$/` are globs in regex clothing.
export function regexToGlob(regex: string): string | undefined {
  const m = /^\/(.*)\/[a-z]*$/.exec(regex);
  if (!m) return undefined;
  const body = m[1]!.replace(/^\^?(?:\.\*)?/, "").replace(/\$$/, "");
  const parts = body.split("\\.").map((p) => p.replace(/\((\w+(?:\|\w+)+)\)/g, "@($1)"));
  const plain = (p: string) => !/[\\^$.*+?()|[\]{}]/.test(p.replace(/@\([\w|]+\)/g, ""));
  return parts.every(plain) ? `**/*${parts.join(".")}` : undefined;
}
