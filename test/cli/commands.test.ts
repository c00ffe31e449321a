/**
 * The smaller commands and flags: `--changed`, `hook install`, `doctor`, and
 * the refusal to load-test production.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

/** A git repo whose one suite fails (exit 3) if it runs at all, on main with one commit. */
function changedRepo(): { dir: string; git: (...args: string[]) => void } {
  const dir = tempDir();
  writeFileSync(
    join(dir, "hyvve-qa.config.mjs"),
    `export default { suites: { unit: { kind: "external", runner: "command", command: ["node", "-e", "process.exit(3)"], files: ["tests/**"] } } };`,
  );
  writeFileSync(join(dir, "package-lock.json"), "{}\n");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("add", "."); // committed: a changed config alone would select every suite
  git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "base");
  return { dir, git };
}

describe("--changed", () => {
  it("runs nothing and says so when only an ignored file changed", async () => {
    const { dir } = changedRepo();
    writeFileSync(join(dir, "notes.md"), "not a test\n");
    const r = await runCli(["run", "--changed", "--ci", "--base-url", inject("refUrl")], {
      cwd: dir,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("no suites to run");
  });

  // Was a false pass: a lockfile change selected no suite and a pre-push hook waved it through.
  it("runs every suite when the lockfile or an unattributed file changed, and says why", async () => {
    for (const file of ["package-lock.json", "notes.txt"]) {
      const { dir } = changedRepo();
      writeFileSync(join(dir, file), "{ }\n");
      const r = await runCli(["run", "--changed", "--ci", "--base-url", inject("refUrl")], {
        cwd: dir,
      });
      expect(r.exitCode, `${file}\n${r.stdout}\n${r.stderr}`).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`--changed: unit: .*${file.replace(".", "\\.")}`));
    }
  });
});

