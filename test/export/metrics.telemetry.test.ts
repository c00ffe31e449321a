/**
 * metrics.prom through the BUILT CLI, checked by the real promtool (`hyvve-qa
 * setup promtool` builds it into .cache/; the telemetry project's global setup
 * runs that first) and read back with a small exposition reader written here,
 * independent of prom-client: the values must equal the run.json's.
 *
 * test/fixtures/projects/metrics/load-run.json is a real k6 run against the
 * reference app with an error fault on the dashboard API, recorded with
 *   HYVVE_REF_FAULTS='[{"kind":"error-rate","route":"/api/dashboard/*","rate":0.3,"status":500}]' \
 *   HYVVE_LOAD_DURATION=4s hyvve-qa run load --out DIR --ci --no-baseline --no-history
 * (then `sources` and the latency samples dropped: the raw points are not kept).
 */
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, inject, it } from "vitest";
import { renderMetrics } from "../../src/export/metrics.js";
import type { CaseStatus, RunResult } from "../../src/results/model.js";
import { findCachedTool, PROMTOOL } from "../../src/setup/go-build.js";
import { BIN, REPO, cliResult, runCli, tempDir, type CliResult } from "../helpers/cli.js";

const PROJECT = join(REPO, "test", "fixtures", "projects", "metrics");
const LOAD_RUN = join(PROJECT, "load-run.json");

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Exposition {
  types: Map<string, string>;
  series: Series[];
}

/** The text format 0.0.4, read line by line; a sample with a timestamp or a stray token throws. */
function readExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const series: Series[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ")) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    series.push(readSample(line));
  }
  return { types, series };
}

/** One sample line: name, optional {labels} with \\ \" \n escapes, one value, nothing more. */
function readSample(line: string): Series {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`not a sample: ${line}`);
  let i = name.length;
  const labels: Record<string, string> = {};
  if (line[i] === "{") {
    i++;
    while (line[i] !== "}") {
      const label = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(line.slice(i));
      if (!label) throw new Error(`bad label at ${i}: ${line}`);
      i += label[0].length;
      let value = "";
      for (; line[i] !== '"'; i++) {
        if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
        if (line[i] !== "\\") value += line[i];
        else {
          const next = line[++i];
          if (next === "n") value += "\n";
          else if (next === "\\" || next === '"') value += next;
          else throw new Error(`bad escape \\${next}: ${line}`);
        }
      }
      labels[label[1]!] = value;
      i++;
      if (line[i] === ",") i++;
    }
    i++;
  }
  const rest = line.slice(i);
  // Exactly " value": a second token would be a timestamp, which the textfile collector rejects.
  const value = /^ (\S+)$/.exec(rest)?.[1];
  if (value === undefined) throw new Error(`expected one value after the labels: ${line}`);
  const number = value === "+Inf" ? Infinity : value === "-Inf" ? -Infinity : Number(value);
  if (Number.isNaN(number)) throw new Error(`not a number: ${value}`);
  return { name, labels, value: number };
}

/** The one series of `name` whose labels include `match`; fails when there are none or several. */
function valueOf(exp: Exposition, name: string, match: Record<string, string> = {}): number {
  const found = exp.series.filter(
    (s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v),
  );
  if (found.length !== 1)
    throw new Error(`${found.length} series of ${name} ${JSON.stringify(match)}`);
  return found[0]!.value;
}

/** `promtool check metrics < file`: its exit code and everything it printed (lint problems). */
async function promtoolCheck(path: string): Promise<{ exitCode: number; output: string }> {
  const promtool = findCachedTool(REPO, PROMTOOL);
  if (!promtool)
    throw new Error("promtool is not built: run `node bin/hyvve-qa.js setup promtool` first");
  const r = await execa(promtool, ["check", "metrics"], {
    inputFile: path,
    reject: false,
    all: true,
  });
  return { exitCode: r.exitCode ?? -1, output: String(r.all ?? "") };
}

