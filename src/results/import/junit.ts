/**
 * Reads JUnit XML as real tools write it into the results model: a
 * `<testsuites>` root or a bare `<testsuite>`, nested suites, Surefire's
 * flaky/rerun elements, odd `time` values. Parsing is saxes's (a strict,
 * streaming, maintained parser: well-formedness errors are errors, and it is
 * ~8x faster here than a validating tree parser, see bench/RESULTS.md); this
 * file only maps its events. DTDs are refused before parsing, so no entity
 * (and no external entity) is ever expanded.
 *
 * A `<testsuite>` can fail without a failing `<testcase>`: a class that failed
 * to load (a suite-level `<error>`), a Jest file that failed to run, counts
 * (`failures`/`errors`) that claim more than the cases show. Such a suite gets
 * one synthetic errored case, so it never imports as "passed, 0 cases".
 *
 * Retried tests are one case each, as Jenkins and GitLab show them: a test
 * that passed on a retry is `flaky`, one that failed every run is one failed
 * case with its `retries`. Surefire counts every run in `tests`/`failures`/
 * `errors` (and Playwright's includeRetries writes the same elements), so a
 * suite's claims are checked against the failed runs present, the
 * `<rerun*>`/`<flaky*>` elements included. gotestsum --rerun-fails writes
 * each run as its own `<testcase>`; in a Go package suite (a `go.version`
 * property) a repeated name can only be another run, because Go test names
 * are unique in a package (`t.Run` numbers duplicate subtests), so those runs
 * are merged into one case. Elsewhere two same-named cases may be two tests
 * (jest, mocha), so they stay two cases.
 */
import { readFile } from "node:fs/promises";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { InputFileError } from "../../errors.js";
import type { CaseResult, CaseStatus } from "../model.js";

type Attributes = Record<string, string>;

export interface ParsedJUnit {
  /** The root's `name` attribute, when the producer gave one. */
  name?: string;
  cases: CaseResult[];
}

export interface ReadOptions {
  /** Suite name used to build stable case ids. */
  suite: string;
  /** Shown in errors, e.g. the file path. */
  source: string;
}

export async function readJUnitFile(path: string, suite: string): Promise<ParsedJUnit> {
  let xml: string;
  try {
    xml = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(
      `${path}: cannot read JUnit file (${code ?? "unknown error"})`,
      "check the path; globs must be expanded by your shell",
    );
  }
  return parseJUnit(xml, { suite, source: path });
}

export function parseJUnit(xml: string, options: ReadOptions): ParsedJUnit {
  rejectDoctype(xml, options.source);
  const reader = new JUnitEvents(options.suite);
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on("opentag", (tag) => reader.open(tag as SaxesTagPlain));
  parser.on("closetag", (tag) => reader.close((tag as SaxesTagPlain).name));
  parser.on("text", (text) => reader.text(text));
  parser.on("cdata", (text) => reader.text(text));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof NotJUnit) {
      throw new InputFileError(
        `${options.source}: no <testsuites> or <testsuite> root element`,
        "is this a JUnit XML file?",
      );
    }
    const detail = (error as Error).message.split("\n")[0];
    throw new InputFileError(
      `${options.source}: not well-formed XML (${detail})`,
      "is this a JUnit XML file?",
    );
  }
  if (reader.rootName === undefined) {
    throw new InputFileError(
      `${options.source}: no <testsuites> or <testsuite> root element`,
      "is this a JUnit XML file?",
    );
  }
  return reader.rootSuiteName === undefined
    ? { cases: reader.cases }
    : { name: reader.rootSuiteName, cases: reader.cases };
}

/**
 * A DOCTYPE may only appear in the prolog, before the root element, so
 * looking there is enough. Refusing every DTD closes both XXE and
 * entity-expansion ("billion laughs") attacks; no JUnit producer needs one.
 */
function rejectDoctype(xml: string, source: string): void {
  const rootStart = findRootStart(xml);
  const prolog = xml.slice(0, rootStart === -1 ? xml.length : rootStart);
  if (/<!DOCTYPE/i.test(prolog) || /<!ENTITY/i.test(prolog)) {
    throw new InputFileError(
      `${source}: refused, the file declares a DTD (<!DOCTYPE>), which could define external or recursive entities`,
      "JUnit files need no DTD; remove the <!DOCTYPE ...> declaration",
    );
  }
}

