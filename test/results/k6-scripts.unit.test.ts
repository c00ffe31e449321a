/**
 * Several k6 scripts, each run as its own k6 process, merged into one load
 * suite (src/results/import/k6-scripts.ts and the readers): scripts stay
 * apart even when their raw points are byte-identical, a classic script's
 * `default` scenario is named after it, thresholds are per script, an
 * endpoint is a URL's path (not one per query string), and k6's legacy
 * summary export says `true` for a CROSSED threshold.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildLoadSuite, k6Ok } from "../../src/results/import/k6-load-suite.js";
import { K6Points, readK6Output } from "../../src/results/import/k6-points.js";
import {
  endpointOf,
  nameScripts,
  readScriptOfPoints,
  scenarioIn,
  scriptDescriptionPath,
  type K6Script,
} from "../../src/results/import/k6-scripts.js";
import { mergeLoadShards } from "../../src/results/import/k6-shards.js";
import { k6ErrorMessage, k6ErrorMessages } from "../../src/runners/k6-message.js";
import { scriptOptions } from "../../src/runners/k6-inspect.js";
import { smokeDuration } from "../../src/runners/k6-plan.js";
import type { SuiteResult } from "../../src/results/model.js";

const T0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString().replace(".000Z", ".000000000Z");

/** A Point line as k6 writes it. */
function point(metric: string, ms: number, value: number, tags: Record<string, string>): string {
  return JSON.stringify({ metric, type: "Point", data: { time: iso(ms), value, tags } });
}

/** A Metric line with its thresholds, as k6 writes it. */
function metric(name: string, type: string, thresholds: string[]): string {
  return JSON.stringify({
    type: "Metric",
    data: { name, type, contains: "time", thresholds, submetrics: null },
    metric: name,
  });
}

/** A classic script's request: k6's own tags (scenario "default", name = url). */
function request(ms: number, url: string, durationMs: number, extra: Record<string, string> = {}) {
  const tags = { group: "", method: "GET", name: url, scenario: "default", status: "200", url };
  return [
    point("http_req_duration", ms, durationMs, { ...tags, ...extra }),
    point("http_req_failed", ms, 0, { ...tags, ...extra }),
    point("http_reqs", ms, 1, { ...tags, ...extra }),
  ];
}

async function rawFile(folder: string, name: string, lines: string[]): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, lines.join("\n") + "\n");
  return path;
}

const script = (file: string, name: string, extra: Partial<K6Script> = {}): K6Script => ({
  file,
  name,
  prefixed: [],
  thresholds: [],
  ...extra,
});

describe("k6's legacy --summary-export verdicts", () => {
  it("reads a threshold's boolean as 'crossed' (true = failed), handleSummary's { ok } as ok", () => {
    const exported = { metrics: { http_req_duration: { thresholds: { "p(95)<500": true } } } };
    expect(k6Ok([exported], "http_req_duration", "p(95)<500")).toBe(false);
    const fine = { metrics: { http_req_duration: { thresholds: { "p(95)<500": false } } } };
    expect(k6Ok([fine], "http_req_duration", "p(95)<500")).toBe(true);
    const data = { metrics: { http_req_duration: { thresholds: { "p(95)<500": { ok: false } } } } };
    expect(k6Ok([data], "http_req_duration", "p(95)<500")).toBe(false);
  });

  it("fails the case k6's summary export says crossed, though the points alone would pass it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "k6-verdict-"));
    const lines = [
      metric("http_req_duration", "trend", ["p(95)<500"]),
      ...request(0, "http://h/a", 10),
    ];
    const points = await readK6Output(await rawFile(dir, "p.json", lines), new K6Points(), {
      script: script("load/a.js", "a"),
    });
    const summary = { metrics: { http_req_duration: { thresholds: { "p(95)<500": true } } } };
    const built = buildLoadSuite({
      suiteName: "load",
      points,
      summaries: [],
      scriptSummaries: new Map([["load/a.js", [summary]]]),
      k6Verdict: true,
    });
    const c = built.cases.find((x) => x.title === "http_req_duration p(95)<500")!;
    expect([c.status, c.file]).toEqual(["failed", "load/a.js"]);
  });
});

