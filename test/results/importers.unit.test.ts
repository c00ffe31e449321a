/**
 * Every importer in src/results/import/ on small hand-written inputs: JUnit,
 * vitest's JUnit dialect, Playwright's JSON report, k6 raw JSON lines.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputFileError } from "../../src/errors.js";
import { parseJUnit } from "../../src/results/import/junit.js";
import { fromVitestDialect } from "../../src/results/import/vitest.js";
import { mapPlaywrightReport, type PwReport } from "../../src/results/import/playwright.js";
import { readK6Output } from "../../src/results/import/k6-points.js";
import { buildLoadSuite } from "../../src/results/import/k6-load-suite.js";
import { runFromK6Outputs } from "../../src/results/import/k6-outputs.js";

const junit = (xml: string) => parseJUnit(xml, { suite: "s", source: "in-memory.xml" });

function inputError(fn: () => unknown): InputFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    expect((error as InputFileError).code).toBe("E_INPUT");
    return error as InputFileError;
  }
  throw new Error("expected an InputFileError, nothing was thrown");
}

describe("parseJUnit", () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="all">
  <testsuite name="api" file="test/api.test.ts">
    <testcase classname="api" name="passes" time="0.5"/>
    <testcase classname="Api.Routes" name="fails" time="1,5">
      <failure message="expected 1 to be 2" type="AssertionError">AssertionError: expected 1 to be 2
    at check (test/api.test.ts:3:5)</failure>
      <system-out>printed</system-out>
    </testcase>
    <testcase name="skips"><skipped message="not today"/></testcase>
    <testcase name="errors" time="12ms"><error>TypeError: boom
    at run (test/api.test.ts:9:1)</error></testcase>
  </testsuite>
</testsuites>`;

  it("reads a passing, a failing, a skipped and an errored case", () => {
    const parsed = junit(xml);
    expect(parsed.name).toBe("all");
    const [passes, fails, skips, errors] = parsed.cases;
    expect(parsed.cases).toHaveLength(4);

    // classname equal to the suite name is not repeated in the title path.
    expect(passes).toEqual({
      id: "s::test/api.test.ts::api > passes",
      title: "passes",
      titlePath: ["api", "passes"],
      file: "test/api.test.ts",
      status: "passed",
      durationMs: 500,
      retries: 0,
      attachments: [],
    });

    expect(fails!.titlePath).toEqual(["api", "Api.Routes", "fails"]);
    expect(fails!.status).toBe("failed");
    expect(fails!.durationMs).toBe(1500); // "1,5" is a decimal comma: 1.5 s
    expect(fails!.failure).toEqual({
      message: "expected 1 to be 2",
      type: "AssertionError",
      stack: "AssertionError: expected 1 to be 2\n    at check (test/api.test.ts:3:5)",
    });
    expect(fails!.stdout).toBe("printed");

    expect(skips!.status).toBe("skipped");
    expect(skips!.durationMs).toBeNull(); // no time attribute
    expect(skips!.failure).toEqual({ message: "not today", type: "skipped" });

    // <error> without a message: first line of its text, type "error".
    expect(errors!.status).toBe("failed");
    expect(errors!.durationMs).toBe(12);
    expect(errors!.failure).toEqual({
      message: "TypeError: boom",
      type: "error",
      stack: "TypeError: boom\n    at run (test/api.test.ts:9:1)",
      // An <error> alone: the case errored, and stays an error in reports.
      kind: "error",
    });
  });

  it("puts nested suites into the title path and leaves an inner suite on close", () => {
    const parsed = junit(`<testsuites>
      <testsuite name="outer">
        <testsuite name="inner">
          <testcase name="deep"/>
        </testsuite>
        <testcase name="shallow"/>
      </testsuite>
      <testsuite name="second"><testcase name="shallow"/><testcase name="shallow"/></testsuite>
    </testsuites>`);
    expect(parsed.name).toBeUndefined();
    expect(parsed.cases.map((c) => c.titlePath)).toEqual([
      ["outer", "inner", "deep"],
      ["outer", "shallow"],
      ["second", "shallow"],
      ["second", "shallow"],
    ]);
    // Duplicate names keep unique ids.
    expect(parsed.cases.map((c) => c.id)).toEqual([
      "s::::outer > inner > deep",
      "s::::outer > shallow",
      "s::::second > shallow",
      "s::::second > shallow #2",
    ]);
  });

  it("refuses a DOCTYPE in the prolog (even after a comment) with an InputFileError", () => {
    const e = inputError(() =>
      junit(`<?xml version="1.0"?>
<!-- generated -->
<!DOCTYPE testsuite [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<testsuite><testcase name="&x;"/></testsuite>`),
    );
    expect(e.message).toMatch(/^in-memory\.xml: refused, the file declares a DTD/);
  });

  it("allows DOCTYPE-looking text inside the document", () => {
    const parsed = junit(
      `<testsuite><testcase name="html"><failure><![CDATA[<!DOCTYPE html> was rendered]]></failure></testcase></testsuite>`,
    );
    expect(parsed.cases[0]!.failure!.message).toBe("<!DOCTYPE html> was rendered");
  });

  it("refuses a root that is not JUnit, and XML that is not well-formed", () => {
    expect(inputError(() => junit("<html><body/></html>")).message).toBe(
      "in-memory.xml: no <testsuites> or <testsuite> root element",
    );
    expect(inputError(() => junit("<testsuite><testcase></testsuite>")).message).toMatch(
      /^in-memory\.xml: not well-formed XML/,
    );
  });
});

describe("fromVitestDialect", () => {
  // As vitest's JUnit reporter writes it: file as suite name and classname, describes in the name.
  const parsed = junit(`<testsuites name="vitest tests">
    <testsuite name="test/math.test.ts">
      <testcase classname="test/math.test.ts" name="math &gt; adds &gt; small numbers" time="0.002"/>
      <testcase classname="test/math.test.ts" name="top level" time="0.001"/>
    </testsuite>
  </testsuites>`);

  it('splits "a > b" titles back into a title path under the file', () => {
    const [nested, top] = parsed.cases.map(fromVitestDialect);
    expect(nested!.title).toBe("small numbers");
    expect(nested!.titlePath).toEqual(["math", "adds", "small numbers"]);
    expect(nested!.file).toBe("test/math.test.ts");
    // The id stays the one the JUnit reader made (stable across runs).
    expect(nested!.id).toBe(parsed.cases[0]!.id);
    expect(nested!.durationMs).toBe(2);
    expect(top!.title).toBe("top level");
    expect(top!.titlePath).toEqual(["top level"]);
  });

  it("leaves cases that are not in the vitest shape alone", () => {
    const other = junit(
      `<testsuite name="a"><testsuite name="b"><testcase name="x &gt; y"/></testsuite></testsuite>`,
    ).cases[0]!;
    expect(other.titlePath).toHaveLength(3);
    expect(fromVitestDialect(other)).toBe(other);
  });
});

describe("mapPlaywrightReport", () => {
  const report: PwReport = {
    config: { rootDir: "/repo/suites/e2e", projects: [{ name: "chromium" }] },
    suites: [
      {
        title: "login.spec.ts",
        file: "login.spec.ts",
        specs: [
          {
            title: "shows the form",
            file: "login.spec.ts",
            tests: [
              {
                projectName: "chromium",
                status: "expected",
                results: [{ status: "passed", duration: 120.4, retry: 0 }],
              },
            ],
          },
        ],
        suites: [
          {
            title: "with a bad password",
            file: "login.spec.ts",
            specs: [
              {
                title: "refuses",
                file: "login.spec.ts",
                tests: [
                  {
                    projectName: "chromium",
                    status: "unexpected",
                    results: [
                      {
                        status: "failed",
                        duration: 300,
                        retry: 0,
                        error: {
                          message: "\u001b[31mError: expected 401\u001b[39m\n\nCall log:\n  - wait",
                          stack: "Error: expected 401\n    at refuses (login.spec.ts:9:3)",
                        },
                        stdout: [{ text: "attempt 1\n" }],
                        attachments: [
                          { name: "trace", contentType: "application/zip", path: "/t/trace.zip" },
                          { name: "screenshot", contentType: "image/png", path: "/t/s.png" },
                          { name: "no file", contentType: "text/plain" },
                        ],
                      },
                    ],
                  },
                ],
              },
              {
                title: "retries",
                file: "login.spec.ts",
                tests: [
                  {
                    projectName: "chromium",
                    status: "flaky",
                    results: [
                      {
                        status: "failed",
                        duration: 200,
                        retry: 0,
                        error: { message: "Error: flaked" },
                      },
                      { status: "passed", duration: 100.6, retry: 1 },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    errors: [{ message: "Error: cannot load other.spec.ts" }, { value: "thrown string" }, {}],
  };
  const mapped = mapPlaywrightReport(report, { suite: "e2e", rootDir: "/repo" });
  const byTitle = Object.fromEntries(mapped.cases.map((c) => [c.title, c]));

  it("maps a passed test, with its file relative to the repo and the describe path", () => {
    expect(mapped.cases.map((c) => c.title)).toEqual(["shows the form", "refuses", "retries"]);
    const passed = byTitle["shows the form"]!;
    expect(passed.status).toBe("passed");
    expect(passed.file).toBe("suites/e2e/login.spec.ts");
    expect(passed.id).toBe("e2e::suites/e2e/login.spec.ts::shows the form");
    expect(passed.durationMs).toBe(120); // 120.4 rounded
    expect(passed.retries).toBe(0);
    expect(passed.failure).toBeUndefined();
    expect(byTitle["refuses"]!.titlePath).toEqual(["with a bad password", "refuses"]);
  });

  it("maps a failed test: message without colours or call log, call log and frames as stack", () => {
    const failed = byTitle["refuses"]!;
    expect(failed.status).toBe("failed");
    expect(failed.failure!.message).toBe("Error: expected 401");
    expect(failed.failure!.stack).toBe("Call log:\n  - wait\nat refuses (login.spec.ts:9:3)");
    expect(failed.stdout).toBe("attempt 1");
    // Screenshot (an image) before trace; an attachment with neither path nor body is dropped.
    expect(failed.attachments.map((a) => a.name)).toEqual(["screenshot", "trace"]);
  });

  it("maps a test that failed then passed on retry as flaky, keeping the failed attempt's error", () => {
    const flaky = byTitle["retries"]!;
    expect(flaky.status).toBe("flaky");
    expect(flaky.retries).toBe(1);
    expect(flaky.failure!.message).toBe("Error: flaked");
    expect(flaky.durationMs).toBe(301); // 200 + 100.6 = 300.6, rounded
  });

  it("collects the report's top-level errors, dropping empty ones", () => {
    expect(mapped.errors).toEqual(["Error: cannot load other.spec.ts", "thrown string"]);
  });

  it("decides from the attempts when a test has no status (older reports)", () => {
    const old = mapPlaywrightReport(
      {
        suites: [
          {
            title: "a.spec.ts",
            specs: [
              {
                title: "t",
                file: "/repo/a.spec.ts",
                tests: [{ results: [{ status: "timedOut" }, { status: "passed" }] }],
              },
              { title: "u", tests: [{ results: [{ status: "timedOut" }] }] },
            ],
          },
        ],
      },
      { suite: "x", rootDir: "/repo" },
    );
    expect(old.cases.map((c) => [c.title, c.status, c.retries])).toEqual([
      ["t", "flaky", 1],
      ["u", "failed", 0],
    ]);
    expect(old.cases[0]!.failure).toEqual({ message: "Test timed out", type: "timedOut" });
    expect(old.cases[0]!.file).toBe("a.spec.ts");
    expect(old.errors).toEqual([]);
  });
});

// ---- k6 raw output ----

const T0 = Date.parse("2026-01-01T00:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/** A Point line in the field order k6 writes (metric first), which the fast scanner reads. */
function point(metric: string, ms: number, value: number, tags: Record<string, string>): string {
  return JSON.stringify({ metric, type: "Point", data: { time: iso(ms), value, tags } });
}

