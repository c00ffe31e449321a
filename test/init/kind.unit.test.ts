/**
 * Kind guessing (src/init/kind.ts): every rule, in order; names before
 * files; files only when at least half of them agree; the runner's default.
 */
import { describe, expect, it } from "vitest";
import { guessKind, ruleFor, words } from "../../src/init/kind.js";

const named = (text: string, runner = "vitest") =>
  guessKind({ names: [{ label: "folder", text }], files: [], runner });

describe("kind rules", () => {
  it.each([
    ["src/components/__visual_tests__", "visual"],
    ["percy", "visual"],
    ["e2e/screenshots", "visual"],
    ["snapshot-tests", "visual"],
    ["tests/load/k6", "load"],
    ["perf", "load"],
    ["ccr", "ccr"],
    ["agents/router", "ccr"],
    ["routing", "ccr"],
    ["quota", "quota"],
    ["lib/storage", "quota"],
    ["observability", "observability"],
    ["metrics", "observability"],
    ["tracing", "observability"],
    ["otel", "observability"],
    ["./e2e/tests", "e2e"],
  ])("%s → %s", (text, kind) => {
    const guess = named(text);
    expect(guess.kind).toBe(kind);
    expect(guess.why).toContain(`rule ${kind} (`);
    expect(guess.why).toContain(`folder "${text}"`);
  });

  it("matches words, not substrings: download, payload, upload are not load", () => {
    expect(ruleFor("src/download/payload-upload")).toBeUndefined();
    expect(words("quotaHandler/__visual_tests__/test_ccr_routing.py")).toEqual([
      "quota",
      "handler",
      "visual",
      "tests",
      "test",
      "ccr",
      "routing",
      "py",
    ]);
  });

  it("first rule wins: visual before load before ccr before quota", () => {
    expect(named("load/visual").kind).toBe("visual");
    expect(named("quota/ccr").kind).toBe("ccr");
    expect(named("e2e/storage").kind).toBe("quota");
  });

  it("names win over files; files decide only when at least half agree", () => {
    const files = ["tests/test_ccr_a.py", "tests/test_ccr_b.py"];
    expect(
      guessKind({ names: [{ label: "project name", text: "visual" }], files, runner: "x" }).kind,
    ).toBe("visual");
    const byFiles = guessKind({
      names: [{ label: "config", text: "agents/pytest.ini" }],
      files,
      runner: "pytest",
    });
    expect(byFiles).toEqual({
      kind: "ccr",
      why: "rule ccr (ccr, router, routing): 2 of 2 test files, e.g. tests/test_ccr_a.py",
    });
    const few = ["a/storage.test.ts", "b.test.ts", "c.test.ts"];
    expect(guessKind({ names: [], files: few, runner: "vitest" }).kind).toBe("external");
    expect(guessKind({ names: [], files: few.slice(0, 2), runner: "vitest" }).kind).toBe("quota");
  });

  it("falls back by runner: Playwright e2e, k6 load, else external", () => {
    expect(named("apps/web", "playwright")).toEqual({
      kind: "e2e",
      why: "rule e2e: a Playwright project (browser tests)",
    });
    expect(named("scripts", "k6").kind).toBe("load");
    expect(named("scripts", "pytest").kind).toBe("external");
  });
});
