/**
 * The JUnit importer against a corpus of files in the shapes real producers
 * write (test/fixtures/junit/corpus/, written by hand from each tool's output
 * format). For each file: the counts a consumer such as the Jenkins JUnit
 * plugin or GitLab's test report shows (total, passed, failed = failures +
 * errors, skipped), worked out by reading the XML. Then the suite-level errors
 * that used to import as "passed, 0 cases": a class that failed to load, a
 * Jest file that failed to run, a browser error, counts that claim failures
 * the cases do not show. Each must become one errored case, and never a
 * second one when the failing cases are present.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import {
  caseSchema,
  countCases,
  deriveSuiteStatus,
  type CaseResult,
} from "../../src/results/model.js";

const dir = fileURLToPath(new URL("../fixtures/junit/corpus/", import.meta.url));
const read = (name: string) =>
  parseJUnit(readFileSync(join(dir, name), "utf8"), { suite: "s", source: name });
const junit = (xml: string) => parseJUnit(xml, { suite: "s", source: "in-memory.xml" });

interface Shown {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
}

/** What a CI consumer shows: flaky cases passed (on retry), errors are failures. */
function shown(cases: readonly CaseResult[]): Shown {
  const c = countCases(cases);
  return { total: c.total, passed: c.passed + c.flaky, failed: c.failed, skipped: c.skipped };
}

const suiteErrors = (cases: readonly CaseResult[]) =>
  cases.filter((c) => c.title.endsWith("(suite error)"));

describe("JUnit corpus: counts as a CI consumer shows them", () => {
  it.each<[string, Shown]>([
    // Surefire: 5 <testcase>: 2 plain, 1 <failure>, 1 <error>, 1 <skipped message>; matches tests=5 failures=1 errors=1 skipped=1.
    [
      "surefire-TEST-com.acme.shop.CartServiceTest.xml",
      { total: 5, passed: 2, failed: 2, skipped: 1 },
    ],
    // Surefire-format class that failed to initialize: 0 <testcase>, a suite-level <error>, errors="1" (Jenkins shows it as one "<init>" failure).
    [
      "surefire-TEST-com.acme.shop.PaymentGatewayTest.xml",
      { total: 1, passed: 0, failed: 1, skipped: 0 },
    ],
    // Surefire-format class that failed to initialize: 0 <testcase>, only <system-err>, errors="1": one errored case.
    [
      "surefire-TEST-com.acme.shop.ConfigLoaderTest.xml",
      { total: 1, passed: 0, failed: 1, skipped: 0 },
    ],
    // Gradle: 4 <testcase>: 2 plain, 1 <failure>, 1 <skipped/>; suite-level system-out/err belong to no case.
    ["gradle-TEST-com.acme.shop.GreeterTest.xml", { total: 4, passed: 2, failed: 1, skipped: 1 }],
    // Gradle JUnit 4 "initializationError" is a real <testcase> with <failure>: 1 failed, failures="1", no extra case.
    [
      "gradle-TEST-com.acme.shop.LegacyImportTest.xml",
      { total: 1, passed: 0, failed: 1, skipped: 0 },
    ],
    // pytest: 9 <testcase>: 3 plain, 2 <failure>, a setup and a teardown <error> (pytest opens a 2nd test_export_csv for it, tests="8"), pytest.skip, pytest.xfail.
    ["pytest-junit.xml", { total: 9, passed: 3, failed: 4, skipped: 2 }],
    // pytest collection error is a <testcase classname="" name="tests.test_orders"> with <error>; errors="1" tests="3".
    ["pytest-collection-error.xml", { total: 3, passed: 2, failed: 1, skipped: 0 }],
    // gotestsum: cart 5 (2 plain, 1 skipped, subtest + parent <failure>), payments build failure as TestMain <failure>, inventory 1 plain.
    ["gotestsum-junit.xml", { total: 7, passed: 3, failed: 3, skipped: 1 }],
    // go-junit-report v2: cart 4 (2 plain, 1 skipped, 1 failure), "[build failed]" and "Failure" (panic) testcases with <error>.
    ["go-junit-report-v2.xml", { total: 6, passed: 2, failed: 3, skipped: 1 }],
    // jest-junit: Cart 4 (2 plain, 1 failure, 1 skipped) + src/payments.test.ts errors="1" tests="0" with no <testcase> → 1 errored.
    ["jest-junit.xml", { total: 5, passed: 2, failed: 2, skipped: 1 }],
    // jest-junit with reportTestSuiteErrors: the failed file is a <testcase> with <error>; errors="1" is that case.
    ["jest-junit-report-suite-errors.xml", { total: 2, passed: 1, failed: 1, skipped: 0 }],
    // mocha-junit-reporter: empty Root Suite, UserService 3 (1 plain, 1 failure, 1 skipped), OrderService "before all" hook failure.
    ["mocha-junit-reporter.xml", { total: 4, passed: 1, failed: 2, skipped: 1 }],
    // PHPUnit: nested suites aggregate one class: 6 <testcase> (3 plain incl. 2 data sets, 1 failure, 1 error type="Error", 1 skipped).
    ["phpunit-junit.xml", { total: 6, passed: 3, failed: 2, skipped: 1 }],
    // JunitXml.TestLogger: 5 <testcase>: 2 plain, 2 <failure type="failure">, 1 <skipped />; errors="0" always.
    ["dotnet-junitxml-testlogger.xml", { total: 5, passed: 2, failed: 2, skipped: 1 }],
    // Cypress (mocha-junit-reporter): empty Root Suite with the spec file, Login 3 (2 plain, 1 failure).
    ["cypress-mocha-junit.xml", { total: 3, passed: 2, failed: 1, skipped: 0 }],
    // karma-junit-reporter: 3 plain <testcase> but errors="1" (browser error in afterAll, only in system-out) → 1 errored.
    ["karma-junit-reporter.xml", { total: 4, passed: 3, failed: 1, skipped: 0 }],
    // failures="2" over 3 plain <testcase>: one errored case says so (Jenkins/GitLab would show 3 passed: a false green).
    ["failures-attr-exceeds-cases.xml", { total: 4, passed: 3, failed: 1, skipped: 0 }],
    // tests="5" over 3 plain <testcase>, no failures/errors claimed: nothing invented.
    ["tests-attr-exceeds-cases.xml", { total: 3, passed: 3, failed: 0, skipped: 0 }],
  ])("%s", (file, expected) => {
    const { cases } = read(file);
    expect(shown(cases)).toEqual(expected);
    for (const c of cases) expect(caseSchema.safeParse(c).success).toBe(true);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });
});

