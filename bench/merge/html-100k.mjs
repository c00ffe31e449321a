// Is the HTML report usable with 100k cases? Opens the report written by
// bench/merge/run.sh (/tmp/hyvve-bench-out/index.html) in Chromium and times
// the first page of the case table, a text filter and a status filter.
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../dist/src/setup/chromium.js";

const report = process.argv[2] ?? "/tmp/hyvve-bench-out/index.html";
const executablePath = findChromium(process.env);
const browser = await chromium.launch({
  ...(executablePath ? { executablePath } : {}),
  args: CHROMIUM_ARGS,
});
const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
const time = async (label, action, done) => {
  const start = performance.now();
  await action();
  await page.waitForFunction(done);
  const info = await page.locator("#page-info").innerText();
  console.log(`${label}: ${(performance.now() - start).toFixed(0)} ms (${info})`);
};
await time(
  "open + first page",
  () => page.goto(`file://${report}`),
  () => document.querySelectorAll("#cases-body tr").length > 0,
);
await time(
  "text filter",
  () => page.fill("#text-filter", "case 4242 "),
  () => document.getElementById("page-info").textContent.includes(" 1 of "),
);
await page.fill("#text-filter", "");
await time(
  "status filter",
  () => page.selectOption("#status-filter", "failed"),
  () => document.getElementById("page-info").textContent.startsWith("page 1 of 20"),
);
await browser.close();
