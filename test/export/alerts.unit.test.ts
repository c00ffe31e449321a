/**
 * Alerts (src/export/alerts*.ts) below the CLI: the PagerDuty and webhook
 * payloads (limits, escaping, dedup keys, severity), the incidents replayed
 * from the history (trigger, repeat, replace, resolve), and the sender's
 * retries against a real HTTP receiver on 127.0.0.1.
 * The CLI end to end is test/export/alerts-cli.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { alertsSchema } from "../../src/config/schema.js";
import {
  dedupKey,
  incidentChanges,
  openIncidents,
  RUN_UNIT,
} from "../../src/export/alerts-incidents.js";
import { pagerDutyEvents } from "../../src/export/alerts-pagerduty.js";
import { alertSecretEnvNames } from "../../src/export/alerts.js";
import { parseRetryAfter, postJson } from "../../src/export/alerts-send.js";
import { escapeMrkdwn, webhookMessage } from "../../src/export/alerts-slack.js";
import { severityFor, type AlertPlan } from "../../src/export/alerts-summary.js";
import { recordOfRun, type HistoryRecord } from "../../src/history/record.js";
import type {
  CaseResult,
  CaseStatus,
  RunResult,
  SuiteResult,
  SuiteStatus,
} from "../../src/results/model.js";
import { verdict } from "../../src/results/verdict.js";

type CaseSpec = CaseStatus | { status: CaseStatus; message?: string; title?: string };

interface SuiteSpec {
  /** Default: failed when a case failed, else passed. */
  status?: SuiteStatus;
  cases: Record<string, CaseSpec>;
  error?: string;
}

const T0 = Date.parse("2026-06-01T00:00:00.000Z");

/** A run with a real verdict: case ids as the importers make them (`suite::file::title`). */
function runOf(n: number, environment: string, suites: Record<string, SuiteSpec>): RunResult {
  const built: SuiteResult[] = Object.entries(suites).map(([name, spec]) => {
    const cases: CaseResult[] = Object.entries(spec.cases).map(([title, c]) => {
      const { status, message, title: shown } = typeof c === "string" ? { status: c } : c;
      return {
        id: `${name}::spec.ts::${title}`,
        title: shown ?? title,
        titlePath: [shown ?? title],
        status,
        durationMs: 10 + n,
        retries: status === "flaky" ? 1 : 0,
        attachments: [],
        ...(status === "failed" ? { failure: { message: message ?? `boom after ${n} ms` } } : {}),
      };
    });
    const failed = cases.some((c) => c.status === "failed");
    return {
      name,
      kind: "e2e",
      runner: "command",
      status: spec.status ?? (failed ? "failed" : "passed"),
      durationMs: 100,
      cases,
      ...(spec.error ? { error: { message: spec.error } } : {}),
    };
  });
  const at = new Date(T0 + n * 3_600_000).toISOString();
  const run: RunResult = {
    schemaVersion: 1,
    id: `run-${String(n).padStart(2, "0")}`,
    startedAt: at,
    finishedAt: at,
    environment: { name: environment },
    git: { branch: "main", commit: "0123456789abcdef" },
    status: built.some((s) => s.status !== "passed" && s.status !== "skipped")
      ? "failed"
      : "passed",
    suites: built,
  };
  run.verdict = verdict({ run });
  return run;
}

const ALERTS = alertsSchema.parse({
  pagerduty: { routingKeyEnv: "PD_ROUTING" },
  webhook: { urlEnv: "HOOK_URL" },
});

/** What sendAlerts would announce for `run` after `earlier`. */
function planOf(run: RunResult, earlier: HistoryRecord[] = []): AlertPlan {
  return {
    run,
    environment: run.environment.name,
    severity: severityFor(ALERTS, run.environment.name),
    reportUrl: `https://qa.example.com/reports/${run.id}/`,
    changes: incidentChanges(run, earlier),
    greenAgain: false,
  };
}

const keysOf = (list: readonly { dedupKey: string }[]) => list.map((i) => i.dedupKey);

