/**
 * The report's trends and history strips: one chart per suite metric and per
 * load endpoint, change points marked and spelled out, runs without a value
 * drawn as gaps, every name escaped, no style attribute the CSP would block —
 * and, in real Chromium, no CSP violation and the strips drawn in the case table.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "@playwright/test";
import type { CaseResult, RunResult } from "../../src/results/model.js";
import { renderHtml } from "../../src/reporters/html.js";
import { renderTrendsSection } from "../../src/reporters/html-trends.js";
import { launchChromium } from "../helpers/browser.js";

const HOSTILE_SUITE = "<img src=x onerror=alert(1)>";
const HOSTILE_ENDPOINT = "load › smoke › GET /a?q=<svg onload=alert(2)>";
const FAILED_STRIP = "ppfrpf";

function testCase(id: string, status: CaseResult["status"]): CaseResult {
  return {
    id,
    title: id,
    titlePath: [id],
    status,
    durationMs: 12,
    retries: status === "flaky" ? 1 : 0,
    attachments: [],
    ...(status === "failed" ? { failure: { message: "boom" } } : {}),
  };
}

function trendRun(): RunResult {
  const runs = [1, 2, 3, 4, 5, 6].map((n) => ({
    runId: `run-${n}`,
    startedAt: `2026-01-0${n}T00:00:00.000Z`,
  }));
  return {
    schemaVersion: 1,
    id: "run-6",
    startedAt: "2026-01-06T00:00:00.000Z",
    finishedAt: "2026-01-06T00:00:10.000Z",
    environment: { name: "local" },
    git: {},
    status: "failed",
    suites: [
      {
        name: "api",
        kind: "e2e",
        runner: "playwright",
        status: "failed",
        durationMs: 1250,
        cases: [
          testCase("api::a.spec.ts::passes", "passed"),
          testCase("api::a.spec.ts::fails", "failed"),
          testCase("api::a.spec.ts::flaky", "flaky"),
        ],
      },
      {
        name: HOSTILE_SUITE,
        kind: "e2e",
        runner: "playwright",
        status: "passed",
        durationMs: 900,
        cases: [testCase("hostile::x", "passed")],
      },
    ],
    history: {
      runs: 5,
      cases: [
        {
          id: "api::a.spec.ts::flaky",
          class: "flaky",
          runs: 6,
          flipRate: 0.6,
          failureRate: 0,
          passOnRetry: 3,
          recent: "prprpr",
        },
      ],
      suggestions: ["api::a.spec.ts::flaky"],
      expired: [],
      trends: {
        runs,
        suites: {
          api: {
            passRate: [1, 1, null, 0.5, 1, 0.75],
            durationMs: [1200, 1100, null, 1500, 1300, 1250],
            flaky: [0, 1, null, 2, 0, 1],
          },
          [HOSTILE_SUITE]: {
            passRate: [1, 1, 1, 1, 1, 1],
            durationMs: [800, 850, 900, 880, 910, 900],
            flaky: [0, 0, 0, 0, 0, 0],
          },
        },
        endpoints: {
          [HOSTILE_ENDPOINT]: {
            p95: [100, 102, 98, 180, 185, 182],
            changePoints: [{ index: 3, runId: "run-4", before: 100, after: 182, p: 0.0123 }],
          },
        },
      },
      strips: {
        "api::a.spec.ts::passes": "pppppp",
        "api::a.spec.ts::fails": FAILED_STRIP,
        "api::a.spec.ts::flaky": "prprpr",
      },
    },
  };
}

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

describe("trends and strips in Chromium", () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "hyvve-trends-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("renders under the CSP with the charts and the strips", async () => {
    const file = join(dir, "index.html");
    writeFileSync(file, renderHtml(trendRun()));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(e.message));
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.locator("#cases-body tr").count()).toBe(4);
    expect(await page.locator("#trends svg").count()).toBe(7);
    expect(await page.locator("#trends .change-point").count()).toBe(1);
    expect(await page.locator("#trends").innerText()).toContain(HOSTILE_SUITE);

    // Failed first: the first row is the failed case, its strip one square per letter.
    const first = page.locator("#cases-body tr").first();
    expect(await first.locator("td").nth(2).innerText()).toBe("api::a.spec.ts::fails");
    for (const letter of ["p", "f", "r", "s"]) {
      const expected = [...FAILED_STRIP].filter((l) => l === letter).length;
      expect(await first.locator(`td:last-child .h-${letter}`).count()).toBe(expected);
    }
    expect(await first.locator(".h-f").first().getAttribute("title")).toBe("failed");
    // The STYLE hash still admits the stylesheet: the squares have their size and colour.
    const square = await first
      .locator(".h-f")
      .first()
      .evaluate((el) => {
        const s = getComputedStyle(el);
        return { width: s.width, background: s.backgroundColor };
      });
    expect(square).toEqual({ width: "8px", background: "rgb(185, 28, 28)" });

    // The flaky case carries its history class beside its status.
    const flaky = page.locator("#cases-body tr", { hasText: "api::a.spec.ts::flaky" });
    expect(await flaky.locator("td").first().locator(".badge").allInnerTexts()).toEqual([
      "flaky",
      "flaky",
    ]);
    expect(await flaky.locator(".hclass").getAttribute("title")).toBe("flaky in the run history");
    expect(await page.locator("#history .h-sq").count()).toBe(6);

    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
