/**
 * `list --changed`, `list --json` and the pre-push hook, through the built
 * CLI in temp git repos made from test/fixtures/projects/changed/ (alpha and
 * beta share suites/shared/helper.ts; gamma has its own runner config).
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const PROJECT = join(REPO, "test", "fixtures", "projects", "changed");

function git(dir: string, ...args: string[]): string {
  const id = ["-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false"];
  return execFileSync("git", [...id, ...args], { cwd: dir, encoding: "utf8" });
}

/** The fixture committed on `branch` (main), then a `feature` branch checked out. */
function repo(branch = "main"): string {
  const dir = tempDir();
  cpSync(PROJECT, dir, { recursive: true });
  git(dir, "init", "-q", "-b", branch);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  return dir;
}

function touch(dir: string, file: string): void {
  appendFileSync(join(dir, file), "\n// changed\n");
}

const listChanged = (dir: string, ...extra: string[]) =>
  runCli(["list", "--changed", ...extra], { cwd: dir });

describe("list --changed", () => {
  it("names the suites a committed change selects, why, and which are left out", async () => {
    const dir = repo();
    touch(dir, "suites/alpha/one.check.ts");
    git(dir, "commit", "-q", "-am", "alpha");
    const r = await listChanged(dir);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("would run 1 of 3 suites:");
    expect(r.stdout).toMatch(/^ {2}alpha {2}suites\/alpha\/one\.check\.ts changed$/m);
    expect(r.stdout).toContain("left out: beta, gamma");
  });

  it("counts uncommitted, untracked and deleted files, and follows imports", async () => {
    const dir = repo();
    touch(dir, "suites/shared/deep.ts"); // uncommitted, imported by helper.ts
    const r = await listChanged(dir);
    expect(r.stdout).toMatch(/^ {2}alpha {2}imports suites\/shared\/deep\.ts \(changed\)$/m);
    expect(r.stdout).toMatch(/^ {2}beta {3}imports suites\/shared\/deep\.ts \(changed\)$/m);

    git(dir, "checkout", "-q", "--", "suites/shared/deep.ts");
    git(dir, "rm", "-q", "suites/beta/lazy.ts");
    git(dir, "commit", "-q", "-m", "delete lazy");
    expect((await listChanged(dir)).stdout).toMatch(
      /^ {2}beta {2}imports suites\/beta\/lazy\.ts \(deleted\)$/m,
    );

    writeFileSync(join(dir, "notes.txt"), "untracked\n");
    const all = await listChanged(dir);
    expect(all.stdout).toContain("would run 3 of 3 suites:");
    expect(all.stdout).toContain("notes.txt is not attributed to any suite: selects every suite");
  });

  it("a lockfile change selects every suite; a README change none", async () => {
    const dir = repo();
    touch(dir, "README.md");
    const none = await listChanged(dir);
    expect(none.stdout).toContain("would run 0 of 3 suites");
    expect(none.stdout).toContain("left out: alpha, beta, gamma");

    writeFileSync(join(dir, "package-lock.json"), "{}\n");
    const r = await listChanged(dir);
    expect(r.stdout).toContain("would run 3 of 3 suites:");
    expect(r.stdout).toMatch(/^ {2}gamma {2}package-lock\.json changed: selects every suite$/m);
  });

  it("runs every suite, and says why, in a shallow clone", async () => {
    const origin = repo();
    touch(origin, "suites/alpha/one.check.ts");
    git(origin, "commit", "-q", "-am", "alpha");
    const clone = tempDir();
    git(clone, "clone", "-q", "--depth", "1", "--branch", "feature", `file://${origin}`, ".");
    const r = await listChanged(clone);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("no merge base with main (shallow clone?): running every suite");
    expect(r.stdout).toContain("would run 3 of 3 suites:");
  });

  it("runs every suite, and says why, without a main branch or outside git", async () => {
    const trunk = await listChanged(repo("trunk"));
    expect(trunk.stdout).toContain("no merge base with origin/main or main: running every suite");
    expect(trunk.stdout).toContain("would run 3 of 3 suites:");

    const plain = tempDir();
    cpSync(PROJECT, plain, { recursive: true });
    const r = await listChanged(plain);
    expect(r.stdout).toContain("not a git repository: running every suite");
    expect(r.stdout).toContain("would run 3 of 3 suites:");
  });
});

describe("list --json", () => {
  it("prints every suite for scripts; with --changed, whether it is selected and why", async () => {
    const dir = repo();
    touch(dir, "suites/shared/helper.ts");
    const plain = JSON.parse((await runCli(["list", "--json"], { cwd: dir })).stdout);
    expect(plain[0]).toEqual({
      name: "alpha",
      kind: "external",
      runner: "command",
      files: 1,
      exclusive: false,
    });

    const r = await listChanged(dir, "--json");
    expect(r.exitCode).toBe(0);
    const suites = JSON.parse(r.stdout) as { name: string; selected: boolean; reason: unknown }[];
    expect(suites.map((s) => [s.name, s.selected, s.reason])).toEqual([
      ["alpha", true, "imports suites/shared/helper.ts (changed)"],
      ["beta", true, "imports suites/shared/helper.ts (changed)"],
      ["gamma", false, null],
    ]);
  });
});

describe("hook", () => {
  const hookOf = (dir: string) => join(dir, ".git", "hooks", "pre-push");

  it("installs a pre-push hook that runs the changed suites' smoke profile", async () => {
    const dir = repo();
    const r = await runCli(["hook", "install"], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(readFileSync(hookOf(dir), "utf8")).toContain("hyvve-qa run --changed --profile smoke");
    expect(statSync(hookOf(dir)).mode & 0o111).not.toBe(0);
  });

  it("--force replaces a foreign hook after saving it as pre-push.backup-<time>", async () => {
    const dir = repo();
    writeFileSync(hookOf(dir), "#!/bin/sh\necho mine\n");
    const refused = await runCli(["hook", "install"], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain("--force");

    const r = await runCli(["hook", "install", "--force"], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const backups = readdirSync(join(dir, ".git", "hooks")).filter((f) =>
      f.startsWith("pre-push.backup-"),
    );
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, ".git", "hooks", backups[0]!), "utf8")).toBe(
      "#!/bin/sh\necho mine\n",
    );
    expect(r.stdout).toContain(backups[0]);
    expect(readFileSync(hookOf(dir), "utf8")).toContain("hyvve-qa run --changed");
  });

  it("uninstall removes only a hook hyvve-qa wrote", async () => {
    const dir = repo();
    const none = await runCli(["hook", "uninstall"], { cwd: dir });
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain("no pre-push hook");

    await runCli(["hook", "install"], { cwd: dir });
    const r = await runCli(["hook", "uninstall"], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(existsSync(hookOf(dir))).toBe(false);

    writeFileSync(hookOf(dir), "#!/bin/sh\necho mine\n");
    const foreign = await runCli(["hook", "uninstall"], { cwd: dir });
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr).toContain("was not written by hyvve-qa");
    expect(readFileSync(hookOf(dir), "utf8")).toBe("#!/bin/sh\necho mine\n");
  });
});
