/**
 * The plan (src/plan/plan.ts): shards, suite selection, --changed and the
 * batches, over a config parsed by the real schema.
 */
import { describe, expect, it } from "vitest";
import { configSchema, type Config } from "../../src/config/schema.js";
import { UsageError } from "../../src/errors.js";
import {
  buildPlan,
  parseEnvironmentName,
  parseShard,
  scheduleLongestFirst,
  selectSuites,
  workersPerSuite,
} from "../../src/plan/plan.js";

const config: Config = configSchema.parse({
  suites: {
    e2e: {
      kind: "e2e",
      runner: "playwright",
      config: "config/playwright.e2e.config.ts",
      files: ["suites/e2e/**/*.spec.ts"],
    },
    ccr: { kind: "ccr", runner: "vitest", files: ["suites/ccr/**/*.test.ts"] },
    load: { kind: "load", runner: "k6", files: ["suites/load/*.ts"], exclusive: true },
    soak: { kind: "load", runner: "k6", files: ["suites/soak/*.ts"], exclusive: true },
    ext: {
      kind: "external",
      runner: "command",
      command: ["make", "test"],
      files: ["tools/ext/**/*.sh"],
    },
  },
});

/** The thrown error, for checking its class, code and hint. */
function thrown(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error("expected a UsageError, nothing was thrown");
}

const names = (list: readonly { name: string }[]) => list.map((s) => s.name);

describe("parseShard", () => {
  it("reads i/n", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, total: 4 });
    expect(parseShard("1/1")).toEqual({ index: 1, total: 1 });
    expect(parseShard("4/4")).toEqual({ index: 4, total: 4 });
  });

  it.each(["0/3", "4/3", "a/b", "1/0", "2", "1/2/3", "-1/3", " 1/3", ""])(
    "refuses %j as a usage error",
    (value) => {
      const error = thrown(() => parseShard(value));
      expect(error.code).toBe("E_USAGE");
      expect(error.message).toBe(`--shard ${value}: expected i/n with 1 <= i <= n`);
      expect(error.hint).toBe("e.g. --shard 2/4");
    },
  );
});

describe("selectSuites", () => {
  it("selects every configured suite, in config order, when no name is given", () => {
    const all = selectSuites(config, []);
    expect(names(all)).toEqual(["e2e", "ccr", "load", "soak", "ext"]);
    expect(all[0]!.suite).toBe(config.suites["e2e"]);
  });

  it("selects the named suites, in the order given", () => {
    const picked = selectSuites(config, ["load", "e2e"]);
    expect(names(picked)).toEqual(["load", "e2e"]);
    expect(picked[0]!.suite.runner).toBe("k6");
  });

  it("refuses an unknown name with a hint listing the known suites", () => {
    const error = thrown(() => selectSuites(config, ["e2e", "nope"]));
    expect(error.code).toBe("E_USAGE");
    expect(error.message).toBe('unknown suite "nope"');
    expect(error.hint).toBe("known suites: e2e, ccr, load, soak, ext");
  });

  it("says when no suite is configured at all", () => {
    const empty = configSchema.parse({ suites: {} });
    expect(thrown(() => selectSuites(empty, ["e2e"])).hint).toBe("known suites: (none configured)");
  });
});

describe("buildPlan", () => {
  it("runs shared suites in one batch first, then each exclusive suite alone", () => {
    const plan = buildPlan(config, selectSuites(config, []));
    expect(plan.batches.map(names)).toEqual([["e2e", "ccr", "ext"], ["load"], ["soak"]]);
    expect(plan.maxParallel).toBe(2); // the schema's default
  });

  it("has no empty shared batch when only exclusive suites are selected", () => {
    const plan = buildPlan(config, selectSuites(config, ["soak", "load"]));
    expect(plan.batches.map(names)).toEqual([["soak"], ["load"]]);
  });

  it("has one batch for shared suites only, and nothing for no suites", () => {
    expect(buildPlan(config, selectSuites(config, ["ccr", "e2e"])).batches.map(names)).toEqual([
      ["ccr", "e2e"],
    ]);
    expect(buildPlan(config, []).batches).toEqual([]);
  });

  it("carries the configured maxParallel", () => {
    const wide = configSchema.parse({ maxParallel: 5, suites: {} });
    expect(buildPlan(wide, []).maxParallel).toBe(5);
  });
});

describe("parseEnvironmentName", () => {
  it.each(["local", "staging", "production"])("accepts %s", (name) => {
    expect(parseEnvironmentName(name)).toBe(name);
  });

  it.each(["prod", "Local", ""])("refuses %j", (name) => {
    const error = thrown(() => parseEnvironmentName(name));
    expect(error.code).toBe("E_USAGE");
    expect(error.message).toBe(`--env ${name}: unknown environment`);
    expect(error.hint).toBe("use local, staging or production");
  });
});

describe("scheduleLongestFirst", () => {
  const shared = selectSuites(config, ["e2e", "ccr", "ext", "load"]);
  const plan = buildPlan(config, shared);

  it("starts the suite expected to take longest first, keeping the report's order", () => {
    const expected = new Map([
      ["e2e", 20_000],
      ["ccr", 90_000],
      ["ext", 45_000],
      ["load", 30_000],
    ]);
    const scheduled = scheduleLongestFirst(plan, expected);
    expect(scheduled.launchOrder!.map((b) => b.map((p) => p.name))).toEqual([
      ["ccr", "ext", "e2e"],
      ["load"],
    ]);
    expect(scheduled.batches).toEqual(plan.batches);
  });

  it("starts suites the history has never seen first, ties in config order", () => {
    const scheduled = scheduleLongestFirst(plan, new Map([["ccr", 90_000]]));
    expect(scheduled.launchOrder![0]!.map((p) => p.name)).toEqual(["e2e", "ext", "ccr"]);
  });
});

describe("workersPerSuite", () => {
  it("leaves a suite that runs alone to its runner's config", () => {
    expect(workersPerSuite(1, 2, 2)).toBeUndefined(); // the load suite's own batch
    expect(workersPerSuite(5, 1, 2)).toBeUndefined(); // --max-parallel 1: one at a time
  });

  it("divides the cores among the suites that run side by side, at least one each", () => {
    expect(workersPerSuite(5, 2, 2)).toBe(1); // the main job here: e2e and visual get a Chromium each
    expect(workersPerSuite(5, 2, 8)).toBe(4);
    expect(workersPerSuite(2, 4, 8)).toBe(4); // two suites in a batch: only two run at once
    expect(workersPerSuite(5, 3, 2)).toBe(1);
    expect(workersPerSuite(3, 3, 8)).toBe(2);
  });
});
