/**
 * What vitest's JUnit cannot say and its JSON report (Jest's format) does: a
 * test that passed on a retry (its earlier attempts' failureMessages) is
 * flaky, and a file that failed outside any test (it threw at import, a hook
 * of the file failed) is an error, not a failed test. Found on
 * examples/monorepo: `vitest run` printed "retry x1" and "FAIL … [file]",
 * hyvve-qa said passed and failed.
 */
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import {
  fromVitestDialect,
  withVitestJson,
  type VitestJsonReport,
} from "../../src/results/import/vitest.js";

const ROOT = "/repo/apps/web";
const JUNIT = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="4" failures="2" errors="0">
  <testsuite name="src/a.test.ts" tests="3" failures="1" errors="0" skipped="0">
    <testcase classname="src/a.test.ts" name="store &gt; saves"/>
    <testcase classname="src/a.test.ts" name="store &gt; flaky once"/>
    <testcase classname="src/a.test.ts" name="store &gt; fails"><failure message="nope">AssertionError: nope</failure></testcase>
  </testsuite>
  <testsuite name="src/b.test.ts" tests="1" failures="1" errors="0" skipped="0">
    <testcase classname="src/b.test.ts" name="src/b.test.ts"><failure message="boom at import">Error: boom at import</failure></testcase>
  </testsuite>
</testsuites>`;

const JSON_REPORT: VitestJsonReport = {
  testResults: [
    {
      name: `${ROOT}/src/a.test.ts`,
      status: "failed",
      message: "",
      assertionResults: [
        { ancestorTitles: ["store"], title: "saves", status: "passed", failureMessages: [] },
        {
          ancestorTitles: ["store"],
          title: "flaky once",
          status: "passed",
          failureMessages: ["AssertionError: first attempt"],
        },
        { ancestorTitles: ["store"], title: "fails", status: "failed", failureMessages: ["nope"] },
      ],
    },
    {
      name: `${ROOT}/src/b.test.ts`,
      status: "failed",
      message: "boom at import",
      assertionResults: [],
    },
  ],
};

describe("vitest's JSON report over its JUnit", () => {
  it("marks a test that passed on a retry flaky, and a file that failed outside its tests an error", () => {
    const junit = parseJUnit(JUNIT, { suite: "quota", source: "junit.xml" }).cases.map(
      fromVitestDialect,
    );
    const cases = withVitestJson(junit, JSON_REPORT, ROOT);
    expect(cases.map((c) => [c.title, c.status, c.retries, c.failure?.kind])).toEqual([
      ["saves", "passed", 0, undefined],
      ["flaky once", "flaky", 1, undefined],
      ["fails", "failed", 0, undefined],
      ["src/b.test.ts", "failed", 0, "error"],
    ]);
    expect(cases[1]!.failure?.message).toBe("AssertionError: first attempt");
    // Ids are JUnit's, as before: history, baselines and quarantine keep matching.
    expect(cases.map((c) => c.id)).toEqual(junit.map((c) => c.id));
  });

  it("leaves the cases as they are without a report (an older vitest, a crash before it was written)", () => {
    const junit = parseJUnit(JUNIT, { suite: "quota", source: "junit.xml" }).cases.map(
      fromVitestDialect,
    );
    expect(withVitestJson(junit, undefined, ROOT)).toEqual(junit);
  });
});
