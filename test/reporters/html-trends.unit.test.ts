/**
 * The report's trends and history strips: one chart per suite metric and per
 * load endpoint, change points marked and spelled out, runs without a value
 * drawn as gaps, every name escaped, no style attribute the CSP would block.
 * In real Chromium (no CSP violation, the strips drawn in the case table):
 * html-trends.browser.test.ts.
 */
import { describe, expect, it } from "vitest";
import { renderHtml } from "../../src/reporters/html.js";
import { renderTrendsSection } from "../../src/reporters/html-trends.js";
import { HOSTILE_SUITE, trendRun } from "./trend-run.js";

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/** The `d` of the path in the chart of `metric` in the suite row `suite` (name as in the HTML). */
function pathOf(html: string, suite: string, metric: string): string {
  const row = html.split(`<tr data-suite="${suite}">`)[1]?.split("</tr>")[0] ?? "";
  const chart = row.split(`data-metric="${metric}"`)[1]?.split("</svg>")[0] ?? "";
  return /<path class="trend-line" d="([^"]*)"/.exec(chart)?.[1] ?? "";
}

describe("trends section", () => {
  it("draws one chart per suite metric and per endpoint", () => {
    const html = renderTrendsSection(trendRun());
    expect(html).toMatch(/^<section id="trends"[^>]*><h2>Trends \(last 6 runs\)<\/h2>/);
    expect(count(html, /<svg class="trend" /g)).toBe(2 * 3 + 1);
    expect(count(html, /<tr data-suite="/g)).toBe(2);
    expect(count(html, /data-metric="pass-rate"/g)).toBe(2);
    expect(count(html, /data-metric="duration"/g)).toBe(2);
    expect(count(html, /data-metric="flaky"/g)).toBe(2);
    expect(count(html, /data-metric="p95"/g)).toBe(1);
    expect(count(html, /<svg [^>]*role="img" aria-label="[^"]+"/g)).toBe(7);
    expect(count(html, /<svg [^>]*><title>[^<]+<\/title>/g)).toBe(7);
    // This run's values as text.
    expect(html).toContain('pass rate: <span class="trend-now">75 %</span>');
    expect(html).toContain('duration: <span class="trend-now">1.25 s</span>');
    expect(html).toContain('p95: <span class="trend-now">182 ms</span>');
  });

  it("marks the change point and spells it out", () => {
    const html = renderTrendsSection(trendRun());
    expect(count(html, /class="change-point"/g)).toBe(1);
    expect(html).toContain('<g class="change-point" data-index="3">');
    expect(html).toContain(
      '<li class="change-point-note">p95 shifted from 100 ms to 182 ms at run run-4 (p = 0.012)</li>',
    );
    // The marker sits at run 4 of 6: x = 6 + 3 * (240 - 12) / 5.
    expect(html).toMatch(/<line x1="142\.8" [^>]*x2="142\.8"/);
  });

  it("draws a run without a value as a gap, not as zero", () => {
    const html = renderTrendsSection(trendRun());
    const d = pathOf(html, "api", "pass-rate");
    expect(count(d, /M/g)).toBe(2);
    expect(count(d, /L/g)).toBe(3);
    expect(count(pathOf(html, "api", "duration"), /M/g)).toBe(2);
    expect(count(pathOf(html, "&lt;img src=x onerror=alert(1)&gt;", "pass-rate"), /M/g)).toBe(1);
  });

  it("escapes suite and endpoint names and uses no style attribute", () => {
    const html = renderHtml(trendRun());
    expect(html).not.toContain(HOSTILE_SUITE);
    expect(html).not.toContain("<svg onload");
    expect(html).toContain('<tr data-suite="&lt;img src=x onerror=alert(1)&gt;">');
    expect(html).toContain("GET /a?q=&lt;svg onload=alert(2)&gt;");
    expect(html).not.toMatch(/\sstyle\s*=/i);
  });

  it("is left out with fewer than two runs", () => {
    const run = trendRun();
    const trends = run.history!.trends!;
    trends.runs = trends.runs.slice(-1);
    expect(renderTrendsSection(run)).toBe("");
    expect(renderHtml(run)).not.toContain('id="trends"');
    delete run.history!.trends;
    expect(renderTrendsSection(run)).toBe("");
    delete run.history;
    expect(renderTrendsSection(run)).toBe("");
    expect(renderHtml(run)).not.toContain('id="trends"');
  });

  it("shows `recent` in the history table as squares", () => {
    const html = renderHtml(trendRun());
    const history = html.split('<section id="history">')[1]?.split("</section>")[0] ?? "";
    expect(count(history, /class="h-sq h-p" title="passed"/g)).toBe(3);
    expect(count(history, /class="h-sq h-r" title="passed on retry \(flaky\)"/g)).toBe(3);
    expect(history).not.toContain("<code>prprpr</code>");
  });
});
