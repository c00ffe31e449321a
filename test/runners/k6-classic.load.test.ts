/**
 * A team's own k6 scripts, written as the spec writes them (DM-09.6: classic
 * `default` + `stages` scripts sharing config.js, custom Rate/Trend metrics
 * with thresholds, their own handleSummary), run through the BUILT CLI
 * against the reference app: each script runs as written in its own k6
 * process, and hyvve-qa's run.json says per script what k6's own summary of
 * the same run says — request and check counts, which thresholds crossed,
 * and k6's percentiles.
 */
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { requireK6 } from "../../src/setup/k6.js";
import { REPO, runCli } from "../helpers/cli.js";
import { casesOf, checksOf, requestsOf, verdictsOf, type K6Data } from "../helpers/k6-summary.js";

const FIXTURE = join(REPO, "test", "fixtures", "projects", "k6-classic");
const SCRIPTS = {
  a2a: { file: "tests/load/k6/a2a-endpoints.js", name: "a2a_endpoints", own: "a2a-summary.json" },
  dashboard: {
    file: "tests/load/k6/dashboard-flow.js",
    name: "dashboard_flow",
    own: "dashboard-summary.json",
  },
} as const;

/** k6's legacy --summary-export: values flat, thresholds `true` when crossed. */
interface K6Export {
  metrics: Record<string, Record<string, number> & { thresholds?: Record<string, boolean> }>;
}

interface Run {
  code: number | undefined;
  output: string;
  project: string;
  out: string;
  suite: SuiteResult;
}

let k6Path: string;
beforeAll(async () => {
  k6Path = (await requireK6(REPO, process.env)).path;
});

/** `hyvve-qa run <suite>` in a fresh copy of the project; the suite's result. */
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const project = await mkdtemp(join(tmpdir(), "k6-classic-"));
  await cp(FIXTURE, project, { recursive: true });
  const out = join(project, "out");
  const r = await runCli(["run", ...args, "--out", out, "--ci", "--no-baseline", "--no-history"], {
    cwd: project,
    env: { HYVVE_K6: k6Path, HYVVE_LOAD_DURATION: "4s", ...env },
    timeout: 200_000,
  });
  const output = r.stdout + r.stderr;
  const runJson = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunResult;
  return { code: r.exitCode, output, project, out, suite: runJson.suites[0]! };
}

const json = async <T>(path: string) => JSON.parse(await readFile(path, "utf8")) as T;
/** The distribution a threshold case shows of its metric over the script's points. */
function trendOf(c: CaseResult): Record<string, number> {
  const m = /count=(\d+) avg=(\S+) min=(\S+) med=(\S+) max=(\S+) p\(90\)=(\S+) p\(95\)=(\S+)/.exec(
    c.stdout ?? "",
  );
  if (!m) throw new Error(`no distribution in ${c.title}: ${c.stdout}`);
  const [count, avg, min, med, max, p90, p95] = m.slice(1).map(Number);
  return {
    count: count!,
    avg: avg!,
    min: min!,
    med: med!,
    max: max!,
    "p(90)": p90!,
    "p(95)": p95!,
  };
}

function expectSameTrend(ours: Record<string, number>, k6: Record<string, number>, what: string) {
  for (const stat of ["med", "p(90)", "p(95)", "max", "min", "avg"]) {
    const tolerance = Math.max(1e-9, Math.abs(k6[stat]!) * 1e-12);
    expect(Math.abs(ours[stat]! - k6[stat]!), `${what} ${stat}`).toBeLessThanOrEqual(tolerance);
  }
}

/** Every value of a metric in a script's raw points files. */
function rawValues(out: string, name: string, instances: number, metric: string): number[] {
  const values: number[] = [];
  for (let i = 0; i < instances; i++) {
    const file = join(out, "suites", "load", `k6-points-${name}-${i}.json.gz`);
    for (const line of gunzipSync(readFileSync(file)).toString("utf8").split("\n")) {
      if (!line.includes('"type":"Point"')) continue;
      const p = JSON.parse(line) as { metric: string; data: { value: number } };
      if (p.metric === metric) values.push(p.data.value);
    }
  }
  return values;
}

