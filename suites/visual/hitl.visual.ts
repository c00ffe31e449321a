/** DM-09.5 HITL: every approval-card state, and the approval queue default and empty, at each viewport width. */
import { test } from "../../fixtures/index.js";
import {
  APPROVAL_CARD_PREVIEW_CASES,
  APPROVAL_QUEUE_PREVIEW_CASES,
} from "../../fixtures/visual/previews.js";
import { atEachWidth, snapshotPreview } from "./visual.js";

test.describe("ApprovalCard", () => {
  for (const preview of atEachWidth(APPROVAL_CARD_PREVIEW_CASES)) {
    test(preview.title, async ({ workerPage }, testInfo) => {
      await snapshotPreview(workerPage, testInfo, preview);
    });
  }
});

test.describe("Approval queue", () => {
  for (const preview of atEachWidth(APPROVAL_QUEUE_PREVIEW_CASES)) {
    test(preview.title, async ({ workerPage }, testInfo) => {
      await snapshotPreview(workerPage, testInfo, preview);
    });
  }
});