describe("hook install", () => {
  it("installs an executable pre-push hook, idempotently, and never overwrites a foreign one", async () => {
    const dir = tempDir();
    execFileSync("git", ["init", "-q"], { cwd: dir });
    const r = await runCli(["hook", "install"], { cwd: dir });
    expect(r.exitCode).toBe(0);
    const hook = join(dir, ".git", "hooks", "pre-push");
    expect(readFileSync(hook, "utf8")).toContain("hyvve-qa run --changed --profile smoke");
    expect(statSync(hook).mode & 0o111).not.toBe(0);
    expect((await runCli(["hook", "install"], { cwd: dir })).exitCode).toBe(0);

    writeFileSync(hook, "#!/bin/sh\necho mine\n");
    const foreign = await runCli(["hook", "install"], { cwd: dir });
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr).toContain("already exists and was not written by hyvve-qa");
    expect(readFileSync(hook, "utf8")).toBe("#!/bin/sh\necho mine\n");
  });

  it("says so outside a git repository", async () => {
    const r = await runCli(["hook", "install"], { cwd: tempDir() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("not inside a git repository");
  });
});

describe("doctor", () => {
  // Fake k6 binaries, so that the test says the same on a machine with or without k6 (or Go).
  const FAKE_K6 = join(REPO, "test", "fixtures", "bin", "fake-k6");
  const FAKE_K6_V1 = join(REPO, "test", "fixtures", "bin", "fake-k6-v1");

  it("names each tool it found, and a fix for what is missing", async () => {
    const r = await runCli(["doctor"], { env: { HYVVE_K6: FAKE_K6 } });
    for (const tool of [
      "node",
      "chromium",
      "headless shell",
      "reference app",
      "go",
      "k6",
      "python/pytest",
      "playwright",
      "percy",
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^(ok  |MISS) ${tool}\\b`, "m"));
    }
    expect(r.stdout).toContain(`\nok   k6             v2.2.0 at ${FAKE_K6} (from $HYVVE_K6)\n`);
    // The headless shell is optional (e2e and quota fall back to the full browser), so never a MISS.
    const shell = await runCli(["doctor"], {
      env: {
        HYVVE_K6: FAKE_K6,
        CHROMIUM_HEADLESS_SHELL_PATH: FAKE_K6,
        HYVVE_PYTHON: "/nope/python",
      },
    });
    expect(shell.stdout).toContain(`\nok   headless shell ${FAKE_K6} (e2e, quota)\n`);
    // No suite here uses pytest: its Python is reported, never a MISS, even when there is none.
    expect(shell.stdout).toMatch(
      /^ok {3}python\/pytest +no Python at \/nope\/python \(from \$HYVVE_PYTHON\) \(no suite uses pytest; to get it: install Python 3/m,
    );
    // Which Playwright runs the repo's own browser suites, and the browser download it would want.
    expect(r.stdout).toMatch(
      /^ok {3}playwright +e2e, visual: @playwright\/test [\d.]+ \(hyvve-qa's own\); its Chromium download \(\S+\) is (installed|not installed: the config must set use\.launchOptions\.executablePath)/m,
    );
    // With a k6 at hand, Go (only needed to build one) is not required either.
    expect(r.stdout).toMatch(/^ok {3}go\b/m);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);

    const old = await runCli(["doctor"], { env: { HYVVE_K6: FAKE_K6_V1 } });
    expect(old.exitCode).toBe(2);
    expect(old.stdout).toContain(
      `\nMISS k6             HYVVE_K6=${FAKE_K6_V1} is not a supported k6 (v1.0.0; need v2.x)\n` +
        "     fix: unset HYVVE_K6 or point it at k6 v2\n",
    );

    const missing = await runCli(["doctor"], { env: { HYVVE_K6: "/nonexistent/k6" } });
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toMatch(
      /^MISS k6 +HYVVE_K6=\/nonexistent\/k6 is not a supported k6 \(does not run; need v2\.x\)$/m,
    );
    expect(missing.stdout).toMatch(/^ {5}fix: /m);
  });
});

describe("production safety", () => {
  it("refuses a load run against an environment marked production without --allow-production", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "hyvve-qa.config.mjs"),
      `export default { environments: { staging: { baseUrl: "http://127.0.0.1:9", production: true } }, suites: { load: { kind: "load", runner: "k6", files: ["*.ts"] } } };`,
    );
    const r = await runCli(["run", "load", "--env", "staging"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("refusing to run load tests against production");
    const prod = await runCli(["run", "load", "--env", "production"], { cwd: dir });
    expect(prod.exitCode).toBe(2);
    expect(prod.stderr).toContain("--allow-production");
  });

  // Was a false pass: only load was refused, while live e2e approves and CCR spends quota.
  it("refuses every suite that declares mutates on production, and runs the read-only ones", async () => {
    const dir = tempDir();
    const pass = JSON.stringify(join(REPO, "test", "fixtures", "runners", "pass.mjs"));
    const suite = (extra: string) =>
      `{ kind: "external", runner: "command", command: ["node", ${pass}], files: ["*.mjs"]${extra} }`;
    writeFileSync(
      join(dir, "hyvve-qa.config.mjs"),
      `export default { environments: { staging: { baseUrl: "${inject("refUrl")}", production: true } }, suites: { writes: ${suite(", mutates: true")}, reads: ${suite("")} } };`,
    );
    const refused = await runCli(["run", "--env", "staging", "--ci", "--no-baseline"], {
      cwd: dir,
    });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(
      /^hyvve-qa: E_USAGE refusing to run writes against production: it writes to the target \(mutates: true\)/m,
    );
    const reads = await runCli(["run", "reads", "--env", "staging", "--ci", "--no-baseline"], {
      cwd: dir,
    });
    expect(reads.exitCode, reads.stderr).toBe(0);
    const allowed = await runCli(
      ["run", "--env", "staging", "--ci", "--no-baseline", "--allow-production"],
      { cwd: dir },
    );
    expect(allowed.exitCode, allowed.stderr).toBe(0);
  });
});