describe("dedup key", () => {
  it("is the same for a repeat of the same failure: another run id, timing, case order", () => {
    const first = runOf(1, "staging", {
      e2e: { cases: { a: "failed", b: "passed", c: "failed" } },
    });
    // The cases in another order, other numbers in the messages (the signature blurs them).
    const again = runOf(7, "staging", {
      e2e: { cases: { c: "failed", b: "passed", a: "failed" } },
    });
    const k1 = keysOf(incidentChanges(first, []).triggers);
    const k2 = keysOf(incidentChanges(again, []).triggers);
    expect(k1).toHaveLength(1);
    expect(k2).toEqual(k1);
    expect(k1[0]!.length).toBeLessThanOrEqual(255);
    expect(k1[0]).toMatch(/^hyvve-qa\/staging\/e2e\/[0-9a-f]{32}$/);
  });

  it("differs by environment, suite, failing cases and failure message", () => {
    const key = (env: string, suite: string, cases: Record<string, CaseSpec>) =>
      keysOf(incidentChanges(runOf(1, env, { [suite]: { cases } }), []).triggers)[0];
    const base = key("staging", "e2e", { a: "failed", b: "passed" });
    expect(key("production", "e2e", { a: "failed", b: "passed" })).not.toBe(base);
    expect(key("staging", "ccr", { a: "failed", b: "passed" })).not.toBe(base);
    expect(key("staging", "e2e", { a: "failed", b: "failed" })).not.toBe(base);
    expect(
      key("staging", "e2e", { a: { status: "failed", message: "timeout waiting for #pay" } }),
    ).not.toBe(base);
    // The same inputs again: the same key.
    expect(key("staging", "e2e", { a: "failed", b: "passed" })).toBe(base);
  });

  it("is sha256 of environment, suite and signature (independently computed)", async () => {
    const { createHash } = await import("node:crypto");
    const expected = createHash("sha256").update("staging\ne2e\nsig").digest("hex").slice(0, 32);
    expect(dedupKey("staging", "e2e", "sig")).toBe(`hyvve-qa/staging/e2e/${expected}`);
  });
});

describe("severity by environment", () => {
  it("defaults: production critical, staging error, local info, anything else warning", () => {
    expect(severityFor(ALERTS, "production")).toBe("critical");
    expect(severityFor(ALERTS, "staging")).toBe("error");
    expect(severityFor(ALERTS, "local")).toBe("info");
    expect(severityFor(ALERTS, "custom")).toBe("warning");
  });

  it("the config overrides per environment, and the trigger carries it", () => {
    const alerts = alertsSchema.parse({
      pagerduty: { routingKeyEnv: "PD" },
      severity: { staging: "warning", custom: "critical" },
    });
    expect(severityFor(alerts, "staging")).toBe("warning");
    expect(severityFor(alerts, "custom")).toBe("critical");
    expect(severityFor(alerts, "production")).toBe("critical");
    const run = runOf(1, "production", { e2e: { cases: { a: "failed" } } });
    const [event] = pagerDutyEvents(planOf(run), "key");
    expect(event!.payload!.severity).toBe("critical");
  });
});

