// Proof of the load suite through the BUILT CLI (npm test builds first): the
// smoke profile passes against the reference app; the app's latency fault on
// A2A fails the p95 threshold case of the A2A endpoint, by name; an
// error-rate fault fails the failed-requests threshold. Runs are shortened
// with HYVVE_LOAD_DURATION (the smoke profile's length, default 20s).
import { existsSync, readFileSync } from "node:fs";
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { requireK6 } from "../../src/setup/k6.js";
import { hostEnv, runCli } from "../helpers/cli.js";

const ROOT = new URL("../../", import.meta.url).pathname;

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

async function cli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out = await mkdtemp(join(tmpdir(), "hyvve-load-"));
  const finalArgs = args.map((a) => a.replace("{out}", out));
  // The helper's minimal environment, plus the machine's own k6 if it names one
  // (a test's HYVVE_K6 wins; an undefined value leaves a variable unset).
  const r = await runCli(finalArgs, {
    cwd: ROOT,
    env: { ...hostEnv("HYVVE_K6"), HYVVE_LOAD_DURATION: "4s", ...env },
    timeout: 180_000,
  });
  return { code: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, out };
}

async function loadSuite(out: string): Promise<SuiteResult> {
  const runJson = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunResult;
  const suite = runJson.suites.find((s) => s.name === "load");
  if (!suite) throw new Error("no load suite in run.json");
  return suite;
}

