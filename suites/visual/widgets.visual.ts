/** DM-09.5 widget states: every state of every widget type, at each viewport width. */
import { test } from "../../fixtures/index.js";
import { WIDGET_PREVIEW_CASES } from "../../fixtures/visual/previews.js";
import { atEachWidth, snapshotPreview } from "./visual.js";

test.describe("Widget", () => {
  for (const preview of atEachWidth(WIDGET_PREVIEW_CASES)) {
    test(preview.title, async ({ workerPage }, testInfo) => {
      await snapshotPreview(workerPage, testInfo, preview);
    });
  }
});
