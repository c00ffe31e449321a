/**
 * Alerts through the built CLI: a copy of test/fixtures/projects/alerts/ in
 * a temp folder (so reports/ and the history land there), a real receiver on
 * 127.0.0.1 standing in for PagerDuty and the webhook. A failed run, the same
 * failure again, then a green run: trigger, trigger with the same dedup_key,
 * resolve with it — and the routing key and the webhook's token never appear
 * in any output or file.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { REPO, runCli, tempDir, type CliResult } from "../helpers/cli.js";

const FIXTURE = join(REPO, "test", "fixtures", "projects", "alerts", "hyvve-qa.config.mjs");

/** A copy of the alerts project's config in a temp folder; its paths still point here. */
function project(): string {
  const dir = tempDir("hyvve-qa-alerts-");
  const text = readFileSync(FIXTURE, "utf8").replaceAll(
    "import.meta.url",
    JSON.stringify(pathToFileURL(FIXTURE).href),
  );
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
  return dir;
}

interface Received {
  path: string;
  body: Record<string, unknown>;
}

type Mode = "accept" | "hang";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A loopback receiver: /v2/enqueue answers like PagerDuty (202), /hooks/… like Slack (200 ok). */
async function receiver(mode: Mode = "accept") {
  const received: Received[] = [];
  const server = createServer((req, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(body) as Record<string, unknown> });
      if (mode === "hang") return;
      const pd = req.url === "/v2/enqueue";
      res.writeHead(pd ? 202 : 200, { "content-type": pd ? "application/json" : "text/plain" });
      res.end(pd ? '{"status":"success","message":"Event processed"}' : "ok");
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, received };
}

/** Secrets as a CI would hold them: a 32-character routing key, a webhook URL with a token in its path. */
function secrets(base: string) {
  const routingKey = randomBytes(16).toString("hex");
  const hookToken = `T0ALERTS/B0ALERTS/${randomBytes(12).toString("hex")}`;
  return {
    routingKey,
    hookToken,
    env: {
      ALERTS_FIXTURE_ROUTING: routingKey,
      ALERTS_FIXTURE_WEBHOOK: `${base}/hooks/${hookToken}`,
      ALERTS_FIXTURE_PD_URL: `${base}/v2/enqueue`,
    },
  };
}

/** `hyvve-qa run` of the fixture against the shared reference app (environment "custom"). */
function run(cwd: string, env: Record<string, string | undefined>, extra: string[] = []) {
  return runCli(["run", "--ci", "--no-baseline", "--base-url", inject("refUrl"), ...extra], {
    cwd,
    env,
  });
}

