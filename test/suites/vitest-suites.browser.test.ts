import { readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { logBrowserLaunches } from "../helpers/browser.js";
import { hostEnv, runCli, tempDir } from "../helpers/cli.js";

// Proof for the three vitest suites (ccr, quota, observability): run through
// the BUILT CLI against the reference app, they pass clean, run in parallel
// and report through vitest's JUnit output into run.json — and each fails
// exactly the cases that exist to catch a regression when the reference app
// is started with that regression (HYVVE_REF_FAULTS).

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function run(
  suites: string[],
  faults?: unknown[],
  browsers: Record<string, string> = {},
): Promise<{ exitCode: number | undefined; run: RunResult; out: string; output: string }> {
  const out = tempDir("hyvve-qa-vitest-suites-");
  dirs.push(out);
  const result = await runCli(
    ["run", ...suites, "--out", out, "--ci", "--no-baseline", "--no-history"],
    {
      env: {
        ...(faults ? { HYVVE_REF_FAULTS: JSON.stringify(faults) } : {}),
        ...hostEnv("CI", "CHROMIUM_PATH", "CHROMIUM_HEADLESS_SHELL_PATH"),
        ...browsers,
      },
      timeout: 180_000,
    },
  );
  const runJson = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
  return { exitCode: result.exitCode, run: runJson, out, output: result.stdout + result.stderr };
}

function suite(run: RunResult, name: string): SuiteResult {
  const found = run.suites.find((s) => s.name === name);
  expect(found, `suite ${name} missing from run.json`).toBeDefined();
  return found!;
}

/** "file > describe > title" of each case with the given status. */
function titles(s: SuiteResult, status: CaseResult["status"]): string[] {
  return s.cases
    .filter((c) => c.status === status)
    .map((c) => `${c.file ?? ""} > ${c.titlePath.join(" > ")}`)
    .sort();
}

function failedTitles(s: SuiteResult): string[] {
  return s.cases
    .filter((c) => c.status === "failed")
    .map((c) => c.title)
    .sort();
}

/** [start, end] in ms of each vitest file of a suite, from its JUnit (timestamp is written when the file's report is). */
function junitWindow(out: string, s: SuiteResult): [number, number] {
  const xml = readFileSync(join(out, "suites", s.name, "junit.xml"), "utf8");
  const stamps = [...xml.matchAll(/<testsuite [^>]*timestamp="([^"]+)"/g)].map((m) =>
    Date.parse(m[1]!),
  );
  expect(stamps.length).toBeGreaterThan(0);
  const end = Math.max(...stamps);
  return [end - (s.durationMs ?? 0), end];
}

