/**
 * Merged JUnit: one <testsuites> with one <testsuite> per suite. A suite
 * whose runner broke gets a synthetic errored case so CI tools that only
 * count cases still see it. Flaky cases pass (they did, on retry) and carry
 * `flaky`/`retries` properties and a system-out line. Regressions against
 * the baseline get a `baseline` testsuite of their own.
 *
 * Written by hand, streamed in chunks: at 100k cases a DOM builder
 * (junit-report-builder, used before) cost ~7 µs and several objects per
 * case and held the whole tree and the whole text at once. The document is
 * the one junit-report-builder wrote, byte for byte (its element and
 * attribute order, two-space indentation, self-closed empty elements, CDATA
 * inline, no trailing newline), except where its output was broken: every
 * `]]>` in CDATA is split (it split only the first) and a lone surrogate is
 * dropped alone (its pattern dropped the character before it too).
 */
import { describeOutdated } from "../results/baseline-notes.js";
import type { CaseResult, RunResult, SuiteResult } from "../results/model.js";

/** Chunks about this big: few enough writes, and never the whole file as one string. */
const CHUNK_CHARS = 64 * 1024;

/** The counts junit-report-builder put on <testsuites> and each <testsuite>. */
interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function renderJUnit(run: RunResult): string {
  return [...junitChunks(run)].join("");
}

/** The document in ~64 KiB pieces, for writeFileAtomic to write as they come. */
export function* junitChunks(run: RunResult): Generator<string, void, undefined> {
  const suiteCounts = run.suites.map(countSuite);
  const regressions = baselineRegressions(run);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const c of suiteCounts) addCounts(total, c);
  if (regressions)
    addCounts(total, { ...ZERO, tests: regressions.length, failures: regressions.length });
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${att(`hyvve-qa ${run.id}`)}"${countAttributes(total)}`;
  if (run.suites.length === 0 && !regressions) {
    yield `${out}/>`;
    return;
  }
  out += ">\n";
  for (let s = 0; s < run.suites.length; s++) {
    const suite = run.suites[s]!;
    out += suiteStart(suite, suiteCounts[s]!);
    for (const c of suite.cases) {
      out += caseXml(suite, c);
      if (out.length >= CHUNK_CHARS) {
        yield out;
        out = "";
      }
    }
    if (suite.error) out += suiteErrorCase(suite);
    out += "  </testsuite>\n";
  }
  if (regressions) out += baselineSuite(run, regressions);
  yield `${out}</testsuites>`;
}

const ZERO: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };

/** Sums into `into`: <testsuites> counts are its suites' sums. */
function addCounts(into: Counts, c: Counts): void {
  into.tests += c.tests;
  into.failures += c.failures;
  into.errors += c.errors;
  into.skipped += c.skipped;
}

/** Counted up front: the counts are attributes of the start tag, written before the cases. */
function countSuite(suite: SuiteResult): Counts {
  const counts: Counts = { ...ZERO, tests: suite.cases.length };
  for (const c of suite.cases) {
    if (c.status === "failed" && c.quarantined) counts.skipped++;
    else if (c.status === "failed" && c.failure?.kind === "error") counts.errors++;
    else if (c.status === "failed") counts.failures++;
    else if (c.status === "skipped") counts.skipped++;
  }
  if (suite.error) {
    counts.tests++;
    counts.errors++;
  }
  return counts;
}

