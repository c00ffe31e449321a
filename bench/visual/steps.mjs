#!/usr/bin/env node
// Where a visual snapshot's time goes (issue 14), both ways in one run against
// one reference app (`hyvve-qa serve`, started here), for the 24 previews at
// 1280 px in real Chromium:
//   before: a new browser context per image, signed in, a page load, the
//           readiness check, toHaveScreenshot's first screenshot, the cluster
//           rule's second screenshot, the context closed;
//   after:  one signed-in page, a history navigation (pushState + popstate),
//           the readiness check, one screenshot, decoded and compared with the
//           committed baseline.
// toHaveScreenshot needs the test runner, so its first (and, on a match, only)
// screenshot is taken here with locator.screenshot and the same options.
//
//   npm run build && node bench/visual/steps.mjs [rounds=2]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "@playwright/test";
import { PNG } from "pngjs";
import { CHROMIUM_ARGS, findChromium } from "../../dist/src/setup/chromium.js";
import { APPROVAL_STATES } from "../../dist/fixtures/reference-app/shared/approvals.js";
import { WIDGET_STATES } from "../../dist/fixtures/reference-app/shared/widgets.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const rounds = Number(process.argv[2] ?? 2);
const OPTIONS = { animations: "disabled", caret: "hide", scale: "css" };
const previews = [
  ...Object.entries(WIDGET_STATES).flatMap(([type, states]) =>
    states.map((s) => [`/preview/widget/${type}/${s}`, `widget-${type}-${s}`]),
  ),
  ...APPROVAL_STATES.map((s) => [`/preview/approval/${s}`, `approval-card-${s}`]),
  ...["default", "empty"].map((v) => [`/preview/approval-queue/${v}`, `approval-queue-${v}`]),
].map(([path, name]) => ({ path, file: `${name.replace(/[^A-Za-z0-9-]+/g, "-")}-w1280.png` }));

/** The reference app, as `hyvve-qa serve` starts it; its URL and throwaway token read from its output, never printed. */
function serve() {
  const child = spawn(process.execPath, [join(root, "bin/hyvve-qa.js"), "serve"], { cwd: root });
  return new Promise((done, fail) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /reference app: (\S+)/.exec(out)?.[1];
      const token = /token:\s+(\S+)/.exec(out)?.[1];
      if (url && token) done({ child, url, token });
    });
    child.on("exit", (code) => fail(new Error(`hyvve-qa serve exited with ${code}`)));
  });
}

const laps = {};
/** Times one step under a name. */
async function lap(name, step) {
  const started = performance.now();
  const value = await step();
  (laps[name] ??= []).push(performance.now() - started);
  return value;
}

const { child, url, token } = await serve();
const browser = await lap("browser launch (per worker)", () =>
  chromium.launch({ executablePath: findChromium(process.env), args: CHROMIUM_ARGS }),
);
const contextOptions = {
  baseURL: url,
  viewport: { width: 1280, height: 900 },
  locale: "en-US",
  timezoneId: "UTC",
  colorScheme: "light",
  deviceScaleFactor: 1,
};
const cookie = { name: "hyvve_session", value: token, url };
const ready = (page) => page.locator('[data-testid="preview-root"][data-ready="true"]').waitFor();
const shoot = (page) =>
  page
    .getByTestId("preview-root")
    .screenshot({ mask: [page.locator("[data-visual-ignore]")], ...OPTIONS });

for (let round = 0; round < rounds; round++) {
  for (const { path } of previews) {
    const context = await lap("before: new context + sign-in + page", async () => {
      const c = await browser.newContext(contextOptions);
      await c.addCookies([cookie]);
      await c.newPage();
      return c;
    });
    const page = context.pages()[0];
    await lap("before: page load (goto)", () => page.goto(path));
    await lap("before: readiness (fonts)", () => ready(page));
    await lap("before: toHaveScreenshot's screenshot", () => shoot(page));
    await lap("before: cluster rule's screenshot", () => shoot(page));
    await lap("before: context close", () => context.close());
  }
}

const context = await browser.newContext(contextOptions);
await context.addCookies([cookie]);
const page = await context.newPage();
await lap("after: first page load (per worker)", async () => {
  await page.goto(previews[1].path);
  await ready(page);
});
for (let round = 0; round < rounds; round++) {
  for (const { path, file } of previews) {
    const moved = await lap("after: history navigation", () =>
      page.evaluate((target) => {
        const before = document.querySelector('[data-testid="preview-root"]');
        globalThis.history.pushState(null, "", target);
        globalThis.dispatchEvent(new globalThis.PopStateEvent("popstate"));
        return document.querySelector('[data-testid="preview-root"]') !== before;
      }, path),
    );
    if (!moved) throw new Error(`${path}: the app did not render on popstate`);
    await lap("after: readiness (fonts)", () => ready(page));
    const shot = await lap("after: the one screenshot", () => shoot(page));
    await lap("after: decode + same pixels as baseline", () => {
      const a = PNG.sync.read(shot);
      const b = PNG.sync.read(readFileSync(join(root, "suites/visual/__snapshots__", file)));
      if (!(a.width === b.width && a.height === b.height && a.data.equals(b.data)))
        throw new Error(`${file}: not the baseline's pixels`);
    });
  }
}
await browser.close();
child.kill("SIGINT");

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const total = (prefix) =>
  Object.entries(laps)
    .filter(([k, v]) => k.startsWith(prefix) && v.length > 1)
    .reduce((sum, [, v]) => sum + median(v), 0);
for (const [name, values] of Object.entries(laps))
  console.log(
    `${name.padEnd(42)} median ${median(values).toFixed(0).padStart(5)} ms  (n ${values.length})`,
  );
console.log(
  `per image: before ${total("before").toFixed(0)} ms, after ${total("after").toFixed(0)} ms (medians of the per-image steps)`,
);
