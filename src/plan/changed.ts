/**
 * `--changed`, fail-safe: a suite runs when a file it depends on changed (its
 * files, its runner config, a file its command names, what those import, a
 * file in its own folder); a change to what every suite shares, or to a file
 * hyvve-qa cannot attribute to a suite, runs every suite. Only a file on the
 * ignore list (docs, the tool's own tests) selects nothing. Git is read by the
 * caller (src/cli/git.ts) and handed in as a ChangeSet.
 */
import { repoPath, suiteDir } from "../config/suite-paths.js";
import { existsSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { glob } from "tinyglobby";
import { CONFIG_FILES } from "../config/read.js";
import type { Config, SuiteConfig } from "../config/schema.js";
import { createImportGraph, type ImportGraph } from "./import-graph.js";
import type { PlannedSuite } from "./plan.js";

/** The changed files (repo-relative, deleted ones included), or why they cannot be known. */
export type ChangeSet = { files: string[]; base?: string } | { unknown: string };

export interface ChangedSelection {
  suites: PlannedSuite[];
  /** Why each selected suite runs. */
  reasons: Map<string, string>;
  /** One line about the selection as a whole (everything, or nothing, and why). */
  note?: string;
}

/** What one suite depends on, as repo-relative paths. */
export interface SuiteDependencies {
  /** Its test files, its runner config, files named by its command. */
  own: Set<string>;
  /** What those import, transitively, and the paths unresolved imports may have meant. */
  imports: Set<string>;
  /** The fixed folders of its `files` globs (suites/e2e for suites/e2e/**\/*.spec.ts). */
  folders: string[];
}

/** Shared by every suite: a change here runs them all. */
export const EVERY_SUITE_GLOBS = [
  "hyvve-qa.config.*",
  "fixtures/**",
  "config/**",
  "src/**",
  "bin/**",
  "**/package.json",
  "**/package-lock.json",
  "tsconfig*.json",
  ".ci/**",
];

export interface ChangeInput {
  planned: readonly PlannedSuite[];
  /** Every configured suite's dependencies: a file only a suite left out of `planned` uses is still attributed. */
  dependencies: ReadonlyMap<string, SuiteDependencies>;
  /** Files every suite depends on beyond EVERY_SUITE_GLOBS (what the config file imports). */
  everySuiteFiles: ReadonlySet<string>;
  ignore: readonly string[];
  changes: ChangeSet;
  deleted?: ReadonlySet<string>;
}

/** What one changed file does: select every suite, some suites (with a rank: lower wins), or none. */
type Effect =
  | { every: string }
  | { suites: { name: string; reason: string; rank: number }[] }
  | { ignored: true };

/** The pure decision: which planned suites the changes select, and why. */
export function selectByChanges(input: ChangeInput): ChangedSelection {
  const { planned, changes } = input;
  if ("unknown" in changes) return everything(planned, changes.unknown);
  const effects = changes.files.map((file) => effectOf(file, input));
  const every = effects.flatMap((e) => ("every" in e ? [e.every] : []));
  if (every.length > 0) return everything(planned, withMore(every[0]!, every.length - 1));
  const hits = effects.flatMap((e) => ("suites" in e ? e.suites : []));
  const reasons = new Map<string, string>();
  for (const p of planned) {
    const own = hits.filter((h) => h.name === p.name).sort((a, b) => a.rank - b.rank);
    if (own.length > 0) reasons.set(p.name, withMore(own[0]!.reason, own.length - 1));
  }
  const suites = planned.filter((p) => reasons.has(p.name));
  return { suites, reasons, ...(suites.length === 0 ? { note: nothingNote(changes) } : {}) };
}

/** Says why nothing runs, so an empty selection is never silent. */
function nothingNote(changes: { files: string[]; base?: string }): string {
  const since = changes.base ? ` since the merge base with ${changes.base}` : "";
  const n = changes.files.length;
  if (n === 0) return `nothing changed${since}`;
  return `no suite depends on the ${n} changed file${n === 1 ? "" : "s"}${since}`;
}

/** One changed file's effect; rule order: shared by all, attributed, ignored, else all. */
function effectOf(file: string, input: ChangeInput): Effect {
  const verb = input.deleted?.has(file) ? "deleted" : "changed";
  if (input.everySuiteFiles.has(file) || matches(file, EVERY_SUITE_GLOBS))
    return { every: `${file} ${verb}: selects every suite` };
  const suites: { name: string; reason: string; rank: number }[] = [];
  for (const [name, deps] of input.dependencies) {
    const folder = deps.folders.find((d) => file.startsWith(`${d}/`));
    if (deps.own.has(file)) suites.push({ name, reason: `${file} ${verb}`, rank: 0 });
    else if (deps.imports.has(file))
      suites.push({ name, reason: `imports ${file} (${verb})`, rank: 1 });
    else if (folder) suites.push({ name, reason: `${file} ${verb} (in ${folder}/)`, rank: 2 });
  }
  if (suites.length > 0) return { suites };
  if (matches(file, input.ignore)) return { ignored: true };
  return { every: `${file} is not attributed to any suite: selects every suite` };
}

/** Every planned suite, all for the same reason (the note says it once). */
function everything(planned: readonly PlannedSuite[], why: string): ChangedSelection {
  return { suites: [...planned], reasons: new Map(planned.map((p) => [p.name, why])), note: why };
}

/** dot: true, so `.ci/**` and `**\/*.md` see dot folders too. */
function matches(file: string, globs: readonly string[]): boolean {
  return globs.length > 0 && picomatch.isMatch(file, [...globs], { dot: true });
}

/** One reason per suite, but never hide that there were others. */
function withMore(reason: string, more: number): string {
  return more > 0 ? `${reason}, +${more} more` : reason;
}

/**
 * Reads what the suites depend on (glob + import graph), then decides. The
 * config file is `configFile` or the hyvve-qa.config.* in rootDir.
 */
export async function selectChangedSuites(
  config: Config,
  rootDir: string,
  planned: readonly PlannedSuite[],
  changes: ChangeSet,
  configFile?: string,
): Promise<ChangedSelection> {
  if ("unknown" in changes) return selectByChanges({ ...emptyInput(config), planned, changes });
  const graph = await createImportGraph(rootDir);
  const dependencies = new Map<string, SuiteDependencies>();
  for (const [name, suite] of Object.entries(config.suites))
    dependencies.set(name, await suiteDependencies(graph, rootDir, suite));
  const configPath = configFile ?? CONFIG_FILES.map((f) => resolve(rootDir, f)).find(existsSync);
  const everySuiteFiles = configPath ? graph.closure([configPath]).files : new Set<string>();
  const deleted = new Set(changes.files.filter((f) => !existsSync(resolve(rootDir, f))));
  return selectByChanges({
    planned,
    dependencies,
    everySuiteFiles,
    ignore: config.changed.ignore,
    changes,
    deleted,
  });
}

/** Unknown changes select everything: no graph to build. */
function emptyInput(config: Config): Omit<ChangeInput, "planned" | "changes"> {
  return { dependencies: new Map(), everySuiteFiles: new Set(), ignore: config.changed.ignore };
}

/** One suite's dependencies: its files, runner config and command files, and their imports. */
export async function suiteDependencies(
  graph: ImportGraph,
  rootDir: string,
  suite: SuiteConfig,
): Promise<SuiteDependencies> {
  // Globs and the runner config are the suite folder's; the graph speaks repo-relative paths.
  const found = await glob([...suite.files], {
    cwd: suiteDir(rootDir, suite),
    ignore: ["**/node_modules/**"],
    expandDirectories: false,
  });
  const files = found.map((f) => repoPath(suite, f));
  const config = "config" in suite && suite.config ? [repoPath(suite, suite.config)] : [];
  const args = suite.runner === "command" ? commandPaths(rootDir, suite.command) : [];
  const own = new Set(
    [...files, ...config, ...args.filter((a) => !a.folder).map((a) => a.path)].map(normalize),
  );
  const { files: reached, missing } = graph.closure([...own]);
  const imports = new Set([...reached, ...missing].filter((f) => !own.has(f)));
  const folders = [
    ...suite.files.map((f) => repoPath(suite, fixedFolder(f))),
    ...args.filter((a) => a.folder).map((a) => a.path),
  ];
  return { own, imports, folders: folders.filter((d) => d !== "" && !d.startsWith("..")) };
}

/** Repo paths a command suite's argv names (`node scripts/run.mjs`, `pytest tests/`). */
function commandPaths(rootDir: string, argv: readonly string[]) {
  return argv.slice(1).flatMap((arg) => {
    const path = resolve(rootDir, arg);
    if (arg.startsWith("-") || !existsSync(path)) return [];
    const rel = normalize(relative(rootDir, path));
    return rel === "" ? [] : [{ path: rel, folder: statSync(path).isDirectory() }];
  });
}

/** `./a//b` → `a/b`: the form git prints. */
function normalize(path: string): string {
  return path.split(sep).join("/").replace(/^\.\//, "").replace(/\/+/g, "/");
}

/** The part of a glob before its first wildcard, as a folder ("" for the repo root). */
function fixedFolder(pattern: string): string {
  const scan = picomatch.scan(normalize(pattern));
  const folder = scan.isGlob ? scan.base : dirname(scan.base);
  return folder === "." ? "" : folder.replace(/\/$/, "");
}
