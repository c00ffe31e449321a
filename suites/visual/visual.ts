/**
 * One snapshot: a preview page of the reference app (one component in one
 * state, fixed data, bundled font, no animation), compared with the committed
 * baseline twice — more than 1% of pixels different fails (Playwright's
 * toHaveScreenshot: layout shifts, scattered noise), and so does any cluster
 * of clearly visible changed pixels, anti-aliased edges ignored
 * (fixtures/visual/clusters.ts: a text that changed colour). Every element
 * marked `data-visual-ignore` is masked in both. When the run is wrapped in
 * `percy exec`, the page also goes to Percy.
 *
 * Speed (issue 14): the tests of a worker share one logged-in page
 * (`workerPage`, fixtures/index.ts) set to the test's width. It moves from
 * preview to preview by a history navigation when the app renders the new path
 * at once (fixtures/visual/previews.ts; the reference app does), so the bundle
 * and the fonts load once per worker; by a page load otherwise. The widths are
 * tests of one Playwright project: two workers in all, not two per width.
 */
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { PNG } from "pngjs";
import { expect } from "../../fixtures/index.js";
import { describeClusters, visibleChanges } from "../../fixtures/visual/clusters.js";
import { showPreview, type Preview } from "../../fixtures/visual/previews.js";
import {
  SCREENSHOT_OPTIONS,
  VISUAL_IGNORE,
  VISUAL_WIDTHS,
  samePixels,
  type VisualWidth,
} from "../../fixtures/visual/screenshot.js";

type PercySnapshot = (page: Page, name: string) => Promise<void>;

/** Loaded only when `percy exec` runs us (it sets PERCY_SERVER_ADDRESS); CommonJS, hence require. */
function percySnapshot(): PercySnapshot {
  return (createRequire(import.meta.url)("@percy/playwright") as { percySnapshot: PercySnapshot })
    .percySnapshot;
}

/** Percy renders every width of .percy.yml itself, so only the snapshots at one width go to it. */
const PERCY_WIDTH: VisualWidth = 1280;

/** One preview at one width: its test title ends in ` [w<width>]`. */
export interface PreviewCase extends Preview {
  width: VisualWidth;
}

/**
 * Why: each case runs at each width as a test of its own whose title ends in
 * ` [w<width>]` — what the three width projects were called before — so case
 * ids, history and `--grep` stay as they were. Widths outermost: a worker's
 * page changes its viewport rarely. (The spec files call test() themselves:
 * Playwright files a test under the file that calls it.)
 */
export function atEachWidth(cases: readonly Preview[]): PreviewCase[] {
  return VISUAL_WIDTHS.flatMap((width) =>
    cases.map((c) => ({ ...c, title: `${c.title} [w${width}]`, width })),
  );
}

/**
 * Why: both rules and Percy on one preview, shown once and checked ready once.
 * One screenshot serves both rules when it is pixel for pixel the baseline:
 * then toHaveScreenshot, whose first screenshot would be the same image, could
 * only pass (0 pixels differ), so it is not asked. Any other image — a
 * difference, a missing baseline, `--update-snapshots=all` — goes through
 * toHaveScreenshot itself (its stable-screenshot retries, messages,
 * attachments and baseline updates), then, as before, the cluster rule on a
 * screenshot taken after it.
 */
export async function snapshotPreview(
  page: Page,
  testInfo: TestInfo,
  { path, name, width }: PreviewCase,
): Promise<void> {
  // The baseline is suites/visual/__snapshots__/<name>-w<width>.png (the config's snapshotPathTemplate).
  testInfo.snapshotSuffix = `w${width}`;
  await showPreview(page, path, width);
  const root = page.getByTestId("preview-root");
  // data-ready: the bundled Inter font has loaded, so no snapshot catches the fallback font.
  await expect(root).toHaveAttribute("data-ready", "true");
  const mask = [page.locator(VISUAL_IGNORE)];
  const baselinePath = testInfo.snapshotPath(`${name}.png`);
  let baseline = await readPng(baselinePath);
  let shot = await capture(root, mask);
  if (
    !baseline ||
    !samePixels(baseline, shot.actual) ||
    testInfo.config.updateSnapshots === "all"
  ) {
    await expect(root).toHaveScreenshot(`${name}.png`, { mask });
    // An update (`hyvve-qa baseline update visual`) may have just written it.
    baseline = await readPng(baselinePath);
    shot = await capture(root, mask);
  }
  if (baseline) await expectNoVisibleChange(testInfo, name, { baselinePath, baseline, ...shot });
  if (process.env["PERCY_SERVER_ADDRESS"] && width === PERCY_WIDTH) {
    await percySnapshot()(page, name);
  }
}

/** Why: the cluster rule's screenshot, with the options and masks of toHaveScreenshot's, as PNG bytes and decoded. */
async function capture(root: Locator, mask: Locator[]): Promise<{ png: Buffer; actual: PNG }> {
  const png = await root.screenshot({ mask, ...SCREENSHOT_OPTIONS });
  return { png, actual: PNG.sync.read(png) };
}

/** Why: a baseline that is not there is toHaveScreenshot's to report (or to write), not a crash here. */
async function readPng(file: string): Promise<PNG | undefined> {
  try {
    return PNG.sync.read(await readFile(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The committed baseline and this run's screenshot of one snapshot, decoded, and the screenshot's PNG bytes. */
interface Comparison {
  baselinePath: string;
  baseline: PNG;
  actual: PNG;
  png: Buffer;
}

/**
 * The second rule, on the screenshot the 1% rule accepted: a cluster of
 * visible change fails with expected, actual and diff attached under the
 * names toHaveScreenshot uses, so reports and `show` treat both alike.
 */
async function expectNoVisibleChange(
  testInfo: TestInfo,
  name: string,
  images: Comparison,
): Promise<void> {
  const change = visibleChanges(images.baseline, images.actual);
  if (change.clusters.length === 0) return;
  // Pushed, not attach()ed: attach() copies the file, and the report must know the baseline's path.
  testInfo.attachments.push({
    name: `${name}-expected.png`,
    path: images.baselinePath,
    contentType: "image/png",
  });
  await testInfo.attach(`${name}-actual.png`, { body: images.png, contentType: "image/png" });
  await testInfo.attach(`${name}-diff.png`, {
    body: PNG.sync.write(change.diff),
    contentType: "image/png",
  });
  throw new Error(
    `${name}: ${describeClusters(change)} (under the 1% rule, but clearly visible; accept it with \`hyvve-qa show\` if intended)`,
  );
}