describe("endpoints of scripts that know nothing of hyvve-qa", () => {
  it("keeps the endpoint tag, then a name of the script's own, else METHOD and the URL's path", () => {
    const url = "http://127.0.0.1:7/api/dashboard/updates?since=1767225595000";
    expect(endpointOf({ endpoint: "a2a_navi", name: "x", url })).toBe("a2a_navi");
    // A name of the script's own: k6 copies it into the url tag.
    expect(endpointOf({ name: "poll updates", url: "poll updates", method: "GET" })).toBe(
      "poll updates",
    );
    expect(endpointOf({ name: url, url, method: "GET" })).toBe("GET /api/dashboard/updates");
    expect(endpointOf({ name: url, method: "POST" })).toBe("POST /api/dashboard/updates");
    expect(endpointOf({ name: "http://h", url: "http://h", method: "GET" })).toBe("GET /");
    expect(endpointOf({})).toBe("(untagged)");
  });

  it("makes a poll with a fresh ?since= per request one endpoint row", async () => {
    const dir = await mkdtemp(join(tmpdir(), "k6-poll-"));
    const lines = [1, 2, 3].flatMap((i) =>
      request(i * 100, `http://h/api/dashboard/updates?since=${1000 + i}`, 10 * i),
    );
    const points = await readK6Output(await rawFile(dir, "p.json", lines), new K6Points(), {
      script: script("k6/dashboard-flow.js", "dashboard_flow"),
    });
    const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
    expect(built.load.endpoints.map((e) => [e.scenario, e.endpoint, e.requests])).toEqual([
      ["dashboard_flow", "GET /api/dashboard/updates", 3],
    ]);
  });
});

describe("several scripts in one load suite", () => {
  it("keeps byte-identical raw points of two scripts apart, each script's thresholds on its own points", async () => {
    const dir = await mkdtemp(join(tmpdir(), "k6-two-"));
    const header = metric("http_req_duration", "trend", ["p(95)<100"]);
    // The same tag sets, byte for byte, in both files; b is slow.
    const a = await rawFile(dir, "a.json", [
      header,
      ...request(0, "http://h/x", 10),
      ...request(50, "http://h/x", 20),
    ]);
    const b = await rawFile(dir, "b.json", [
      header,
      ...request(0, "http://h/x", 300),
      ...request(50, "http://h/x", 400),
    ]);
    const points = new K6Points();
    await readK6Output(a, points, { script: script("k6/a.js", "a") });
    await readK6Output(b, points, { script: script("k6/b.js", "b") });
    const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
    expect(built.load.endpoints.map((e) => [e.scenario, e.endpoint, e.requests])).toEqual([
      ["a", "GET /x", 2],
      ["b", "GET /x", 2],
    ]);
    expect(built.load.requests).toBe(4);
    const thresholds = built.cases.filter((c) => c.titlePath[0] === "thresholds");
    expect(thresholds.map((c) => [c.title, c.file, c.status])).toEqual([
      ["http_req_duration p(95)<100", "k6/a.js", "passed"],
      ["http_req_duration p(95)<100", "k6/b.js", "failed"],
    ]);
    expect(new Set(built.cases.map((c) => c.id)).size).toBe(built.cases.length);
    // The distribution over the script's own points, exact, beside the verdict.
    expect(thresholds[0]!.stdout).toContain("count=2 avg=15 min=10 med=15 max=20");
    expect(points.scenarioFiles).toEqual(
      new Map([
        ["a", "k6/a.js"],
        ["b", "k6/b.js"],
      ]),
    );
  });

  it("names each script once and prefixes a scenario name an earlier script took", () => {
    const named = nameScripts([
      { file: "x/a.js", scenarios: ["default"], thresholds: [] },
      { file: "y/b.ts", scenarios: ["shared", "b"], thresholds: [] },
      { file: "z/c-d.js", scenarios: ["shared", "a"], thresholds: [] },
      { file: "w/a.js", scenarios: ["default"], thresholds: [] },
    ]);
    expect(named.map((s) => [s.name, s.prefixed])).toEqual([
      ["a", []],
      ["b", []],
      ["c_d", ["shared", "a"]],
      ["a_2", []],
    ]);
    const [a, b, c, a2] = named;
    expect([scenarioIn(a!, "default"), scenarioIn(a!, undefined)]).toEqual(["a", "a"]);
    expect([scenarioIn(b!, "shared"), scenarioIn(b!, "b")]).toEqual(["shared", "b"]);
    expect([scenarioIn(c!, "shared"), scenarioIn(c!, "a")]).toEqual(["c_d.shared", "c_d.a"]);
    expect(scenarioIn(a2!, "default")).toBe("a_2");
  });

  it("report --run over shards reads each raw points file as its script's, from the description beside it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "k6-shard-"));
    const a = script("k6/a.js", "a", {
      thresholds: [{ metric: "http_req_duration{group:::g}", expression: "p(95)<100" }],
    });
    const b = script("k6/b.js", "b");
    await writeFile(scriptDescriptionPath(dir, a), JSON.stringify(a));
    await writeFile(scriptDescriptionPath(dir, b), JSON.stringify(b));
    await rawFile(dir, "k6-points-a-0.json", request(0, "http://h/x", 300, { group: "::g" }));
    await rawFile(dir, "k6-points-b-0.json", request(0, "http://h/x", 300, { group: "::g" }));
    expect(await readScriptOfPoints(join(dir, "k6-points-a-0.json"))).toEqual(a);
    expect(await readScriptOfPoints(join(dir, "k6-points-0.json"))).toBeUndefined();
    const suite: SuiteResult = {
      name: "load",
      kind: "load",
      runner: "k6",
      status: "passed",
      durationMs: 1,
      cases: [],
      load: {
        durationS: 1,
        requests: 0,
        rps: 0,
        errorRate: 0,
        checks: { passes: 0, fails: 0 },
        latencyMs: { p50: 0, p90: 0, p95: 0, p99: 0, max: 0 },
        endpoints: [],
        thresholds: [],
        series: [],
        sources: { rawPoints: ["k6-points-a-0.json", "k6-points-b-0.json"], scenarioFiles: {} },
      },
    };
    const merged = await mergeLoadShards([{ runFile: join(dir, "run.json"), suite }]);
    expect(merged.load!.endpoints.map((e) => [e.scenario, e.requests])).toEqual([
      ["a", 1],
      ["b", 1],
    ]);
    // The submetric threshold only the description knows of, judged on a's points alone.
    expect(merged.cases.map((c) => [c.title, c.file, c.status])).toEqual([
      ["http_req_duration{group:::g} p(95)<100", "k6/a.js", "failed"],
    ]);
  });
});

