/**
 * The run record's git facts (src/orchestrate/git.ts gitInfo) from a real
 * git in temporary repositories: commit and branch from one git call, and
 * nothing (not a wrong value) where git cannot say.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitInfo } from "../../src/orchestrate/git.js";

/** git with a fixed identity, in `cwd`; its trimmed stdout. */
function git(cwd: string, ...args: string[]): string {
  const identity = ["-c", "user.name=QA", "-c", "user.email=qa@example.com"];
  return execFileSync("git", [...identity, ...args], { cwd, encoding: "utf8" }).trim();
}

function repoWithCommit(branch: string): string {
  const dir = mkdtempSync(join(tmpdir(), "hyvve-qa-git-"));
  git(dir, "init", "-q", "-b", branch);
  writeFileSync(join(dir, "a.txt"), "a");
  git(dir, "add", "a.txt");
  git(dir, "commit", "-q", "-m", "first");
  return dir;
}

describe("gitInfo", () => {
  it("gives the commit and the branch", async () => {
    const dir = repoWithCommit("feature/login-flow");
    expect(await gitInfo(dir)).toEqual({
      commit: git(dir, "rev-parse", "HEAD"),
      branch: "feature/login-flow",
    });
  });

  it("says HEAD for the branch of a detached checkout, as git does", async () => {
    const dir = repoWithCommit("main");
    git(dir, "checkout", "-q", "--detach");
    expect(await gitInfo(dir)).toEqual({ commit: git(dir, "rev-parse", "HEAD"), branch: "HEAD" });
  });

  it("gives nothing for a repository without a commit, or a folder outside any", async () => {
    const empty = mkdtempSync(join(tmpdir(), "hyvve-qa-git-"));
    git(empty, "init", "-q");
    expect(await gitInfo(empty)).toEqual({});
    // The temp dir's parent is no repository either.
    const outside = mkdtempSync(join(tmpdir(), "hyvve-qa-nogit-"));
    expect(await gitInfo(outside)).toEqual({});
  });
});
