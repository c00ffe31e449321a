/**
 * The baseline this repo ships (reports/baseline/local-smoke/run.json) is
 * what a fresh clone's main job is judged against. It must be a clean run
 * recorded by `hyvve-qa baseline record`, with the latency samples the
 * statistical comparison needs for every endpoint; an older file silently
 * turned the per-endpoint check into an overall p95 check that one slow
 * endpoint could not move.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { kindOfRun } from "../../src/baseline/store.js";
import { cleanRunProblems } from "../../src/cli/commands/baseline.js";
import { readRunFile } from "../../src/results/run-file.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

describe("the committed local/smoke baseline", () => {
  it("is a clean run of every suite with latency samples for every endpoint", async () => {
    const run = await readRunFile(join(ROOT, "reports/baseline/local-smoke/run.json"));
    expect(kindOfRun(run)).toEqual({ environment: "local", profile: "smoke" });
    expect(cleanRunProblems(run)).toEqual([]);
    expect(run.suites.map((s) => s.name)).toEqual([
      "e2e",
      "visual",
      "ccr",
      "quota",
      "observability",
      "load",
    ]);
    const load = run.suites.find((s) => s.name === "load")!.load!;
    expect(load.endpoints.length).toBeGreaterThanOrEqual(11);
    expect(load.sample!.v.length).toBeGreaterThanOrEqual(10);
    for (const e of load.endpoints)
      expect(e.sample?.v.length, e.endpoint).toBeGreaterThanOrEqual(10);
  });
});
