// The visual cluster rule's colour threshold, derived from measured noise: how
// much the reference app's snapshots differ from run to run and from width to
// width when nothing changed, against how much the changes the rule exists for
// differ (a status colour moved to a near colour of another meaning, a title
// recoloured). For each pixelmatch threshold of a sweep it prints how many
// comparisons hold a cluster (fixtures/visual/clusters.ts: joinDistance 3,
// minPixels 12, anti-aliased pixels left out) and how many changed pixels.
//
//   npm run build && npx jiti bench/visual/noise.mts [rounds=3]
//
// Run to run: every preview at every width, each round in a fresh Chromium
// (the full browser the visual suite uses), against the committed baseline.
// Width to width: the committed baselines of one state at 1280, 768 and 375 px
// (same element size; the element sits at another sub-pixel offset).
// Signal: the faulted previews against their committed baselines.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { PNG } from "pngjs";
import { signIn, type TestUser } from "../../fixtures/auth/auth.js";
import { visibleChanges } from "../../fixtures/visual/clusters.js";
import {
  APPROVAL_CARD_PREVIEW_CASES,
  APPROVAL_QUEUE_PREVIEW_CASES,
  WIDGET_PREVIEW_CASES,
  showPreview,
} from "../../fixtures/visual/previews.js";
import {
  SCREENSHOT_OPTIONS,
  VISUAL_IGNORE,
  VISUAL_WIDTHS,
} from "../../fixtures/visual/screenshot.js";
import { chromium, type Browser } from "@playwright/test";
import {
  chromiumLaunchOptions,
  findChromium,
  findHeadlessChromium,
} from "../../src/setup/chromium.js";
import { startApp } from "../load/app.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const SNAPSHOTS = join(ROOT, "suites/visual/__snapshots__");
const rounds = Number(process.argv[2] ?? 3);
const SWEEP = [0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1];
const PREVIEWS = [
  ...WIDGET_PREVIEW_CASES,
  ...APPROVAL_CARD_PREVIEW_CASES,
  ...APPROVAL_QUEUE_PREVIEW_CASES,
];
/** The changes the rule must see, each with the snapshots it touches. */
const SIGNALS = [
  {
    label: "danger → warning (#dc2626 → #c2410c), task card badge",
    fault: { kind: "visual-status-color", component: "task_card", status: "danger" },
    names: ["widget-task_card-error"],
  },
  {
    label: "success → neutral (#16a34a → #0d9488), approval badge",
    fault: { kind: "visual-status-color", component: "approval-card", status: "success" },
    names: ["approval-card-approved"],
  },
  {
    label: "title #1d2330 → #1e40af, project status",
    fault: { kind: "visual-text-color", component: "project_status" },
    names: [
      "widget-project_status-critical",
      "widget-project_status-healthy",
      "widget-project_status-warning",
    ],
  },
];

type Shots = Map<string, PNG>; // "<name>-w<width>" → screenshot

/** The committed baseline of "<name>-w<width>": Playwright writes the name's `_` as `-` (its file-name sanitising). */
const baseline = (key: string) =>
  PNG.sync.read(readFileSync(join(SNAPSHOTS, `${key.replaceAll("_", "-")}.png`)));

/** Every preview (or those named) at every width, in a fresh browser, as the visual suite takes them. */
async function capture(
  url: string,
  token: string,
  only?: readonly string[],
  executable = findChromium(process.env),
): Promise<Shots> {
  const browser: Browser = await chromium.launch(chromiumLaunchOptions(executable));
  const user: TestUser = {
    id: "qa-user",
    email: "qa@hyvve.test",
    workspaceId: "ws-qa",
    token,
    baseURL: url,
  };
  const context = await browser.newContext({ baseURL: url });
  await signIn(context, user);
  const page: Page = await context.newPage();
  const shots: Shots = new Map();
  for (const width of VISUAL_WIDTHS)
    for (const preview of PREVIEWS) {
      if (only && !only.includes(preview.name)) continue;
      await showPreview(page, preview.path, width);
      const root = page.getByTestId("preview-root");
      await root.waitFor();
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="preview-root"]')?.getAttribute("data-ready") ===
          "true",
      );
      const png = await root.screenshot({
        mask: [page.locator(VISUAL_IGNORE)],
        ...SCREENSHOT_OPTIONS,
      });
      shots.set(`${preview.name}-w${width}`, PNG.sync.read(png));
    }
  await browser.close();
  return shots;
}