/** promtool accepts the file with no lint problem at all. */
async function expectPromtoolAccepts(path: string): Promise<void> {
  expect(await promtoolCheck(path)).toEqual({ exitCode: 0, output: "" });
}

function readRun(path: string): RunResult {
  return JSON.parse(readFileSync(path, "utf8")) as RunResult;
}

/** `report --run FILE --out DIR ...` from a folder without a config (no history, no baseline). */
function report(run: string, out: string, ...extra: string[]): Promise<CliResult> {
  return runCli(["report", "--run", run, "--out", out, "--no-history", ...extra], {
    cwd: tempDir(),
  });
}

/** The warning lines on stderr that name the metrics exporter. */
function metricsWarnings(stderr: string): string[] {
  return stderr.split("\n").filter((l) => l.includes("metrics not exported"));
}

describe("metrics.prom of a real run", () => {
  it("is valid for promtool and counts what run.json counts", async () => {
    const out = tempDir();
    const r = await runCli(
      [
        "run",
        "--out",
        out,
        "--ci",
        "--no-history",
        "--no-baseline",
        "--base-url",
        inject("refUrl"),
      ],
      { cwd: PROJECT },
    );
    expect(r.exitCode, r.all).toBe(1);
    expect(metricsWarnings(r.stderr)).toEqual([]);
    const file = join(out, "metrics.prom");
    await expectPromtoolAccepts(file);
    const exp = readExposition(readFileSync(file, "utf8"));
    const run = readRun(join(out, "run.json"));

    for (const [name, type] of exp.types) {
      expect(type, name).toBe("gauge");
      expect(name).toMatch(/^hyvve_qa_[a-z0-9_]+$/);
      expect(name).not.toMatch(/_total$/);
    }
    for (const s of exp.series) expect(s.labels).toMatchObject({ env: "custom", profile: "smoke" });
    expect(valueOf(exp, "hyvve_qa_run_info", { run_id: run.id })).toBe(1);
    expect(valueOf(exp, "hyvve_qa_run_timestamp_seconds")).toBe(Date.parse(run.startedAt) / 1000);
    expect(valueOf(exp, "hyvve_qa_run_verdict", { status: "failed" })).toBe(1);
    expect(valueOf(exp, "hyvve_qa_run_verdict", { status: "passed" })).toBe(0);
    expect(valueOf(exp, "hyvve_qa_run_exit_code")).toBe(run.verdict!.exitCode);

    // What the fixture's runner wrote, and what run.json says: both must hold.
    const expected: Record<string, Record<CaseStatus, number>> = {
      mixed: { passed: 2, failed: 2, skipped: 1, flaky: 1 },
      green: { passed: 3, failed: 0, skipped: 0, flaky: 0 },
    };
    for (const suite of run.suites) {
      const labels = { suite: suite.name, kind: "external" };
      for (const status of ["passed", "failed", "skipped", "flaky"] as const) {
        const inRun = suite.cases.filter((c) => c.status === status).length;
        expect(inRun).toBe(expected[suite.name]![status]);
        expect(valueOf(exp, "hyvve_qa_cases", { ...labels, status }), status).toBe(inRun);
        const quarantined = suite.cases.filter((c) => c.status === status && c.quarantined);
        expect(valueOf(exp, "hyvve_qa_cases_quarantined", { ...labels, status })).toBe(
          quarantined.length,
        );
      }
      expect(valueOf(exp, "hyvve_qa_suite_duration_seconds", labels)).toBe(
        suite.durationMs! / 1000,
      );
      expect(valueOf(exp, "hyvve_qa_suite_status", { ...labels, status: suite.status })).toBe(1);
    }
    expect(valueOf(exp, "hyvve_qa_cases_quarantined", { suite: "mixed", status: "failed" })).toBe(
      1,
    );
  });
});

