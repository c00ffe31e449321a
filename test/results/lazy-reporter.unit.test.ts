/** Reporters that load their module while runners work (src/results/lazy-reporter.ts). */
import { describe, expect, it } from "vitest";
import { loadedOnFirstOutput } from "../../src/results/lazy-reporter.js";

describe("loadedOnFirstOutput", () => {
  it("loads nothing before the first output line, then once, and still passes the line on", async () => {
    let loads = 0;
    const lines: string[] = [];
    const reporter = loadedOnFirstOutput(
      async () => {
        loads++;
        return (x: number) => x * 2;
      },
      (loaded) => ({
        onOutput: (_suite, line) => void lines.push(line),
        onRunEnd: async () => void expect((await loaded())(21)).toBe(42),
      }),
    );
    reporter.onSuiteBegin?.({ name: "s", kind: "ccr", runner: "vitest" });
    expect(loads).toBe(0);
    reporter.onOutput?.("s", "one");
    reporter.onOutput?.("s", "two");
    expect(loads).toBe(1);
    expect(lines).toEqual(["one", "two"]);
    await reporter.onRunEnd?.({} as never, { outDir: "/tmp", partial: false });
    expect(loads).toBe(1);
  });

  it("loads at the end when no runner printed, and a failed load fails there", async () => {
    const reporter = loadedOnFirstOutput(
      () => Promise.reject(new Error("no such module")),
      (loaded) => ({ onRunEnd: async () => void (await loaded()) }),
    );
    reporter.onOutput?.("s", "a line: the load starts and fails, unawaited and unhandled-free");
    await expect(
      reporter.onRunEnd?.({} as never, { outDir: "/tmp", partial: false }),
    ).rejects.toThrow("no such module");
  });
});