/** Per threshold: comparisons with a cluster, and changed (non-AA) pixels over all of them. */
function sweep(
  pairs: readonly [PNG, PNG][],
): { t: number; withCluster: number; changed: number }[] {
  return SWEEP.map((t) => {
    let withCluster = 0;
    let changed = 0;
    for (const [a, b] of pairs) {
      const change = visibleChanges(a, b, { threshold: t });
      if (change.clusters.length > 0) withCluster++;
      changed += change.changedPixels;
    }
    return { t, withCluster, changed };
  });
}

function identical(a: PNG, b: PNG): boolean {
  return a.width === b.width && a.height === b.height && a.data.equals(b.data);
}

function printRow(label: string, n: number, rows: ReturnType<typeof sweep>): void {
  console.log(
    `| ${label} (${n}) | ${rows.map((r) => `${r.withCluster} / ${r.changed}`).join(" | ")} |`,
  );
}

/** Screenshots of the app started with these faults; the app is stopped whatever happens. */
async function captureWith(
  faults: unknown[],
  only?: readonly string[],
  executable?: string,
): Promise<Shots> {
  const app = await startApp(faults.length ? { HYVVE_REF_FAULTS: JSON.stringify(faults) } : {});
  try {
    return await capture(app.url, app.token, only, executable);
  } finally {
    app.app.kill();
  }
}

const runToRun: [PNG, PNG][] = [];
let byteIdentical = 0;
for (let r = 1; r <= rounds; r++) {
  for (const [key, shot] of await captureWith([])) {
    const base = baseline(key);
    if (identical(base, shot)) byteIdentical++;
    runToRun.push([base, shot]);
  }
}

const widthToWidth: [PNG, PNG][] = [];
for (const p of PREVIEWS)
  for (let i = 0; i < VISUAL_WIDTHS.length; i++)
    for (let j = i + 1; j < VISUAL_WIDTHS.length; j++)
      widthToWidth.push([
        baseline(`${p.name}-w${VISUAL_WIDTHS[i]}`),
        baseline(`${p.name}-w${VISUAL_WIDTHS[j]}`),
      ]);

console.log(
  `run to run: ${runToRun.length} screenshots in ${rounds} fresh browsers, ${byteIdentical} byte-identical to their baseline`,
);
console.log("");
console.log(`cells: comparisons with a cluster of >= 12 px / changed non-AA pixels in all of them`);
console.log(`| comparison | ${SWEEP.map((t) => `t=${t}`).join(" | ")} |`);
console.log(`| --- | ${SWEEP.map(() => "---:").join(" | ")} |`);
printRow("run to run", runToRun.length, sweep(runToRun));
printRow("width to width", widthToWidth.length, sweep(widthToWidth));
// Another build of the same engine (Debian's headless shell): not noise the suite meets, since
// visual always runs in the browser that drew its baselines, but the largest renderer
// difference at hand, to see where rendering differences sit on the same sweep.
const shell = await captureWith([], undefined, findHeadlessChromium(process.env));
printRow(
  "full browser vs headless shell",
  shell.size,
  sweep([...shell].map(([key, shot]): [PNG, PNG] => [baseline(key), shot])),
);
for (const signal of SIGNALS) {
  const shots = await captureWith([signal.fault], signal.names);
  const pairs = [...shots].map(([key, shot]): [PNG, PNG] => [baseline(key), shot]);
  printRow(signal.label, pairs.length, sweep(pairs));
}
