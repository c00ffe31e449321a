/**
 * Which load scripts run, and how: every file the suite's glob matches is
 * inspected by k6 (k6-inspect.ts); helpers are left out; `--grep` keeps the
 * scripts whose file or scenario names match (a script with only some of
 * its scenarios matching runs through a small wrapper that keeps those);
 * `--profile smoke` gives a script with its own load shape and no scenarios
 * k6's own `--vus/--duration` override (the suite's `smoke` option), and
 * runs everything else as written. Each decision is a note on the suite.
 */
import { writeFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { nameScripts, scenarioIn, type K6Script } from "../results/import/k6-scripts.js";
import type { K6Binary } from "../setup/k6.js";
import { resolveScripts, wrapperSource } from "./k6-entry.js";
import { inspectScript, type ScriptOptions } from "./k6-inspect.js";
import type { SuiteRunContext } from "./types.js";

/** One script as it will run. */
export interface PlannedScript {
  /** How the report names it, its file (repo-relative) and thresholds. */
  script: K6Script;
  /** The module k6 runs: the script itself, or the --grep wrapper around it. */
  entry: string;
  /** k6 flags the profile adds (smoke: --vus/--duration), else none. */
  profileArgs: string[];
}

export interface ScriptPlan {
  scripts: PlannedScript[];
  notes: string[];
}

/** The smoke override's defaults: a few VUs, the smoke length of HYVVE_LOAD_DURATION or 20 s (at most 2 min). */
const SMOKE_VUS = 2;
const SMOKE_SECONDS = 20;
const MAX_SMOKE_SECONDS = 120;

/** Inspect, filter and shape the suite's scripts; the notes say what was decided for each. */
export async function planScripts(ctx: SuiteRunContext, k6: K6Binary): Promise<ScriptPlan> {
  const paths = await resolveScripts(ctx);
  const inspected = await Promise.all(paths.map((p) => inspectScript(k6, p, ctx)));
  const notes: string[] = [];
  const tests: { path: string; options: ScriptOptions }[] = [];
  for (const [i, path] of paths.entries()) {
    const found = inspected[i]!;
    const rel = relative(ctx.rootDir, path);
    if (found.kind === "helper") notes.push(`left out ${rel}: not a test (${found.reason})`);
    else if (found.kind === "script") tests.push({ path, options: found.options });
    // k6 could not read it: run it anyway, so that the suite shows k6's own error for it.
    else tests.push({ path, options: { scenarios: undefined, shaped: [], thresholds: [] } });
  }
  const named = nameScripts(
    tests.map(({ path, options }) => ({
      file: relative(ctx.rootDir, path),
      scenarios: options.scenarios ?? ["default"],
      thresholds: options.thresholds,
    })),
  );
  const scripts: PlannedScript[] = [];
  for (const [i, { path, options }] of tests.entries()) {
    const script = named[i]!;
    const entry = await grepEntry(ctx, path, script, options);
    if (entry === undefined) continue;
    const profileArgs = smokeArgs(ctx, options);
    notes.push(scriptNote(script, options, profileArgs, entry !== path));
    scripts.push({ script, entry, profileArgs });
  }
  if (ctx.grep !== undefined && scripts.length === 0)
    notes.push(`no load script or scenario matches --grep ${ctx.grep}`);
  return { scripts, notes };
}

/**
 * The module to run under --grep: the script when its file name or all its
 * scenarios match, a wrapper keeping the matching scenarios when only some
 * do, undefined when none does. Without --grep, the script.
 */
async function grepEntry(
  ctx: SuiteRunContext,
  path: string,
  script: K6Script,
  options: ScriptOptions,
): Promise<string | undefined> {
  if (ctx.grep === undefined) return path;
  const pattern = new RegExp(ctx.grep);
  if (pattern.test(script.file) || pattern.test(basename(path))) return path;
  const raw = options.scenarios ?? ["default"];
  const kept = raw.filter((s) => pattern.test(scenarioIn(script, s)));
  if (kept.length === 0) return undefined;
  if (kept.length === raw.length) return path;
  const wrapper = join(ctx.outDir, `k6-grep-${script.name}.js`);
  await writeFile(wrapper, wrapperSource(pathToFileURL(path).href, kept));
  return wrapper;
}

/** k6's --vus/--duration for a classic script with its own load shape under --profile smoke. */
function smokeArgs(ctx: SuiteRunContext, options: ScriptOptions): string[] {
  if (ctx.profile !== "smoke" || options.scenarios !== undefined || options.shaped.length === 0)
    return [];
  const smoke = ctx.suite.runner === "k6" ? ctx.suite.smoke : undefined;
  if (smoke === false) return [];
  const duration = smoke?.duration ?? smokeDuration(ctx.env["HYVVE_LOAD_DURATION"]);
  return ["--vus", String(smoke?.vus ?? SMOKE_VUS), "--duration", duration];
}

/** HYVVE_LOAD_DURATION ("20s", "1m", "1m30s") as k6 seconds, at most 2 min; 20 s when unset or not a duration. */
export function smokeDuration(raw: string | undefined): string {
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(raw?.trim() ?? "");
  const seconds = m && (m[1] ?? m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : undefined;
  return `${Math.min(MAX_SMOKE_SECONDS, seconds || SMOKE_SECONDS)}s`;
}

/** What the suite's note says of one script: as written, or what smoke did to it. */
function scriptNote(
  script: K6Script,
  options: ScriptOptions,
  profileArgs: readonly string[],
  wrapped: boolean,
): string {
  const only = wrapped ? " (--grep: only its matching scenarios)" : "";
  if (profileArgs.length === 0) return `${script.file}: as written${only}`;
  const own = options.shaped.join("/");
  return `smoke: ${script.file} with k6's ${profileArgs.join(" ")} (its own ${own} set aside; --profile full runs them)`;
}
