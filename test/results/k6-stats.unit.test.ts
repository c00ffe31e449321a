import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildLoadSuite, type K6Summary } from "../../src/results/import/k6-load-suite.js";
import { loadMetrics } from "../../src/results/import/k6-metrics.js";
import { runFromK6Outputs } from "../../src/results/import/k6-outputs.js";
import { K6Points, readK6Output, readK6Outputs } from "../../src/results/import/k6-points.js";
import {
  evaluateThresholds,
  parseThresholdExpression,
} from "../../src/results/import/k6-thresholds.js";
import {
  parseSelector,
  percentile,
  selectTags,
  trendStats,
} from "../../src/results/import/k6-trend.js";

// Recorded: one smoke run of the three load scripts against the reference app
// (k6 v2.2.0, --out json, gzipped) and the k6 end-of-test summary of that run.
const FIXTURE = new URL("../load/fixtures/smoke-points.json.gz", import.meta.url).pathname;
const SUMMARY = new URL("../load/fixtures/smoke-summary.json", import.meta.url).pathname;

async function summary(): Promise<Required<K6Summary>> {
  return JSON.parse(await readFile(SUMMARY, "utf8")) as Required<K6Summary>;
}

describe("k6 percentile definition", () => {
  it("interpolates between closest ranks like k6's TrendSink.P", () => {
    const v = Float64Array.from([1, 2, 3, 4]);
    expect(percentile(v, 0.95)).toBeCloseTo(3.85, 12); // i = 2.85
    expect(percentile(v, 0.5)).toBe(2.5);
    expect(percentile(v, 1)).toBe(4);
    expect(percentile(Float64Array.from([7]), 0.99)).toBe(7);
    expect(percentile(new Float64Array(0), 0.5)).toBe(0);
  });

  it("sorts numerically, not as strings", () => {
    const s = trendStats(Float64Array.from([10, 9, 100, 1]));
    expect([...s.sorted.toArray()]).toEqual([1, 9, 10, 100]);
    expect(s.max).toBe(100);
    expect(s.med).toBe(9.5);
  });
});

describe("raw points vs k6's own summary (recorded run)", () => {
  it("reproduces every http_req_duration percentile of the summary exactly", async () => {
    const points = await readK6Output(FIXTURE);
    const sum = await summary();
    const keys = Object.keys(sum.metrics).filter((k) => k.startsWith("http_req_duration"));
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) {
      const { name, tags } = parseSelector(key);
      const s = trendStats(selectTags(points, name, tags));
      const v = sum.metrics[key]!.values!;
      expect({
        key,
        med: s.med,
        p90: s.p90,
        p95: s.p95,
        p99: s.p99,
        max: s.max,
        min: s.min,
      }).toEqual({
        key,
        med: v["med"],
        p90: v["p(90)"],
        p95: v["p(95)"],
        p99: v["p(99)"],
        max: v["max"],
        min: v["min"],
      });
    }
  });

  it("evaluates every threshold as k6 did, and finds their definitions in the raw output alone", async () => {
    const points = await readK6Output(FIXTURE);
    const sum = await summary();
    const defs = points.thresholdDefs();
    const expected = Object.entries(sum.metrics).flatMap(([metric, m]) =>
      Object.entries(m.thresholds ?? {}).map(([expression, r]) => ({
        metric,
        expression,
        ok: typeof r === "boolean" ? r : r.ok,
      })),
    );
    expect(defs.length).toBe(expected.length);
    const results = evaluateThresholds(points, defs, sum.state.testRunDurationMs! / 1000);
    for (const e of expected)
      expect(results.find((r) => r.metric === e.metric && r.expression === e.expression)?.ok).toBe(
        e.ok,
      );
    expect(points.metric("http_reqs")?.count).toBe(sum.metrics["http_reqs"]!.values!["count"]);
  });

  it("fails a threshold that the points cross, and names the endpoint in the case", async () => {
    const points = await readK6Output(FIXTURE);
    points.addThreshold("http_req_duration{endpoint:a2a_navi}", "p(95)<0.5");
    const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
    const failed = built.cases.filter((c) => c.status === "failed");
    expect(failed.map((c) => c.title)).toEqual(["http_req_duration{endpoint:a2a_navi} p(95)<0.5"]);
    expect(failed[0]!.failure!.message).toContain("endpoint a2a_navi");
    expect(failed[0]!.failure!.message).toMatch(/p\(95\) = \d+\.\d\d ms/);
  });
});

