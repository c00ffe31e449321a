/**
 * metrics.prom (src/export/metrics.ts through src/export/prom-text.ts) held
 * byte for byte to what prom-client (a dev dependency kept for this) renders
 * for the same families: the fixture load run, a run with every status and
 * a baseline, and hostile names and label values. promtool's own check of
 * the file is in metrics.telemetry.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Gauge, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { metricFamilies, renderMetrics } from "../../src/export/metrics.js";
import { renderGauges } from "../../src/export/prom-text.js";
import type { RunResult } from "../../src/results/model.js";
import { REPO } from "../helpers/cli.js";

const LOAD_RUN = join(REPO, "test", "fixtures", "projects", "metrics", "load-run.json");

function readRun(): RunResult {
  return JSON.parse(readFileSync(LOAD_RUN, "utf8")) as RunResult;
}

/** The text as prom-client renders these families (how metrics.ts used to write it). */
async function promClientText(run: RunResult): Promise<string> {
  const registry = new Registry();
  registry.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
  registry.setDefaultLabels({ env: run.environment.name, profile: run.profile ?? "" });
  for (const family of metricFamilies(run)) {
    if (family.samples.length === 0) continue;
    const gauge = new Gauge({
      name: family.name,
      help: family.help,
      labelNames: family.labelNames,
      registers: [registry],
    });
    for (const sample of family.samples) gauge.set(sample.labels, sample.value);
  }
  return registry.metrics();
}

/** Every string of a run an attacker or an odd suite could choose, made hostile. */
function hostile(run: RunResult): RunResult {
  const odd = (s: string) => `${s} "quoted" back\\slash\nnew line ünïcödé {brace}=,`;
  run.environment.name = odd("staging");
  run.id = odd(run.id);
  run.git = { commit: odd("abc"), branch: odd("main") };
  for (const suite of run.suites) {
    suite.name = odd(suite.name);
    for (const e of suite.load?.endpoints ?? []) {
      e.endpoint = odd(e.endpoint);
      e.scenario = odd(e.scenario);
    }
  }
  return run;
}

describe("metrics.prom", () => {
  it("is byte for byte what prom-client writes, for the fixture load run", async () => {
    const run = readRun();
    const text = await renderMetrics(run);
    expect(text).toContain("hyvve_qa_load_endpoint_requests{");
    expect(text).toBe(await promClientText(run));
  });

  it("is byte for byte what prom-client writes, with hostile names and label values", async () => {
    const run = hostile(readRun());
    const text = await renderMetrics(run);
    expect(text).toContain('\\"quoted\\" back\\\\slash\\nnew line');
    expect(text).toBe(await promClientText(run));
  });

  it("is byte for byte what prom-client writes, with a verdict, quarantine and a baseline", async () => {
    const run = readRun();
    run.verdict = { status: "failed", exitCode: 1, reasons: [] } as unknown as RunResult["verdict"];
    run.baseline = {
      source: "b.json",
      outdated: true,
      findings: [],
    } as unknown as RunResult["baseline"];
    const text = await renderMetrics(run);
    expect(text).toContain("hyvve_qa_baseline_outdated");
    expect(text).toContain('hyvve_qa_run_verdict{status="failed"');
    expect(text).toBe(await promClientText(run));
  });

  it("keeps two series prom-client would have merged (label values holding ',label:')", async () => {
    const run = readRun();
    const [a, b] = run.suites[0]!.load!.endpoints;
    Object.assign(a!, { endpoint: "a,scenario:b", scenario: "c" });
    Object.assign(b!, { endpoint: "a", scenario: "b,scenario:c" });
    const text = await renderMetrics(run);
    const requests = text
      .split("\n")
      .filter((l) => l.startsWith("hyvve_qa_load_endpoint_requests{"));
    expect(requests.filter((l) => l.includes('scenario="c",endpoint="a,scenario:b"'))).toHaveLength(
      1,
    );
    expect(requests.filter((l) => l.includes('scenario="b,scenario:c",endpoint="a"'))).toHaveLength(
      1,
    );
  });

  it("refuses two series with the same labels, which promtool would reject", async () => {
    const run = readRun();
    const [a, b] = run.suites[0]!.load!.endpoints;
    Object.assign(b!, { endpoint: a!.endpoint, scenario: a!.scenario });
    await expect(renderMetrics(run)).rejects.toThrow(
      /hyvve_qa_load_endpoint_\w+: two series with the labels .*; rename the suite or endpoint/,
    );
  });
});

describe("renderGauges", () => {
  it("spells the special values as Prometheus does and gives a series without labels no braces", () => {
    const text = renderGauges(
      [
        {
          name: "g",
          help: "h",
          samples: [
            { labels: {}, value: Infinity },
            { labels: { a: "1" }, value: -Infinity },
            { labels: { a: "2" }, value: Number.NaN },
            { labels: { a: "3" }, value: 1e21 },
          ],
        },
      ],
      {},
    );
    expect(text).toBe(
      '# HELP g h\n# TYPE g gauge\ng +Inf\ng{a="1"} -Inf\ng{a="2"} NaN\ng{a="3"} 1e+21\n',
    );
  });
});
