/**
 * One snapshot: a preview page of the reference app (one component in one
 * state, fixed data, bundled font, no animation), compared with the committed
 * baseline twice — more than 1% of pixels different fails (Playwright's
 * toHaveScreenshot: layout shifts, scattered noise), and so does any cluster
 * of clearly visible changed pixels, anti-aliased edges ignored
 * (fixtures/visual/clusters.ts: a text that changed colour). Every element
 * marked `data-visual-ignore` is masked in both. When the run is wrapped in
 * `percy exec`, the page also goes to Percy.
 */
import { createRequire } from "node:module";
import { readFile } from "node:fs/promises";
import type { Locator, Page, TestInfo } from "@playwright/test";
import { PNG } from "pngjs";
import { expect } from "../../fixtures/index.js";
import { describeClusters, visibleChanges } from "../../fixtures/visual/clusters.js";

type PercySnapshot = (page: Page, name: string) => Promise<void>;

/** Loaded only when `percy exec` runs us (it sets PERCY_SERVER_ADDRESS); CommonJS, hence require. */
function percySnapshot(): PercySnapshot {
  return (createRequire(import.meta.url)("@percy/playwright") as { percySnapshot: PercySnapshot })
    .percySnapshot;
}

/** Percy renders every width of .percy.yml itself, so only one viewport project sends snapshots. */
const PERCY_PROJECT = "w1280";

/** What suite authors mark as volatile (timestamps, avatars): masked in every snapshot. */
export const VISUAL_IGNORE = "[data-visual-ignore]";

export async function snapshotPreview(
  page: Page,
  testInfo: TestInfo,
  path: string,
  name: string,
): Promise<void> {
  await page.goto(path);
  const root = page.getByTestId("preview-root");
  // data-ready: the bundled Inter font has loaded, so no snapshot catches the fallback font.
  await expect(root).toHaveAttribute("data-ready", "true");
  const mask = [page.locator(VISUAL_IGNORE)];
  await expect(root).toHaveScreenshot(`${name}.png`, { mask });
  await expectNoVisibleChange(root, mask, testInfo, name);
  if (process.env["PERCY_SERVER_ADDRESS"] && testInfo.project.name === PERCY_PROJECT) {
    await percySnapshot()(page, name);
  }
}

/**
 * The second rule, on the screenshot toHaveScreenshot just accepted: a
 * cluster of visible change fails with expected, actual and diff attached
 * under the names toHaveScreenshot uses, so reports and `show` treat both alike.
 */
async function expectNoVisibleChange(
  root: Locator,
  mask: Locator[],
  testInfo: TestInfo,
  name: string,
): Promise<void> {
  const baseline = testInfo.snapshotPath(`${name}.png`);
  // The same options as the config's toHaveScreenshot, so both rules look at the same pixels.
  const shot = await root.screenshot({ mask, animations: "disabled", caret: "hide", scale: "css" });
  const change = visibleChanges(PNG.sync.read(await readFile(baseline)), PNG.sync.read(shot));
  if (change.clusters.length === 0) return;
  // Pushed, not attach()ed: attach() copies the file, and the report must know the baseline's path.
  testInfo.attachments.push({
    name: `${name}-expected.png`,
    path: baseline,
    contentType: "image/png",
  });
  await testInfo.attach(`${name}-actual.png`, { body: shot, contentType: "image/png" });
  await testInfo.attach(`${name}-diff.png`, {
    body: PNG.sync.write(change.diff),
    contentType: "image/png",
  });
  throw new Error(
    `${name}: ${describeClusters(change)} (under the 1% rule, but clearly visible; accept it with \`hyvve-qa show\` if intended)`,
  );
}
