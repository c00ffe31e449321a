/**
 * A suite in a package of its own runs with the tools that package installed
 * (its `@playwright/test`, its vitest): a config that imports
 * `@playwright/test` must meet the copy that runs it, or Playwright stops
 * with "did not expect test.describe() to be called here" (two copies, even
 * at the same version). Node's own lookup from the suite's folder upward
 * finds the package's copy; hyvve-qa's own is the fallback.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

export interface PackageTool {
  /** The tool's package folder (symbolic links resolved, as Node loads it). */
  dir: string;
  /** The node_modules folder it was found in, as seen from the suite's folder (links kept). */
  foundIn: string;
  version: string;
  /** Whether it is hyvve-qa's own copy (the suite's folder has none). */
  bundled: boolean;
}

const ownRequire = createRequire(import.meta.url);

/** Why: the copy of `name` the suite's folder would import, else hyvve-qa's own. */
export function packageTool(name: string, cwd: string): PackageTool {
  const own = dirname(ownRequire.resolve(`${name}/package.json`));
  let dir = own;
  try {
    dir = dirname(createRequire(join(cwd, "package.json")).resolve(`${name}/package.json`));
  } catch {
    // Not installed in or above the suite's folder: hyvve-qa's own copy runs it.
  }
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    version: string;
  };
  return { dir, foundIn: nodeModulesOf(name, cwd) ?? dirname(dir), version, bundled: dir === own };
}

/** Why: where Node's lookup from `cwd` upward meets the package, before it resolves links. */
function nodeModulesOf(name: string, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const modules = join(dir, "node_modules");
    if (existsSync(join(modules, name, "package.json"))) return modules;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Why: a note that says which copy ran, e.g. "@playwright/test 1.64.1 (apps/web/node_modules)". */
export function describeTool(name: string, tool: PackageTool, rootDir: string): string {
  const where = tool.bundled ? "hyvve-qa's own" : relative(rootDir, tool.foundIn);
  return `${name} ${tool.version} (${where})`;
}
