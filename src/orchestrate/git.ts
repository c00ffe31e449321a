/** Git facts for the run record and for --changed. */
import { realpathSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { Config } from "../config/schema.js";
import type { ChangedSelection, ChangeSet } from "../plan/changed.js";
import type { PlannedSuite } from "../plan/plan.js";
import { succeeded, type Finished } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";

/** Branches --changed compares with, in this order. */
const BASES = ["origin/main", "main"];

/** Git under the supervisor, with a time limit: a hung git must not hang a push. */
function gitRun(cwd: string, args: string[]): Promise<Finished> {
  return runSupervised("git", args, { cwd, env: { ...process.env }, timeoutMs: 10_000 });
}

/** Trimmed stdout, or undefined when git failed (the callers decide what that means). */
async function git(rootDir: string, args: string[]): Promise<string | undefined> {
  const r = await gitRun(rootDir, args);
  return succeeded(r.end) ? r.stdout.trim() : undefined;
}

/** The run record's git facts. */
export interface GitInfo {
  commit?: string;
  branch?: string;
}

/**
 * Commit and branch for the run record, in one git call; none when git
 * cannot say (no git, no repository, no commit yet).
 */
export async function gitInfo(rootDir: string): Promise<GitInfo> {
  const out = await git(rootDir, ["rev-parse", "HEAD", "--abbrev-ref", "HEAD"]);
  const [commit, branch] = out?.split("\n") ?? [];
  return { ...(commit ? { commit } : {}), ...(branch ? { branch } : {}) };
}

/**
 * `run --changed` / `list --changed`: the planned suites the changes since the
 * merge base with main select, each with its reason (src/plan/changed.ts).
 */
export async function selectChanged(
  config: Config,
  rootDir: string,
  planned: readonly PlannedSuite[],
  configFile?: string,
): Promise<ChangedSelection> {
  // Loaded only for --changed: the import graph (and its picomatch) is start-up every run would pay.
  const { selectChangedSuites } = await import("../plan/changed.js");
  return selectChangedSuites(config, rootDir, planned, await readChanges(rootDir), configFile);
}

/**
 * Files changed against the merge base with origin/main (or main): committed,
 * staged, unstaged, untracked and deleted, relative to rootDir. When that
 * cannot be known (no git, no repository, no merge base), says why instead:
 * the caller then runs every suite.
 */
export async function readChanges(rootDir: string): Promise<ChangeSet> {
  const top = await gitRun(rootDir, ["rev-parse", "--show-toplevel"]);
  if (top.end.kind === "spawn-failed")
    return { unknown: "git is not available: running every suite" };
  if (!succeeded(top.end)) return { unknown: "not a git repository: running every suite" };
  const topDir = top.stdout.trim();
  const base = await mergeBase(rootDir);
  if (!base) return { unknown: await noBaseReason(rootDir) };
  const [diff, untracked] = await Promise.all([
    gitRun(topDir, ["diff", "--name-only", "-z", "--no-renames", base.sha]),
    gitRun(topDir, ["ls-files", "--others", "--exclude-standard", "-z"]),
  ]);
  if (!succeeded(diff.end) || !succeeded(untracked.end))
    return { unknown: `git diff against ${base.ref} failed: running every suite` };
  // git prints paths from the top of the work tree; suites are relative to the config's folder.
  const root = realpathSync(rootDir);
  const files = new Set(
    [...diff.stdout.split("\0"), ...untracked.stdout.split("\0")]
      .filter((f) => f !== "")
      .map((f) => relative(root, join(topDir, f)).split(sep).join("/")),
  );
  return { files: [...files], base: base.ref };
}

/** The first of origin/main, main that HEAD shares history with. */
async function mergeBase(rootDir: string): Promise<{ ref: string; sha: string } | undefined> {
  for (const ref of BASES) {
    const sha = await git(rootDir, ["merge-base", "HEAD", ref]);
    if (sha) return { ref, sha };
  }
  return undefined;
}

/** Why there is no merge base, in the words the user needs to fix it. */
async function noBaseReason(rootDir: string): Promise<string> {
  if ((await git(rootDir, ["rev-parse", "--verify", "--quiet", "HEAD"])) === undefined)
    return "no commit yet to compare with main: running every suite";
  if ((await git(rootDir, ["rev-parse", "--is-shallow-repository"])) === "true")
    return "no merge base with main (shallow clone?): running every suite";
  return "no merge base with origin/main or main: running every suite";
}