/** Every file under dir, as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, "latin1") }));
}

const pd = (received: Received[]) => received.filter((r) => r.path === "/v2/enqueue");
const hooks = (received: Received[]) => received.filter((r) => r.path.startsWith("/hooks/"));

function expectNoSecret(results: CliResult[], dir: string, values: string[]) {
  for (const value of values) {
    for (const r of results) expect(r.all).not.toContain(value);
    for (const f of filesUnder(dir)) expect(f.text.includes(value), f.path).toBe(false);
  }
}

describe("alerts end to end", () => {
  it("fail, fail again, pass: trigger, the same dedup_key, resolve with it; no secret anywhere", async () => {
    const cwd = project();
    const { base, received } = await receiver();
    const s = secrets(base);
    const failing = { ...s.env, ALERTS_FIXTURE_FAIL: "1" };

    const first = await run(cwd, { ...failing, ALERTS_FIXTURE_MS: "1234" });
    expect(first.exitCode, first.all).toBe(1);
    expect(first.stdout).toContain(
      "hyvve-qa: alerts sent: PagerDuty: 1 trigger, 0 resolves; webhook: 1 message",
    );
    const [trigger] = pd(received);
    expect(trigger?.body).toMatchObject({
      routing_key: s.routingKey,
      event_action: "trigger",
      payload: { severity: "error", component: "checkout", group: "custom" },
    });
    const key = trigger!.body["dedup_key"] as string;
    expect(key).toMatch(/^hyvve-qa\/custom\/checkout\/[0-9a-f]{32}$/);
    expect(hooks(received)).toHaveLength(1);
    expect(hooks(received)[0]!.path).toBe(`/hooks/${s.hookToken}`);
    const slack = JSON.stringify(hooks(received)[0]!.body);
    expect(slack).toContain("pays &lt;by&gt; card &amp; more");
    expect(slack).toContain("https://qa.example.com/reports/");

    // The same failure with another timing: the same incident, no second one.
    const second = await run(cwd, { ...failing, ALERTS_FIXTURE_MS: "98765" });
    expect(second.exitCode, second.all).toBe(1);
    const triggers = pd(received).filter((r) => r.body["event_action"] === "trigger");
    expect(triggers.map((t) => t.body["dedup_key"])).toEqual([key, key]);
    expect(JSON.stringify(hooks(received)[1]!.body)).toContain("still failing since run");

    const third = await run(cwd, s.env);
    expect(third.exitCode, third.all).toBe(0);
    const events = pd(received).map((r) => [r.body["event_action"], r.body["dedup_key"]]);
    expect(events).toEqual([
      ["trigger", key],
      ["trigger", key],
      ["resolve", key],
    ]);
    expect(pd(received)[2]!.body["routing_key"]).toBe(s.routingKey);
    expect(hooks(received)).toHaveLength(3);
    expect(JSON.stringify(hooks(received)[2]!.body)).toContain("resolved");

    // A fourth, green run: nothing open, nothing sent.
    const fourth = await run(cwd, s.env);
    expect(fourth.exitCode).toBe(0);
    expect(received).toHaveLength(6);

    expectNoSecret([first, second, third, fourth], cwd, [s.routingKey, s.hookToken]);
  });

  it("--dry-run-alerts prints the payloads with the secrets' names, sends nothing", async () => {
    const cwd = project();
    const { base, received } = await receiver();
    const s = secrets(base);
    const r = await run(cwd, { ...s.env, ALERTS_FIXTURE_FAIL: "1" }, ["--dry-run-alerts"]);
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stdout).toContain("hyvve-qa: --dry-run-alerts: 2 alerts (nothing sent)");
    expect(r.stdout).toContain('"routing_key": "<from $ALERTS_FIXTURE_ROUTING>"');
    expect(r.stdout).toContain('"event_action": "trigger"');
    expect(r.stdout).toContain("--- webhook → POST <from $ALERTS_FIXTURE_WEBHOOK>");
    expect(r.stdout).toMatch(/"dedup_key": "hyvve-qa\/custom\/checkout\/[0-9a-f]{32}"/);
    expect(received).toEqual([]);
    expectNoSecret([r], cwd, [s.routingKey, s.hookToken]);
  });

  it("a receiver that never answers: one warning by the deadline, the exit code unchanged", async () => {
    const cwd = project();
    const { base, received } = await receiver("hang");
    const s = secrets(base);
    const env = { ...s.env, ALERTS_FIXTURE_TIMEOUT_MS: "400", ALERTS_FIXTURE_DEADLINE_MS: "1500" };
    const failed = await run(cwd, { ...env, ALERTS_FIXTURE_FAIL: "1" });
    expect(failed.exitCode, failed.all).toBe(1);
    const warnings = failed.stderr.split("\n").filter((l) => l.includes("warning"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^hyvve-qa: warning: alerts not exported: PagerDuty trigger hyvve-qa\/custom\/checkout\/\w+: no answer within \d+ ms.*deadline reached; webhook: no answer/,
    );
    expect(received.length).toBeGreaterThanOrEqual(2);
    // Green after red: the resolve cannot go either, and the run still passes.
    const green = await run(cwd, env);
    expect(green.exitCode, green.all).toBe(0);
    expect(green.stderr).toMatch(/^hyvve-qa: warning: alerts not exported: PagerDuty resolve/m);
    expectNoSecret([failed, green], cwd, [s.routingKey, s.hookToken]);
  });

  it("an unset routing key env var: a warning naming it, the webhook still sent", async () => {
    const cwd = project();
    const { base, received } = await receiver();
    const s = secrets(base);
    const r = await run(cwd, {
      ...s.env,
      ALERTS_FIXTURE_ROUTING: undefined,
      ALERTS_FIXTURE_FAIL: "1",
    });
    expect(r.exitCode, r.all).toBe(1);
    expect(r.stderr).toContain(
      "hyvve-qa: warning: alerts not exported: PagerDuty not sent: ALERTS_FIXTURE_ROUTING is not set",
    );
    expect(pd(received)).toEqual([]);
    expect(hooks(received)).toHaveLength(1);
  });

  it("a bad alerts config: exit 2 with `file: alerts.… message`, nothing run", async () => {
    const cwd = tempDir("hyvve-qa-alerts-config-");
    writeFileSync(
      join(cwd, "hyvve-qa.config.mjs"),
      `export default {
        suites: { x: { kind: "external", runner: "command", command: ["true"], files: ["*"] } },
        alerts: { pagerduty: { routingKeyEnv: "not a name" }, webhook: {}, retries: 3 },
      };\n`,
    );
    const r = await runCli(["run", "--ci"], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      "hyvve-qa.config.mjs: alerts.pagerduty.routingKeyEnv expected an env var name like HYVVE_TOKEN",
    );
    expect(r.stderr).toContain(
      "hyvve-qa.config.mjs: alerts.webhook set exactly one of url and urlEnv",
    );
    expect(r.stderr).toContain('hyvve-qa.config.mjs: alerts Unrecognized key: "retries"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
