/**
 * A stack hyvve-qa starts (config `stack`) and the services a suite reaches
 * through placeholders: real processes (test/fixtures/stack/service.mjs),
 * run by the built CLI; after every run, nothing of the stack is left.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, runCli, startCli, tempDir } from "../helpers/cli.js";
import { freePort } from "../helpers/ports.js";

const SERVICE = join(REPO, "test", "fixtures", "stack", "service.mjs");
const CHECK = join(REPO, "test", "fixtures", "stack", "check.mjs");

/** One stack entry running the fake service; its URL comes from its ready line. */
function entry(name: string, env: Record<string, string> = {}, extra: object = {}) {
  return {
    name,
    command: [process.execPath, SERVICE],
    env: { SERVICE_NAME: name, ...env },
    ready: { log: `${name} listening on (?<${name}>http://\\S+)` },
    timeout: 10_000,
    ...extra,
  };
}

/** A project whose local environment is `environment`, with one command suite checking `vars`. */
function project(environment: object, vars: Record<string, string>, checkEnv: object = {}): string {
  const dir = tempDir("hyvve-qa-stack-");
  const config = {
    environments: { local: environment },
    suites: {
      check: {
        kind: "e2e",
        runner: "command",
        command: [process.execPath, CHECK, ...Object.keys(vars)],
        files: ["hyvve-qa.config.mjs"],
        env: { ...vars, ...checkEnv },
        timeout: 60_000,
      },
    },
  };
  writeFileSync(
    join(dir, "hyvve-qa.config.mjs"),
    `export default ${JSON.stringify(config, null, 2)};\n`,
  );
  return dir;
}

function readRun(out: string): RunResult {
  return JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
}