describe("metrics of a load run", () => {
  it("carries each endpoint's percentiles, rate and error ratio from run.json", async () => {
    const out = tempDir();
    const file = join(tempDir(), "hyvve-qa.prom");
    const r = await report(LOAD_RUN, out, "--no-baseline", "--metrics-file", file);
    expect(r.exitCode, r.all).toBe(1);
    expect(metricsWarnings(r.stderr)).toEqual([]);
    await expectPromtoolAccepts(file);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(join(out, "metrics.prom"), "utf8"));
    const exp = readExposition(readFileSync(file, "utf8"));
    const load = readRun(LOAD_RUN).suites.find((s) => s.name === "load")!.load!;

    expect(load.endpoints.some((e) => e.errorRate > 0)).toBe(true);
    expect(exp.series.filter((s) => s.name === "hyvve_qa_load_endpoint_requests")).toHaveLength(
      load.endpoints.length,
    );
    for (const e of load.endpoints) {
      const labels = { suite: "load", scenario: e.scenario, endpoint: e.endpoint };
      const at = (name: string) => valueOf(exp, `hyvve_qa_load_endpoint_${name}`, labels);
      expect(at("latency_p50_seconds")).toBe(e.latencyMs.p50 / 1000);
      expect(at("latency_p95_seconds")).toBe(e.latencyMs.p95 / 1000);
      expect(at("latency_p99_seconds")).toBe(e.latencyMs.p99 / 1000);
      expect(at("requests_per_second")).toBe(e.rps);
      expect(at("error_ratio")).toBe(e.errorRate);
      expect(at("requests")).toBe(e.requests);
    }
    expect(valueOf(exp, "hyvve_qa_load_latency_p95_seconds", { suite: "load" })).toBe(
      load.latencyMs.p95 / 1000,
    );
    expect(valueOf(exp, "hyvve_qa_load_error_ratio", { suite: "load" })).toBe(load.errorRate);
    expect(valueOf(exp, "hyvve_qa_load_requests_per_second", { suite: "load" })).toBe(load.rps);
  });
});

/** `report` as a user without CAP_DAC_OVERRIDE: root ignores a folder's mode otherwise. */
async function reportUnprivileged(args: string[]): Promise<CliResult> {
  const asUser =
    process.getuid?.() === 0
      ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", process.execPath]
      : [process.execPath];
  const r = await execa(asUser[0]!, [...asUser.slice(1), BIN, ...args], {
    cwd: tempDir(),
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NO_COLOR: "1" },
    extendEnv: false,
    reject: false,
    timeout: 120_000,
    all: true,
  });
  return cliResult(r);
}