/** Index of the first element start tag, skipping declarations, comments and PIs. */
function findRootStart(xml: string): number {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt === -1) return -1;
    const next = xml[lt + 1];
    if (next === "?") {
      i = xml.indexOf("?>", lt);
      if (i === -1) return -1;
    } else if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt);
      if (i === -1) return -1;
    } else if (next === "!") {
      // A declaration (DOCTYPE): part of the prolog, keep scanning.
      i = lt + 2;
    } else {
      return lt;
    }
  }
  return -1;
}

/** What one <testcase> has collected until its close tag. */
interface OpenCase {
  attrs: Attributes;
  suitePath: string[];
  suiteFile: string | undefined;
  failures: Outcome[];
  errors: Outcome[];
  reruns: Outcome[];
  flakes: Outcome[];
  skipped: Outcome[];
  stdout: string[];
  stderr: string[];
}

interface Outcome {
  attrs: Attributes;
  text: string;
}

/** What one open <testsuite> has seen, to check its claimed counts when it closes. */
interface OpenSuite {
  name: string | undefined;
  file: string | undefined;
  attrs: Attributes;
  /** Element depth of the <testsuite> tag, to recognise its direct children. */
  depth: number;
  /** Index in `cases` of its first case: the cases after it are this suite's and its nested suites' (synthetic ones included). */
  firstCase: number;
  /**
   * Their <failure>/<error> elements: what `failures`+`errors` count. One case
   * can hold both, and counting cases would then report a failure as missing.
   */
  failureElements: number;
  /** Their <rerunFailure>/<rerunError>/<flakyFailure>/<flakyError>: failed runs of retried tests, which Surefire counts too. */
  retryElements: number;
  /** Set by a `go.version` property: a Go package, where a repeated test name is another run of that test. */
  repeatsAreRuns: boolean;
  /** In such a suite: the runs read so far of each test, and where its merged case is in `cases`. */
  runs: Map<string, { index: number; runs: CaseResult[] }>;
  /** The first suite-level <error> or <failure>, outside any <testcase>. */
  outcome: Outcome | undefined;
  stdout: string[];
  stderr: string[];
}

const OUTCOME_TAGS = new Set([
  "failure",
  "error",
  "rerunFailure",
  "rerunError",
  "flakyFailure",
  "flakyError",
  "skipped",
]);

class JUnitEvents {
  readonly cases: CaseResult[] = [];
  rootName: string | undefined;
  rootSuiteName: string | undefined;
  private readonly seenIds = new Map<string, number>();
  private readonly suites: OpenSuite[] = [];
  private current: OpenCase | undefined;
  /** The element whose text is being collected (an outcome or system-out/err of a case or suite). */
  private sink: { text: string } | undefined;
  private depth = 0;

  constructor(private readonly suite: string) {}

  open(tag: SaxesTagPlain): void {
    const attrs = tag.attributes as Attributes;
    this.depth++;
    if (this.depth === 1) {
      this.rootName = tag.name === "testsuites" || tag.name === "testsuite" ? tag.name : undefined;
      if (this.rootName === undefined) throw new NotJUnit();
      this.rootSuiteName = attrs["name"];
    }
    if (tag.name === "testsuite" && this.current === undefined) {
      this.suites.push(openSuite(attrs, this.depth, this.cases.length));
    } else if (tag.name === "testcase" && this.current === undefined) {
      this.current = this.openCase(attrs);
    } else if (this.current !== undefined && OUTCOME_TAGS.has(tag.name)) {
      const outcome: Outcome = { attrs, text: "" };
      this.listFor(this.current, tag.name).push(outcome);
      this.sink = outcome;
    } else if (
      this.current !== undefined &&
      (tag.name === "system-out" || tag.name === "system-err")
    ) {
      this.sink = { text: "" };
    } else if (this.current === undefined) {
      this.openInSuite(tag.name, attrs);
    }
  }

  text(text: string): void {
    if (this.sink !== undefined) this.sink.text += text;
  }

