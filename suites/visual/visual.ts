/**
 * One snapshot: a preview page of the reference app (one component in one
 * state, fixed data, bundled font, no animation), compared with the committed
 * baseline (more than 1% of pixels different fails) and, when the run is
 * wrapped in `percy exec`, also sent to Percy.
 */
import { createRequire } from "node:module";
import type { Page, TestInfo } from "@playwright/test";
import { expect } from "../../fixtures/index.js";

type PercySnapshot = (page: Page, name: string) => Promise<void>;

/** Loaded only when `percy exec` runs us (it sets PERCY_SERVER_ADDRESS); CommonJS, hence require. */
function percySnapshot(): PercySnapshot {
  return (createRequire(import.meta.url)("@percy/playwright") as { percySnapshot: PercySnapshot })
    .percySnapshot;
}

/** Percy renders every width of .percy.yml itself, so only one viewport project sends snapshots. */
const PERCY_PROJECT = "w1280";

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
  await expect(root).toHaveScreenshot(`${name}.png`);
  if (process.env["PERCY_SERVER_ADDRESS"] && testInfo.project.name === PERCY_PROJECT) {
    await percySnapshot()(page, name);
  }
}
