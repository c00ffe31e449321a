/**
 * Paths between hyvve-qa and pytest. A suite's `files` are relative to its
 * folder; pytest names files (node ids, JUnit `file`) relative to its own
 * rootdir, which its ini file, a setup.py or the arguments decide. These
 * turn one into the other, and pytest's JUnit cases into stable,
 * repo-relative cases.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { glob } from "tinyglobby";
import type { CaseResult } from "../results/model.js";

/** The name the adapter gives pytest's one <testsuite> (`-o junit_suite_name`), dropped from title paths. */
export const JUNIT_SUITE_NAME = "pytest";

const GLOB = /[*?[\]{}]/;

/**
 * What pytest gets as arguments: globs expanded (files, sorted), folders,
 * files and node ids (`tests/test_a.py::TestX`) as written. A glob that
 * matches nothing adds nothing.
 */
export async function expandTargets(files: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of files) {
    if (entry.includes("::") || !GLOB.test(entry)) out.push(entry);
    else out.push(...(await glob([entry], { cwd, onlyFiles: true })).sort());
  }
  return [...new Set(out)];
}

/** The file part of a node id or argument: `tests/test_a.py::TestX::test_y` → `tests/test_a.py`. */
export function fileOf(nodeId: string): string {
  const i = nodeId.indexOf("::");
  return i === -1 ? nodeId : nodeId.slice(0, i);
}

/**
 * pytest's rootdir: the `rootdir: …` line of its header when it printed one,
 * else the nearest folder, from the arguments' common ancestor up, that
 * holds every path pytest named (its rootdir is that ancestor or above it,
 * unless an ini file elsewhere says otherwise); else the suite's folder.
 */
export function findRootdir(
  cwd: string,
  targets: readonly string[],
  named: readonly string[],
  stdout = "",
): string {
  const header = /^rootdir: (.+?)(?:, (?:configfile|inifile|testpaths): .*)?$/m.exec(stdout);
  if (header) return header[1]!.trim();
  const wanted = [...new Set(named)].filter((p) => p !== "");
  if (wanted.length === 0) return cwd;
  for (let dir = commonAncestor(cwd, targets); ; dir = dirname(dir)) {
    if (wanted.every((p) => existsSync(join(dir, p)))) return dir;
    if (dirname(dir) === dir) return cwd;
  }
}

/** The deepest folder holding every existing target, as pytest's get_common_ancestor finds it. */
function commonAncestor(cwd: string, targets: readonly string[]): string {
  const paths = targets.map((t) => resolve(cwd, fileOf(t))).filter((p) => existsSync(p));
  if (paths.length === 0) return cwd;
  let common = paths[0]!;
  for (const p of paths.slice(1)) {
    while (p !== common && !p.startsWith(common.endsWith(sep) ? common : common + sep))
      common = dirname(common);
  }
  return statSync(common).isFile() ? dirname(common) : common;
}

/** A path or node id pytest gave (relative to its rootdir) as an argument for pytest started in `cwd`. */
export function fromRootdir(rootdir: string, cwd: string, nodeId: string): string {
  const file = fileOf(nodeId);
  return (relative(cwd, resolve(rootdir, file)) || ".") + nodeId.slice(file.length);
}

/**
 * How pytest's JUnit names a node id (junitxml's mangle_test_address):
 * `classname` is the file as a dotted module plus the classes, `name` the
 * function with its parameters. `--grep` is matched against both, as vitest
 * matches the describe path and the test name.
 */
export function junitNames(nodeId: string): { classname: string; name: string } {
  const bracket = nodeId.indexOf("[");
  const path = bracket === -1 ? nodeId : nodeId.slice(0, bracket);
  const params = bracket === -1 ? "" : nodeId.slice(bracket);
  const names = path.split("::");
  names[0] = names[0]!.replaceAll("/", ".").replace(/\.py$/, "");
  const name = names.pop()! + params;
  return { classname: names.join("."), name };
}

/**
 * One case from pytest's JUnit as hyvve-qa keeps it: the file relative to
 * the repo (pytest wrote it relative to its rootdir), the title path without
 * pytest's <testsuite> name, so the id reads `<suite>::<file>::<classname> > <name>`.
 */
export function fromPytestJUnit(
  c: CaseResult,
  where: { suite: string; rootDir: string; rootdir: string },
): CaseResult {
  const titlePath = c.titlePath[0] === JUNIT_SUITE_NAME ? c.titlePath.slice(1) : c.titlePath;
  const file =
    c.file === undefined ? undefined : relative(where.rootDir, resolve(where.rootdir, c.file));
  // The importer's id is `<suite>::<its file>::<title path>[ #n]`: keep the #n it numbered duplicates with.
  const before = `${where.suite}::${c.file ?? ""}::${c.titlePath.join(" > ")}`;
  const suffix = c.id.startsWith(before) ? c.id.slice(before.length) : "";
  const id = `${where.suite}::${file ?? ""}::${titlePath.join(" > ")}${suffix}`;
  const out: CaseResult = { ...c, id, titlePath };
  if (file !== undefined) out.file = file;
  return out;
}