/** Every http_req_duration value in a run folder's archived raw points. */
function rawDurations(out: string, rawPoints: readonly string[]): number[] {
  const values: number[] = [];
  for (const rel of rawPoints)
    for (const line of gunzipSync(readFileSync(join(out, rel)))
      .toString("utf8")
      .split("\n")) {
      if (!line.includes('"metric":"http_req_duration","type":"Point"')) continue;
      values.push((JSON.parse(line) as { data: { value: number } }).data.value);
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

const failedTitles = (s: SuiteResult) =>
  s.cases.filter((c) => c.status === "failed").map((c) => c.title);
const LOAD = ["run", "load", "--out", "{out}", "--ci", "--no-baseline", "--no-history"];

describe("hyvve-qa run load (k6)", { timeout: 180_000 }, () => {
  it("passes the smoke profile against the reference app, with k6's own numbers", async () => {
    const r = await cli(LOAD, { HYVVE_REF_FAULTS: undefined });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const suite = await loadSuite(r.out);
    expect(suite.status).toBe("passed");
    const load = suite.load!;
    expect(load.endpoints.map((e) => e.endpoint).sort()).toEqual([
      "a2a_agent_card",
      "a2a_dashboard_gateway",
      "a2a_navi",
      "ccr_health",
      "ccr_quota",
      "ccr_route",
      "dashboard_alerts",
      "dashboard_metrics",
      "dashboard_page",
      "dashboard_updates",
      "dashboard_widgets",
    ]);
    expect(load.requests).toBeGreaterThan(50);
    expect(load.errorRate).toBe(0);
    expect(load.series.length).toBeGreaterThan(2);
    // Exact percentiles: each endpoint's equal to the summary k6 exported for its
    // script's process; overall, k6's percentile of every raw point of the run.
    const exported = async (script: string) =>
      JSON.parse(
        await readFile(join(r.out, `suites/load/k6-summary-${script}-0.json`), "utf8"),
      ) as { metrics: Record<string, Record<string, number>> };
    const all = rawDurations(r.out, load.sources!.rawPoints);
    expect(all.length).toBe(load.requests);
    expect(load.latencyMs.p95).toBeCloseTo(k6Percentile(all, 0.95), 9);
    expect(load.latencyMs.p99).toBeCloseTo(k6Percentile(all, 0.99), 9);
    for (const e of load.endpoints) {
      const v = (await exported(e.scenario)).metrics[`http_req_duration{endpoint:${e.endpoint}}`]!;
      expect([
        e.endpoint,
        e.latencyMs.p50,
        e.latencyMs.p90,
        e.latencyMs.p95,
        e.latencyMs.max,
      ]).toEqual([e.endpoint, v["med"], v["p(90)"], v["p(95)"], v["max"]]);
    }
    // Thresholds and check groups are cases; k6 wrote the raw output gzipped.
    expect(
      suite.cases.some((c) => c.title === "http_req_duration{endpoint:a2a_navi} p(95)<500"),
    ).toBe(true);
    expect(suite.cases.some((c) => c.title === "checks: A2A navi")).toBe(true);
    for (const script of ["a2a_endpoints", "ccr_routing", "dashboard_flow"]) {
      expect(existsSync(join(r.out, `suites/load/k6-points-${script}-0.json.gz`))).toBe(true);
      expect(existsSync(join(r.out, `suites/load/k6-points-${script}-0.json`))).toBe(false);
      expect(suite.notes).toContain(`suites/load/${script.replace("_", "-")}.ts: as written`);
    }
    const junit = await readFile(join(r.out, "junit.xml"), "utf8");
    expect(junit).toContain("http_req_failed rate&lt;0.01");
    const html = await readFile(join(r.out, "index.html"), "utf8");
    expect(html).toContain("a2a_dashboard_gateway");
    expect(html).toMatch(/<svg[^>]+aria-label="Latency over time"/);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
  });

  it("fails the A2A p95 threshold case, naming the endpoint, under a +600 ms latency fault", async () => {
    const r = await cli(LOAD, {
      HYVVE_REF_FAULTS: JSON.stringify([{ kind: "latency", route: "/a2a/*", ms: 600 }]),
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const suite = await loadSuite(r.out);
    expect(suite.status).toBe("failed");
    const failed = failedTitles(suite);
    expect(failed).toContain("http_req_duration{endpoint:a2a_navi} p(95)<500");
    expect(failed).toContain("http_req_duration{endpoint:a2a_dashboard_gateway} p(95)<500");
    // The fault is on A2A only: every other endpoint stays well below the slow ones.
    const p95 = (name: string) =>
      suite.load!.endpoints.find((e) => e.endpoint === name)!.latencyMs.p95;
    const others = suite.load!.endpoints.filter((e) => !e.endpoint.startsWith("a2a_"));
    expect(others.length).toBeGreaterThan(0);
    for (const e of others) expect(e.latencyMs.p95, e.endpoint).toBeLessThan(p95("a2a_navi") / 2);
    const navi = suite.cases.find(
      (c) => c.title === "http_req_duration{endpoint:a2a_navi} p(95)<500",
    )!;
    expect(navi.failure!.message).toMatch(
      /on endpoint a2a_navi: p\(95\) = (6\d\d|[7-9]\d\d|\d{4,})\.\d\d ms/,
    );
    expect(navi.file).toBe("suites/load/a2a-endpoints.ts");
  });

  it("fails the failed-requests threshold under an error-rate fault; the run stays out of the history", async () => {
    const history = join(await mkdtemp(join(tmpdir(), "hyvve-load-history-")), "history.jsonl");
    const withHistory = LOAD.map((a) => (a === "--no-history" ? `--history=${history}` : a));
    const r = await cli(withHistory, {
      HYVVE_REF_FAULTS: JSON.stringify([
        { kind: "error-rate", route: "/api/dashboard/*", rate: 0.5, status: 500 },
      ]),
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // A deliberately broken app says nothing about flakiness or speed: not recorded.
    const runJson = JSON.parse(await readFile(join(r.out, "run.json"), "utf8")) as RunResult;
    expect(runJson.environment.faultInjected).toBe(true);
    expect(r.stdout).toContain(
      "fault-injected run (HYVVE_REF_FAULTS): not recorded in the history",
    );
    expect(existsSync(history)).toBe(false);
    const suite = await loadSuite(r.out);
    const failed = failedTitles(suite);
    expect(failed).toContain("http_req_failed rate<0.01");
    expect(failed.some((t) => /^http_req_failed\{endpoint:dashboard_/.test(t))).toBe(true);
    expect(failed.filter((t) => /endpoint:(ccr|a2a)_/.test(t))).toEqual([]);
    expect(suite.load!.errorRate).toBeGreaterThan(0.01);
  });

  it("reports a k6 crash (exit code other than 0 and 99) as an errored suite with k6's message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fake-k6-"));
    const fake = join(dir, "k6");
    await writeFile(
      fake,
      `#!/bin/sh\nif [ "$1" = version ]; then echo "k6 v2.2.0 (fake)"; exit 0; fi\necho 'time="x" level=error msg="could not initialize: boom in script"' >&2\nexit 107\n`,
    );
    await chmod(fake, 0o755);
    const r = await cli(LOAD, { HYVVE_K6: fake, HYVVE_REF_FAULTS: undefined });
    expect(r.code).toBe(1);
    const suite = await loadSuite(r.out);
    expect(suite.status).toBe("errored");
    expect(suite.error!.message).toContain("exited with code 107");
    expect(suite.error!.message).toContain("boom in script");
  });
});

describe("distributed runs", { timeout: 180_000 }, () => {
  it("--instances 2: k6 gzips its own raw output (no plain copy on disk); report --k6 merges the files", async () => {
    // The real k6 behind a wrapper that records its arguments.
    const real = await requireK6(ROOT, process.env);
    const dir = await mkdtemp(join(tmpdir(), "k6-args-"));
    const log = join(dir, "args.log");
    const wrapper = join(dir, "k6");
    await writeFile(wrapper, `#!/bin/sh\necho "$@" >> '${log}'\nexec '${real.path}' "$@"\n`);
    await chmod(wrapper, 0o755);
    const r = await cli([...LOAD, "--instances", "2"], {
      HYVVE_K6: wrapper,
      HYVVE_REF_FAULTS: undefined,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const suite = await loadSuite(r.out);
    expect(suite.notes?.join(" ")).toContain("2 k6 instances");
    // One k6 process per script and instance, each writing its own gzipped raw points.
    const runs = (await readFile(log, "utf8")).split("\n").filter((l) => l.startsWith("run "));
    expect(runs.length).toBe(6);
    const folder = join(r.out, "suites/load");
    const files = runs.map((args) => {
      const outs = [...args.matchAll(/--out (\S+)/g)].map((m) => m[1]);
      expect(outs).toEqual([expect.stringMatching(/^json=.*\/k6-points-\w+-[01]\.json\.gz$/)]);
      return outs[0]!.replace(/^json=.*\//, "");
    });
    expect(files.sort()).toEqual(
      ["a2a_endpoints", "ccr_routing", "dashboard_flow"].flatMap((s) => [
        `k6-points-${s}-0.json.gz`,
        `k6-points-${s}-1.json.gz`,
      ]),
    );
    for (const file of files)
      expect((await readFile(join(folder, file))).subarray(0, 2)).toEqual(
        Buffer.from([0x1f, 0x8b]),
      );
    expect((await readdir(folder)).filter((f) => /^k6-points-.*\.json$/.test(f))).toEqual([]);
    expect(suite.load!.sources!.rawPoints.sort()).toEqual(files.map((f) => `suites/load/${f}`));
    // report --k6 over the files k6 wrote gives the same numbers.
    const rep = await cli([
      "report",
      "--k6",
      ...files.map((f) => join(folder, f)),
      "--out",
      "{out}",
    ]);
    expect(rep.code, rep.stdout + rep.stderr).toBe(0);
    const merged = await loadSuite(rep.out);
    expect(merged.load!.latencyMs).toEqual(suite.load!.latencyMs);
    expect(merged.load!.endpoints.map((e) => [e.endpoint, e.requests, e.latencyMs])).toEqual(
      suite.load!.endpoints.map((e) => [e.endpoint, e.requests, e.latencyMs]),
    );
    expect(merged.cases.filter((c) => c.titlePath[0] === "thresholds").length).toBe(
      suite.cases.filter((c) => c.titlePath[0] === "thresholds").length,
    );
    // A copy cut short (e.g. taken while k6 still wrote it): exit 2 and one line saying so.
    const cut = join(dir, files[1]!);
    await copyFile(join(folder, files[1]!), cut);
    const whole = await readFile(cut);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const bad = await cli(["report", "--k6", join(folder, files[0]!), cut, "--out", "{out}"]);
    expect(bad.code, bad.stdout + bad.stderr).toBe(2);
    expect(bad.stderr).toContain(
      `E_INPUT ${cut}: the gzip stream ends early (the file is cut short)`,
    );
    expect(bad.stderr).not.toMatch(/^\s+at /m);
  });

  it("load manifest writes a k6-operator TestRun and the ConfigMap with the archived script", async () => {
    const r = await cli(["load", "manifest", "--parallelism", "4", "--out", "{out}"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const yaml = await readFile(join(r.out, "hyvve-load.yaml"), "utf8");
    expect(yaml).toContain('kind: "TestRun"');
    expect(yaml).toContain("parallelism: 4");
    expect(yaml).toContain('kind: "ConfigMap"');
    expect(yaml).toMatch(/hyvve-load\.tar: "[A-Za-z0-9+/=]{1000,}"/);
    expect(yaml).toContain("secretKeyRef");
    // Each runner has k6 gzip its raw points as it writes them.
    expect(yaml).toContain("--out json=/results/$(POD_NAME).json.gz");
    expect(yaml).not.toMatch(/HYVVE_TOKEN"\n\s+value:/);
  });
});

describe("load regressions decided by statistics", { timeout: 400_000 }, () => {
  /** `report --run RUN` in a project whose only local/smoke baseline is `baseline`. */
  async function compare(baseline: string, run: string) {
    const project = await mkdtemp(join(tmpdir(), "hyvve-load-baseline-"));
    await writeFile(join(project, "hyvve-qa.config.mjs"), "export default { suites: {} };\n");
    const dir = join(project, "reports", "baseline", "local-smoke");
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "run.json"), await readFile(join(baseline, "run.json")));
    const out = join(project, "out");
    const r = await runCli(
      ["report", "--run", join(run, "run.json"), "--out", out, "--no-history"],
      {
        cwd: project,
      },
    );
    const merged = JSON.parse(await readFile(join(out, "run.json"), "utf8")) as RunResult;
    return { code: r.exitCode, merged, stdout: r.stdout };
  }

  it("a 100 ms latency fault on A2A is a regression with its interval; a clean rerun is not", async () => {
    // 8 s: enough A2A requests under the fault for the rank test (at least 10 per endpoint).
    const long = { HYVVE_LOAD_DURATION: "8s" };
    const clean = await cli(LOAD, { ...long, HYVVE_REF_FAULTS: undefined });
    const slow = await cli(LOAD, {
      ...long,
      HYVVE_REF_FAULTS: JSON.stringify([{ kind: "latency", route: "/a2a/*", ms: 100 }]),
    });
    const rerun = await cli(LOAD, { ...long, HYVVE_REF_FAULTS: undefined });
    for (const r of [clean, rerun]) expect(r.code, r.stdout + r.stderr).toBe(0);
    // Samples are kept per endpoint in run.json, so no raw archive is needed to compare.
    const navi = (await loadSuite(clean.out)).load!.endpoints.find(
      (e) => e.endpoint === "a2a_navi",
    )!;
    expect(navi.sample!.v.length).toBe(Math.min(500, navi.requests));

    const faulty = await compare(clean.out, slow.out);
    const latency = faulty.merged.baseline!.latency!;
    const a2a = latency.find((l) => l.name === "load › a2a_endpoints › a2a_navi")!;
    expect(a2a.regression).toBe(true);
    expect(a2a.low).toBeGreaterThan(1.5);
    expect(a2a.p).toBeLessThan(0.01);
    expect(a2a.currentP95 - a2a.baselineP95).toBeGreaterThan(80);
    expect(faulty.code).toBe(1);
    expect(faulty.merged.verdict?.reasons).toContainEqual(
      expect.stringMatching(
        /^regression: load › a2a_endpoints › a2a_navi: p95 .* \(95% CI [\d.]+–[\d.]+\), Mann–Whitney p/,
      ),
    );
    // Endpoints the fault does not touch are not regressions.
    expect(latency.find((l) => l.name === "load › ccr_routing › ccr_route")?.regression).toBe(
      false,
    );

    const again = await compare(clean.out, rerun.out);
    expect(again.merged.baseline!.latency!.filter((l) => l.regression)).toEqual([]);
    expect(again.code).toBe(0);
  });
});

describe("the committed baseline, out of the box", { timeout: 180_000 }, () => {
  it("a 300 ms slower /api/dashboard/metrics fails a fresh clone's load run: every endpoint compared by statistics", async () => {
    // Every k6 threshold still holds (p95 < 500 ms): only the baseline can catch this.
    const r = await cli(["run", "load", "--out", "{out}", "--ci", "--no-history"], {
      HYVVE_LOAD_DURATION: undefined,
      HYVVE_REF_FAULTS: JSON.stringify([
        { kind: "latency", route: "/api/dashboard/metrics", ms: 300 },
      ]),
    });
    const run = JSON.parse(await readFile(join(r.out, "run.json"), "utf8")) as RunResult;
    expect(run.suites[0]!.cases.filter((c) => c.status === "failed")).toEqual([]);
    expect(r.code, r.stdout).toBe(1);
    const comparison = run.baseline!;
    expect(comparison.source).toBe(join("reports", "baseline", "local-smoke", "run.json"));
    expect(comparison.outdated).toBeUndefined();
    const endpoints = run.suites[0]!.load!.endpoints.map(
      (e) => `load › ${e.scenario} › ${e.endpoint}`,
    );
    expect(endpoints.length).toBeGreaterThanOrEqual(11);
    expect(comparison.latency!.map((l) => l.name).sort()).toEqual(
      ["load › all endpoints", ...endpoints].sort(),
    );
    const metrics = comparison.latency!.find(
      (l) => l.name === "load › dashboard_flow › dashboard_metrics",
    )!;
    expect(metrics).toEqual(expect.objectContaining({ regression: true }));
    expect(metrics.low).toBeGreaterThan(10);
    expect(run.verdict!.reasons).toContainEqual(
      expect.stringMatching(/^regression: load › dashboard_flow › dashboard_metrics: p95 /),
    );
  });
});
