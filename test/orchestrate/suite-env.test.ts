/**
 * A suite of a team's own: it runs in its package folder (`cwd`) and reads
 * the variable names it was written for (`env`, filled from the target),
 * its token is redacted like every other, an unknown placeholder is a config
 * error naming the key, and `--ci` (about hyvve-qa's own output) does not
 * reach it as CI=true.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const PROJECT = join(REPO, "test", "fixtures", "projects", "suite-env");

describe("a suite's own cwd and env", () => {
  it("runs in its folder with its variables filled from the target; the token stays secret; --ci sets no CI", async () => {
    const out = tempDir();
    const sink = join(tempDir(), "token");
    const r = await runCli(["run", "--ci", "--out", out, "--no-history", "--no-baseline"], {
      cwd: PROJECT,
      env: { SECRET_SINK: sink },
    });
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    const cases = run.suites[0]!.cases.map((c) => `${c.status} ${c.title}`);
    expect(cases, r.all).toEqual([
      "passed runs in pkg",
      "passed BASE_URL is the target",
      "passed AUTH_TOKEN works",
      "passed LABEL is local/smoke",
      "passed CI is unset",
    ]);
    expect(r.exitCode).toBe(0);
    const token = readFileSync(sink, "utf8");
    expect(token.length).toBeGreaterThan(8);
    for (const file of ["run.json", "junit.xml", "index.html", "ctrf.json"])
      expect(readFileSync(join(out, file), "utf8"), file).not.toContain(token);
    expect(r.all).not.toContain(token);
  });

  it("an unknown placeholder is a config error naming the key, with a did-you-mean", async () => {
    const dir = tempDir();
    const config = readFileSync(join(PROJECT, "hyvve-qa.config.mjs"), "utf8")
      .replace('"{url}"', '"{urll}"')
      .replace("../../runners/", join(REPO, "test/fixtures/runners/"));
    writeFileSync(join(dir, "hyvve-qa.config.mjs"), config);
    const r = await runCli(["list"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_CONFIG .*suites\.declared\.env\.BASE_URL unknown placeholder \{urll\} \(did you mean \{url\}\?\); use \{url\}, \{token\}, \{workspace\}, \{env\}, \{profile\}, \{url\.<service>\}, \{token\.<service>\}$/m,
    );
  });
});