  close(name: string): void {
    this.depth--;
    if (name === "testsuite" && this.current === undefined) {
      this.closeSuite();
    } else if (name === "testcase" && this.current !== undefined) {
      const c = this.current;
      this.addCase(this.build(c), {
        failures: c.failures.length + c.errors.length,
        retries: c.reruns.length + c.flakes.length,
      });
      this.current = undefined;
    } else if ((name === "system-out" || name === "system-err") && this.sink) {
      const owner = this.current ?? this.suites.at(-1);
      (name === "system-out" ? owner?.stdout : owner?.stderr)?.push(this.sink.text);
      this.sink = undefined;
    } else if (OUTCOME_TAGS.has(name)) {
      this.sink = undefined;
    }
  }

  /** Split out of open(): what a <testcase> inherits from its enclosing suites. */
  private openCase(attrs: Attributes): OpenCase {
    return {
      attrs,
      suitePath: this.suitePath(),
      suiteFile: this.nearestFile(),
      failures: [],
      errors: [],
      reruns: [],
      flakes: [],
      skipped: [],
      stdout: [],
      stderr: [],
    };
  }

  /** A suite's own <error>/<failure>/<system-out>/<system-err> is evidence of a suite-level failure. */
  private openInSuite(tag: string, attrs: Attributes): void {
    const s = this.suites.at(-1);
    if (s === undefined) return;
    // <properties><property name="go.version"> (gotestsum, go-junit-report): a Go package suite.
    if (tag === "property" && this.depth === s.depth + 2 && attrs["name"] === "go.version") {
      s.repeatsAreRuns = true;
    }
    if (this.depth !== s.depth + 1) return;
    if (tag === "error" || tag === "failure") {
      const outcome: Outcome = { attrs, text: "" };
      s.outcome ??= outcome;
      this.sink = outcome;
    } else if (tag === "system-out" || tag === "system-err") {
      this.sink = { text: "" };
    }
  }

  /** Counted into the innermost suite; closeSuite() passes the totals up to its parent. */
  private addCase(c: CaseResult, elements: { failures: number; retries: number }): void {
    const s = this.suites.at(-1);
    if (s !== undefined) {
      s.failureElements += elements.failures;
      s.retryElements += elements.retries;
    }
    const key = s?.repeatsAreRuns === true ? c.titlePath.join("\u0000") : undefined;
    const earlier = key === undefined ? undefined : s?.runs.get(key);
    if (earlier !== undefined) {
      earlier.runs.push(c);
      this.cases[earlier.index] = mergeRuns(earlier.runs);
      return;
    }
    this.cases.push(c);
    if (key !== undefined) s?.runs.set(key, { index: this.cases.length - 1, runs: [c] });
  }

  /** Checks the closing suite's claims against its cases, then rolls its counts into the parent. */
  private closeSuite(): void {
    const s = this.suites.pop();
    if (s === undefined) return;
    const synthetic = this.suiteError(s);
    if (synthetic !== undefined) {
      this.cases.push(synthetic);
      s.failureElements++;
    }
    const parent = this.suites.at(-1);
    if (parent !== undefined) {
      parent.failureElements += s.failureElements;
      parent.retryElements += s.retryElements;
    }
  }

  /**
   * One errored case for a suite that failed outside its cases: a suite-level
   * <error>/<failure> (unless its counts show the failing cases are all
   * present), or `failures`+`errors` claiming more failed runs than present
   * (reruns included: Surefire counts each). A `tests` count above the cases
   * is left alone: tools count differently.
   */
  private suiteError(s: OpenSuite): CaseResult | undefined {
    const claimed = claimedFailing(s.attrs);
    const missing = claimed !== undefined && claimed > s.failureElements + s.retryElements;
    const accounted = claimed !== undefined && s.failureElements > 0 && !missing;
    if (s.outcome === undefined ? !missing : accounted) return undefined;
    const name = s.name || "(unnamed testsuite)";
    const title = `${name} (suite error)`;
    // Called after the pop: the remaining suites are this one's ancestors.
    const titlePath = [...this.suitePath(), title];
    const file = s.file ?? this.nearestFile();
    const own = this.cases.slice(s.firstCase);
    const result: CaseResult = {
      id: this.uniqueId(`${this.suite}::${file ?? name}::${titlePath.join(" > ")}`),
      title,
      titlePath,
      status: "failed",
      // With cases present the suite's time is already theirs.
      durationMs: own.length === 0 ? parseDurationMs(s.attrs["time"]) : 0,
      retries: 0,
      failure: {
        ...suiteFailure(s, name, own.filter((c) => c.status === "failed").length),
        kind: "error",
      },
      attachments: [],
    };
    if (file !== undefined) result.file = file;
    const stdout = joinText(s.stdout);
    const stderr = joinText(s.stderr);
    if (stdout) result.stdout = stdout;
    if (stderr) result.stderr = stderr;
    return result;
  }

