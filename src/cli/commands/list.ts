/**
 * `hyvve-qa list`: each suite with its runner and how many test files it has.
 * `--changed` says which suites `run --changed` would run and why, and which
 * it leaves out; `--json` prints the same for scripts.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { suiteDir } from "../../config/suite-paths.js";
import { glob } from "tinyglobby";
import { loadConfig } from "../../config/read.js";
import type { Config } from "../../config/schema.js";
import type { ChangedSelection } from "../../plan/changed.js";
import { selectSuites } from "../../plan/plan.js";
import { EXIT } from "../exit.js";

export interface ListOptions {
  config?: string;
  changed?: boolean;
  json?: boolean;
}

interface Row {
  name: string;
  kind: string;
  runner: string;
  files: number;
  exclusive: boolean;
}

/** The table by default; --changed adds the selection, --json makes it machine-readable. */
export async function listCommand(raw: ListOptions): Promise<number> {
  const { config, rootDir, path } = await loadConfig(process.cwd(), raw.config);
  const rows = await suiteRows(config, rootDir);
  const selection = raw.changed ? await changedSelection(config, rootDir, path) : undefined;
  if (raw.json) process.stdout.write(`${JSON.stringify(jsonRows(rows, selection), null, 2)}\n`);
  else if (selection) printSelection(rows, selection);
  else printTable(rows);
  return EXIT.ok;
}

/** Git (and the process supervisor) are loaded for --changed only: the plain table starts without them. */
async function changedSelection(
  config: Config,
  rootDir: string,
  configFile: string,
): Promise<ChangedSelection> {
  const { selectChanged } = await import("../../orchestrate/git.js");
  return selectChanged(config, rootDir, selectSuites(config, []), configFile);
}

/** Each suite as `list` shows it: the file count is what its globs find now. */
async function suiteRows(config: Config, rootDir: string): Promise<Row[]> {
  return Promise.all(
    Object.entries(config.suites).map(async ([name, suite]) => {
      const cwd = suiteDir(rootDir, suite);
      const files = await glob(
        suite.files.map((f) => folderAsGlob(cwd, f)),
        {
          cwd,
          ignore: ["**/node_modules/**"],
          // Files only: Playwright's snapshot folders are named after their spec (`a.visual.ts/`).
          expandDirectories: false,
        },
      );
      return {
        name,
        kind: suite.kind,
        runner: suite.runner,
        files: files.length,
        exclusive: suite.exclusive,
      };
    }),
  );
}

/** Why: a runner given a folder (pytest's `tests/integration`) runs what is in it; count that. */
function folderAsGlob(cwd: string, pattern: string): string {
  if (/[*?[{]/.test(pattern)) return pattern;
  return statSync(resolve(cwd, pattern), { throwIfNoEntry: false })?.isDirectory()
    ? `${pattern.replace(/\/$/, "")}/**/*`
    : pattern;
}

/** Stable keys for scripts: `selected` and `reason` (null when left out) only with --changed. */
function jsonRows(rows: readonly Row[], selection: ChangedSelection | undefined) {
  if (!selection) return rows;
  return rows.map((r) => ({
    ...r,
    selected: selection.reasons.has(r.name),
    reason: selection.reasons.get(r.name) ?? null,
  }));
}

/** The plain table, unchanged since before --changed (scripts may parse it). */
function printTable(rows: readonly Row[]): void {
  const width = Math.max(5, ...rows.map((r) => r.name.length));
  process.stdout.write(
    `${"suite".padEnd(width)}  ${"kind".padEnd(13)}  ${"runner".padEnd(10)}  files\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(width)}  ${r.kind.padEnd(13)}  ${r.runner.padEnd(10)}  ${String(r.files).padStart(5)}${r.exclusive ? "  (runs alone)" : ""}\n`,
    );
  }
}

/** One line per selected suite (name, reason), then the ones left out. */
function printSelection(rows: readonly Row[], selection: ChangedSelection): void {
  const chosen = selection.suites.map((s) => s.name);
  const left = rows.map((r) => r.name).filter((n) => !selection.reasons.has(n));
  const width = Math.max(0, ...chosen.map((n) => n.length));
  const out: string[] = [];
  // "package-lock.json changed: selects every suite" is said on each line already.
  const said = chosen.some((n) => selection.reasons.get(n) === selection.note);
  if (selection.note && !said) out.push(`hyvve-qa: ${selection.note}`);
  out.push(`would run ${chosen.length} of ${rows.length} suites${chosen.length ? ":" : ""}`);
  for (const name of chosen) out.push(`  ${name.padEnd(width)}  ${selection.reasons.get(name)}`);
  if (left.length > 0) out.push(`left out: ${left.join(", ")}`);
  process.stdout.write(`${out.join("\n")}\n`);
}
