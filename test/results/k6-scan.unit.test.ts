// The soak-scale reading path (issue 14): k6's raw output read from bytes,
// values kept per tag set and read by rank, the time series from log
// histograms. Each part is checked against an independent computation:
// JSON.parse and Date.parse for the fields, a plain sort and k6's
// interpolation (TrendSink.P, checked against k6's own summary in
// k6-stats.unit.test.ts) for the percentiles.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputFileError } from "../../src/errors.js";
import { LogHistogram, SlotSeries } from "../../src/results/import/k6-latency.js";
import { loadMetrics } from "../../src/results/import/k6-metrics.js";
import { runFromK6Outputs } from "../../src/results/import/k6-outputs.js";
import { K6Points, readK6Output } from "../../src/results/import/k6-points.js";
import { parseNumber, parseTime } from "../../src/results/import/k6-scan.js";
import { percentile } from "../../src/results/import/k6-trend.js";
import { sortDoubles, SortedRuns, ValueStore } from "../../src/results/import/k6-values.js";
import { mulberry32 } from "../../src/results/import/k6-sample.js";

const FIXTURE = new URL("../load/fixtures/smoke-points.json.gz", import.meta.url).pathname;
const bytes = (text: string) => Buffer.from(text, "latin1");

/** k6's percentile by the book: sort everything, interpolate (independent of SortedRuns). */
function k6Percentile(values: number[], pct: number): number {
  const sorted = Float64Array.from(values).sort();
  return percentile(sorted, pct);
}

describe("fields read from bytes", () => {
  it("numbers are the doubles JSON.parse gives, for every form Go's encoder writes", () => {
    const random = mulberry32(14);
    const texts = ["0", "-0", "1", "0.000001", "123.456789", "1e-7", "1.5e+21", "-2.5E-3"];
    for (let i = 0; i < 20_000; i++) {
      const magnitude = 10 ** Math.floor(random() * 30 - 10);
      texts.push(JSON.stringify(random() * magnitude)); // shortest round-trip, as Go
      texts.push((random() * 5000).toFixed(6)); // a k6 duration in ms: whole ns
    }
    for (const text of texts)
      expect([text, parseNumber(bytes(text), 0, text.length)]).toEqual([text, JSON.parse(text)]);
    for (const bad of ["", "-", "1.", ".5", "1e", "1e+", "abc", "1.2.3", "0x10", " 1"])
      expect(parseNumber(bytes(bad), 0, bad.length), bad).toBeNaN();
  });

  it("times are Date.parse's, with the fraction k6 writes kept below the millisecond", () => {
    const cases = [
      "2026-01-01T00:00:01Z",
      "2026-01-01T00:00:01.5+01:00",
      "2026-11-21T10:47:57.435Z",
      "1999-12-31T23:59:59.999-05:30",
      "2024-02-29T12:00:00.000+14:00",
    ];
    for (const text of cases)
      expect(parseTime(bytes(text), 0, text.length), text).toBe(Date.parse(text));
    const ns = "2026-11-21T10:47:57.435567487Z";
    expect(parseTime(bytes(ns), 0, ns.length) - Date.parse("2026-11-21T10:47:57.435Z")).toBeCloseTo(
      0.567487,
      // ms since the epoch in a double: steps of about 0.24 µs.
      3,
    );
    for (const bad of [
      "2026-13-01T00:00:00Z",
      "2026-01-01T00:00:00",
      "2026-01-01 00:00:00Z",
      "2026-01-01T00:00:00.1234567891Z",
    ])
      expect(parseTime(bytes(bad), 0, bad.length), bad).toBeNaN();
  });
});