describe("--metrics-file", () => {
  const OLD = "# an older run's metrics\nhyvve_qa_run_exit_code 0\n";

  it("replaces an existing file whole and leaves no temp file beside it", async () => {
    const dir = tempDir();
    const file = join(dir, "hyvve-qa.prom");
    writeFileSync(file, OLD + "x".repeat(100_000));
    const out = tempDir();
    const r = await report(LOAD_RUN, out, "--no-baseline", "--metrics-file", file);
    expect(r.exitCode, r.all).toBe(1);
    expect(readFileSync(file, "utf8")).toBe(readFileSync(join(out, "metrics.prom"), "utf8"));
    expect(readdirSync(dir)).toEqual(["hyvve-qa.prom"]);
  });

  it("is one warning when its folder is missing; the exit code and the run folder's file stay", async () => {
    const plain = await report(LOAD_RUN, tempDir(), "--no-baseline");
    const out = tempDir();
    const missing = join(tempDir(), "no-such-folder", "hyvve-qa.prom");
    const r = await report(LOAD_RUN, out, "--no-baseline", "--metrics-file", missing);
    expect(r.exitCode).toBe(plain.exitCode);
    expect(metricsWarnings(r.stderr)).toEqual([
      `hyvve-qa: warning: metrics not exported: ${missing} not written (ENOENT: the folder ${join(missing, "..")} does not exist; create it)`,
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(missing)).toBe(false);
    await expectPromtoolAccepts(join(out, "metrics.prom"));
  });

  it("leaves the old file untouched when its folder is read-only", async () => {
    const dir = tempDir();
    const file = join(dir, "hyvve-qa.prom");
    writeFileSync(file, OLD);
    const out = tempDir();
    chmodSync(dir, 0o555);
    try {
      const r = await reportUnprivileged([
        "report",
        "--run",
        LOAD_RUN,
        "--out",
        out,
        "--no-history",
        "--no-baseline",
        "--metrics-file",
        file,
      ]);
      expect(r.exitCode, r.all).toBe(1);
      expect(metricsWarnings(r.stderr)).toEqual([
        `hyvve-qa: warning: metrics not exported: ${file} not written (EACCES: the folder ${dir} is not writable)`,
      ]);
      expect(readFileSync(file, "utf8")).toBe(OLD);
      expect(readdirSync(dir)).toEqual(["hyvve-qa.prom"]);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe("hostile names", () => {
  const SUITE = 'we"ird\\suite\nname';
  const SCENARIO = 'scen\\n"ario\r\ttab';
  const ENDPOINT = 'GET /a\\"b"\n\\\\c ünï';

  it("stay valid for promtool and come back exactly", async () => {
    const run = readRun(LOAD_RUN);
    const suite = run.suites[0]!;
    suite.name = SUITE;
    suite.load!.endpoints[0]!.scenario = SCENARIO;
    suite.load!.endpoints[0]!.endpoint = ENDPOINT;
    run.environment.name = 'prod"\\\n';
    const dir = tempDir();
    const input = join(dir, "run.json");
    writeFileSync(input, JSON.stringify(run));
    const out = tempDir();
    const r = await report(input, out, "--no-baseline");
    expect(metricsWarnings(r.stderr)).toEqual([]);
    const file = join(out, "metrics.prom");
    await expectPromtoolAccepts(file);
    const exp = readExposition(readFileSync(file, "utf8"));
    const e = suite.load!.endpoints[0]!;
    expect(
      valueOf(exp, "hyvve_qa_load_endpoint_latency_p99_seconds", {
        suite: SUITE,
        scenario: SCENARIO,
        endpoint: ENDPOINT,
        env: 'prod"\\\n',
      }),
    ).toBe(e.latencyMs.p99 / 1000);
    expect(valueOf(exp, "hyvve_qa_cases", { suite: SUITE, status: "failed" })).toBe(
      suite.cases.filter((c) => c.status === "failed").length,
    );
  });

  it("that prom-client would have merged into one series stay two, and promtool accepts them", async () => {
    const run = readRun(LOAD_RUN);
    const [a, b] = run.suites[0]!.load!.endpoints;
    // prom-client keyed both "endpoint:a,scenario:b,scenario:c," and kept one.
    Object.assign(a!, { endpoint: "a,scenario:b", scenario: "c" });
    Object.assign(b!, { endpoint: "a", scenario: "b,scenario:c" });
    const file = join(tempDir(), "merged.prom");
    writeFileSync(file, await renderMetrics(run));
    await expectPromtoolAccepts(file);
    const series = readExposition(readFileSync(file, "utf8")).series.filter(
      (s) => s.name === "hyvve_qa_load_endpoint_requests",
    );
    expect(series.map((s) => [s.labels["scenario"], s.labels["endpoint"]])).toEqual(
      expect.arrayContaining([
        ["c", "a,scenario:b"],
        ["b,scenario:c", "a"],
      ]),
    );
  });
});

describe("the exposition format", () => {
  it("is the text format 0.0.4 the textfile collector reads: no # EOF, no sample timestamps", async () => {
    const text = await renderMetrics(readRun(LOAD_RUN));
    expect(text).not.toContain("# EOF");
    expect(() => readExposition(text)).not.toThrow();
    expect(text.endsWith("\n")).toBe(true);
  });
});
