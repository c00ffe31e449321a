/**
 * The JUnit importer against a corpus of files in the shapes real producers
 * write (test/fixtures/junit/corpus/, written by hand from each tool's output
 * format). For each file: the counts a consumer such as the Jenkins JUnit
 * plugin or GitLab's test report shows (total, passed, failed = failures +
 * errors, skipped), worked out by reading the XML. Then the suite-level errors
 * that used to import as "passed, 0 cases": a class that failed to load, a
 * Jest file that failed to run, a browser error, counts that claim failures
 * the cases do not show. Each must become one errored case, and never a
 * second one when the failing cases are present. Last, retried tests: a test
 * that passed on a retry is one passed (flaky) test, one that failed every
 * attempt is one failed test, never two; the sources for each producer's
 * retry shape are cited where its files are checked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import { countCases, deriveSuiteStatus, type CaseResult } from "../../src/results/model.js";
import { caseSchema } from "../../src/results/run-schema.js";

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
    // Surefire rerunFailingTestsCount=2 (JUnit 4 provider): 3 <testcase>; appliesCoupon has 2 <flakyFailure> (passed 3rd),
    // reservesStock 1 <flakyError> (passed 2nd). Surefire counts every run: tests=1+3+2=6, failures=2, errors=1. Jenkins and
    // GitLab read <failure>/<error>/<skipped> only, so both flaky cases are passed: 3 passed, 0 failed.
    [
      "surefire-TEST-com.acme.shop.CheckoutFlowTest.xml",
      { total: 3, passed: 3, failed: 0, skipped: 0 },
    ],
    // Surefire rerunFailingTestsCount=2: releasesItem failed all 3 runs: 1 <failure> + 2 <rerunFailure>; tests=1+3+1=5,
    // failures=3. One failed test (Jenkins: 1 failure), never a second "suite error" for the 2 reruns.
    [
      "surefire-TEST-com.acme.shop.InventoryServiceTest.xml",
      { total: 3, passed: 2, failed: 1, skipped: 0 },
    ],
    // Surefire rerunFailingTestsCount=2: refundsCharge <error> + 2 <rerunError>; capturesHold <failure> + <rerunError> +
    // <rerunFailure>; voidsHold <skipped>. tests=1+3+3+1=8, errors=3+1=4, failures=1+1=2: 2 failed tests.
    [
      "surefire-TEST-com.acme.shop.PaymentClientTest.xml",
      { total: 4, passed: 1, failed: 2, skipped: 1 },
    ],
    // Playwright junit reporter with includeRetries: one <testcase> per test; "applies coupon" <flakyFailure> +
    // <flakyError> (passed on retry #2), "saved card" <failure> + 2 <rerunFailure>, "gift card" <skipped>.
    // Playwright counts tests, not runs: tests=4 failures=1 skipped=1.
    ["playwright-junit-retries.xml", { total: 4, passed: 2, failed: 1, skipped: 1 }],
    // pytest-rerunfailures up to 16.6: only each test's last run is written; test_upload passed on a rerun and reads
    // as a plain pass, test_webhook_delivery failed every run: one <failure>. tests=3 failures=1.
    ["pytest-rerunfailures-junit.xml", { total: 3, passed: 2, failed: 1, skipped: 0 }],
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
    "surefire-TEST-com.acme.shop.CheckoutFlowTest.xml",
    "surefire-TEST-com.acme.shop.InventoryServiceTest.xml",
    "surefire-TEST-com.acme.shop.PaymentClientTest.xml",
    "playwright-junit-retries.xml",
    "pytest-rerunfailures-junit.xml",
    "gotestsum-rerun-fails.xml",
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

/**
 * Retried tests, producer by producer. What was found, and where:
 * - Maven Surefire (rerunFailingTestsCount): StatelessXmlReporter (apache/maven-surefire,
 *   maven-surefire-common/.../report/StatelessXmlReporter.java) writes one <testcase> per test: a flaky one
 *   with a <flakyFailure>/<flakyError> per failed run (each with <stackTrace>, <system-out>, <system-err>
 *   inside), one that failed every run with <failure>/<error> for the first and <rerunFailure>/<rerunError>
 *   for the others. The suite's tests/failures/errors come from TestSetStats, which counts every run
 *   (TestSetStats.java: completedCount, failures, errors per testSucceeded/testFailure/testError). Seen in
 *   SUREFIRE-1627 (apache/maven-surefire#2138: always failing, rerun 5 → tests="6" failures="6", one
 *   <testcase>) and EnricoMi/publish-unit-test-result-action#539 (10 <testcase>, one flaky → tests="11"
 *   failures="1"). With the JUnit 5 provider the counts may cover the last rerun phase only (SUREFIRE-1903,
 *   apache/maven-surefire#2950): lower, never higher, than the runs present.
 * - Jenkins' JUnit plugin (jenkinsci/junit-plugin CaseResult.java, an older version read; newer ones also
 *   keep <flakyFailure>/<rerunFailure> as FlakyFailure/RerunFailure details, not read here) and GitLab
 *   (gitlabhq/gitlabhq lib/gitlab/ci/parsers/test/junit.rb) take a case's status from <failure>/<error>/
 *   <skipped> only and ignore the suite's count attributes: a flaky case is passed, reruns are one failure.
 * - Playwright's junit reporter (microsoft/playwright packages/playwright/src/reporters/junit.ts): by
 *   default one plain <testcase> per test (a flaky one passed, no trace of the retry); with includeRetries
 *   (PLAYWRIGHT_JUNIT_INCLUDE_RETRIES) Surefire's elements as above. Its counts are per test, never per run.
 * - gotestsum --rerun-fails (gotestyourself/gotestsum internal/junitxml/report.go): every run is its own
 *   <testcase>: all failed runs first, then skipped, then passed ones, so the order is not the order of the
 *   runs; tests = runs, failures = failed runs. The maintainer keeps the failed runs on purpose, to show the
 *   flake (gotestyourself/gotestsum#281, #384). Jenkins counts every <testcase> (1 failed + 1 passed for a
 *   test that passed on its rerun); GitLab keys cases by status and name (junit.rb, reports/test_suite.rb),
 *   so it too shows the failed run. hyvve-qa reads them as one case instead (why: see junit.ts).
 * - pytest-rerunfailures: pytest's junitxml ignores the "rerun" reports (pytest-rerunfailures PR #380,
 *   and the plugin's pytest_runtest_protocol logging each failed run as "rerun"). Up to 16.6 only the last run is
 *   written (pytest-dev/pytest-rerunfailures#97, and facebookresearch/ProgramBench#64 for 16.6); some
 *   versions also leave a bare <testcase> per earlier run, same classname and name (#170 in 2021: a flaky
 *   test as two bare records, tests="2"; ProgramBench#64 for 16.6.1: always failing with --reruns 2 as two
 *   bare records and one <failure>). An unreleased change (changes/170.feature.rst in that repository)
 *   writes the earlier runs as <flakyFailure>/<flakyError> in the last <testcase>.
 * No producer was run here: every file and snippet is written by hand from these sources.
 */
