/**
 * One verdict in every surface. The false pass this guards against: a run
 * whose tests all passed but whose load p95 regressed against the baseline
 * exited 1 while the step summary, the HTML title and badge said "passed"
 * and no annotation was written.
 */
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { verdict } from "../../src/results/verdict.js";
import { renderAnnotations, renderStepSummary } from "../../src/reporters/github.js";
import { renderHtml } from "../../src/reporters/html.js";
import { renderJUnit } from "../../src/reporters/junit.js";
import { renderTerminalSummary } from "../../src/reporters/terminal.js";
import { renderCtrf } from "../../src/reporters/ctrf.js";
import { metricFamilies } from "../../src/export/metrics.js";
import { runAttributes } from "../../src/export/otlp-attributes.js";

/** Every case passed; only the comparison with the baseline found a regression. */
function regressedRun(): RunResult {
  const run: RunResult = {
    schemaVersion: 1,
    id: "r1",
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:10.000Z",
    environment: { name: "local" },
    profile: "smoke",
    git: {},
    status: "passed",
    suites: [
      {
        name: "load",
        kind: "load",
        runner: "k6",
        status: "passed",
        durationMs: 10_000,
        cases: [
          {
            id: "load::::thresholds > http_req_duration p(95)<500",
            title: "http_req_duration p(95)<500",
            titlePath: ["thresholds", "http_req_duration p(95)<500"],
            status: "passed",
            durationMs: null,
            retries: 0,
            attachments: [],
          },
        ],
      },
    ],
    baseline: {
      kind: "local/smoke",
      source: "reports/baseline/local-smoke/run.json",
      findings: [
        {
          kind: "latency-regression",
          suite: "load",
          message: "p95 7.0 ms → 90.0 ms (+1186%, limit +50%)",
          regression: true,
        },
      ],
    },
  };
  run.verdict = verdict({ run });
  return run;
}

describe("a run that only regressed against its baseline", () => {
  it("fails by verdict, with the regression as its reason", () => {
    const run = regressedRun();
    expect(run.verdict).toEqual({
      status: "failed",
      exitCode: 1,
      reasons: ["regression: p95 7.0 ms → 90.0 ms (+1186%, limit +50%)"],
    });
  });

  it("is failed in the step summary, with the reason", () => {
    const md = renderStepSummary(regressedRun());
    expect(md).toMatch(/^## hyvve-qa: failed$/m);
    expect(md).toContain("- regression: p95 7.0 ms → 90.0 ms");
  });

  it("is failed in the HTML title and badge", () => {
    const html = renderHtml(regressedRun());
    expect(html).toContain("<title>hyvve-qa failed · r1</title>");
    expect(html).toContain('hyvve-qa <span class="badge failed">failed</span>');
    expect(html).toMatch(/<ul id="verdict-reasons"><li>regression: p95 7\.0 ms/);
  });

  it("gets an annotation", () => {
    expect(renderAnnotations(regressedRun())).toBe(
      "::error title=regression › load::p95 7.0 ms → 90.0 ms (+1186%25, limit +50%25)\n",
    );
  });

  it("is a failing case of a `baseline` testsuite in the merged JUnit", () => {
    const xml = renderJUnit(regressedRun());
    expect(xml).toMatch(/<testsuite name="baseline" tests="1" failures="1"/);
    expect(xml).toMatch(
      /<testcase classname="baseline > load" name="latency-regression: load">\s*<failure message="p95 7\.0 ms → 90\.0 ms \(\+1186%, limit \+50%\)" type="latency-regression"/,
    );
  });

  it("is failed in the terminal summary", () => {
    expect(renderTerminalSummary(regressedRun(), undefined)).toMatch(/^Run failed: 1 cases/m);
  });
});

describe("a run with no baseline of its kind", () => {
  const note =
    "no staging/full baseline yet: run `hyvve-qa baseline update --env staging --profile full` after a good run";
  const run = (): RunResult => {
    const r = regressedRun();
    r.baseline = { kind: "staging/full", findings: [], note };
    r.verdict = verdict({ run: r });
    return r;
  };

  it("passes on its tests alone", () => {
    expect(run().verdict).toEqual({ status: "passed", exitCode: 0, reasons: [] });
  });

  it("says so in every surface", () => {
    expect(renderStepSummary(run())).toContain(`> ${note}`);
    expect(renderHtml(run())).toContain(`<p class="note">${note}</p>`);
    expect(renderTerminalSummary(run(), undefined)).toContain(`Baseline: ${note}`);
    expect(renderAnnotations(run())).toContain(`::notice title=baseline::${note}`);
    expect(renderJUnit(run())).not.toContain('name="baseline"');
  });
});

describe("a run compared with an outdated baseline", () => {
  const outdated = {
    reason: "the baseline predates per-endpoint latency samples",
    weaker: [
      "load: latency is compared by each endpoint's p95 against a ratio limit, with no significance test or confidence interval (dashboard_metrics, all endpoints)",
    ],
    refresh: "hyvve-qa baseline record --env local --profile smoke",
  };
  const line = `baseline is outdated: ${outdated.reason}; weaker: ${outdated.weaker[0]}; refresh it with \`${outdated.refresh}\``;
  const run = (): RunResult => {
    const r = regressedRun();
    r.baseline = { ...r.baseline!, findings: [], outdated };
    r.verdict = verdict({ run: r });
    return r;
  };

  it("passes on its tests (an old file is no failure of the product)", () => {
    expect(run().verdict).toEqual({ status: "passed", exitCode: 0, reasons: [] });
  });

  it("says which comparisons are weaker and how to refresh it in every surface", () => {
    const escaped = line.replaceAll("'", "&#39;");
    expect(renderTerminalSummary(run(), undefined)).toContain(`Baseline: ${line}`);
    expect(renderStepSummary(run())).toContain(`> ${line}`);
    expect(renderAnnotations(run())).toContain(`::warning title=baseline::${line}`);
    expect(renderHtml(run())).toContain(`<p class="note">${escaped}</p>`);
    const junit = renderJUnit(run());
    expect(junit).toMatch(/<testsuite name="baseline"[^>]*tests="0"/);
    expect(junit).toContain(`<property name="outdated" value="${line}"/>`);
    const ctrf = JSON.parse(renderCtrf(run())) as { results: { extra?: unknown } };
    expect(ctrf.results.extra).toEqual({
      baseline: { kind: "local/smoke", source: "reports/baseline/local-smoke/run.json", outdated },
    });
    const families = metricFamilies(run());
    expect(families.find((f) => f.name === "hyvve_qa_baseline_outdated")?.samples).toEqual([
      { labels: {}, value: 1 },
    ]);
    expect(runAttributes(run(), process.env, false)["hyvve_qa.baseline.outdated"]).toBe(line);
  });
});
