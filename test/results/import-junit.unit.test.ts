import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDurationMs, parseJUnit } from "../../src/results/import/junit.js";
import { InputFileError } from "../../src/errors.js";

const dir = fileURLToPath(new URL("../fixtures/junit/", import.meta.url));
const read = (name: string) =>
  parseJUnit(readFileSync(join(dir, name), "utf8"), { suite: "s", source: name });

describe("JUnit dialects", () => {
  it("reads a bare Surefire <testsuite> with flaky, rerun, error and skipped cases", () => {
    const { name, cases } = read("surefire.xml");
    expect(name).toBe("com.hyvve.RouterTest");
    const by = Object.fromEntries(cases.map((c) => [c.title, c]));
    expect(by["routesPrimary"]?.status).toBe("passed");
    expect(by["flakyRoute"]).toMatchObject({
      status: "flaky",
      retries: 2,
      failure: { message: "timeout" },
    });
    expect(by["brokenRoute"]).toMatchObject({
      status: "failed",
      retries: 1,
      failure: { message: "expected opus", type: "AssertionError" },
      stdout: "routing log line",
      stderr: "warn: provider slow",
    });
    expect(by["brokenRoute"]?.failure?.stack).toContain("at RouterTest.java:42");
    expect(by["crashes"]).toMatchObject({
      status: "failed",
      failure: { message: "NullPointerException" },
    });
    expect(by["later"]?.status).toBe("skipped");
  });

  it("reads the same file with the counts Surefire really writes, every run counted, as the same cases", () => {
    // flakyRoute: 1 passing + 2 failed runs; brokenRoute: 2 failed runs. Surefire's TestSetStats counts
    // each: tests 5+2+1=8, failures 1+2+1=4 (see test/results/junit-corpus.unit.test.ts for the sources).
    const xml = readFileSync(join(dir, "surefire.xml"), "utf8").replace(
      'tests="5" errors="1" skipped="1" failures="1"',
      'tests="8" errors="1" skipped="1" failures="4"',
    );
    expect(xml).toContain('failures="4"');
    const { cases } = parseJUnit(xml, { suite: "s", source: "surefire.xml" });
    expect(cases.map((c) => [c.title, c.status])).toEqual([
      ["routesPrimary", "passed"],
      ["flakyRoute", "flaky"],
      ["brokenRoute", "failed"],
      ["crashes", "failed"],
      ["later", "skipped"],
    ]);
  });

  it("keeps negative and garbage times as unknown, never NaN", () => {
    const { cases } = read("surefire.xml");
    const by = Object.fromEntries(cases.map((c) => [c.title, c]));
    expect(by["crashes"]?.durationMs).toBeNull();
    expect(by["later"]?.durationMs).toBeNull();
    expect(JSON.stringify(cases)).not.toContain("NaN");
  });

  it("reads nested suites, file attributes, missing classnames, CDATA and duplicate names", () => {
    const { name, cases } = read("nested.xml");
    expect(name).toBe("jest tests");
    expect(cases.map((c) => c.titlePath.join(" > "))).toEqual([
      "dashboard > widgets > renders",
      "dashboard > widgets > renders",
      "dashboard > widgets > skips politely",
      "approvals > no classname",
    ]);
    expect(cases[0]?.file).toBe("src/widgets.test.ts");
    // Duplicate names stay distinct cases with distinct ids.
    expect(new Set(cases.map((c) => c.id)).size).toBe(4);
    expect(cases.map((c) => c.durationMs)).toEqual([12, 1500, 500, null]);
    expect(cases[2]?.failure).toEqual({ message: "not on CI", type: "skipped" });
    expect(cases[3]?.failure?.message).toBe('Expected <b>bold</b> & "quoted"');
  });

  it.each([
    ["1.5", 1500],
    ["1,234.5", 1_234_500],
    ["0,5", 500],
    ["12ms", 12],
    ["2s", 2000],
    ["1e-3", 1],
    ["-1", null],
    ["", null],
    ["abc", null],
    ["NaN", null],
    ["Infinity", null],
    [undefined, null],
  ])("time %j → %j ms", (raw, expected) => {
    expect(parseDurationMs(raw)).toBe(expected);
  });
});

describe("hostile and foreign XML", () => {
  it.each(["xxe.xml", "billion-laughs.xml"])("refuses %s before any entity is resolved", (file) => {
    expect(() => read(file)).toThrow(InputFileError);
    expect(() => read(file)).toThrow(/declares a DTD/);
  });

  it("refuses a DOCTYPE hidden after comments and PIs", () => {
    const xml = `<?xml version="1.0"?><!-- hi --><?pi x?><!DOCTYPE x [<!ENTITY a "b">]><testsuite name="t"/>`;
    expect(() => parseJUnit(xml, { suite: "s", source: "f.xml" })).toThrow(/declares a DTD/);
  });

  it("does not mistake DOCTYPE text inside a test's output for a DTD", () => {
    const xml = `<testsuite name="t"><testcase name="html"><system-out>&lt;!DOCTYPE html&gt;</system-out></testcase></testsuite>`;
    expect(parseJUnit(xml, { suite: "s", source: "f.xml" }).cases[0]?.stdout).toBe(
      "<!DOCTYPE html>",
    );
  });

  it("explains a file that is not JUnit, and one that is not XML", () => {
    expect(() => read("not-junit.xml")).toThrow(/no <testsuites> or <testsuite> root element/);
    expect(() => parseJUnit("<testsuite><testcase", { suite: "s", source: "broken.xml" })).toThrow(
      /broken\.xml: not well-formed XML/,
    );
  });
});