describe("exact order statistics across tag sets", () => {
  it("SortedRuns.at gives what sorting the union gives, duplicates and empty runs included", () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 40; trial++) {
      const runs = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
        Float64Array.from({ length: Math.floor(random() * 300) }, () =>
          trial % 2 ? Math.floor(random() * 20) : random() * 1000,
        ).sort(),
      );
      const union = new SortedRuns(runs);
      const all = runs.flatMap((r) => [...r]).sort((a, b) => a - b);
      for (let rank = 0; rank < all.length; rank += 1 + Math.floor(all.length / 50))
        expect(union.at(rank)).toBe(all[rank]);
      for (const pct of [0, 0.5, 0.9, 0.95, 0.99, 1])
        expect(percentile(union, pct)).toBe(all.length ? k6Percentile(all, pct) : 0);
    }
  });

  it("sortDoubles orders like Float64Array.prototype.sort: negatives, −0, duplicates, huge and tiny", () => {
    const random = mulberry32(21);
    for (const n of [0, 1, 5, 1023, 1024, 5000, 65_536]) {
      const values = Float64Array.from({ length: n }, (_, i) => {
        const r = random();
        if (i % 97 === 0) return -0;
        if (i % 89 === 0) return 0;
        if (i % 13 === 0) return -r * 10 ** Math.floor(random() * 40 - 20);
        return i % 5 === 0 ? Math.floor(r * 10) : r * 10 ** Math.floor(random() * 40 - 20);
      });
      const expected = Float64Array.from(values).sort();
      const sorted = sortDoubles(values);
      expect(sorted).toBe(values);
      const firstDifference = expected.findIndex((v, i) => !Object.is(sorted[i], v));
      expect(firstDifference, `${n} values`).toBe(-1);
    }
  });

  it("ValueStore keeps every value through its sorted chunks, and takes more after being read", () => {
    const store = new ValueStore();
    const random = mulberry32(3);
    const values = Array.from({ length: 200_000 }, () => random());
    for (const v of values) store.push(v);
    const runs = store.sortedRuns();
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect([...run]).toEqual([...run].sort((a, b) => a - b));
    expect([...new SortedRuns(runs).toArray()]).toEqual([...values].sort((a, b) => a - b));
    store.push(-1);
    const again = new SortedRuns(store.sortedRuns());
    expect([again.count, again.min, again.at(1)]).toEqual([
      200_001,
      -1,
      values.reduce((m, v) => Math.min(m, v)),
    ]);
  });
});

/** A raw output of `count` latency points over `endpoints`, with http_req_failed and checks. */
function syntheticLines(
  count: number,
  seed: number,
): { lines: string[]; truth: Map<string, number[]> } {
  const random = mulberry32(seed);
  const endpoints = ["a2a_navi", "ccr_route", "dashboard_page"];
  const truth = new Map<string, number[]>(endpoints.map((e) => [e, []]));
  const lines = [
    '{"type":"Metric","data":{"name":"http_req_duration","type":"trend","contains":"time","thresholds":["p(95)<500"],"submetrics":null},"metric":"http_req_duration"}',
  ];
  const start = Date.parse("2026-03-01T12:00:00Z");
  for (let i = 0; i < count; i++) {
    const endpoint = endpoints[Math.floor(random() * endpoints.length)]!;
    const status = random() < 0.1 ? "500" : "200";
    const tags = { endpoint, method: "GET", scenario: "s", status };
    const value = Math.round(random() ** 3 * 900 * 1e6) / 1e6 + 0.1;
    truth.get(endpoint)!.push(value);
    const time = new Date(start + i * 3).toISOString().replace("Z", "123+00:00");
    lines.push(
      JSON.stringify({ metric: "http_req_duration", type: "Point", data: { time, value, tags } }),
      JSON.stringify({
        metric: "http_req_failed",
        type: "Point",
        data: { time, value: status === "500" ? 1 : 0, tags },
      }),
    );
  }
  return { lines, truth };
}

