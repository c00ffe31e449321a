/**
 * examples/stack, as a user runs it from a clone: its three services started
 * from its config, one suite per service through placeholders, every runner
 * real (vitest, k6, pytest); nothing left running, also after Ctrl-C.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, hostEnv, runCli, startCli, tempDir } from "../helpers/cli.js";

const CONFIG = join(REPO, "examples", "stack", "hyvve-qa.config.ts");
const SERVICES = join(REPO, "examples", "stack", "services");
const ENV = hostEnv("HYVVE_K6");

/** The example's service processes still running (matched by their script path). */
function running(): string[] {
  const ps = execFileSync("ps", ["-eo", "stat=,args="], { encoding: "utf8" });
  return ps
    .split("\n")
    .filter((line) => line.includes(SERVICES) || / services\/(web|agents|ccr)\.mjs/.test(line))
    .filter((line) => !line.trimStart().startsWith("Z"));
}

describe("examples/stack", () => {
  it("passes with every suite reaching its own service, and stops the stack", async () => {
    const out = tempDir();
    const r = await runCli(["run", "--config", CONFIG, "--out", out, "--ci", "--no-history"], {
      env: ENV,
      timeout: 120_000,
    });
    expect(r.exitCode, r.all).toBe(0);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.suites.map((s) => [s.name, s.runner, s.status])).toEqual([
      ["web", "vitest", "passed"],
      ["ccr", "pytest", "passed"],
      ["agents", "k6", "passed"],
    ]);
    const services = run.environment.services!;
    expect(new Set(Object.values(services)).size).toBe(3);
    expect(run.stack?.map((s) => [s.name, s.status])).toEqual([
      ["agents", "started"],
      ["ccr", "started"],
      ["web", "started"],
    ]);
    for (const name of ["agents", "ccr", "web"])
      expect(readFileSync(join(out, "stack", `${name}.log`), "utf8")).toContain(
        `${name} listening on`,
      );
    expect(running()).toEqual([]);
  });

  it("Ctrl-C during the run: the partial report is written and nothing is left running", async () => {
    const out = tempDir();
    const cli = startCli(["run", "--config", CONFIG, "--out", out, "--ci", "--no-history"], {
      env: ENV,
      timeout: 120_000,
    });
    const deadline = Date.now() + 60_000;
    while (!existsSync(join(out, "suites", "agents")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    cli.kill("SIGINT");
    const r = await cli;
    expect(r.exitCode).toBe(130);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.status).toBe("interrupted");
    await new Promise((r) => setTimeout(r, 200));
    expect(running()).toEqual([]);
  });
});
