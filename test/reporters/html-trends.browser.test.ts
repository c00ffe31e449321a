/**
 * The report's trends and history strips in real Chromium: no CSP violation,
 * the charts and change point drawn, and the strips drawn in the case table
 * (the markup itself: html-trends.unit.test.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "@playwright/test";
import { renderHtml } from "../../src/reporters/html.js";
import { launchChromium } from "../helpers/browser.js";
import { FAILED_STRIP, HOSTILE_SUITE, trendRun } from "./trend-run.js";

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
