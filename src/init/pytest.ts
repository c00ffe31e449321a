/**
 * pytest roots: a folder with pytest.ini (or .pytest.ini), a pyproject.toml
 * with [tool.pytest.ini_options], a tox.ini with [pytest] or a setup.cfg
 * with [tool:pytest] — pytest's own order when a folder has several. One
 * suite per root: its files from `testpaths` (or the folders its test files
 * are in), its registered markers quoted in a comment.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import picomatch from "picomatch";
import { dirOf, joinPath, under, type Repo } from "./repo.js";
import type { Candidate, Found } from "./types.js";

/** pytest's config files in its order of precedence, with the section each needs. */
const CONFIGS: readonly { name: string; section?: RegExp }[] = [
  { name: "pytest.ini" },
  { name: ".pytest.ini" },
  { name: "pyproject.toml", section: /^\[tool\.pytest\.ini_options\]\s*$/m },
  { name: "tox.ini", section: /^\[pytest\]\s*$/m },
  { name: "setup.cfg", section: /^\[tool:pytest\]\s*$/m },
];
const DEFAULT_PYTHON_FILES = ["test_*.py", "*_test.py"];

interface Settings {
  testpaths: string[];
  pythonFiles: string[];
  markers: string[];
}

// Why: each folder with a pytest config is one suite; a nested root's files are its own.
export async function discoverPytest(repo: Repo): Promise<Found> {
  const roots = new Map<string, string>();
  for (const { name, section } of CONFIGS) {
    for (const file of repo.files.filter((f) => f === name || f.endsWith(`/${name}`))) {
      if (roots.has(dirOf(file))) continue;
      if (!section || section.test(await repo.read(file))) roots.set(dirOf(file), file);
    }
  }
  const found: Found = { candidates: [], leftOut: [] };
  const folders = [...roots.keys()].sort();
  for (const root of folders) {
    const file = roots.get(root)!;
    const nested = folders.filter((f) => f !== root && under(root, f) !== undefined);
    const candidate = rootSuite(
      repo,
      root,
      file,
      nested,
      readSettings(file, await repo.read(file)),
    );
    if (candidate) found.candidates.push(candidate);
    else found.leftOut.push({ path: file, why: "a pytest config with no test file under it" });
  }
  return found;
}

// Why: one root's suite, or undefined when it has no test file.
function rootSuite(
  repo: Repo,
  root: string,
  file: string,
  nested: readonly string[],
  settings: Settings,
): Candidate | undefined {
  const isTest = picomatch(settings.pythonFiles, { basename: true });
  const inNested = (f: string) => nested.some((n) => under(n, f) !== undefined);
  const tests = repo.files.filter((f) => {
    const rel = under(root, f);
    if (rel === undefined || inNested(f) || !isTest(rel)) return false;
    return (
      settings.testpaths.length === 0 ||
      settings.testpaths.some((t) => under(joinPath(".", t), rel) !== undefined)
    );
  });
  if (tests.length === 0) return undefined;
  const folders =
    settings.testpaths.length > 0
      ? settings.testpaths.map((t) => joinPath(".", t))
      : topFolders(root, tests);
  const globs = folders.flatMap((d) =>
    settings.pythonFiles.map((p) => (d === "." ? p : `${d}/**/${p}`)),
  );
  const used = globs.filter((g) => tests.some((t) => picomatch(g)(under(root, t)!)));
  const notes: string[] = [];
  if (settings.markers.length > 0)
    notes.push(
      `${file.slice(file.lastIndexOf("/") + 1)} registers the markers ${settings.markers.join(", ")}: add e.g. markers: "${settings.markers[0]}" to run only those`,
    );
  const python = venvPython(repo.root, root);
  return {
    runner: "pytest",
    origin: file,
    cwd: root,
    files: used.length > 0 ? used : globs,
    matched: tests,
    names: [
      { label: "config", text: file },
      ...settings.testpaths.map((text) => ({ label: "testpaths", text })),
    ],
    envSources: repo.files.filter(
      (f) =>
        f.endsWith(".py") &&
        folders.some((d) => under(joinPath(root, d), f) !== undefined) &&
        !inNested(f),
    ),
    notes,
    ...(python ? { python } : {}),
  };
}

// Why: without testpaths, the first folder of each test file under the root (tests, src/…).
function topFolders(root: string, tests: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const t of tests) {
    const rel = under(root, t)!;
    folders.add(rel.includes("/") ? rel.slice(0, rel.indexOf("/")) : ".");
  }
  return [...folders].sort();
}

// Why: a venv next to the suite (or at the repo root) is the Python its authors run it with.
function venvPython(repoRoot: string, root: string): string | undefined {
  for (const [dir, rel] of [
    [root, ""],
    [
      ".",
      root === "."
        ? ""
        : root
            .split("/")
            .map(() => "..")
            .join("/") + "/",
    ],
  ] as const) {
    for (const venv of [".venv", "venv"])
      if (existsSync(join(repoRoot, dir, venv, "bin", "python"))) return `${rel}${venv}/bin/python`;
  }
  return undefined;
}

// Why: testpaths, python_files and markers from an ini-style or TOML section.
export function readSettings(file: string, text: string): Settings {
  const values = file.endsWith(".toml") ? tomlSection(text) : iniSection(text, file);
  const list = (key: string) => values.get(key) ?? [];
  const pythonFiles = list("python_files");
  return {
    testpaths: list("testpaths"),
    pythonFiles: pythonFiles.length > 0 ? pythonFiles : DEFAULT_PYTHON_FILES,
    markers: list("markers")
      .map((m) => m.split(":")[0]!.trim())
      .filter((m) => m !== ""),
  };
}

// Why: the [pytest]/[tool:pytest] section's keys; values continue on indented lines.
function iniSection(text: string, file: string): Map<string, string[]> {
  const header = file.endsWith("setup.cfg") ? "[tool:pytest]" : "[pytest]";
  const values = new Map<string, string[]>();
  let inSection = false;
  let key: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (/^\[.*\]\s*$/.test(line)) {
      inSection = line.trim() === header;
      key = undefined;
    } else if (!inSection || /^\s*[#;]/.test(line) || line.trim() === "") continue;
    else if (/^\s/.test(line) && key) values.get(key)!.push(...iniItems(key, line));
    else {
      const m = /^([\w.-]+)\s*[=:]\s*(.*)$/.exec(line);
      key = m?.[1];
      if (m) values.set(m[1]!, iniItems(m[1]!, m[2]!));
    }
  }
  return values;
}

// Why: markers are one per line (with a description); other list keys are whitespace-separated.
function iniItems(key: string, value: string): string[] {
  if (value.trim() === "") return [];
  return key === "markers" ? [value.trim()] : value.trim().split(/\s+/);
}

// Why: the [tool.pytest.ini_options] table's string and string-array keys.
function tomlSection(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const start = text.search(/^\[tool\.pytest\.ini_options\]\s*$/m);
  if (start === -1) return values;
  const body = text.slice(start).split(/\r?\n/).slice(1);
  const end = body.findIndex((l) => /^\[/.test(l));
  const section = (end === -1 ? body : body.slice(0, end)).join("\n");
  for (const m of section.matchAll(/^([\w.-]+)\s*=\s*(\[[^\]]*\]|"[^"\n]*"|'[^'\n]*')/gm)) {
    const items = [...m[2]!.matchAll(/"([^"\n]*)"|'([^'\n]*)'/g)].map((s) => s[1] ?? s[2]!);
    values.set(m[1]!, m[1] === "markers" ? items : items.flatMap((i) => i.split(/\s+/)));
  }
  return values;
}