describe("merging instances", () => {
  it("two instances' points give the same metrics and verdicts as one run over the same points", async () => {
    const lines = gunzipSync(await readFile(FIXTURE))
      .toString("utf8")
      .split("\n");
    // Split like execution segments would: every Metric line in both, points alternately.
    const a: string[] = [];
    const b: string[] = [];
    let n = 0;
    for (const line of lines) {
      if (line.startsWith('{"type":"Metric"')) {
        a.push(line);
        b.push(line);
      } else (n++ % 2 === 0 ? a : b).push(line);
    }
    const dir = await mkdtemp(join(tmpdir(), "k6-merge-"));
    await writeFile(join(dir, "a.json"), a.join("\n"));
    await writeFile(join(dir, "b.json.gz"), gzipSync(b.join("\n")));

    const single = await readK6Output(FIXTURE);
    const merged = await readK6Outputs([join(dir, "a.json"), join(dir, "b.json.gz")]);
    const half = await readK6Output(join(dir, "a.json"));
    const duration = 5;
    const m1 = loadMetrics(
      single,
      duration,
      evaluateThresholds(single, single.thresholdDefs(), duration),
    );
    const m2 = loadMetrics(
      merged,
      duration,
      evaluateThresholds(merged, merged.thresholdDefs(), duration),
    );
    expect(m2.endpoints).toEqual(m1.endpoints);
    expect(m2.latencyMs).toEqual(m1.latencyMs);
    const order = (t: { metric: string; expression: string }[]) =>
      [...t].sort((x, y) =>
        `${x.metric} ${x.expression}`.localeCompare(`${y.metric} ${y.expression}`),
      );
    expect(order(m2.thresholds)).toEqual(order(m1.thresholds));
    expect(m2.thresholds.length).toBeGreaterThan(30);
    expect(m2.checks).toEqual(m1.checks);
    // …and not merely because every half looks alike.
    const m3 = loadMetrics(half, duration, []);
    expect(m3.requests).toBeLessThan(m1.requests);
    expect(m3.latencyMs).not.toEqual(m1.latencyMs);
  });

  it("report --k6 turns raw outputs into a load suite with its thresholds", async () => {
    const run = await runFromK6Outputs([FIXTURE, SUMMARY]);
    const suite = run.suites[0]!;
    expect(suite.kind).toBe("load");
    expect(suite.status).toBe("passed");
    const sum = await summary();
    expect(suite.load!.latencyMs.p95).toBe(sum.metrics["http_req_duration"]!.values!["p(95)"]);
    expect(suite.load!.durationS).toBe(sum.state.testRunDurationMs! / 1000);
    expect(
      suite.cases.some((c) => c.title === "http_req_failed{endpoint:ccr_route} rate<0.01"),
    ).toBe(true);
  });
});

describe("thresholds", () => {
  it("parses k6's grammar", () => {
    expect(parseThresholdExpression("p(99.9) < 1000")).toEqual({
      aggregation: "p(99.9)",
      pct: 99.9,
      op: "<",
      value: 1000,
    });
    expect(parseThresholdExpression("rate<=0.01")).toMatchObject({ aggregation: "rate", op: "<=" });
    expect(parseThresholdExpression("count===3")).toMatchObject({
      aggregation: "count",
      op: "===",
      value: 3,
    });
    expect(() => parseThresholdExpression("p95<500")).toThrow(/unknown aggregation/);
    expect(() => parseThresholdExpression("avg 500")).toThrow(/operator/);
    expect(parseSelector(`http_req_duration{endpoint:"a b", scenario:x}`)).toEqual({
      name: "http_req_duration",
      tags: { endpoint: "a b", scenario: "x" },
    });
  });

  it("evaluates counters, rates and trends, and passes metrics without data", () => {
    const p = new K6Points();
    const t = "2026-01-01T00:00:00.000Z";
    const line = (metric: string, value: number, tags: object) =>
      p.addLine(JSON.stringify({ metric, type: "Point", data: { time: t, value, tags } }));
    for (let i = 1; i <= 100; i++)
      line("http_req_duration", i, { endpoint: i > 90 ? "slow" : "fast" });
    for (let i = 0; i < 100; i++) line("http_req_failed", i < 3 ? 1 : 0, {});
    line("http_reqs", 100, {});
    const r = evaluateThresholds(
      p,
      [
        { metric: "http_req_duration", expression: "p(95)<95" },
        { metric: "http_req_duration{endpoint:fast}", expression: "max<=90" },
        { metric: "http_req_failed", expression: "rate<0.01" },
        { metric: "http_reqs", expression: "rate>=10" },
        { metric: "http_req_duration{endpoint:none}", expression: "p(95)<1" },
      ],
      10,
    );
    expect(r.map((x) => [x.ok, x.observed])).toEqual([
      [false, 95.05],
      [true, 90],
      [false, 0.03],
      [true, 10],
      [true, undefined],
    ]);
  });

  it("reads tags with quotes and braces inside strings (fast path = JSON.parse)", () => {
    const p = new K6Points();
    const tags = { error: 'bad "thing" {x}', endpoint: "e\\1", name: "}" };
    p.addLine(
      `{"metric":"http_req_duration","type":"Point","data":{"time":"2026-01-01T00:00:01.5+01:00","value":12.5,"tags":${JSON.stringify(tags)}}}`,
    );
    const duration = p.metric("http_req_duration")!;
    expect(p.tagSets[duration.byTag[0]!.tagId]).toEqual(tags);
    expect(p.firstTime).toBe(Date.parse("2026-01-01T00:00:01.5+01:00"));
    expect(duration.byTag[0]!.last).toBe(12.5);
  });
});