describe("payload limits", () => {
  // 500 failing cases with 20,000-character titles and 100 KB messages.
  const huge = Object.fromEntries(
    Array.from({ length: 500 }, (_, i) => [
      `case ${i}`,
      {
        status: "failed" as const,
        title: `case ${i} ${"t".repeat(20_000)}`,
        message: `${"m".repeat(100_000)}\nsecond line`,
      },
    ]),
  );
  const run = runOf(1, "staging", { e2e: { cases: huge } });
  const plan = planOf(run);

  it("PagerDuty: summary ≤ 1024 characters, bounded details, the event far below 512 KB", () => {
    const [event] = pagerDutyEvents(plan, "routing-key-value");
    expect(event!.event_action).toBe("trigger");
    expect(event!.payload!.summary.length).toBeLessThanOrEqual(1024);
    expect(event!.payload!.summary).toContain("(hyvve-qa run run-01)");
    const details = event!.payload!.custom_details;
    expect(details["failing_cases"]).toHaveLength(10);
    expect(details["failing_cases_total"]).toBe(500);
    expect(JSON.stringify(details).length).toBeLessThan(16_000);
    expect(JSON.stringify(event).length).toBeLessThan(32_000);
  });

  it("PagerDuty: a summary that would be longer (a 2000-character suite name) is cut at 1024", () => {
    const long = runOf(1, "staging", { ["s".repeat(2000)]: { cases: { a: "failed" } } });
    const [event] = pagerDutyEvents(planOf(long), "routing-key-value");
    expect(event!.payload!.summary).toHaveLength(1024);
    expect(event!.payload!.summary.endsWith("…")).toBe(true);
    expect(event!.dedup_key.length).toBeLessThanOrEqual(255);
  });

  it("Slack: ≤ 50 blocks, sections ≤ 3000, header ≤ 150, text ≤ 3000, and a count of what was left out", () => {
    const message = webhookMessage(plan);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    for (const block of message.blocks) {
      if (block.type === "section") expect(block.text.text.length).toBeLessThanOrEqual(3000);
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
    }
    expect(JSON.stringify(message)).toContain("…and 495 more");
  });

  it("Slack: 80 failing suites still fit one section, with a count of the rest", () => {
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [
        `suite-${i}`,
        { cases: { [`c${i}`]: { status: "failed" as const, message: "&".repeat(300) } } },
      ]),
    );
    const message = webhookMessage(planOf(runOf(1, "staging", many)));
    const failing = message.blocks.find(
      (b) => b.type === "section" && b.text.text.startsWith("*Failing*"),
    );
    expect(failing?.type).toBe("section");
    const text = failing!.type === "section" ? failing!.text.text : "";
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/…and \d+ more$/);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
  });
});