describe("reading at scale (gzip, many chunks)", () => {
  it("per-endpoint percentiles equal sorting each endpoint's values; rates keep no values", async () => {
    const { lines, truth } = syntheticLines(120_000, 11);
    const dir = await mkdtemp(join(tmpdir(), "k6-scan-"));
    const path = join(dir, "points.json.gz");
    await writeFile(path, gzipSync(lines.join("\n") + "\n"));
    const points = await readK6Output(path);
    expect(points.skippedLines).toBe(0);
    expect(points.metric("http_req_duration")!.count).toBe(120_000);
    const metrics = loadMetrics(points, 360, []);
    for (const e of metrics.endpoints) {
      const values = truth.get(e.endpoint)!;
      expect([e.endpoint, e.requests, e.latencyMs]).toEqual([
        e.endpoint,
        values.length,
        {
          p50: k6Percentile(values, 0.5),
          p90: k6Percentile(values, 0.9),
          p95: k6Percentile(values, 0.95),
          p99: k6Percentile(values, 0.99),
          max: Math.max(...values),
        },
      ]);
    }
    const all = [...truth.values()].flat();
    expect(metrics.latencyMs.p99).toBe(k6Percentile(all, 0.99));
    // A rate is reduced to counts: no value of it is held.
    expect(points.metric("http_req_failed")!.byTag.every((t) => t.values === undefined)).toBe(true);
    expect(metrics.errorRate).toBeGreaterThan(0.05);
  });

  it("the time series is within 0.5 % of the exact percentiles of each 1 s bucket", async () => {
    const points = await readK6Output(FIXTURE);
    const lines = gunzipSync(await readFile(FIXTURE))
      .toString("utf8")
      .split("\n");
    const latency = lines
      .filter((l) => l.startsWith('{"metric":"http_req_duration"'))
      .map((l) => JSON.parse(l) as { data: { time: string; value: number } });
    const first = Date.parse(latency[0]!.data.time);
    const buckets: number[][] = [];
    for (const p of latency) {
      // Buckets of 1 s counted from the first point read (a short run needs no wider ones).
      const b = Math.floor((Date.parse(p.data.time) - first) / 1000);
      (buckets[b] ??= []).push(p.data.value);
    }
    const series = loadMetrics(points, 5, []).series;
    expect(series.length).toBe(buckets.length);
    series.forEach((point, b) => {
      const values = buckets[b] ?? [];
      expect(point.t).toBe(b);
      expect(point.rps).toBe(values.length);
      for (const [key, pct] of [
        ["p50", 0.5],
        ["p95", 0.95],
        ["p99", 0.99],
      ] as const) {
        const exact = k6Percentile(values, pct);
        expect(Math.abs(point[key] - exact), `${key} of bucket ${b}`).toBeLessThanOrEqual(
          exact * 0.005 + 1e-12,
        );
      }
    });
  });

  it("a month of points still makes at most 120 buckets, covering the whole span", () => {
    const series = new SlotSeries();
    const start = Date.parse("2026-01-01T00:00:00Z");
    const month = 30 * 86400 * 1000;
    for (let i = 0; i <= 100_000; i++) series.add(start + (i / 100_000) * month, 1 + (i % 50));
    const out = series.series();
    expect(out.length).toBeLessThanOrEqual(120);
    expect(out.length).toBeGreaterThan(60);
    const bucketS = out[1]!.t - out[0]!.t;
    expect(out.at(-1)!.t + bucketS).toBeGreaterThanOrEqual(month / 1000);
    expect(out.reduce((n, p) => n + p.rps * bucketS, 0)).toBeCloseTo(100_001, 6);
  });

  it("a log histogram's percentiles stay within 0.5 % of the exact ones", () => {
    const random = mulberry32(5);
    const h = new LogHistogram();
    const values = Array.from({ length: 5000 }, () => 0.05 + random() ** 4 * 30_000);
    for (const v of values) h.add(v);
    for (const pct of [0, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = k6Percentile(values, pct);
      expect(Math.abs(h.percentile(pct) - exact)).toBeLessThanOrEqual(exact * 0.005);
    }
  });
});

describe("cut-short and corrupt gzip", () => {
  async function gz(name: string, data: Buffer): Promise<string> {
    const path = join(await mkdtemp(join(tmpdir(), "k6-gz-")), name);
    await writeFile(path, data);
    return path;
  }

  async function inputError(paths: string[]): Promise<InputFileError> {
    const error = await runFromK6Outputs(paths).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).code).toBe("E_INPUT");
    return error as InputFileError;
  }

  it("a truncated gzip is E_INPUT saying it is cut short; a stopped run may read up to the cut", async () => {
    const whole = await readFile(FIXTURE);
    const path = await gz("k6-points-0.json.gz", whole.subarray(0, Math.floor(whole.length * 0.6)));
    const error = await inputError([path]);
    expect(error.message).toContain("cut short");
    expect(error.hint).toMatch(/copy it again|re-run/);
    const partial = await readK6Output(path, new K6Points(), { truncatedOk: true });
    const full = await readK6Output(FIXTURE);
    expect(partial.metric("http_req_duration")!.count).toBeGreaterThan(0);
    expect(partial.metric("http_req_duration")!.count).toBeLessThan(
      full.metric("http_req_duration")!.count,
    );
  });

  it("corrupt gzip data is E_INPUT naming the file", async () => {
    const data = Buffer.from(await readFile(FIXTURE));
    for (let i = 200; i < 260; i++) data[i] = data[i]! ^ 0x5a;
    const path = await gz("corrupt.json.gz", data);
    const error = await inputError([path]);
    expect(error.message).toContain(path);
    expect(error.message).toContain("corrupt gzip data");
  });

  it("an archive an earlier version wrote (gzipped after the run, fastest level) reads as before", async () => {
    // The fixture is such an archive: k6 wrote plain JSON lines, hyvve-qa gzipped them afterwards.
    const run = await runFromK6Outputs([FIXTURE]);
    expect(run.suites[0]!.load!.requests).toBe(276);
  });
});
