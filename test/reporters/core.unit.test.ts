/**
 * The reporter core: the multiplexer isolates a throwing reporter (a report
 * fails the run, an export is a warning), the scheduler keeps to its slots
 * and launch order, and the two live views print what a run did.
 */
import { describe, expect, it } from "vitest";
import { ReporterMultiplexer } from "../../src/reporters/multiplexer.js";
import { linesReporter, treeReporter } from "../../src/reporters/views.js";
import { runBatches } from "../../src/orchestrate/scheduler.js";
import type { RunResult, SuiteResult } from "../../src/results/model.js";

const suite = (name: string, status: SuiteResult["status"]): SuiteResult => ({
  name,
  kind: "e2e",
  runner: "playwright",
  status,
  durationMs: 10,
  cases: [],
});

describe("ReporterMultiplexer", () => {
  it("keeps calling the others when one throws, and records each failure once", async () => {
    const heard: string[] = [];
    const warnings: string[] = [];
    const mux = new ReporterMultiplexer(
      [
        {
          name: "junit",
          onFailure: "fails",
          reporter: {
            onSuiteEnd: () => {
              throw new Error("disk full");
            },
          },
        },
        {
          name: "otlp",
          what: "trace",
          onFailure: "warning",
          reporter: { onRunEnd: () => Promise.reject(new Error("collector down")) },
        },
        {
          name: "mine",
          onFailure: "fails",
          reporter: { onSuiteEnd: (s) => void heard.push(s.name) },
        },
      ],
      (line) => warnings.push(line),
    );
    mux.onSuiteEnd(suite("a", "passed"));
    mux.onSuiteEnd(suite("b", "failed"));
    await mux.onRunEnd({} as RunResult, { outDir: "/tmp", partial: false });
    expect(heard).toEqual(["a", "b"]);
    expect(mux.errors).toEqual([{ reporter: "junit", message: "disk full" }]);
    expect(warnings).toEqual(["hyvve-qa: warning: trace not exported: collector down"]);
  });

  it("keeps the path each reporter wrote", async () => {
    const mux = new ReporterMultiplexer(
      [{ name: "html", onFailure: "fails", reporter: { onRunEnd: async () => "/r/index.html" } }],
      () => {},
    );
    await mux.onRunEnd({} as RunResult, { outDir: "/r", partial: false });
    expect(mux.written).toEqual({ html: "/r/index.html" });
  });
});

describe("runBatches", () => {
  it("runs at most maxParallel at once, in launch order, batch after batch", async () => {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const ended: string[] = [];
    const wait = { a: 30, b: 5, c: 5, d: 1 } as Record<string, number>;
    await runBatches([["a", "b", "c"], ["d"]], 2, async (name) => {
      started.push(name);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, wait[name]));
      running--;
      ended.push(name);
    });
    expect(most).toBe(2);
    expect(started).toEqual(["a", "b", "c", "d"]);
    // c takes b's slot while a still runs; d waits for the whole first batch.
    expect(ended.indexOf("c")).toBeLessThan(ended.indexOf("a"));
    expect(ended.at(-1)).toBe("d");
  });
});

describe("the live views", () => {
  const begin = {
    outDir: "/r",
    suites: [
      { name: "e2e", kind: "e2e", runner: "playwright" },
      { name: "load", kind: "load", runner: "k6" },
    ],
  };

  it("lines: start, each output line with its suite, the end", () => {
    let out = "";
    const r = linesReporter((t) => (out += t));
    r.onRunBegin?.(begin);
    r.onSuiteBegin?.(begin.suites[0]!);
    r.onOutput?.("e2e", "1 passed");
    r.onSuiteEnd?.(suite("e2e", "failed"));
    expect(out).toBe("❯ e2e (playwright)\n› e2e: 1 passed\n✖ e2e (playwright): failed\n");
  });

  it("tree: redraws its rows in place and leaves each suite's status", async () => {
    const frames: string[] = [];
    const r = treeReporter({ write: (t) => frames.push(t), columns: 40 }, 5);
    r.onRunBegin?.(begin);
    r.onSuiteBegin?.(begin.suites[0]!);
    r.onOutput?.("e2e", "\x1b[32mrunning a very long line of output that does not fit\x1b[0m");
    await new Promise((res) => setTimeout(res, 20));
    r.onSuiteEnd?.(suite("e2e", "passed"));
    r.onSuiteBegin?.(begin.suites[1]!);
    r.onSuiteEnd?.(suite("load", "failed"));
    const text = frames.join("");
    expect(text).toContain("◌ load (k6)");
    // The output row is cut to the terminal's width, without the runner's colours.
    expect(text).toContain("  › running a very long line of output…\n");
    // Each redraw moves back over the rows it drew.
    expect(text).toContain("\x1b[2F\x1b[0J");
    const last = frames.filter((f) => f.includes("✔") || f.includes("✖")).at(-1)!;
    expect(last).toContain("✔ e2e (playwright): passed\n✖ load (k6): failed\n");
    expect(frames.at(-1)).toBe("\x1b[?25h");
  });
});