  /** The enclosing suites' names, outermost first: the start of every title path. */
  private suitePath(): string[] {
    return this.suites.map((s) => s.name).filter((n): n is string => n !== undefined && n !== "");
  }

  /** Producers (jest, phpunit, cypress) put `file` on a suite, not on each case. */
  private nearestFile(): string | undefined {
    return [...this.suites].reverse().find((s) => s.file !== undefined)?.file;
  }

  private listFor(c: OpenCase, tag: string): Outcome[] {
    if (tag === "failure") return c.failures;
    if (tag === "error") return c.errors;
    if (tag === "rerunFailure" || tag === "rerunError") return c.reruns;
    if (tag === "flakyFailure" || tag === "flakyError") return c.flakes;
    return c.skipped;
  }

  private build(c: OpenCase): CaseResult {
    const title = c.attrs["name"] ?? "(unnamed)";
    const classname = c.attrs["classname"];
    const file = c.attrs["file"] ?? c.suiteFile;
    // Avoid repeating the classname when a producer (vitest, jest) sets it equal to the suite name.
    const parentPath =
      classname !== undefined && classname !== "" && classname !== c.suitePath.at(-1)
        ? [...c.suitePath, classname]
        : c.suitePath;
    const titlePath = [...parentPath, title];
    const failures = [...c.failures, ...c.errors];

    let status: CaseStatus = "passed";
    if (failures.length > 0) status = "failed";
    else if (c.skipped.length > 0) status = "skipped";
    else if (c.flakes.length > 0) status = "flaky";

    const result: CaseResult = {
      id: this.uniqueId(`${this.suite}::${file ?? ""}::${titlePath.join(" > ")}`),
      title,
      titlePath,
      status,
      durationMs: parseDurationMs(c.attrs["time"]),
      // Surefire puts <rerun*> in a failed case, <flaky*> in a passed one; pytest-rerunfailures' coming
      // <flaky*> elements go in the last run's case whatever its outcome. Each is one failed earlier run.
      retries: failures.length > 0 ? c.reruns.length + c.flakes.length : c.flakes.length,
      attachments: [],
    };
    if (file !== undefined) result.file = file;
    const failure = failures[0] ?? (status === "flaky" ? c.flakes[0] : undefined);
    if (failure !== undefined) {
      const isError = c.failures.length === 0 && c.errors.length > 0;
      result.failure = describeFailure(failure, isError ? "error" : undefined);
      // Only <error> elements: the test errored rather than failed (pytest fixtures, Surefire exceptions).
      if (isError && status === "failed") result.failure.kind = "error";
    } else if (status === "skipped") {
      const message = c.skipped[0]!.attrs["message"];
      if (message) result.failure = { message, type: "skipped" };
    }
    const stdout = joinText(c.stdout);
    const stderr = joinText(c.stderr);
    if (stdout) result.stdout = stdout;
    if (stderr) result.stderr = stderr;
    return result;
  }

  /** Duplicate names are legal JUnit; ids must stay unique, so number them. */
  private uniqueId(id: string): string {
    const seen = this.seenIds.get(id) ?? 0;
    this.seenIds.set(id, seen + 1);
    return seen === 0 ? id : `${id} #${seen + 1}`;
  }
}

/** Thrown from the event handler to stop at a root that is not JUnit. */
class NotJUnit extends Error {}

/** A fresh <testsuite> frame; nothing counted yet. */
function openSuite(attrs: Attributes, depth: number, firstCase: number): OpenSuite {
  return {
    name: attrs["name"],
    file: attrs["file"],
    attrs,
    depth,
    firstCase,
    failureElements: 0,
    retryElements: 0,
    repeatsAreRuns: false,
    runs: new Map(),
    outcome: undefined,
    stdout: [],
    stderr: [],
  };
}

