import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { runCli, tempDir } from "../helpers/cli.js";

// Proof for the suites' auth cases: with the reference app's auth switched
// off (the `auth-disabled` fault), the built CLI fails exactly those cases in
// e2e, ccr and observability, and every other case still passes — so the
// fault is caught by the cases written for it, not by collateral damage.
// Without the fault the same cases pass: that is the clean run of
// vitest-suites.browser.test.ts (ccr, observability: nothing failed or
// skipped) and of e2e-visual.browser.test.ts (e2e: nothing but passed).

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STRANGERS = ["without a token", "with a wrong bearer token", "with a wrong session cookie"];

const E2E_FAILS = [
  "logged out > /dashboard shows the sign-in page and no data",
  "logged out > /approvals shows the sign-in page and no data",
  "logged out > the approvals live socket refuses a browser without a session",
  ...[
    "GET /api/dashboard/widgets",
    "GET /api/dashboard/alerts",
    "GET /api/dashboard/metrics",
    "GET /api/dashboard/updates?since=0",
    "POST /a2a/navi/rpc",
    "POST /a2a/dashboard_gateway/rpc",
  ].map((route) => `API > ${route} answers 401 without a token and with a wrong one, with no data`),
].map((title) => `suites/e2e/auth.spec.ts > Auth > live > ${title}`);

const CCR_FAILS = ["POST /ccr/route", "GET /ccr/quota", "GET /ccr/health"].flatMap((route) =>
  STRANGERS.map(
    (stranger) =>
      `suites/ccr/auth.test.ts > CCR auth > ${route} answers 401 ${stranger}, with no routing data`,
  ),
);

const OBSERVABILITY_FAILS = STRANGERS.map(
  (stranger) =>
    `suites/observability/auth.test.ts > /metrics auth > answers 401 ${stranger}, with no Prometheus text`,
);

/** The machine's own browser settings, if it has any; nothing else of the shell leaks in. */
function browserEnv(): Record<string, string> {
  // CI as the machine has it: the suites retry in CI (--ci itself is about hyvve-qa's output).
  const names = ["CI", "CHROMIUM_PATH", "PLAYWRIGHT_BROWSERS_PATH"];
  return Object.fromEntries(
    names.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

async function runWithAuthDisabled(): Promise<{ exitCode: number | undefined; run: RunResult }> {
  const out = tempDir("hyvve-qa-auth-");
  dirs.push(out);
  const suites = ["e2e", "ccr", "observability"];
  const result = await runCli(
    ["run", ...suites, "--ci", "--no-baseline", "--no-history", "--out", out],
    {
      env: { ...browserEnv(), HYVVE_REF_FAULTS: JSON.stringify([{ kind: "auth-disabled" }]) },
      timeout: 280_000,
    },
  );
  const runJson = readFileSync(join(out, "run.json"), "utf8");
  return { exitCode: result.exitCode, run: JSON.parse(runJson) as RunResult };
}

function suite(run: RunResult, name: string): SuiteResult {
  const found = run.suites.find((s) => s.name === name);
  expect(found, `suite ${name} missing from run.json`).toBeDefined();
  return found!;
}

/**
 * "status file > title path" of every case that did not pass, sorted. A flaky
 * case (passed on a retry; the other suites' cases have retries in CI, the
 * auth cases none) passed: on a busy machine that is load, not the fault.
 */
function notPassed(s: SuiteResult): string[] {
  return s.cases
    .filter((c) => c.status !== "passed" && c.status !== "flaky")
    .map((c) => `${c.status} ${c.file ?? ""} > ${c.titlePath.join(" > ")}`)
    .sort();
}

const failed = (ids: string[]) => ids.map((id) => `failed ${id}`).sort();

describe("auth-disabled through the CLI", () => {
  it(
    "fails exactly the auth cases of e2e, ccr and observability",
    // Browser runs take turns across files (test/helpers/cli.ts): the wait counts here.
    { timeout: 900_000 },
    async () => {
      const { exitCode, run } = await runWithAuthDisabled();
      expect(exitCode).toBe(1);
      const expected: Array<[string, string[]]> = [
        ["e2e", E2E_FAILS],
        ["ccr", CCR_FAILS],
        ["observability", OBSERVABILITY_FAILS],
      ];
      for (const [name, ids] of expected) {
        const s = suite(run, name);
        expect(s.status, name).toBe("failed");
        expect(notPassed(s), name).toEqual(failed(ids));
        // The rest of the suite ran and passed: the fault is not a blanket failure.
        expect(s.cases.length - ids.length, name).toBeGreaterThan(15);
        for (const c of s.cases.filter((c) => c.status === "failed"))
          expect(c.failure?.message, c.title).toMatch(/401|"refused"/);
      }
      // Refusals get no retry (a pass on retry would hide a server that lets strangers in sometimes).
      for (const c of suite(run, "e2e").cases.filter((c) => c.status === "failed"))
        expect(c.retries, c.title).toBe(0);
    },
  );
});
