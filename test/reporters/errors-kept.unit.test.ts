/**
 * Errors stay errors: a producer that tells an errored test (an exception
 * outside the assertion: a fixture, a collection error, a suite that did not
 * load) from a failed one keeps that distinction in run.json and in the
 * merged JUnit. Found: pytest's `failures="2" errors="2"` came out of
 * hyvve-qa as `failures="4" errors="0"`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import type { RunResult } from "../../src/results/model.js";
import { renderJUnit } from "../../src/reporters/junit.js";

const corpus = fileURLToPath(new URL("../fixtures/junit/corpus/", import.meta.url));

/** The first <testsuite> element's counts, as CI consumers read them. */
function counts(xml: string): { failures: number; errors: number } {
  const tag = /<testsuite [^>]*>/.exec(xml)![0];
  const attr = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(tag)![1]);
  return { failures: attr("failures"), errors: attr("errors") };
}

function runOf(file: string): RunResult {
  const { cases } = parseJUnit(readFileSync(join(corpus, file), "utf8"), {
    suite: "ccr",
    source: file,
  });
  return {
    schemaVersion: 1,
    id: "r",
    startedAt: "2026-01-01T00:00:00Z",
    finishedAt: "2026-01-01T00:00:01Z",
    environment: { name: "local" },
    git: {},
    status: "failed",
    suites: [
      { name: "ccr", kind: "ccr", runner: "pytest", status: "failed", durationMs: 1, cases },
    ],
  };
}

describe("errors stay errors", () => {
  it("pytest's setup and teardown errors are errors in run.json and in the merged JUnit", () => {
    const run = runOf("pytest-junit.xml");
    const errored = run.suites[0]!.cases.filter((c) => c.failure?.kind === "error");
    expect(errored.map((c) => c.title)).toEqual(["test_db_roundtrip", "test_export_csv"]);
    expect(counts(renderJUnit(run))).toEqual({ failures: 2, errors: 2 });
  });

  it("a pytest collection error is an error, a suite-level error too", () => {
    expect(counts(renderJUnit(runOf("pytest-collection-error.xml")))).toEqual({
      failures: 0,
      errors: 1,
    });
    expect(
      counts(renderJUnit(runOf("surefire-TEST-com.acme.shop.PaymentGatewayTest.xml"))),
    ).toEqual({ failures: 0, errors: 1 });
  });
});