/** `failures` + `errors` as the producer wrote them; undefined when it wrote neither (or garbage). */
function claimedFailing(attrs: Attributes): number | undefined {
  const failures = parseCount(attrs["failures"]);
  const errors = parseCount(attrs["errors"]);
  if (failures === undefined && errors === undefined) return undefined;
  return (failures ?? 0) + (errors ?? 0);
}

/** Counts are plain integers; anything else is ignored rather than trusted. */
function parseCount(raw: string | undefined): number | undefined {
  const value = raw?.trim();
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** One case for the runs of one Go test, as Surefire writes a retried test: flaky if a run passed, else failed. */
function mergeRuns(runs: readonly CaseResult[]): CaseResult {
  // gotestsum writes the failed runs first, so the order says nothing; but a rerun only follows a
  // failure and the reruns stop at the first pass, so a passed run is the last one. The case keeps
  // the first run's id (the later runs' numbered ids go unused) and the deciding run's time and output.
  const first = runs[0]!;
  const failed = runs.filter((r) => r.status === "failed");
  const passed = runs.find((r) => r.status === "passed" || r.status === "flaky");
  if (failed.length === 0) return first;
  const firstFailure = failed[0]!;
  if (passed === undefined) return { ...firstFailure, id: first.id, retries: failed.length - 1 };
  const merged: CaseResult = { ...passed, id: first.id, status: "flaky", retries: failed.length };
  if (firstFailure.failure !== undefined) merged.failure = firstFailure.failure;
  return merged;
}

/** The suite's own message when it has one, else what its counts claim, so the case says why it failed. */
function suiteFailure(
  s: OpenSuite,
  name: string,
  failingCases: number,
): NonNullable<CaseResult["failure"]> {
  if (s.outcome !== undefined) {
    const failure = describeFailure(s.outcome, "error");
    if (failure.message === "(no message)") {
      failure.message = `testsuite ${name} reports a suite-level error without a message`;
    }
    return failure;
  }
  const failures = parseCount(s.attrs["failures"]) ?? 0;
  const errors = parseCount(s.attrs["errors"]) ?? 0;
  const claims = [
    failures > 0 ? plural(failures, "failure") : undefined,
    errors > 0 ? plural(errors, "error") : undefined,
  ].filter((c) => c !== undefined);
  const present =
    failingCases === 1 ? "1 failing test case is" : `${failingCases} failing test cases are`;
  const runs = s.failureElements + s.retryElements;
  const retried = s.retryElements > 0 ? ` (${plural(runs, "failed run")}, counting retries)` : "";
  return {
    message: `testsuite ${name} reports ${claims.join(" and ")} but only ${present} present${retried}`,
    type: "error",
  };
}

/** "1 error", "2 errors": the message is read by people. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function describeFailure(
  node: Outcome,
  fallbackType: string | undefined,
): NonNullable<CaseResult["failure"]> {
  const message = node.attrs["message"];
  const text = node.text.trim();
  const type = node.attrs["type"] ?? fallbackType;
  const failure: NonNullable<CaseResult["failure"]> = {
    message: message ?? firstLine(text) ?? "(no message)",
  };
  if (type !== undefined) failure.type = type;
  if (text) failure.stack = text;
  return failure;
}

/**
 * `time` as producers really write it: "1.5", "1,234.5", "0,5", "12ms",
 * "1.5s". Negative, empty or garbage values mean "unknown" (null), never NaN.
 */
export function parseDurationMs(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let value = raw.trim().toLowerCase();
  let scale = 1000;
  if (value.endsWith("ms")) {
    scale = 1;
    value = value.slice(0, -2).trim();
  } else if (value.endsWith("s")) {
    value = value.slice(0, -1).trim();
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) value = value.replaceAll(",", "");
  else if (/^\d+,\d+$/.test(value)) value = value.replace(",", ".");
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return null;
  const ms = Number(value) * scale;
  return Number.isFinite(ms) ? Math.round(ms * 1000) / 1000 : null;
}

function joinText(parts: string[]): string | undefined {
  const kept = parts.filter((t) => t.trim() !== "");
  return kept.length > 0 ? kept.join("\n") : undefined;
}

function firstLine(text: string): string | undefined {
  return text === "" ? undefined : text.split("\n", 1)[0];
}