describe("Slack mrkdwn escaping", () => {
  it("escapes &, < and > in everything a test produced", () => {
    expect(escapeMrkdwn("a & <b> c")).toBe("a &amp; &lt;b&gt; c");
    const run = runOf(1, "staging", {
      e2e: {
        cases: {
          x: {
            status: "failed",
            title: "<!channel> & <https://evil.example|click>",
            message: "expected <div> & got >",
          },
        },
      },
    });
    const json = JSON.stringify(webhookMessage(planOf(run)).blocks);
    expect(json).toContain("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
    expect(json).toContain("expected &lt;div&gt; &amp; got &gt;");
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://evil");
  });
});

describe("incidents from the history", () => {
  const staging = (n: number, suites: Record<string, SuiteSpec>) => runOf(n, "staging", suites);
  const history = (...runs: RunResult[]) => runs.map(recordOfRun);

  it("a failure triggers, its repeat keeps the key, the next green run resolves it", () => {
    const r1 = staging(1, { e2e: { cases: { a: "failed", b: "passed" } } });
    const r2 = staging(2, { e2e: { cases: { a: "failed", b: "passed" } } });
    const r3 = staging(3, { e2e: { cases: { a: "passed", b: "passed" } } });
    const first = incidentChanges(r1, []);
    expect(first.triggers.map((t) => t.repeat)).toEqual([false]);
    const second = incidentChanges(r2, history(r1));
    expect(keysOf(second.triggers)).toEqual(keysOf(first.triggers));
    expect(second.triggers[0]!.repeat).toBe(true);
    expect(second.triggers[0]!.since).toBe("run-01");
    expect(second.resolves).toEqual([]);
    const third = incidentChanges(r3, history(r1, r2));
    expect(third.triggers).toEqual([]);
    expect(keysOf(third.resolves)).toEqual(keysOf(first.triggers));
    expect(third.resolves[0]!.certain).toBe(true);
    // And after that green run nothing is open.
    expect(openIncidents(history(r1, r2, r3), "staging").size).toBe(0);
  });

  it("a different failure of the same suite is a new incident and resolves the old one", () => {
    const r1 = staging(1, { e2e: { cases: { a: "failed", b: "passed" } } });
    const r2 = staging(2, { e2e: { cases: { a: "passed", b: "failed" } } });
    const first = incidentChanges(r1, []);
    const second = incidentChanges(r2, history(r1));
    expect(second.triggers[0]!.repeat).toBe(false);
    expect(keysOf(second.triggers)).not.toEqual(keysOf(first.triggers));
    expect(keysOf(second.resolves)).toEqual(keysOf(first.triggers));
  });

  it("stays open while its cases do not run (another suite, a --grep subset), resolves once they pass", () => {
    const r1 = staging(1, { e2e: { cases: { a: "failed", b: "failed" } } });
    const other = staging(2, { ccr: { cases: { x: "passed" } } });
    const subset = staging(3, { e2e: { cases: { a: "passed" } } });
    const skipped = staging(4, { e2e: { cases: { a: "passed", b: "skipped" } } });
    const full = staging(5, { e2e: { cases: { a: "passed", b: "passed" } } });
    const opened = keysOf(incidentChanges(r1, []).triggers);
    expect(incidentChanges(other, history(r1)).resolves).toEqual([]);
    expect(incidentChanges(subset, history(r1, other)).resolves).toEqual([]);
    expect(incidentChanges(skipped, history(r1, other, subset)).resolves).toEqual([]);
    expect(keysOf(incidentChanges(full, history(r1, other, subset, skipped)).resolves)).toEqual(
      opened,
    );
  });

  it("environments are apart: a green production run resolves nothing of staging", () => {
    const r1 = staging(1, { e2e: { cases: { a: "failed" } } });
    const prod = runOf(2, "production", { e2e: { cases: { a: "passed" } } });
    expect(incidentChanges(prod, history(r1)).resolves).toEqual([]);
    const later = staging(3, { e2e: { cases: { a: "passed" } } });
    expect(incidentChanges(later, history(r1, prod)).resolves).toHaveLength(1);
  });

  it("a suite that broke without a case: its own key, resolved when it runs clean", () => {
    const r1 = staging(1, {
      e2e: { status: "errored", cases: {}, error: "could not start vitest" },
      ccr: { cases: { x: "passed" } },
    });
    const r2 = staging(2, { e2e: { cases: { a: "passed" } }, ccr: { cases: { x: "passed" } } });
    const first = incidentChanges(r1, []);
    expect(first.triggers.map((t) => t.suite)).toEqual(["e2e"]);
    expect(first.triggers[0]!.cases).toEqual([]);
    const second = incidentChanges(r2, history(r1));
    expect(keysOf(second.resolves)).toEqual(keysOf(first.triggers));
    expect(second.resolves[0]!.certain).toBe(true);
  });

  it("a verdict that failed outside every suite is one run-level incident, resolved by a green verdict", () => {
    const r1 = staging(1, { e2e: { cases: { a: "passed" } } });
    r1.verdict = { status: "failed", exitCode: 1, reasons: ["quarantine of x expired"] };
    const r2 = staging(2, { e2e: { cases: { a: "passed" } } });
    const first = incidentChanges(r1, []);
    expect(first.triggers.map((t) => t.suite)).toEqual([RUN_UNIT]);
    const record = recordOfRun(r1);
    const second = incidentChanges(r2, [record]);
    expect(keysOf(second.resolves)).toContain(first.triggers[0]!.dedupKey);
  });

  it("a suite whose only failures are quarantined opens nothing", () => {
    const run = staging(1, { e2e: { cases: { a: "failed", b: "passed" } } });
    run.suites[0]!.cases[0]!.quarantined = true;
    run.suites[0]!.status = "passed";
    run.status = "passed";
    run.verdict = verdict({ run });
    expect(run.verdict.status).toBe("passed");
    expect(incidentChanges(run, []).triggers).toEqual([]);
  });
});

describe("config", () => {
  it("names the env vars that hold the alerts' secrets (for the runners' redaction)", () => {
    expect(alertSecretEnvNames(ALERTS)).toEqual(["PD_ROUTING", "HOOK_URL"]);
    expect(
      alertSecretEnvNames(alertsSchema.parse({ webhook: { url: "https://x.example/h" } })),
    ).toEqual([]);
    expect(alertSecretEnvNames(undefined)).toEqual([]);
  });

  it("refuses a routing key where its env var name belongs, and a webhook with both url and urlEnv", () => {
    const r = alertsSchema.safeParse({
      pagerduty: { routingKeyEnv: "e93facc04764012d7bfb002500d5d1a6" },
      webhook: { url: "https://hooks.example.com/x", urlEnv: "HOOK" },
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join(".")} ${i.message}`);
    expect(issues).toContain("pagerduty.routingKeyEnv expected an env var name like HYVVE_TOKEN");
    expect(issues).toContain("webhook set exactly one of url and urlEnv");
    // The value itself is never echoed back.
    expect(issues.join("\n")).not.toContain("e93facc0");
  });
});

// ---------------------------------------------------------------------------
// The sender against a real receiver on 127.0.0.1.

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A receiver whose n-th request (1-based) gets `handler`'s answer; it records the bodies. */
async function receiver(handler: Handler): Promise<{ url: string; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      bodies.push(JSON.parse(body));
      handler(req, res, bodies.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/enqueue`, bodies };
}

const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify({ status: status === 202 ? "success" : "error" }));
};

const limits = (over: Partial<Parameters<typeof postJson>[2]> = {}) => ({
  timeoutMs: 2000,
  attempts: 4,
  deadline: Date.now() + 10_000,
  backoffMs: 50,
  ...over,
});

describe("sending with retries", () => {
  it("500 then 202: accepted on the second attempt, the same body twice", async () => {
    const r = await receiver((_req, res, n) => answer(res, n === 1 ? 500 : 202));
    const result = await postJson(r.url, { hello: "pd" }, limits());
    expect(result).toEqual({ ok: true, attempts: 2, status: 202 });
    expect(r.bodies).toEqual([{ hello: "pd" }, { hello: "pd" }]);
  });

  it("429 with Retry-After: 1 waits that second, then succeeds", async () => {
    const r = await receiver((_req, res, n) =>
      n === 1 ? answer(res, 429, { "retry-after": "1" }) : answer(res, 202),
    );
    const started = Date.now();
    const result = await postJson(r.url, { x: 1 }, limits());
    expect(result).toMatchObject({ ok: true, attempts: 2 });
    // The backoff alone would have waited 25–50 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it("a Retry-After past the deadline gives up at once, saying so", async () => {
    const r = await receiver((_req, res) => answer(res, 429, { "retry-after": "60" }));
    const started = Date.now();
    const result = await postJson(r.url, { x: 1 }, limits({ deadline: Date.now() + 3000 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(!result.ok && result.reason).toMatch(/HTTP 429.*asked to retry after 60 s/);
  });

  it("400: one attempt, no retry, the answer in the reason", async () => {
    const r = await receiver((_req, res) => answer(res, 400));
    const result = await postJson(r.url, { x: 1 }, limits());
    expect(result).toMatchObject({ ok: false, attempts: 1 });
    expect(!result.ok && result.reason).toContain("HTTP 400");
    expect(r.bodies).toHaveLength(1);
  });

  it("a receiver that never answers: retried per timeout, given up by the deadline", async () => {
    const r = await receiver(() => {});
    const started = Date.now();
    const result = await postJson(
      r.url,
      { x: 1 },
      limits({ timeoutMs: 300, attempts: 10, deadline: Date.now() + 1500 }),
    );
    const took = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/no answer within \d+ ms.*deadline reached/);
    expect(r.bodies.length).toBeGreaterThanOrEqual(2);
    expect(took).toBeGreaterThanOrEqual(1200);
    expect(took).toBeLessThan(3000);
  });

  it("a closed port is a network error by its code, without the URL", async () => {
    const closed = await receiver(() => {});
    const url = closed.url.replace("/v2/enqueue", "/secret-path-token");
    const s = servers.pop()!;
    await new Promise((resolve) => s.close(resolve));
    const result = await postJson(url, {}, limits({ attempts: 2 }));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain("network error (ECONNREFUSED)");
    expect(!result.ok && result.reason).not.toContain("secret-path-token");
  });

  it("Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-06-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Mon, 01 Jun 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
