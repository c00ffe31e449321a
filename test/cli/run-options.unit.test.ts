/**
 * `run` flags → RunOptions (src/cli/options.ts), on raw values as commander
 * hands them over (strings, booleans, `baseline: false` for --no-baseline).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseRunOptions } from "../../src/cli/options.js";
import { UsageError } from "../../src/errors.js";

let savedCI: string | undefined;

beforeEach(() => {
  savedCI = process.env["CI"];
  delete process.env["CI"];
});

afterEach(() => {
  if (savedCI === undefined) delete process.env["CI"];
  else process.env["CI"] = savedCI;
});

function usageError(raw: Record<string, unknown>): UsageError {
  try {
    parseRunOptions(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe("E_USAGE");
    return error as UsageError;
  }
  throw new Error("expected a UsageError, nothing was thrown");
}

describe("parseRunOptions", () => {
  it("has the documented defaults when no flag is given", () => {
    expect(parseRunOptions({})).toEqual({
      env: "local",
      baseUrl: undefined,
      urls: {},
      keepStack: false,
      profile: "smoke",
      out: undefined,
      shard: undefined,
      changed: false,
      ci: false,
      config: undefined,
      instances: 1,
      allowProduction: false,
      verbose: false,
      reporter: [],
      baseline: true,
      grep: undefined,
      lastFailed: false,
      maxParallel: undefined,
      history: undefined,
      noHistory: false,
      otlp: undefined,
      otlpFile: undefined,
      metricsFile: undefined,
      dryRunAlerts: false,
    });
  });

  it("passes given values through, checked", () => {
    const o = parseRunOptions({
      env: "staging",
      baseUrl: "https://staging.example.com/app",
      url: ["ccr=http://127.0.0.1:3456", "agents=http://127.0.0.1:7777/"],
      keepStack: true,
      profile: "full",
      out: "out/dir",
      shard: "2/4",
      changed: true,
      ci: true,
      config: "my.config.ts",
      instances: "4",
      allowProduction: true,
      verbose: true,
      reporter: ["lines", "./my-reporter.ts"],
      grep: "approve|reject",
      lastFailed: true,
      maxParallel: "3",
      history: "h.jsonl",
      otlp: "http://127.0.0.1:4318",
      otlpFile: "trace.json",
      metricsFile: "/var/lib/node_exporter/hyvve.prom",
      dryRunAlerts: true,
    });
    expect(o).toEqual({
      env: "staging",
      baseUrl: "https://staging.example.com/app",
      urls: { ccr: "http://127.0.0.1:3456", agents: "http://127.0.0.1:7777/" },
      keepStack: true,
      profile: "full",
      out: "out/dir",
      shard: { index: 2, total: 4 },
      changed: true,
      ci: true,
      config: "my.config.ts",
      instances: 4,
      allowProduction: true,
      verbose: true,
      reporter: ["lines", "./my-reporter.ts"],
      baseline: true,
      grep: "approve|reject",
      lastFailed: true,
      maxParallel: 3,
      history: "h.jsonl",
      noHistory: false,
      otlp: "http://127.0.0.1:4318",
      otlpFile: "trace.json",
      metricsFile: "/var/lib/node_exporter/hyvve.prom",
      dryRunAlerts: true,
    });
    // commander puts --no-history into the same key as --history FILE.
    expect(parseRunOptions({ history: false })).toEqual(
      expect.objectContaining({ history: undefined, noHistory: true }),
    );
  });

  it("--url: service=URL only, each service once per value", () => {
    expect(usageError({ url: ["ccr"] }).message).toBe("--url ccr: expected service=URL");
    expect(usageError({ url: ["ccr=not a url"] }).message).toBe(
      "--url ccr=not a url: expected service=URL",
    );
    expect(usageError({ url: ["Web=http://x"] }).message).toBe(
      "--url Web=http://x: expected service=URL",
    );
    // The last value for a service wins, as for any repeated flag.
    expect(parseRunOptions({ url: ["web=http://a", "web=http://b"] }).urls).toEqual({
      web: "http://b",
    });
  });

  it("accepts --instances at both bounds, 1 and 32", () => {
    expect(parseRunOptions({ instances: "1" }).instances).toBe(1);
    expect(parseRunOptions({ instances: "32" }).instances).toBe(32);
  });

  it.each(["0", "33", "1.5", "-2", "two", "NaN"])("refuses --instances %s", (n) => {
    expect(usageError({ instances: n }).message).toBe(
      `--instances ${n}: expected a whole number from 1 to 32`,
    );
  });

  it("refuses an unknown --profile", () => {
    const e = usageError({ profile: "quick" });
    expect(e.message).toBe("--profile quick: unknown profile");
    expect(e.hint).toBe("use smoke or full");
  });

  it("refuses a --base-url that is not a URL", () => {
    const e = usageError({ baseUrl: "staging.example.com" });
    expect(e.message).toBe("--base-url staging.example.com: not a URL");
    expect(e.hint).toBe("e.g. https://staging.example.com");
  });

  it("refuses an --otlp that is not an http(s) URL", () => {
    const e = usageError({ otlp: "collector:4318" });
    expect(e.message).toBe("--otlp collector:4318: not an http(s) URL");
    expect(e.hint).toBe("e.g. --otlp http://127.0.0.1:4318");
    expect(usageError({ otlp: "4318" }).message).toBe("--otlp 4318: not an http(s) URL");
  });

  it("refuses a bad --shard and a bad --env through the plan's parsers", () => {
    expect(usageError({ shard: "5/4" }).message).toMatch(/^--shard 5\/4: /);
    expect(usageError({ env: "prod" }).message).toBe("--env prod: unknown environment");
  });

  it("turns --no-baseline (commander: baseline false) off, and only false", () => {
    expect(parseRunOptions({ baseline: false }).baseline).toBe(false);
    expect(parseRunOptions({ baseline: true }).baseline).toBe(true);
  });

  it("treats only a literal true as a set boolean flag", () => {
    const o = parseRunOptions({ changed: "true", verbose: 1, allowProduction: "yes" });
    expect([o.changed, o.verbose, o.allowProduction]).toEqual([false, false, false]);
  });

  it("is in CI mode when CI=true is in the environment, without --ci", () => {
    expect(parseRunOptions({}).ci).toBe(false);
    process.env["CI"] = "true";
    expect(parseRunOptions({}).ci).toBe(true);
    expect(parseRunOptions({ ci: true }).ci).toBe(true);
  });
});