describe("what k6 inspect and k6's log say", () => {
  it("reduces k6 inspect's options to scenarios, own load shape and thresholds", () => {
    expect(
      scriptOptions({
        vus: null,
        stages: [{ duration: "30s", target: 20 }],
        iterations: null,
        scenarios: null,
        thresholds: {
          http_req_duration: ["p(95)<500"],
          a2a_errors: [{ threshold: "rate<0.01", abortOnFail: true }],
        },
      }),
    ).toEqual({
      scenarios: undefined,
      shaped: ["stages"],
      thresholds: [
        { metric: "http_req_duration", expression: "p(95)<500" },
        { metric: "a2a_errors", expression: "rate<0.01" },
      ],
    });
    expect(scriptOptions({ scenarios: { a: {}, b: {} }, thresholds: null })).toEqual({
      scenarios: ["a", "b"],
      shaped: [],
      thresholds: [],
    });
  });

  it("takes the smoke length from HYVVE_LOAD_DURATION, at most 2 min, else 20 s", () => {
    expect(smokeDuration("4s")).toBe("4s");
    expect(smokeDuration("1m30s")).toBe("90s");
    expect(smokeDuration("10m")).toBe("120s");
    expect(smokeDuration(undefined)).toBe("20s");
    expect(smokeDuration("soon")).toBe("20s");
  });

  it("reads k6's error messages with their detail", () => {
    const stderr = [
      'time="x" level=info msg="teardown" source=console',
      'time="x" level=error msg="failed to handle the end-of-test summary" error="Could not save some summary information:\\n\\t- could not open \'results/a.json\'"',
      'time="x" level=error msg="using `stages` and `scenarios` options simultaneously is not allowed"',
    ].join("\n");
    expect(k6ErrorMessages(stderr)).toEqual([
      "failed to handle the end-of-test summary: Could not save some summary information: - could not open 'results/a.json'",
      "using `stages` and `scenarios` options simultaneously is not allowed",
    ]);
    expect(k6ErrorMessage(stderr)).toBe(
      "using `stages` and `scenarios` options simultaneously is not allowed",
    );
  });
});
