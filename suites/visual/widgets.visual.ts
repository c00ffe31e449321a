/** DM-09.5 widget states: every state of every widget type, at each viewport width (one project per width). */
import { WIDGET_STATES } from "../../fixtures/reference-app/shared/widgets.js";
import { test } from "../../fixtures/index.js";
import { snapshotPreview } from "./visual.js";

test.describe("Widget", () => {
  for (const [type, states] of Object.entries(WIDGET_STATES)) {
    for (const state of states) {
      test(`${type} - ${state}`, async ({ authedPage }, testInfo) => {
        await snapshotPreview(
          authedPage,
          testInfo,
          `/preview/widget/${type}/${state}`,
          `widget-${type}-${state}`,
        );
      });
    }
  }
});
