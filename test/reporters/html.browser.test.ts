/**
 * The HTML report in real Chromium: everything a test produced shows as
 * text, no injected script runs, the CSP admits exactly our own script, and
 * filtering works.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "@playwright/test";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BASIC_PROJECT, runCli, tempDir } from "../helpers/cli.js";
import { launchChromium } from "../helpers/browser.js";

describe("HTML report", () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    await runCli(["run", "hostile", "pass", "--out", out, "--ci", "--base-url", inject("refUrl")], {
      cwd: BASIC_PROJECT,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("is self-contained and carries a restrictive CSP", () => {
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/,
    );
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toContain("<img src=x");
  });

  it("shows hostile test names as text and runs none of them", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await expect.poll(() => page.locator("#cases-body tr").count()).toBe(4);
    await expect
      .poll(() => page.locator("#failures").innerText())
      .toContain("<img src=x onerror=alert(1)>");
    expect(await page.locator("#failures").innerText()).toContain("<script>alert(2)</script>");
    expect(await page.locator("#cases-body").innerText()).toContain(
      "</script><script>alert(3)</script>",
    );
    expect(await page.locator("img").count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    // Our own script ran under the CSP (the table is drawn), and nothing was blocked.
    expect(errors.filter((e) => e.includes("Content Security Policy"))).toEqual([]);
    await page.close();
  });

  it("filters by status and by text", async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(out, "index.html")).href);
    await page.selectOption("#status-filter", "failed");
    await expect.poll(() => page.locator("#cases-body tr").count()).toBe(1);
    await page.selectOption("#status-filter", "");
    await page.fill("#text-filter", "subtracts");
    await expect.poll(() => page.locator("#cases-body tr").count()).toBe(1);
    expect(await page.locator("#page-info").innerText()).toContain("1 of 4 cases");
    await page.close();
  });
});
