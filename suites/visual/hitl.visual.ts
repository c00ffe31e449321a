/** DM-09.5 HITL: every approval-card state, and the approval queue default and empty. */
import { APPROVAL_STATES } from "../../fixtures/reference-app/shared/approvals.js";
import { test } from "../../fixtures/index.js";
import { snapshotPreview } from "./visual.js";

test.describe("ApprovalCard", () => {
  for (const state of APPROVAL_STATES) {
    test(`approval-card - ${state}`, async ({ authedPage }, testInfo) => {
      await snapshotPreview(
        authedPage,
        testInfo,
        `/preview/approval/${state}`,
        `approval-card-${state}`,
      );
    });
  }
});

test.describe("Approval queue", () => {
  for (const variant of ["default", "empty"] as const) {
    test(`approval-queue - ${variant}`, async ({ authedPage }, testInfo) => {
      await snapshotPreview(
        authedPage,
        testInfo,
        `/preview/approval-queue/${variant}`,
        `approval-queue-${variant}`,
      );
    });
  }
});