describe("JUnit corpus: retried tests", () => {
  const byTitle = (cases: readonly CaseResult[]) => new Map(cases.map((c) => [c.title, c]));

  it("Surefire: a test that passed on a rerun is one flaky case, and the suite passes", () => {
    const { cases } = read("surefire-TEST-com.acme.shop.CheckoutFlowTest.xml");
    const by = byTitle(cases);
    expect(by.get("appliesCoupon")).toMatchObject({
      status: "flaky",
      retries: 2,
      failure: { message: "expected:<90> but was:<100>", type: "java.lang.AssertionError" },
    });
    expect(by.get("reservesStock")).toMatchObject({ status: "flaky", retries: 1 });
    expect(suiteErrors(cases)).toEqual([]);
    expect(deriveSuiteStatus(cases)).toBe("passed");
  });

  it("Surefire: a test that failed every run is one failed case carrying its reruns", () => {
    const { cases } = read("surefire-TEST-com.acme.shop.InventoryServiceTest.xml");
    expect(cases.filter((c) => c.status === "failed").map((c) => [c.title, c.retries])).toEqual([
      ["releasesItem", 2],
    ]);
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it("Surefire: <rerunError> runs are counted like <rerunFailure> ones, whatever the first run was", () => {
    const by = byTitle(read("surefire-TEST-com.acme.shop.PaymentClientTest.xml").cases);
    expect(by.get("refundsCharge")).toMatchObject({
      status: "failed",
      retries: 2,
      failure: { message: "Read timed out", type: "java.net.SocketTimeoutException" },
    });
    expect(by.get("capturesHold")).toMatchObject({
      status: "failed",
      retries: 2,
      failure: { type: "java.lang.AssertionError" },
    });
  });

  it("counts that claim more failed runs than present, reruns included, still make the errored case", () => {
    const { cases } = junit(`<testsuite name="t" tests="5" failures="4">
      <testcase name="a"><failure message="boom"/><rerunFailure message="boom"/></testcase>
      <testcase name="b"><flakyFailure message="slow"/></testcase>
    </testsuite>`);
    expect(suiteErrors(cases).map((c) => c.failure?.message)).toEqual([
      "testsuite t reports 4 failures but only 1 failing test case is present (3 failed runs, counting retries)",
    ]);
  });

  it("Playwright with includeRetries: flaky and rerun elements, counts per test", () => {
    const by = byTitle(read("playwright-junit-retries.xml").cases);
    expect(by.get("checkout › applies coupon")).toMatchObject({ status: "flaky", retries: 2 });
    expect(by.get("checkout › saved card")).toMatchObject({
      status: "failed",
      retries: 2,
      failure: { type: "expect.toBeVisible" },
    });
  });

  it("gotestsum --rerun-fails: the runs of one test are one case, flaky when a run passed", () => {
    const { cases } = read("gotestsum-rerun-fails.xml");
    expect(shown(cases)).toEqual({ total: 7, passed: 6, failed: 1, skipped: 0 });
    expect(cases.map((c) => [c.title, c.status, c.retries])).toEqual([
      ["TestCheckout", "flaky", 1],
      ["TestTotal/with_discount", "flaky", 1],
      ["TestTotal", "flaky", 1],
      ["TestRefund", "failed", 2],
      ["TestAdd", "passed", 0],
      ["TestTotal/no_discount", "passed", 0],
      ["TestStock", "passed", 0],
    ]);
    const checkout = cases[0]!;
    expect(checkout.id).toBe("s::::github.com/acme/shop/cart > TestCheckout");
    expect(checkout.failure?.stack).toContain("payment stub not ready");
    expect(checkout.durationMs).toBe(4);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("gotestsum --rerun-fails: a package whose only failure passed on its rerun passes, as gotestsum exits 0", () => {
    const { cases } = junit(`<testsuites><testsuite tests="3" failures="1" name="example.com/shop">
      <properties><property name="go.version" value="go1.22.3 linux/amd64"></property></properties>
      <testcase classname="example.com/shop" name="TestA" time="0.1"><failure message="Failed">boom</failure></testcase>
      <testcase classname="example.com/shop" name="TestB" time="0"></testcase>
      <testcase classname="example.com/shop" name="TestA" time="0.2"></testcase>
    </testsuite></testsuites>`);
    expect(shown(cases)).toEqual({ total: 2, passed: 2, failed: 0, skipped: 0 });
    expect(deriveSuiteStatus(cases)).toBe("passed");
  });

  it("outside a Go package, same-named cases stay separate: a failure is never hidden by a namesake", () => {
    const { cases } = junit(`<testsuite name="cart" tests="2" failures="1">
      <testcase classname="cart" name="adds"><failure message="boom"/></testcase>
      <testcase classname="cart" name="adds"/>
    </testsuite>`);
    expect(shown(cases)).toEqual({ total: 2, passed: 1, failed: 1, skipped: 0 });
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it("pytest-rerunfailures leaving bare records of earlier runs: one failed test, the bare ones read as passes", () => {
    // ProgramBench#64's 16.6.1 shape. Bare same-named records cannot be told from two tests with one
    // name (nested.xml: jest), so they are not merged; the verdict is still the last run's.
    const { cases } =
      junit(`<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="1">
      <testcase classname="test_rerun" name="test_always_fails" time="0.001" />
      <testcase classname="test_rerun" name="test_always_fails" time="0.001" />
      <testcase classname="test_rerun" name="test_always_fails" time="0.001"><failure message="assert False">AssertionError</failure></testcase>
    </testsuite></testsuites>`);
    expect(shown(cases)).toEqual({ total: 3, passed: 2, failed: 1, skipped: 0 });
    expect(suiteErrors(cases)).toEqual([]);
    expect(deriveSuiteStatus(cases)).toBe("failed");
  });

  it("pytest-rerunfailures with <flakyFailure> in the last record (unreleased): retries counted either way", () => {
    const { cases } =
      junit(`<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="2">
      <testcase classname="t" name="test_flaky"><flakyFailure message="first"/><flakyFailure message="second"/></testcase>
      <testcase classname="t" name="test_broken"><flakyFailure message="first"/><flakyFailure message="second"/><failure message="third"/></testcase>
    </testsuite></testsuites>`);
    expect(cases.map((c) => [c.title, c.status, c.retries, c.failure?.message])).toEqual([
      ["test_flaky", "flaky", 2, "first"],
      ["test_broken", "failed", 2, "third"],
    ]);
  });
});
