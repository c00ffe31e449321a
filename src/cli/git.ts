/** Git facts for the run record and for --changed. */
import picomatch from "picomatch";
import { succeeded } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";

async function git(rootDir: string, args: string[]): Promise<string | undefined> {
  const r = await runSupervised("git", args, {
    cwd: rootDir,
    env: { ...process.env },
    timeoutMs: 10_000,
  });
  return succeeded(r.end) ? r.stdout.trim() : undefined;
}

export async function gitInfo(rootDir: string): Promise<{ commit?: string; branch?: string }> {
  const [commit, branch] = await Promise.all([
    git(rootDir, ["rev-parse", "HEAD"]),
    git(rootDir, ["rev-parse", "--abbrev-ref", "HEAD"]),
  ]);
  return { ...(commit ? { commit } : {}), ...(branch ? { branch } : {}) };
}

/** Files changed against the merge base with origin/main (or main), plus uncommitted ones. */
export async function changedFiles(rootDir: string): Promise<string[]> {
  const base =
    (await git(rootDir, ["merge-base", "HEAD", "origin/main"])) ??
    (await git(rootDir, ["merge-base", "HEAD", "main"]));
  const committed = base ? await git(rootDir, ["diff", "--name-only", base, "HEAD"]) : "";
  const local = await git(rootDir, ["status", "--porcelain", "--untracked-files=all"]);
  const files = new Set<string>();
  for (const line of (committed ?? "").split("\n")) if (line) files.add(line);
  for (const line of (local ?? "").split("\n"))
    if (line.length > 3) files.add(line.slice(3).split(" -> ").pop()!);
  return [...files];
}

export function matchesAny(file: string, globs: readonly string[]): boolean {
  return picomatch.isMatch(file, [...globs]);
}
