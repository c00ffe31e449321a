import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, BASIC_PROJECT } from "../helpers/cli.js";

describe("the built CLI", () => {
  it("lists its commands in --help and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.exitCode).toBe(0);
    for (const command of [
      "run",
      "list",
      "report",
      "baseline",
      "serve",
      "doctor",
      "setup",
      "hook",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
    }
  });

  it("prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 on an unknown command or option", async () => {
    expect((await runCli(["frobnicate"])).exitCode).toBe(2);
    expect((await runCli(["run", "--no-such-flag"])).exitCode).toBe(2);
  });

  it("exits 2 with one line and a hint on a bad flag value, without a stack trace", async () => {
    const r = await runCli(["run", "--shard", "5/2"], { cwd: BASIC_PROJECT });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^hyvve-qa: E_USAGE --shard 5\/2: expected i\/n/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("lists the suites of a project with runner and file counts", async () => {
    const r = await runCli(["list"], { cwd: BASIC_PROJECT });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^pass\s+external\s+command\s+1$/m);
  });

  it("lists the repo's own HYVVE suites", async () => {
    const r = await runCli(["list"]);
    expect(r.exitCode).toBe(0);
    for (const suite of ["e2e", "visual", "ccr", "quota", "observability", "load"]) {
      expect(r.stdout).toMatch(new RegExp(`^${suite}\\s`, "m"));
    }
    expect(r.stdout).toMatch(/^load\s.*\(runs alone\)$/m);
  });
});

describe("config errors", () => {
  function project(config: string, name = "hyvve-qa.config.mjs"): string {
    const dir = tempDir();
    writeFileSync(join(dir, name), config);
    return dir;
  }

  it("loads a config outside this repo that imports defineConfig from hyvve-qa", async () => {
    // A team's repo where hyvve-qa is not (yet) a dependency of the folder: the running CLI's own.
    const dir = tempDir();
    writeFileSync(
      join(dir, "hyvve-qa.config.ts"),
      'import { defineConfig } from "hyvve-qa";\nexport default defineConfig({ suites: { s: { kind: "external", runner: "command", command: ["true"], files: ["*.ts"] } } });\n',
    );
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^s\s+external\s+command\s+1$/m);
  });

  it("reports a wrong type as `file: path.to.key message` and exits 2", async () => {
    const dir = project(
      `export default { suites: { e2e: { kind: "e2e", runner: "vitest", files: ["a"], timeout: "soon" } } };`,
      "hyvve-qa.config.ts",
    );
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      "hyvve-qa: E_CONFIG hyvve-qa.config.ts: suites.e2e.timeout expected number, received string",
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects unknown keys (strict schema)", async () => {
    const dir = project(`export default { suites: {}, sutes: {} };`);
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/hyvve-qa\.config\.mjs: .*sutes/);
  });

  it("rejects an unknown runner with the key that holds it", async () => {
    const dir = project(
      `export default { suites: { x: { kind: "e2e", runner: "jest", files: ["a"] } } };`,
    );
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("hyvve-qa.config.mjs: suites.x.runner");
  });

  it("says what to do when there is no config, or it does not parse", async () => {
    const empty = tempDir();
    const none = await runCli(["list"], { cwd: empty });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("no config file found");
    expect(none.stderr).toContain("--config");

    const broken = project(`export default { suites: { `);
    const r = await runCli(["list"], { cwd: broken });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("hyvve-qa.config.mjs: cannot load config");
  });

  it("honours --config and fails clearly when it is missing", async () => {
    const r = await runCli(["list", "--config", "nope.ts"], { cwd: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("nope.ts: config file not found");
  });

  it("refuses an unknown suite name, naming the known ones", async () => {
    const r = await runCli(["run", "nosuch"], { cwd: BASIC_PROJECT });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('unknown suite "nosuch"');
    expect(r.stderr).toContain("known suites: pass, fail");
  });
});
