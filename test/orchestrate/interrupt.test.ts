/**
 * Ctrl-C: the first SIGINT stops the runners, writes the partial report and
 * exits 130; a second one exits at once. No runner process (nor a child of
 * it) survives either way.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { BASIC_PROJECT, startCli, tempDir } from "../helpers/cli.js";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

function pids(file: string): number[] {
  return readFileSync(file, "utf8").trim().split("\n").map(Number);
}

describe("interrupting a run", () => {
  it("first Ctrl-C: stops children, writes the partial report, exits 130", async () => {
    const out = tempDir();
    const pidFile = join(tempDir(), "pids");
    const cli = startCli(
      ["run", "pass", "sleepy", "--out", out, "--ci", "--base-url", inject("refUrl")],
      {
        cwd: BASIC_PROJECT,
        env: { FAKE_PID_FILE: pidFile },
      },
    );
    await waitFor(() => existsSync(pidFile) && pids(pidFile).length >= 2);
    // Let the quick suite finish so the partial report has something in it.
    await new Promise((r) => setTimeout(r, 1500));
    cli.kill("SIGINT");
    const r = await cli;
    expect(r.exitCode).toBe(130);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.status).toBe("interrupted");
    expect(run.suites.find((s) => s.name === "pass")?.status).toBe("passed");
    expect(run.suites.find((s) => s.name === "sleepy")?.status).toBe("interrupted");
    expect(existsSync(join(out, "index.html"))).toBe(true);
    for (const pid of pids(pidFile)) await waitFor(() => !alive(pid), 5000);
  });

  it("second Ctrl-C exits at once, without waiting for a runner that ignores SIGTERM", async () => {
    const out = tempDir();
    const pidFile = join(tempDir(), "pids");
    const cli = startCli(
      ["run", "stubborn", "--out", out, "--ci", "--base-url", inject("refUrl")],
      {
        cwd: BASIC_PROJECT,
        env: { FAKE_PID_FILE: pidFile },
      },
    );
    let stderr = "";
    cli.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(() => existsSync(pidFile) && pids(pidFile).length >= 2);
    cli.kill("SIGINT");
    await waitFor(() => stderr.includes("interrupted, stopping runners"));
    // The graceful stop now waits for SIGKILL (5 s) before writing the report;
    // the second Ctrl-C must not wait, so no report gets written.
    cli.kill("SIGINT");
    const r = await cli;
    expect(r.exitCode).toBe(130);
    expect(stderr).toContain("second interrupt, exiting now");
    expect(existsSync(join(out, "run.json"))).toBe(false);
    for (const pid of pids(pidFile)) await waitFor(() => !alive(pid), 5000);
  });
});
