/**
 * Longest first: with the history's wall times, `run` starts the suite that
 * takes longest first (one slot here, so the start order is plain to see),
 * while run.json keeps the config's order. Without a history it is the
 * config's order.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunResult } from "../../src/results/model.js";
import { REPO, runCli, tempDir } from "../helpers/cli.js";

const SLEEP = join(REPO, "test", "fixtures", "runners", "sleep-ms.mjs");
const suite = (ms: number) => ({
  kind: "external",
  runner: "command",
  command: ["node", SLEEP, String(ms)],
  files: ["*.mjs"],
});

/** Suite names in the order they started. */
function startOrder(run: RunResult): string[] {
  return [...run.suites]
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!))
    .map((s) => s.name);
}

describe("run schedules the longest suite first", () => {
  it("uses the history's wall times once it has them", async () => {
    const cwd = tempDir();
    const config = {
      maxParallel: 1,
      suites: { quick: suite(50), long: suite(1500), mid: suite(700) },
    };
    writeFileSync(join(cwd, "hyvve-qa.config.mjs"), `export default ${JSON.stringify(config)};\n`);
    const history = join(cwd, "history.jsonl");
    const runOnce = async (out: string) => {
      const r = await runCli(["run", "--out", out, "--history", history], { cwd });
      expect(r.exitCode, r.all).toBe(0);
      return JSON.parse(readFileSync(join(cwd, out, "run.json"), "utf8")) as RunResult;
    };

    const first = await runOnce("first");
    expect(startOrder(first)).toEqual(["quick", "long", "mid"]);

    const second = await runOnce("second");
    expect(startOrder(second)).toEqual(["long", "mid", "quick"]);
    expect(second.suites.map((s) => s.name)).toEqual(["quick", "long", "mid"]);
  });
});