/** k6's percentile: rank pct·(n−1) of the sorted values, linearly interpolated. */
function k6Percentile(values: readonly number[], pct: number): number {
  const v = [...values].sort((a, b) => a - b);
  const i = pct * (v.length - 1);
  const lo = Math.floor(i);
  return v[lo]! + (v[Math.ceil(i)]! - v[lo]!) * (i - lo);
}

describe("the spec's classic k6 scripts, each run as written", { timeout: 240_000 }, () => {
  it("per script: k6's own request and check counts, crossed thresholds and percentiles", async () => {
    const r = await run(["load"]);
    const { suite } = r;
    expect(suite.error, r.output).toBeUndefined();
    // config.js exports no function: a helper, left out and never run.
    expect(suite.notes).toContainEqual(
      expect.stringMatching(/^left out tests\/load\/k6\/config\.js: not a test/),
    );
    for (const s of Object.values(SCRIPTS)) {
      expect(suite.notes).toContain(
        `smoke: ${s.file} with k6's --vus 2 --duration 4s (its own stages set aside; --profile full runs them)`,
      );
      // The script's own handleSummary file, where the script put it (relative to the suite's folder).
      const ownPath = join(r.project, "tests", "load", "results", s.own);
      expect(existsSync(ownPath), s.own).toBe(true);
      const own = await json<K6Data>(ownPath);
      const exported = await json<K6Export>(
        join(r.out, "suites", "load", `k6-summary-${s.name}-0.json`),
      );
      const requests = own.metrics["http_reqs"]!.values["count"];
      expect(requestsOf(suite, s.name), s.file).toBe(requests);
      expect(exported.metrics["http_reqs"]!["count"]).toBe(requests);
      const checks = own.metrics["checks"]!.values;
      expect(checksOf(suite, s.file), s.file).toEqual({
        passes: checks["passes"],
        fails: checks["fails"],
      });
      // Every threshold of the script is a case of its file, crossed exactly when k6 says so.
      const ours = casesOf(suite, s.file, "thresholds").map((c) => [c.title, c.status]);
      expect(ours.sort(), s.file).toEqual(verdictsOf(own));
      for (const [title, status] of ours) {
        const [metric, expr] = [
          title!.slice(0, title!.lastIndexOf(" ")),
          title!.slice(title!.lastIndexOf(" ") + 1),
        ];
        expect(exported.metrics[metric!]!.thresholds![expr!], title).toBe(status === "failed");
      }
      const duration = casesOf(suite, s.file, "thresholds").find(
        (c) => c.title === "http_req_duration p(95)<500",
      )!;
      expect(trendOf(duration)["count"]).toBe(requests);
      expectSameTrend(
        trendOf(duration),
        own.metrics["http_req_duration"]!.values,
        `${s.file} http_req_duration`,
      );
    }
    // The custom Trend, and setup()'s data in default() and teardown().
    const a2aOwn = await json<K6Data>(join(r.project, "tests", "load", "results", SCRIPTS.a2a.own));
    const a2aTrend = casesOf(suite, SCRIPTS.a2a.file, "thresholds").find(
      (c) => c.title === "a2a_duration p(95)<500",
    )!;
    expectSameTrend(trendOf(a2aTrend), a2aOwn.metrics["a2a_duration"]!.values, "a2a_duration");
    const a2aChecks = casesOf(suite, SCRIPTS.a2a.file, "checks");
    const discovery = a2aChecks.find((c) => c.title === "checks: A2A Discovery")!;
    expect(discovery.stdout).toMatch(/"setup saw the agents": 0 of [1-9]\d* failed/);
    expect(a2aChecks.find((c) => c.title === "checks: teardown")?.stdout).toBe(
      '"teardown saw the agents": 0 of 1 failed (0.00%)',
    );
    // A poll with a fresh ?since= per request is one endpoint; the page and APIs by method and path.
    const dashboard = suite.load!.endpoints.filter((e) => e.scenario === SCRIPTS.dashboard.name);
    expect(dashboard.map((e) => e.endpoint).sort()).toEqual([
      "GET /api/dashboard/alerts",
      "GET /api/dashboard/metrics",
      "GET /api/dashboard/updates",
      "GET /api/dashboard/widgets",
      "GET /dashboard",
    ]);
    expect(suite.status).toBe(suite.cases.some((c) => c.status === "failed") ? "failed" : "passed");
  });

  it("--instances 2 splits each script: its requests are its two processes' and thresholds judge their merged points", async () => {
    const r = await run(["load", "--instances", "2"]);
    const { suite } = r;
    expect(suite.error, r.output).toBeUndefined();
    expect(suite.notes?.join(" ")).toContain("2 k6 instances per script");
    for (const s of Object.values(SCRIPTS)) {
      const exports = await Promise.all(
        [0, 1].map((i) =>
          json<K6Export>(join(r.out, "suites", "load", `k6-summary-${s.name}-${i}.json`)),
        ),
      );
      const counts = exports.map((e) => e.metrics["http_reqs"]!["count"]!);
      expect(
        counts.every((n) => n > 0),
        s.file,
      ).toBe(true);
      const durations = rawValues(r.out, s.name, 2, "http_req_duration");
      expect(requestsOf(suite, s.name), s.file).toBe(counts[0]! + counts[1]!);
      expect(durations.length).toBe(counts[0]! + counts[1]!);
      const c = casesOf(suite, s.file, "thresholds").find(
        (x) => x.title === "http_req_duration p(95)<500",
      )!;
      const p95 = k6Percentile(durations, 0.95);
      expect(Math.abs(trendOf(c)["p(95)"]! - p95)).toBeLessThan(1e-9);
      expect(c.status).toBe(p95 < 500 ? "passed" : "failed");
    }
  });

  it("a crossed custom Rate threshold fails exactly its case", async () => {
    const r = await run(["rate", "--profile", "full"]);
    expect(r.code, r.output).toBe(1);
    expect(r.suite.status).toBe("failed");
    expect(r.suite.notes).toContain("tests/load/extra/rate-crossed.js: as written");
    const thresholds = r.suite.cases.filter((c) => c.titlePath[0] === "thresholds");
    expect(thresholds.map((c) => [c.title, c.status, c.file])).toEqual([
      ["http_req_failed rate<0.01", "passed", "tests/load/extra/rate-crossed.js"],
      ["odd_iterations rate<0.1", "failed", "tests/load/extra/rate-crossed.js"],
    ]);
    expect(thresholds[1]!.failure!.message).toContain("rate = 0.5000 (50.00%) over 4 points");
    expect(r.suite.load!.requests).toBe(4);
  });

  it("a script with both stages and scenarios is k6's own error, naming the script", async () => {
    const r = await run(["mixed"]);
    expect(r.code, r.output).toBe(1);
    expect(r.suite.status).toBe("errored");
    expect(r.suite.error!.message).toMatch(
      /^k6 exited with code \d+ on tests\/load\/extra\/stages-and-scenarios\.js: /,
    );
    expect(r.suite.error!.message).toContain(
      "using `stages` and `scenarios` options simultaneously is not allowed",
    );
  });

  it("--grep runs only a script's matching scenarios; nothing matching skips the suite with a note", async () => {
    const beta = await run(["picky", "--grep", "^beta$"]);
    expect(beta.code, beta.output).toBe(0);
    expect(beta.suite.load!.endpoints.map((e) => [e.scenario, e.endpoint, e.requests])).toEqual([
      ["beta", "health-beta", 1],
    ]);
    expect(beta.suite.notes).toContain(
      "tests/load/extra/two-scenarios.js: as written (--grep: only its matching scenarios)",
    );
    const none = await run(["picky", "--grep", "^gamma$"]);
    expect(none.code, none.output).toBe(0);
    expect(none.suite.status).toBe("skipped");
    expect(none.suite.notes).toContain("no load script or scenario matches --grep ^gamma$");
  });
});