/** The same in another field order, which goes through JSON.parse. */
function pointTypeFirst(
  metric: string,
  ms: number,
  value: number,
  tags: Record<string, string>,
): string {
  return JSON.stringify({ type: "Point", metric, data: { time: iso(ms), value, tags } });
}

function metricLine(name: string, type: string, thresholds: string[]): string {
  return JSON.stringify({
    type: "Metric",
    data: { name, type, contains: "time", thresholds, submetrics: null },
    metric: name,
  });
}

/** One request: duration, failed flag and the request counter, tagged like our scripts tag them. */
function request(ms: number, endpoint: string, durationMs: number, failed: boolean): string[] {
  const tags = { scenario: "api", endpoint, method: "GET", status: failed ? "500" : "200" };
  // Both line shapes: if either reader dropped or misread points, the counts below would be off.
  const write = endpoint === "slow" ? pointTypeFirst : point;
  return [
    write("http_req_duration", ms, durationMs, tags),
    write("http_req_failed", ms, failed ? 1 : 0, tags),
    write("http_reqs", ms, 1, tags),
  ];
}

/** Metric lines with thresholds, a submetric threshold declared by our scripts, checks. */
const HEADER = [
  metricLine("http_req_duration", "trend", ["p(95)<500", "p(95)<100"]),
  metricLine("http_req_failed", "rate", []),
  metricLine("http_reqs", "counter", []),
  point("hyvve_threshold", 0, 0, {
    threshold_metric: "http_req_duration{endpoint:slow}",
    threshold_expression: "p(95)<250",
  }),
];
// fast: 10, 20, 30, 40 ms; slow: 100, 200, 300 ms (one of them a 500); 2 s from first to last point.
const FAST = [
  ...request(0, "fast", 40, false),
  ...request(500, "fast", 10, false),
  ...request(900, "fast", 30, false),
  ...request(1500, "fast", 20, false),
];
const SLOW = [
  ...request(300, "slow", 300, false),
  ...request(1200, "slow", 100, true),
  ...request(2000, "slow", 200, false),
];
const CHECKS = [1, 1, 0].map((v, i) =>
  point("checks", 100 * i, v, { scenario: "api", group: "::login", check: "status is 200" }),
);

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "k6-import-"));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("k6 raw output → load suite", () => {
  it("counts requests per endpoint and computes k6's percentiles", async () => {
    const path = await tempFile("out.json", [...HEADER, ...FAST, ...SLOW, ...CHECKS].join("\n"));
    const points = await readK6Output(path);
    expect(points.skippedLines).toBe(0);
    const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
    const { load } = built;

    expect(load.durationS).toBe(2); // first point at 0 ms, last at 2000 ms
    expect(load.requests).toBe(7);
    expect(load.rps).toBe(3.5); // 7 requests / 2 s
    expect(load.errorRate).toBeCloseTo(1 / 7, 12);
    expect(load.checks).toEqual({ passes: 2, fails: 1 });
    expect(load.endpoints.map((e) => [e.scenario, e.endpoint, e.requests])).toEqual([
      ["api", "fast", 4],
      ["api", "slow", 3],
    ]);
    const [fast, slow] = load.endpoints;
    // k6: sort, i = p·(n−1), interpolate between floor(i) and ceil(i).
    // fast [10,20,30,40]: i = 0.95·3 = 2.85 → 30 + 0.85·(40−30) = 38.5
    expect(fast!.latencyMs.p95).toBeCloseTo(38.5, 9);
    // median: i = 0.5·3 = 1.5 → 20 + 0.5·10 = 25
    expect(fast!.latencyMs.p50).toBeCloseTo(25, 9);
    expect(fast!.latencyMs.max).toBe(40);
    expect(fast!.errorRate).toBe(0);
    // slow [100,200,300]: i = 0.95·2 = 1.9 → 200 + 0.9·100 = 290
    expect(slow!.latencyMs.p95).toBeCloseTo(290, 9);
    expect(slow!.errorRate).toBeCloseTo(1 / 3, 12);
    expect(slow!.rps).toBe(1.5); // 3 / 2 s
    // all [10,20,30,40,100,200,300]: i = 0.95·6 = 5.7 → 200 + 0.7·100 = 270
    expect(load.latencyMs.p95).toBeCloseTo(270, 9);
  });

  it("turns thresholds into cases; a crossed one fails and names its endpoint", async () => {
    const path = await tempFile("out.json", [...HEADER, ...FAST, ...SLOW, ...CHECKS].join("\n"));
    const points = await readK6Output(path);
    const built = buildLoadSuite({ suiteName: "load", points, summaries: [], k6Verdict: false });
    const byTitle = Object.fromEntries(built.cases.map((c) => [c.title, c]));
    expect(Object.keys(byTitle)).toEqual([
      "http_req_duration p(95)<500",
      "http_req_duration p(95)<100",
      "http_req_duration{endpoint:slow} p(95)<250",
      "checks: login",
    ]);
    // 270 < 500 passes; 270 < 100 does not; slow's 290 < 250 does not.
    expect(byTitle["http_req_duration p(95)<500"]!.status).toBe("passed");
    const global = byTitle["http_req_duration p(95)<100"]!;
    expect(global.status).toBe("failed");
    expect(global.failure!.message).toBe(
      "threshold p(95)<100 crossed: p(95) = 270.00 ms over 7 points (http_req_duration)",
    );
    const slow = byTitle["http_req_duration{endpoint:slow} p(95)<250"]!;
    expect(slow.status).toBe("failed");
    expect(slow.failure!.type).toBe("ThresholdCrossed");
    expect(slow.failure!.message).toBe(
      "threshold p(95)<250 crossed on endpoint slow: p(95) = 290.00 ms over 3 points (http_req_duration{endpoint:slow})",
    );
    // No checks threshold: any failed check fails its group (1 of 3 = 33.33 %).
    const checks = byTitle["checks: login"]!;
    expect(checks.status).toBe("failed");
    expect(checks.titlePath).toEqual(["checks", "api", "login"]);
    expect(checks.failure!.message).toBe(
      'checks failed in login (api): "status is 200": 1 of 3 failed (33.33%)',
    );
    expect(built.load.thresholds).toEqual([
      { metric: "http_req_duration", expression: "p(95)<500", ok: true },
      { metric: "http_req_duration", expression: "p(95)<100", ok: false },
      { metric: "http_req_duration{endpoint:slow}", expression: "p(95)<250", ok: false },
    ]);
  });

  it("runFromK6Outputs merges two instances' files into one suite with the summed counts", async () => {
    // Each instance writes the Metric lines; the points are split between them.
    const a = await tempFile("a.json", [...HEADER, ...FAST].join("\n") + "\n");
    const b = await tempFile("b.json", [...HEADER.slice(0, 3), ...SLOW].join("\n"));
    const run = await runFromK6Outputs([a, b], new Date("2026-06-01T00:00:00.000Z"));
    expect(run.suites).toHaveLength(1);
    const suite = run.suites[0]!;
    expect([suite.name, suite.kind, suite.runner]).toEqual(["load", "load", "k6"]);
    expect(suite.load!.requests).toBe(7); // 4 from a + 3 from b
    expect(suite.load!.endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ["fast", 4],
      ["slow", 3],
    ]);
    // The merged p95 is over all seven values (270), not either file's alone.
    expect(suite.load!.latencyMs.p95).toBeCloseTo(270, 9);
    expect(suite.status).toBe("failed"); // p(95)<100 and the slow threshold are crossed
    expect(suite.durationMs).toBe(2000);
    expect(run.startedAt).toBe("2026-01-01T00:00:00.000Z");
    expect(run.finishedAt).toBe("2026-01-01T00:00:02.000Z");
    expect(run.status).toBe("failed");
    expect(suite.notes).toEqual([
      "merged from 2 k6 raw outputs (a.json, b.json); thresholds evaluated on the merged points",
    ]);
  });

  it("runFromK6Outputs refuses a file that is not k6 output", async () => {
    const good = await tempFile("a.json", [...HEADER, ...FAST].join("\n"));
    for (const text of ["hello\nworld\n", '{"foo": 1}\n', ""]) {
      const bad = await tempFile("bad.json", text);
      const error = await runFromK6Outputs([good, bad]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InputFileError);
      expect((error as InputFileError).message).toBe(
        `${bad}: not a k6 raw output (--out json): no k6 metric or point lines in it`,
      );
    }
  });
});