describe("JUnit corpus: suite-level errors become one errored case", () => {
  it("a class that failed to initialize, with a suite-level <error>, carries that error", () => {
    const { cases } = read("surefire-TEST-com.acme.shop.PaymentGatewayTest.xml");
    expect(cases).toHaveLength(1);
    const c = cases[0]!;
    expect(c).toMatchObject({
      id: "s::com.acme.shop.PaymentGatewayTest::com.acme.shop.PaymentGatewayTest (suite error)",
      title: "com.acme.shop.PaymentGatewayTest (suite error)",
      status: "failed",
      failure: {
        message: "Could not initialize class com.acme.shop.PaymentGatewayTest",
        type: "java.lang.ExceptionInInitializerError",
      },
    });
    expect(c.failure?.stack).toContain("STRIPE_TEST_KEY is not set");
    expect(c.stderr).toContain("ERROR com.acme.shop.PaymentGatewayTest");
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it("a class that failed to initialize, with only <system-err> and errors=1, says what the counts claim", () => {
    const { cases } = read("surefire-TEST-com.acme.shop.ConfigLoaderTest.xml");
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({
      id: "s::com.acme.shop.ConfigLoaderTest::com.acme.shop.ConfigLoaderTest (suite error)",
      status: "failed",
      failure: {
        message:
          "testsuite com.acme.shop.ConfigLoaderTest reports 1 error but only 0 failing test cases are present",
        type: "error",
      },
    });
    expect(cases[0]!.stderr).toContain("NoClassDefFoundError: Could not initialize class");
  });

  it("a Jest test file that failed to run (errors=1, no <testcase>) is an errored case", () => {
    const { cases } = read("jest-junit.xml");
    const [synthetic, ...more] = suiteErrors(cases);
    expect(more).toEqual([]);
    expect(synthetic).toMatchObject({
      id: "s::src/payments.test.ts::src/payments.test.ts (suite error)",
      title: "src/payments.test.ts (suite error)",
      titlePath: ["src/payments.test.ts (suite error)"],
      status: "failed",
      failure: {
        message:
          "testsuite src/payments.test.ts reports 1 error but only 0 failing test cases are present",
        type: "error",
      },
    });
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it("a browser error Karma reports only as errors=1 and system-out is an errored case", () => {
    const [synthetic, ...more] = suiteErrors(read("karma-junit-reporter.xml").cases);
    expect(more).toEqual([]);
    expect(synthetic?.failure?.message).toBe(
      "testsuite Chrome Headless 124.0.6367.60 (Linux x86_64) reports 1 error but only 0 failing test cases are present",
    );
    expect(synthetic?.stdout).toContain("An error was thrown in afterAll");
  });

  it("failures=2 over passing cases is one errored case that says so", () => {
    const { cases } = read("failures-attr-exceeds-cases.xml");
    const [synthetic, ...more] = suiteErrors(cases);
    expect(more).toEqual([]);
    expect(synthetic).toMatchObject({
      id: "s::checkout-e2e::checkout-e2e (suite error)",
      status: "failed",
      failure: {
        message:
          "testsuite checkout-e2e reports 2 failures but only 0 failing test cases are present",
        type: "error",
      },
    });
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it.each([
    "pytest-collection-error.xml",
    "pytest-junit.xml",
    "go-junit-report-v2.xml",
    "gotestsum-junit.xml",
    "jest-junit-report-suite-errors.xml",
    "gradle-TEST-com.acme.shop.LegacyImportTest.xml",
    "phpunit-junit.xml",
    "surefire-TEST-com.acme.shop.CartServiceTest.xml",
    "mocha-junit-reporter.xml",
    "tests-attr-exceeds-cases.xml",
  ])("%s: the failing cases are present, so no synthetic case", (file) => {
    expect(suiteErrors(read(file).cases)).toEqual([]);
  });

  it("keeps the producers' own error cases: pytest collection error, go build failure and panic", () => {
    const pytest = read("pytest-collection-error.xml").cases;
    expect(pytest.find((c) => c.title === "tests.test_orders")?.failure).toMatchObject({
      message: "collection failure",
      type: "error",
    });
    const go = read("go-junit-report-v2.xml").cases;
    expect(go.find((c) => c.title === "[build failed]")?.failure?.message).toBe("Build error");
    expect(go.find((c) => c.title === "Failure")?.failure?.message).toBe("Runtime error");
  });
});

describe("suite-level errors: nesting and double counting", () => {
  it("an inner suite's error is counted once by the aggregating outer suites", () => {
    const { cases } = junit(`<testsuites>
      <testsuite name="all" tests="2" errors="1">
        <testsuite name="api" tests="1" errors="1">
          <error message="fixture crashed" type="RuntimeError">Traceback: boom</error>
        </testsuite>
        <testsuite name="web" tests="1"><testcase name="loads"/></testsuite>
      </testsuite>
    </testsuites>`);
    expect(shown(cases)).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(suiteErrors(cases).map((c) => [c.id, c.failure?.message])).toEqual([
      ["s::api::all > api (suite error)", "fixture crashed"],
    ]);
  });

  it("a suite-level <error> whose failing case is present and counted adds nothing", () => {
    const { cases } = junit(`<testsuite name="t" tests="1" errors="1">
      <testcase name="a"><error message="boom"/></testcase>
      <error message="boom"/>
    </testsuite>`);
    expect(shown(cases)).toEqual({ total: 1, passed: 0, failed: 1, skipped: 0 });
  });

  it("one case holding both a <failure> and an <error> satisfies failures=1 errors=1", () => {
    const { cases } = junit(`<testsuite name="t" tests="1" failures="1" errors="1">
      <testcase name="a"><failure message="assert"/><error message="teardown"/></testcase>
    </testsuite>`);
    expect(shown(cases)).toEqual({ total: 1, passed: 0, failed: 1, skipped: 0 });
  });

  it("says how many failing cases it did find when the counts claim more", () => {
    const { cases } = junit(`<testsuite name="t" failures="2" errors="1">
      <testcase name="a"><failure message="boom"/></testcase>
    </testsuite>`);
    expect(suiteErrors(cases).map((c) => c.failure?.message)).toEqual([
      "testsuite t reports 2 failures and 1 error but only 1 failing test case is present",
    ]);
  });

  it("a suite-level <failure> without count attributes is an errored case beside passing ones", () => {
    const { cases } = junit(`<testsuite name="t" file="t.spec.ts">
      <testcase name="a"/>
      <failure message="afterAll hook failed"/>
    </testsuite>`);
    expect(shown(cases)).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(cases[1]).toMatchObject({
      id: "s::t.spec.ts::t (suite error)",
      file: "t.spec.ts",
      failure: { message: "afterAll hook failed", type: "error" },
    });
  });

  it("an empty suite that claims nothing stays empty", () => {
    expect(junit(`<testsuite name="t" tests="0" failures="0" errors="0"/>`).cases).toEqual([]);
  });
});