// Three suites and a browser on 2 cores: minutes, not the 60 s default, when the machine is busy.
describe("ccr, quota and observability through the CLI", { timeout: 240_000 }, () => {
  it("pass clean, in parallel, with every case in run.json from vitest's JUnit; quota's browser is the headless shell", async () => {
    const logs = tempDir("hyvve-qa-browsers-");
    dirs.push(logs);
    const browsers = logBrowserLaunches(logs);
    const {
      exitCode,
      run: result,
      out,
      output,
    } = await run(["ccr", "quota", "observability"], undefined, browsers.env);
    expect(exitCode, output).toBe(0);
    // Issue 14: quota checks localStorage behaviour, not pixels: the headless shell, once.
    expect(browsers.launches()).toEqual({ full: [], headlessShell: ["vitest"] });
    expect(result.status).toBe("passed");
    for (const name of ["ccr", "quota", "observability"]) {
      const s = suite(result, name);
      expect(s.status, `${name}: ${s.error?.message ?? ""}`).toBe("passed");
      expect(s.runner).toBe("vitest");
      expect(s.kind).toBe(name);
      expect(s.cases.length).toBeGreaterThan(3);
      expect(titles(s, "failed")).toEqual([]);
      // Locally every case runs: none is skipped for the environment.
      expect(titles(s, "skipped")).toEqual([]);
      expect(readdirSync(join(out, "suites", name))).toContain("junit.xml");
    }
    // The browser half of the quota suite ran too.
    expect(
      suite(result, "quota").cases.some((c) => c.file?.endsWith("quota-store.browser.test.ts")),
    ).toBe(true);

    // Parallel: at least two suites' run windows overlap, and the whole run took less than the suites one after another.
    const windows = result.suites.map((s) => junitWindow(out, s));
    const overlaps = windows.flatMap((a, i) =>
      windows.slice(i + 1).filter((b) => a[0] < b[1] && b[0] < a[1]),
    );
    expect(overlaps.length, JSON.stringify(windows)).toBeGreaterThan(0);
    const wall = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
    const sum = result.suites.reduce((total, s) => total + (s.durationMs ?? 0), 0);
    expect(wall).toBeLessThan(sum);
  });

  it("ccr: with CCR fallback disabled, exactly the fallback cases fail", async () => {
    const { exitCode, run: result } = await run(["ccr"], [{ kind: "ccr-fallback-disabled" }]);
    expect(exitCode).toBe(1);
    const ccr = suite(result, "ccr");
    expect(ccr.status).toBe("failed");
    expect(failedTitles(ccr)).toEqual(
      [
        "falls back to the next model when the primary's provider is down",
        "reports every attempt when the whole fallback chain is down",
        "preserves the request context through fallback",
        "times out a slow provider with the router's own timeout and falls back",
        "honours a shorter per-request timeout",
      ].sort(),
    );
    for (const c of ccr.cases.filter((c) => c.status === "failed"))
      expect(c.file).toMatch(/fallback\.test\.ts$/);
    // Everything else (routing, quota, health) still passes: the fault is not a blanket failure.
    expect(ccr.cases.filter((c) => c.status === "passed").length).toBeGreaterThan(10);
    expect(titles(ccr, "skipped")).toEqual([]);
  });

  it("quota: with quota cleanup disabled, exactly the cleanup cases fail (unit and real browser)", async () => {
    const { exitCode, run: result } = await run(["quota"], [{ kind: "quota-cleanup-disabled" }]);
    expect(exitCode).toBe(1);
    const quota = suite(result, "quota");
    expect(quota.status).toBe("failed");
    const failed = quota.cases.filter((c) => c.status === "failed");
    expect(
      failed
        .map((c) => `${c.file?.endsWith(".browser.test.ts") ? "browser" : "unit"}: ${c.title}`)
        .sort(),
    ).toEqual(
      [
        "unit: removes the oldest entries first",
        "unit: stops as soon as enough is freed",
        "unit: treats non-JSON entries as the oldest",
        "unit: makes room at the configured quota by removing the oldest entries, then writes",
        "unit: cleans up and retries once when the storage itself throws QuotaExceededError",
        "unit: never loses the newest dashboard state to cleanup",
        "browser: frees the oldest entries after a real QuotaExceededError and persists the newest state",
        "browser: frees only as much as the write needs",
      ].sort(),
    );
    for (const c of failed) expect(c.titlePath).toContain("cleanup");
    expect(quota.cases.filter((c) => c.status === "passed").length).toBeGreaterThan(15);
  });

  it("observability: with a2a_active_tasks missing from /metrics, exactly the cases that read it fail", async () => {
    const { exitCode, run: result } = await run(
      ["observability"],
      [{ kind: "metric-missing", name: "a2a_active_tasks" }],
    );
    expect(exitCode).toBe(1);
    const observability = suite(result, "observability");
    expect(observability.status).toBe("failed");
    expect(failedTitles(observability)).toEqual(
      [
        "a2a_active_tasks: type, labels and buckets",
        "returns the active-tasks gauge to 0 once concurrent A2A calls finish",
        "counts a call while it runs and drops back to 0 when it ends",
        "reads only metrics that exist on /metrics",
      ].sort(),
    );
    for (const c of observability.cases.filter((c) => c.status === "failed"))
      expect(c.failure?.message).toContain("a2a_active_tasks");
    // Tracing and the other families are unaffected.
    expect(
      observability.cases.filter(
        (c) => c.file?.endsWith("tracing.test.ts") && c.status === "passed",
      ).length,
    ).toBeGreaterThan(2);
  });
});
