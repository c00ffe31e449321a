import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { request } from "../shared/target.js";
import { exposes, parseExposition, type Exposition } from "./prom-text.js";
import { metricNamesIn } from "./promql.js";

// DM-09.2 AC5: the Grafana dashboard template (config/grafana/) has the
// spec's panels, and every metric its queries read exists on the /metrics of
// the stack under test — so a renamed or dropped metric breaks this test, not
// a dashboard nobody looks at until the incident.

const DASHBOARD_PATH = fileURLToPath(
  new URL("../../config/grafana/hyvve-agentos-dashboard.json", import.meta.url),
);

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr?: string; refId: string }>;
  datasource?: { uid?: string };
}

const dashboard = JSON.parse(readFileSync(DASHBOARD_PATH, "utf8")) as {
  title: string;
  uid: string;
  panels: Panel[];
  __inputs?: Array<{ name: string; pluginId: string }>;
};
const exprs = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr ?? "" })),
);
const used = [...new Set(exprs.flatMap(({ expr }) => metricNamesIn(expr)))].sort();

describe("Grafana dashboard template", () => {
  let exposition: Exposition;
  beforeAll(async () => {
    const response = await request("/metrics");
    expect(response.status).toBe(200);
    exposition = parseExposition(response.text);
  });

  it("is an importable dashboard with a Prometheus data-source input", () => {
    expect(dashboard.uid).toMatch(/^[a-zA-Z0-9-_]{1,40}$/);
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({ name: "DS_PROMETHEUS", pluginId: "prometheus" }),
    );
    for (const panel of dashboard.panels) {
      expect(panel.datasource?.uid, panel.title).toBe("${DS_PROMETHEUS}");
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? [])
        expect(target.expr, `${panel.title} ${target.refId}`).toMatch(/\S/);
    }
    expect(new Set(dashboard.panels.map((p) => (p as { id?: number }).id)).size).toBe(
      dashboard.panels.length,
    );
  });

  it("has the spec's panels: A2A rate, p50/p95/p99 latency, active tasks, cache hit rate, rate-limit events, CCR usage by provider", () => {
    const panel = (pattern: RegExp) => {
      const found = dashboard.panels.find((p) => pattern.test(p.title));
      expect(found, `no panel matching ${pattern}`).toBeDefined();
      return (found!.targets ?? []).map((t) => t.expr ?? "").join("\n");
    };
    expect(panel(/A2A Request Rate/i)).toMatch(/rate\(a2a_requests_total/);
    const latency = panel(/A2A Latency/i);
    for (const q of ["0.5", "0.95", "0.99"]) expect(latency).toContain(`histogram_quantile(${q}, `);
    expect(latency).toContain("a2a_request_duration_seconds_bucket");
    expect(panel(/Active Tasks/i)).toContain("a2a_active_tasks");
    expect(panel(/Cache Hit Rate/i)).toMatch(/cache_operations_total\{[^}]*result="hit"/);
    expect(panel(/Rate Limit/i)).toContain("rate_limit_hits_total");
    expect(panel(/CCR Usage by Provider/i)).toMatch(/by \(provider\)[\s\S]*ccr_requests_total/);
  });

  it("reads only metrics that exist on /metrics", () => {
    // The extractor must find the metrics, or this check would pass on nothing.
    expect(used).toEqual(
      expect.arrayContaining([
        "a2a_requests_total",
        "a2a_request_duration_seconds_bucket",
        "a2a_active_tasks",
        "cache_operations_total",
        "rate_limit_hits_total",
        "ccr_requests_total",
      ]),
    );
    const missing = used.filter((metric) => !exposes(exposition, metric));
    expect(missing, `dashboard queries read metrics that /metrics does not expose`).toEqual([]);
  });

  it("extracts metric names from PromQL, not functions, labels or variables", () => {
    expect(
      metricNamesIn(
        'histogram_quantile(0.95, sum by (le, agent) (rate(x_bucket{agent="navi",le!="1"}[$__rate_interval]))) / on (agent) group_left y_total offset 5m',
      ),
    ).toEqual(["x_bucket", "y_total"]);
  });
});
