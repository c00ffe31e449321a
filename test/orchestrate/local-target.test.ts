/**
 * --env local (the default) starts the reference app, hands its URL and a
 * fresh token to every runner, and stops it afterwards; `serve` runs it alone.
 */
import { readFileSync } from "node:fs";

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { BASIC_PROJECT, runCli, startCli, tempDir } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

describe("the local target", () => {
  it("starts the reference app for the run and stops it afterwards", async () => {
    const out = tempDir();
    const r = await runCli(["run", "target", "--out", out, "--ci"], { cwd: BASIC_PROJECT });
    expect(r.exitCode).toBe(0);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
    expect(run.environment.name).toBe("local");
    expect(run.environment.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.suites[0]!.cases.map((c) => [c.title, c.status])).toEqual([
      ["token works", "passed"],
      ["no token is refused", "passed"],
      ["env is local", "passed"],
    ]);
    expect(await refused(`${run.environment.baseUrl}/healthz`)).toBe(true);
  });

  it("exits 2 with the app's log tail when it cannot start", async () => {
    const r = await runCli(["run", "pass", "--out", tempDir(), "--ci"], {
      cwd: BASIC_PROJECT,
      env: { HYVVE_REF_FAULTS: "[not json" },
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_ENV stack "reference-app" exited before it was ready .*HYVVE_REF_FAULTS/m,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 2 when a remote target is unreachable or has no URL", async () => {
    const port = await freePort();
    const unreachable = await runCli(
      ["run", "pass", "--base-url", `http://127.0.0.1:${port}`, "--ci"],
      {
        cwd: BASIC_PROJECT,
      },
    );
    expect(unreachable.exitCode).toBe(2);
    expect(unreachable.stderr).toContain(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
    const noUrl = await runCli(["run", "pass", "--env", "staging", "--ci"], { cwd: BASIC_PROJECT });
    expect(noUrl.exitCode).toBe(2);
    expect(noUrl.stderr).toContain('environment "staging" has no base URL');
  });
});

describe("hyvve-qa serve", () => {
  it("prints every service's URL and the token, serves until Ctrl-C, then stops the app", async () => {
    const cli = startCli(["serve"], { timeout: 60_000 });
    let text = "";
    await new Promise<void>((resolve, reject) => {
      cli.stdout!.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("Ctrl-C stops it")) resolve();
      });
      cli.catch(reject);
    });
    const url = /reference app: (\S+)/.exec(text)![1]!;
    const token = /token:\s+(\S+)/.exec(text)![1]!;
    const res = await fetch(`${url}/api/approvals`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    // The spec's topology: web, agents and CCR each on a port of its own, each serving its routes only.
    const web = /^\s+web:\s+(\S+)$/m.exec(text)![1]!;
    const agents = /^\s+agents:\s+(\S+)$/m.exec(text)![1]!;
    const ccr = /^\s+ccr:\s+(\S+)$/m.exec(text)![1]!;
    expect(web).toBe(url);
    expect(new Set([web, agents, ccr]).size).toBe(3);
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const status = async (base: string, path: string) =>
      (await fetch(`${base}${path}`, auth)).status;
    expect(await status(agents, "/api/dashboard/widgets")).toBe(200);
    expect(await status(agents, "/dashboard")).toBe(404);
    expect(await status(agents, "/ccr/health")).toBe(404);
    expect(await status(ccr, "/ccr/health")).toBe(200);
    expect(await status(ccr, "/api/dashboard/widgets")).toBe(404);
    expect(await status(web, "/dashboard")).toBe(200);
    const card = (await (await fetch(`${agents}/.well-known/agent-card.json`, auth)).json()) as {
      url: string;
    };
    expect(card.url).toBe(`${agents}/a2a`);
    cli.kill("SIGINT");
    const r = await cli;
    expect(r.exitCode).toBe(0);
    for (const base of [web, agents, ccr]) expect(await refused(`${base}/healthz`)).toBe(true);
  });
});