/** Whether a process with this pid is alive (a zombie, dead and not yet reaped by init, is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The pids the services wrote (PID_FILE) and their grandchildren ("child pid N" in their logs). */
function stackPids(dir: string, logDir?: string): number[] {
  const pids = readdirSync(dir)
    .filter((f) => f.endsWith(".pid"))
    .map((f) => Number(readFileSync(join(dir, f), "utf8")));
  if (logDir && existsSync(logDir))
    for (const log of readdirSync(logDir))
      for (const m of readFileSync(join(logDir, log), "utf8").matchAll(/child pid (\d+)/g))
        pids.push(Number(m[1]));
  return pids;
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

describe("a stack hyvve-qa starts", () => {
  it("starts three services in order, hands each its URL through placeholders, and stops them all", async () => {
    const dir = project(
      {
        throwawayToken: true,
        primary: "web",
        services: { web: { health: "/healthz" }, agents: { health: "/healthz" }, ccr: {} },
        stack: [
          {
            ...entry("agents", {
              PID_FILE: "agents.pid",
              SPAWN_CHILD: "1",
              SERVICE_TOKEN: "{token}",
            }),
            // A service that prints the token it was given: its log must not keep it.
            command: `echo "agents got token $SERVICE_TOKEN"; exec "${process.execPath}" "${SERVICE}"`,
          },
          entry("ccr", { PID_FILE: "ccr.pid", STACK_TEST_AGENTS: "{url.agents}" }),
          entry(
            "web",
            { PID_FILE: "web.pid" },
            { ready: { log: "web listening on (?<web>http://\\S+)", url: "{url.web}/healthz" } },
          ),
        ],
      },
      { WEB_URL: "{url.web}", AGENTS_URL: "{url.agents}", CCR_URL: "{url.ccr}", PRIMARY: "{url}" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    const run = readRun(out);
    expect(run.suites[0]!.cases.map((c) => c.title).sort()).toEqual([
      "AGENTS_URL reaches agents (token set)",
      "CCR_URL reaches ccr (token unset)",
      "PRIMARY reaches web (token unset)",
      "WEB_URL reaches web (token unset)",
    ]);
    expect(run.stack?.map((s) => [s.name, s.status, s.services, s.log])).toEqual([
      ["agents", "started", ["agents"], "stack/agents.log"],
      ["ccr", "started", ["ccr"], "stack/ccr.log"],
      ["web", "started", ["web"], "stack/web.log"],
    ]);
    expect(Object.keys(run.environment.services ?? {})).toEqual(["web", "agents", "ccr"]);
    expect(existsSync(join(dir, "reports", "history.jsonl"))).toBe(true);
    expect(run.environment.baseUrl).toBe(run.environment.services!["web"]);
    const agentsLog = readFileSync(join(out, "stack", "agents.log"), "utf8");
    expect(agentsLog).toMatch(/^agents listening on /m);
    expect(agentsLog).toMatch(/^agents got token \[redacted\]$/m);
    // Every service and the grandchild of one are gone.
    const pids = stackPids(dir, join(out, "stack"));
    expect(pids).toHaveLength(4);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    // The throwaway token reached agents (token set) but appears in no file of the run.
    expect(readFileSync(join(out, "run.json"), "utf8")).not.toMatch(/SERVICE_TOKEN=/);
  });

  it("fills a stack command's env from services started before it", async () => {
    const dir = project(
      {
        services: { first: {}, second: {} },
        primary: "first",
        stack: [entry("first"), entry("second", { STACK_TEST_FIRST: "{url.first}" })],
      },
      { SECOND: "{url.second}" },
      { CHECK_ECHO: "SECOND:STACK_TEST_FIRST" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    const run = readRun(out);
    const first = run.environment.services!["first"]!;
    expect(first).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(run.suites[0]!.cases.map((c) => c.title)).toContain(`STACK_TEST_FIRST = ${first}`);
  });

  it("a command that never gets ready: one line naming it and what it waited for, exit 2, nothing left running", async () => {
    const dir = project(
      {
        services: { web: {}, api: {} },
        primary: "web",
        stack: [
          entry("web", { PID_FILE: "web.pid" }),
          entry("api", { PID_FILE: "api.pid", NEVER_READY: "1" }, { timeout: 1500 }),
        ],
      },
      { WEB_URL: "{url.web}" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_ENV stack "api" was not ready within 1\.5 s \(waited for its ready line\); it printed nothing$/m,
    );
    expect(r.stderr).toMatch(/hint: its whole output: .*stack\/api\.log/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "run.json"))).toBe(false);
    for (const pid of stackPids(dir)) expect(alive(pid), `pid ${pid}`).toBe(false);
  });

  it("a command that exits before it is ready: its exit and last lines", async () => {
    const dir = project(
      {
        services: { web: {} },
        stack: [
          {
            ...entry("web"),
            command: [process.execPath, "-e", "console.error('port 3000 in use'); process.exit(7)"],
          },
        ],
      },
      { WEB_URL: "{url.web}" },
    );
    const r = await runCli(["run", "--out", join(dir, "out"), "--ci"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      /^hyvve-qa: E_ENV stack "web" exited before it was ready \(it exited with code 7\); last lines: port 3000 in use$/m,
    );
  });

  it("a service that dies during the run: the runners stop, the verdict names it with its last lines, exit 2", async () => {
    const dir = project(
      {
        services: { web: {}, ccr: {} },
        primary: "web",
        stack: [
          entry("web", { PID_FILE: "web.pid" }),
          entry("ccr", { PID_FILE: "ccr.pid", EXIT_AFTER_READY_MS: "800" }),
        ],
      },
      { CCR_URL: "{url.ccr}" },
      { CHECK_SLEEP_MS: "30000" },
    );
    const out = join(dir, "out");
    const started = Date.now();
    const r = await runCli(["run", "--out", out, "--ci"], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(r.exitCode, r.all).toBe(2);
    const run = readRun(out);
    expect(run.verdict?.reasons[0]).toMatch(
      /^stack: "ccr" exited with code 3 during the run, so the runners were stopped; last lines: .*ccr: giving up; its log: stack\/ccr\.log$/,
    );
    expect(run.stack?.find((s) => s.name === "ccr")).toMatchObject({
      status: "died",
      end: "exited with code 3",
    });
    expect(run.suites[0]!.notes?.join("\n")).toMatch(/ran while the stack's ccr was down/);
    // Cut short by the stack: no baseline verdict, nothing for the history's flakiness.
    expect(run.baseline).toBeUndefined();
    expect(existsSync(join(dir, "reports", "history.jsonl"))).toBe(false);
    expect(r.stderr).toMatch(/^hyvve-qa: E_ENV stack "ccr" exited with code 3 during the run/m);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain("ccr: giving up");
    expect(html).toMatch(
      /<td>ccr<\/td><td><span class="badge failed">died<\/span>[\s\S]*<a href="stack\/ccr\.log">/,
    );
    for (const pid of stackPids(dir)) expect(alive(pid), `pid ${pid}`).toBe(false);
  });

  it("stops a command that ignores SIGTERM with SIGKILL after its stopTimeout", async () => {
    const dir = project(
      {
        services: { web: {} },
        stack: [entry("web", { PID_FILE: "web.pid", IGNORE_SIGTERM: "1" }, { stopTimeout: 500 })],
      },
      { WEB_URL: "{url.web}" },
    );
    const r = await runCli(["run", "--out", join(dir, "out"), "--ci"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    for (const pid of stackPids(dir)) expect(alive(pid)).toBe(false);
    expect(readFileSync(join(dir, "out", "stack", "web.log"), "utf8")).toContain(
      "web: ignoring SIGTERM",
    );
  });
});

describe("a command that starts its service in the background and exits 0", () => {
  it("is detached, not dead: its url check decides, its stop command stops what it left", async () => {
    const port = await freePort();
    const dir = project(
      {
        services: { web: { url: `http://127.0.0.1:${port}` } },
        stack: [
          {
            name: "web",
            // As `docker compose up -d --wait` does: start, return 0, leave the service running.
            command: `PORT=${port} PID_FILE=web.pid SERVICE_NAME=web nohup "${process.execPath}" "${SERVICE}" >/dev/null 2>&1 & exit 0`,
            ready: { url: `http://127.0.0.1:${port}/healthz` },
            stop: "kill $(cat web.pid)",
            timeout: 10_000,
          },
        ],
      },
      { WEB_URL: "{url.web}" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(readRun(out).stack?.[0]).toMatchObject({ name: "web", status: "detached" });
    expect(readRun(out).suites[0]!.cases[0]!.title).toBe("WEB_URL reaches web (token unset)");
    const [pid] = stackPids(dir);
    await waitFor(() => !alive(pid!), 5000);
  });
});

describe("Ctrl-C and a stack", () => {
  for (const when of ["while it starts", "during the run"] as const) {
    it(`${when}: stops the whole stack, writes the report, exits 130`, async () => {
      const starting = when === "while it starts";
      const dir = project(
        {
          services: { web: {}, api: {} },
          primary: "web",
          stack: [
            entry("web", { PID_FILE: "web.pid", SPAWN_CHILD: "1" }),
            entry(
              "api",
              { PID_FILE: "api.pid", ...(starting ? { NEVER_READY: "1" } : {}) },
              { timeout: 60_000 },
            ),
          ],
        },
        { WEB_URL: "{url.web}" },
        { CHECK_SLEEP_MS: "60000", CHECK_STARTED_FILE: join(tempDir(), "started") },
      );
      const out = join(dir, "out");
      const cli = startCli(["run", "--out", out, "--ci"], { cwd: dir, timeout: 60_000 });
      const marker = starting ? join(dir, "api.pid") : join(out, "suites", "check");
      await waitFor(() => existsSync(marker));
      await new Promise((r) => setTimeout(r, 500));
      cli.kill("SIGINT");
      const r = await cli;
      expect(r.exitCode, String(r.all)).toBe(130);
      expect(readRun(out).status).toBe("interrupted");
      const pids = stackPids(dir, join(out, "stack"));
      expect(pids.length).toBeGreaterThanOrEqual(3);
      for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    });
  }
});

describe("services without a stack", () => {
  let server: Server | undefined;
  afterEach(
    () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
  );

  async function listening(): Promise<string> {
    const http = createHttpServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ service: "running-already", token: "unset" }));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    server = http as unknown as Server;
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  it("reuse: an already running service is used, not started, and not stopped", async () => {
    const url = await listening();
    const dir = project(
      {
        services: { web: {} },
        stack: [
          entry("web", { PID_FILE: "web.pid" }, { reuse: true, ready: { url: `${url}/healthz` } }),
        ],
      },
      { WEB_URL: "{url.web}" },
    );
    // reuse gives no ready line: the service's URL comes from --url.
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci", "--url", `web=${url}`], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(readRun(out).stack).toEqual([{ name: "web", status: "reused", services: [] }]);
    expect(readRun(out).suites[0]!.cases[0]!.title).toBe(
      "WEB_URL reaches running-already (token unset)",
    );
    expect(existsSync(join(dir, "web.pid"))).toBe(false);
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
  });

  it("an unreachable service is named with its URL and error before anything runs (exit 2)", async () => {
    const up = await listening();
    const port = await freePort();
    const dir = project(
      {
        baseUrl: up,
        services: { web: {}, ccr: { url: `http://127.0.0.1:${port}`, health: "/ccr/health" } },
      },
      { CCR_URL: "{url.ccr}" },
    );
    const r = await runCli(["run", "--out", join(dir, "out"), "--ci"], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^hyvve-qa: E_ENV cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\) \\(service ccr\\)$`,
        "m",
      ),
    );
    expect(existsSync(join(dir, "out", "run.json"))).toBe(false);
  });

  it("--url overrides one service; a service with no URL of its own lives at the base URL", async () => {
    const up = await listening();
    const dir = project(
      { baseUrl: up, services: { web: {}, ccr: { url: "http://127.0.0.1:9" } } },
      { WEB_URL: "{url.web}", CCR_URL: "{url.ccr}" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci", "--url", `ccr=${up}`], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    expect(readRun(out).environment.services).toEqual({ web: up, ccr: up });
    const unknown = await runCli(["run", "--out", join(dir, "o2"), "--ci", "--url", `cc=${up}`], {
      cwd: dir,
    });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(
      /^hyvve-qa: E_ENV --url cc=…: environment "local" has no service "cc"$/m,
    );
    const bad = await runCli(["run", "--ci", "--url", "ccr"], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--url ccr: expected service=URL/);
  });
});

describe("--base-url on an environment with a stack", () => {
  it("starts nothing and hands no throwaway token (the URL is not that stack)", async () => {
    const up = createHttpServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ service: "elsewhere", token: "unset" }));
    });
    await new Promise<void>((resolve) => up.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(up.address() as AddressInfo).port}`;
    try {
      const dir = project(
        {
          throwawayToken: true,
          primary: "web",
          services: { web: {} },
          stack: [entry("web", { PID_FILE: "web.pid" })],
        },
        { WEB_URL: "{url.web}" },
        { CHECK_TOKEN: "1" },
      );
      const out = join(dir, "out");
      const r = await runCli(["run", "--out", out, "--ci", "--base-url", url], { cwd: dir });
      expect(r.exitCode, r.all).toBe(0);
      const run = readRun(out);
      expect(run.environment.name).toBe("custom");
      expect(run.stack).toBeUndefined();
      expect(existsSync(join(dir, "web.pid"))).toBe(false);
      expect(run.suites[0]!.cases.map((c) => c.title).sort()).toEqual([
        "HYVVE_TOKEN unset",
        "WEB_URL reaches elsewhere (token unset)",
      ]);
    } finally {
      await new Promise((resolve) => up.close(resolve));
    }
  });
});

describe("--keep-stack", () => {
  it("leaves the started stack running after the run and prints how to stop it", async () => {
    const dir = project(
      { services: { web: {} }, stack: [entry("web", { PID_FILE: "web.pid" })] },
      { WEB_URL: "{url.web}" },
    );
    const out = join(dir, "out");
    const r = await runCli(["run", "--out", out, "--ci", "--keep-stack"], { cwd: dir });
    expect(r.exitCode, r.all).toBe(0);
    const [pid] = stackPids(dir);
    leftovers.push(pid!);
    expect(alive(pid!)).toBe(true);
    const url = readRun(out).environment.services!["web"]!;
    expect((await fetch(`${url}/healthz`)).ok).toBe(true);
    expect(r.stderr).toContain(`hyvve-qa: --keep-stack: the stack is still running at ${url}`);
    expect(r.stderr).toContain(`web: process group ${pid} (kill -TERM -- -${pid})`);
    process.kill(-pid!, "SIGTERM");
    await waitFor(() => !alive(pid!));
  });
});

describe("config errors of services and stacks", () => {
  function configError(local: object, suiteEnv: Record<string, string> = {}) {
    const dir = project(local, suiteEnv);
    return runCli(["list"], { cwd: dir });
  }

  it("names the key: primary, a ready.log group, reuse without a url, an unknown service placeholder", async () => {
    const primary = await configError({ services: { web: {} }, primary: "api" });
    expect(primary.exitCode).toBe(2);
    expect(primary.stderr).toMatch(
      /environments\.local\.primary "api" is not one of its services \(web\)/,
    );
    const group = await configError({ services: { web: {} }, stack: [entry("api")] });
    expect(group.stderr).toMatch(
      /environments\.local\.stack\.0\.ready\.log the group \(\?<api>…\) names no service/,
    );
    const reuse = await configError({
      services: { web: {} },
      stack: [entry("web", {}, { reuse: true })],
    });
    expect(reuse.stderr).toMatch(
      /environments\.local\.stack\.0\.reuse reuse needs ready\.url or ready\.port/,
    );
    const placeholder = await configError({ services: { web: {} } }, { WEB_URL: "{url.wbe}" });
    expect(placeholder.stderr).toMatch(
      /suites\.check\.env\.WEB_URL no environment defines the service "wbe" \(did you mean web\?\); known: web/,
    );
  });
});