/** Same attribute order as junit-report-builder: tests, failures, errors, skipped. */
function countAttributes(c: Counts): string {
  return ` tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
}

/** A property element; `indent` is the <properties> element's. */
function property(indent: string, name: string, value: string): string {
  return `${indent}  <property name="${att(name)}" value="${att(value)}"/>\n`;
}

/** <testsuite> start tag with its properties (every suite has some, so it is never empty). */
function suiteStart(suite: SuiteResult, counts: Counts): string {
  const time = suite.durationMs !== null ? ` time="${suite.durationMs / 1000}"` : "";
  return (
    `  <testsuite name="${att(suite.name)}"${time}${countAttributes(counts)}>\n    <properties>\n` +
    property("    ", "kind", suite.kind) +
    property("    ", "runner", suite.runner) +
    property("    ", "status", suite.status) +
    "    </properties>\n"
  );
}

/** One <testcase>: what the run model says of the case, as CI test views read JUnit. */
function caseXml(suite: SuiteResult, c: CaseResult): string {
  const classname = c.titlePath.slice(0, -1).join(" > ") || suite.name;
  let start = `    <testcase classname="${att(classname)}" name="${att(c.title)}"`;
  if (c.file) start += ` file="${att(c.file)}"`;
  if (c.durationMs !== null) start += ` time="${c.durationMs / 1000}"`;
  const body = caseBody(c);
  return body === "" ? `${start}/>\n` : `${start}>\n${body}    </testcase>\n`;
}

/** The children of a <testcase>, indented for it; "" for a case that passed. */
function caseBody(c: CaseResult): string {
  const f = c.failure;
  if (c.status === "failed" && c.quarantined) {
    // Reported, not red: CI test views count a quarantined failure as skipped, with why.
    return (
      properties([["quarantined", "true"]]) +
      "      <skipped/>\n" +
      cdataElement("system-out", "", `quarantined, failed: ${f?.message ?? "failed"}`)
    );
  }
  if (c.status === "failed" && f?.kind === "error") {
    // An error stays an error (pytest, Surefire): CI views count errors and failures apart.
    return cdataElement("error", outcomeAttributes(f.message, f.type), f.stack);
  }
  if (c.status === "failed") {
    return cdataElement("failure", outcomeAttributes(f?.message ?? "failed", f?.type), f?.stack);
  }
  if (c.status === "skipped") return "      <skipped/>\n";
  if (c.status === "flaky") {
    return (
      properties([
        ["flaky", "true"],
        ["retries", String(c.retries)],
      ]) +
      cdataElement(
        "system-out",
        "",
        `flaky: passed after ${c.retries} retr${c.retries === 1 ? "y" : "ies"}`,
      )
    );
  }
  return "";
}

/** A case's <properties>, at the depth of a case's children. */
function properties(pairs: readonly (readonly [string, string])[]): string {
  let out = "      <properties>\n";
  for (const [name, value] of pairs) out += property("      ", name, value);
  return `${out}      </properties>\n`;
}

/** `message`/`type` of <failure>/<error>: left out when empty, as junit-report-builder did. */
function outcomeAttributes(message: string | undefined, type: string | undefined): string {
  return (message ? ` message="${att(message)}"` : "") + (type ? ` type="${att(type)}"` : "");
}

/** An element of a case holding text as CDATA, self-closed when there is none (left). */
function cdataElement(name: string, attributes: string, text: string | undefined): string {
  const content = text ? cdata(text) : "";
  return content === ""
    ? `      <${name}${attributes}/>\n`
    : `      <${name}${attributes}><![CDATA[${content}]]></${name}>\n`;
}

/** The synthetic errored case of a suite whose runner broke. */
function suiteErrorCase(suite: SuiteResult): string {
  const error = suite.error!;
  const name = att(suite.name);
  const body = cdataElement(
    "error",
    outcomeAttributes(error.message, suite.status),
    error.stderrTail,
  );
  return `    <testcase classname="${name}" name="${att(`${suite.name} (runner ${suite.status})`)}">\n${body}    </testcase>\n`;
}

/** The regressions the baseline suite reports; undefined when it has no reason to exist. */
function baselineRegressions(
  run: RunResult,
): NonNullable<RunResult["baseline"]>["findings"] | undefined {
  const regressions = run.baseline?.findings.filter((f) => f.regression) ?? [];
  return regressions.length === 0 && !run.baseline?.outdated ? undefined : regressions;
}

/**
 * A `baseline` testsuite with one failing case per regression, so CI test UIs
 * (Jenkins, GitLab, GitHub) that only count cases show the red a regression is.
 */
function baselineSuite(
  run: RunResult,
  regressions: NonNullable<RunResult["baseline"]>["findings"],
): string {
  const counts: Counts = { ...ZERO, tests: regressions.length, failures: regressions.length };
  let out = `  <testsuite name="baseline"${countAttributes(counts)}>\n    <properties>\n`;
  out += property("    ", "kind", "baseline");
  if (run.baseline?.source) out += property("    ", "source", run.baseline.source);
  // Read by whoever opens the file: the comparison above was weaker than it looks.
  if (run.baseline?.outdated)
    out += property("    ", "outdated", describeOutdated(run.baseline.outdated));
  out += "    </properties>\n";
  for (const f of regressions) {
    const name = f.caseId ? `${f.kind}: ${f.caseId}` : `${f.kind}: ${f.suite}`;
    out += `    <testcase classname="${att(`baseline > ${f.suite}`)}" name="${att(name)}">\n`;
    out += `      <failure${outcomeAttributes(f.message, f.kind)}/>\n    </testcase>\n`;
  }
  return `${out}  </testsuite>\n`;
}

/**
 * Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, U+FFFE/U+FFFF,
 * unpaired surrogates): dropped, as junit-report-builder's invalidCharReplacement "" did.
 */
const ILLEGAL =
  // eslint-disable-next-line no-control-regex -- these control characters are the point
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Cheap pre-check: most text has nothing to drop, and a test is faster than a replace. */
// eslint-disable-next-line no-control-regex -- as above
const MAYBE_ILLEGAL = /[\0-\x08\x0B\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_SPECIAL = /[&<"\t\n\r]/g;
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  '"': "&quot;",
  "\t": "&#x9;",
  "\n": "&#xA;",
  "\r": "&#xD;",
};
/** Either of the above: an attribute value that needs any work at all. */
// eslint-disable-next-line no-control-regex -- as above
const ATTRIBUTE_WORK = /[&<"\t\n\r\0-\x08\x0B\f\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Text a test produced, legal in XML. */
function legal(text: string): string {
  return MAYBE_ILLEGAL.test(text) ? text.replace(ILLEGAL, "") : text;
}

/** An attribute value: escaped so quotes, markup and line breaks survive a round trip. */
function att(value: string): string {
  if (!ATTRIBUTE_WORK.test(value)) return value;
  return legal(value).replace(ATTRIBUTE_SPECIAL, (ch) => ATTRIBUTE_ESCAPES[ch]!);
}

/** CDATA content: nothing is escaped inside, so each `]]>` is split across two sections. */
function cdata(text: string): string {
  const clean = legal(text);
  return clean.includes("]]>") ? clean.replaceAll("]]>", "]]]]><![CDATA[>") : clean;
}
