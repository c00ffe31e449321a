/**
 * k6 scripts: files that import `k6` or `k6/…` and either `export default`
 * a function or set `scenarios`. Files they import (or that use k6 without
 * being runnable) are helpers, reported and left out. One load suite per
 * folder of scripts, run from the folder above it, so that a script's
 * `handleSummary` outputs (`results/…`) land where its authors expect.
 */
import { dirOf, resolveImport, type Repo } from "./repo.js";
import { relativeImports } from "./static-source.js";
import type { Candidate, Found } from "./types.js";

const SCRIPT_FILE = /\.(?:js|mjs|ts|mts)$/;
const IMPORTS_K6 = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']k6(?:\/[^"']*)?["']/;
const DEFAULT_EXPORT = /^\s*export\s+default\b|\bexport\s*\{[^}]*\bas\s+default\b/m;
const SCENARIOS = /\bscenarios\s*:/;
/** k6's own globals: a file using them is k6 code even without an import. */
const K6_GLOBALS = /\b__(?:ENV|VU|ITER)\b/;

interface K6File {
  path: string;
  importsK6: boolean;
  runnable: boolean;
  imports: string[];
}

// Why: the k6 files of the repo, scripts grouped by folder, helpers reported.
export async function discoverK6(repo: Repo): Promise<Found> {
  const k6Files = await readK6Files(repo);
  const scripts = k6Files.filter((f) => f.importsK6 && f.runnable);
  const imported = new Set(scripts.flatMap((s) => s.imports));
  const found: Found = { candidates: [], leftOut: [] };
  for (const f of k6Files) {
    if (scripts.includes(f) || (!f.importsK6 && !imported.has(f.path))) continue;
    const why = f.runnable
      ? "imported by k6 scripts and imports no k6 module: a helper, not a suite"
      : "a k6 helper (no default export, no scenarios), not a suite";
    found.leftOut.push({ path: f.path, why });
  }
  const byFolder = new Map<string, K6File[]>();
  for (const s of scripts) byFolder.set(dirOf(s.path), [...(byFolder.get(dirOf(s.path)) ?? []), s]);
  for (const [folder, list] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1)))
    found.candidates.push(folderSuite(folder, list));
  return found;
}

// Why: only files that mention k6 are parsed further; the rest of the repo is skipped cheaply.
async function readK6Files(repo: Repo): Promise<K6File[]> {
  const out: K6File[] = [];
  for (const path of repo.files) {
    if (!SCRIPT_FILE.test(path) || path.endsWith(".d.ts")) continue;
    const text = await repo.read(path);
    const importsK6 = IMPORTS_K6.test(text);
    if (!importsK6 && !K6_GLOBALS.test(text)) continue;
    const imports = relativeImports(text).flatMap((spec) => resolveImport(repo, path, spec) ?? []);
    const runnable = DEFAULT_EXPORT.test(text) || SCENARIOS.test(text);
    out.push({ path, importsK6, runnable, imports });
  }
  return out;
}

// Why: one load suite per folder of scripts, run from the folder above (tests/load for tests/load/k6).
function folderSuite(folder: string, scripts: K6File[]): Candidate {
  const cwd = folder === "." ? "." : dirOf(folder);
  const prefix = folder === "." ? "" : `${folder.slice(folder.lastIndexOf("/") + 1)}/`;
  const notes = [`${scripts.length} k6 script${scripts.length === 1 ? "" : "s"}`];
  if (cwd !== folder)
    notes.push(`run from ${cwd}, so the scripts' relative outputs (results/…) land there`);
  return {
    runner: "k6",
    origin: `${folder}/`,
    cwd,
    files: scripts.map((s) => prefix + s.path.slice(s.path.lastIndexOf("/") + 1)).sort(),
    matched: scripts.map((s) => s.path).sort(),
    names: [{ label: "folder", text: folder }],
    envSources: [],
    notes,
    exclusive: true,
  };
}
