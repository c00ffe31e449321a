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

  it("run --help shows the allowed values, examples and exit codes", async () => {
    const r = await runCli(["run", "--help"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--profile {3}smoke \(short, for pre-push and CI\) or full$/m);
    expect(r.stdout).toContain("hyvve-qa run load --env staging");
    expect(r.stdout).toContain("3 a bug in hyvve-qa");
  });

  it("prints the package version", async () => {
    const r = await runCli(["--version"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 on an unknown command or option, in the one error format with the command's help", async () => {
    const command = await runCli(["frobnicate"]);
    expect(command.exitCode).toBe(2);
    expect(command.stderr).toBe(
      "hyvve-qa: E_USAGE unknown command 'frobnicate'\n  hint: hyvve-qa --help",
    );
    const flag = await runCli(["run", "--shrad", "1/2"]);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toBe(
      "hyvve-qa: E_USAGE unknown option '--shrad' (Did you mean --shard?)\n  hint: hyvve-qa run --help",
    );
    const nested = await runCli(["baseline", "update", "--bogus"]);
    expect(nested.exitCode).toBe(2);
    expect(nested.stderr).toMatch(
      /^hyvve-qa: E_USAGE unknown option '--bogus'\n {2}hint: hyvve-qa baseline update --help$/,
    );
    const missing = await runCli(["run", "--env"]);
    expect(missing.stderr).toMatch(/^hyvve-qa: E_USAGE option '--env <name>' argument missing\n/);
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
    expect(r.stderr).toMatch(/hyvve-qa\.config\.mjs: .*sutes.* \(did you mean suites\?\)/);
  });

  it("a crash of its own exits 3 (not 1, a red build), one line and how to report it", async () => {
    // A getter that throws inside the schema check: an error no code path of ours expects.
    const dir = project(
      `export default { get suites() { throw new Error("boom in a getter"); } };`,
    );
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(
      /^hyvve-qa: internal error: boom in a getter\n {2}hint: this is a bug in hyvve-qa \(exit 3/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const debug = await runCli(["list"], { cwd: dir, env: { HYVVE_QA_DEBUG: "1" } });
    expect(debug.exitCode).toBe(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it("suggests the key or value meant, from what the schema allows at that place", async () => {
    const dir = project(
      `export default { suites: { x: { kind: "e2f", runner: "k6", files: ["a"], smoke: { vu: 2 }, timout: 5 } }, environments: { local: { services: { web: { helth: "/" } } } } };`,
    );
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('suites.x.kind Invalid option: expected one of "e2e"');
    expect(r.stderr).toContain("(did you mean e2e?)");
    expect(r.stderr).toContain('suites.x.smoke Unrecognized key: "vu" (did you mean vus?)');
    expect(r.stderr).toContain('suites.x Unrecognized key: "timout" (did you mean timeout?)');
    expect(r.stderr).toContain(
      'environments.local.services.web Unrecognized key: "helth" (did you mean health?)',
    );
    // Nothing near: no guess.
    const far = await runCli(["list"], {
      cwd: project(`export default { suites: {}, zzzzzz: 1 };`),
    });
    expect(far.stderr).not.toContain("did you mean");
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
    expect(r.stderr).toContain("hint: fix the syntax error");

    // A package the config imports that is not installed is not a syntax error.
    const missing = project(
      `import x from "@acme/qa-helpers/config";\nexport default { suites: {} };`,
    );
    const m = await runCli(["list"], { cwd: missing });
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toMatch(
      /hint: the config imports @acme\/qa-helpers\/config, which is not installed where the config is: npm i -D @acme\/qa-helpers, or fix the import/,
    );
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
