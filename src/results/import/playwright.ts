/**
 * Playwright's JSON reporter output → the results model, as pure mapping
 * (mapPlaywrightReport), testable on a recorded report. Attachments keep the
 * paths Playwright gave them; moving them into the run folder is the
 * runner's job (runners/playwright-attachments.ts).
 *
 * One case per (spec, project). A test that failed and then passed on a retry
 * is `flaky` (Playwright's own test status "flaky"), with the failed attempt's
 * error and attachments kept so the flake can be looked into.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { CaseResult, CaseStatus } from "../model.js";

// ---- the subset of Playwright's JSONReport this reads ----

export interface PwError {
  message?: string;
  stack?: string;
  value?: string;
}

export interface PwAttachment {
  name: string;
  contentType: string;
  path?: string;
  /** base64, for attachments Playwright kept in memory. */
  body?: string;
}

export interface PwResult {
  status?: "passed" | "failed" | "timedOut" | "skipped" | "interrupted";
  duration?: number;
  retry?: number;
  error?: PwError;
  errors?: PwError[];
  attachments?: PwAttachment[];
  stdout?: ({ text: string } | { buffer: string })[];
  stderr?: ({ text: string } | { buffer: string })[];
}

export interface PwTest {
  projectName?: string;
  expectedStatus?: string;
  status?: "expected" | "unexpected" | "flaky" | "skipped";
  results?: PwResult[];
}

export interface PwSpec {
  title: string;
  file?: string;
  tests?: PwTest[];
}

export interface PwSuite {
  title: string;
  file?: string;
  specs?: PwSpec[];
  suites?: PwSuite[];
}

export interface PwReport {
  config?: { rootDir?: string; projects?: { name?: string }[] };
  suites?: PwSuite[];
  errors?: PwError[];
}

/** An attachment still where Playwright left it (or inline), before it is moved into the run folder. */
export interface SourceAttachment {
  name: string;
  contentType: string;
  path?: string;
  body?: string;
}

export interface MappedCase extends Omit<CaseResult, "attachments"> {
  attachments: SourceAttachment[];
}

export interface MapOptions {
  suite: string;
  /** Repo root: case files are given relative to it. */
  rootDir: string;
}

export interface MappedReport {
  cases: MappedCase[];
  /** Errors outside any test (a spec that does not load, a global setup that threw). */
  errors: string[];
}

// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

export function mapPlaywrightReport(report: PwReport, options: MapOptions): MappedReport {
  const testDir = report.config?.rootDir ?? options.rootDir;
  const projectNames = new Set<string>();
  forEachTest(report.suites ?? [], [], (_spec, test) => projectNames.add(test.projectName ?? ""));
  const multiProject = projectNames.size > 1;

  const cases: MappedCase[] = [];
  const seen = new Map<string, number>();
  forEachTest(report.suites ?? [], [], (spec, test, describes, fileSuite) => {
    const fileInReport = spec.file ?? fileSuite?.file;
    const file =
      fileInReport === undefined ? undefined : toRepoPath(fileInReport, testDir, options.rootDir);
    const project = test.projectName ?? "";
    const title = multiProject && project ? `${spec.title} [${project}]` : spec.title;
    const titlePath = [...describes, title];
    const baseId = `${options.suite}::${file ?? ""}::${titlePath.join(" > ")}`;
    const n = (seen.get(baseId) ?? 0) + 1;
    seen.set(baseId, n);
    cases.push(mapTest(test, { id: n === 1 ? baseId : `${baseId} #${n}`, title, titlePath, file }));
  });

  const errors = (report.errors ?? []).map(errorText).filter((e) => e !== "");
  return { cases, errors };
}

function forEachTest(
  suites: readonly PwSuite[],
  describes: string[],
  visit: (spec: PwSpec, test: PwTest, describes: string[], fileSuite: PwSuite | undefined) => void,
  fileSuite?: PwSuite,
): void {
  for (const suite of suites) {
    // The top level suites are files (their title is the file path); below them, describe blocks.
    const isFile = fileSuite === undefined;
    const path = isFile ? describes : [...describes, suite.title];
    const file = isFile ? suite : fileSuite;
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) visit(spec, test, path, file);
    forEachTest(suite.suites ?? [], path, visit, file);
  }
}

function toRepoPath(file: string, testDir: string, rootDir: string): string {
  const absolute = isAbsolute(file) ? file : resolve(testDir, file);
  const rel = relative(rootDir, absolute);
  return (rel.startsWith("..") ? absolute : rel).split(sep).join("/");
}

function mapTest(
  test: PwTest,
  head: { id: string; title: string; titlePath: string[]; file: string | undefined },
): MappedCase {
  const results = test.results ?? [];
  const status = caseStatus(test, results);
  const durations = results
    .map((r) => r.duration)
    .filter((d): d is number => typeof d === "number" && Number.isFinite(d) && d >= 0);
  const retries = Math.max(
    0,
    results.length - 1,
    ...results.map((r) => (Number.isInteger(r.retry) ? (r.retry as number) : 0)),
  );
  // The attempt that explains the status: the last one for failures, the last failed one for flakes.
  const failedAttempts = results.filter((r) => r.status !== "passed" && r.status !== "skipped");
  const telling =
    status === "failed" ? results.at(-1) : status === "flaky" ? failedAttempts.at(-1) : undefined;

  const mapped: MappedCase = {
    id: head.id,
    title: head.title,
    titlePath: head.titlePath,
    ...(head.file !== undefined ? { file: head.file } : {}),
    status,
    durationMs: durations.length > 0 ? Math.round(durations.reduce((a, b) => a + b, 0)) : null,
    retries,
    attachments: telling
      ? sortAttachments(
          (telling.attachments ?? []).filter((a) => a.path !== undefined || a.body !== undefined),
        )
      : [],
  };
  if (telling) {
    const failure = failureOf(telling);
    if (failure) mapped.failure = failure;
    const stdout = outputText(telling.stdout);
    const stderr = outputText(telling.stderr);
    if (stdout) mapped.stdout = stdout;
    if (stderr) mapped.stderr = stderr;
  }
  return mapped;
}

function caseStatus(test: PwTest, results: readonly PwResult[]): CaseStatus {
  switch (test.status) {
    case "flaky":
      return "flaky";
    case "unexpected":
      return "failed";
    case "skipped":
      return "skipped";
    case "expected":
      return results.length > 0 && results.every((r) => r.status === "skipped")
        ? "skipped"
        : "passed";
    default: {
      // Older or partial reports: decide from the attempts.
      const last = results.at(-1);
      if (!last || last.status === "skipped") return "skipped";
      if (last.status === "passed") return results.length > 1 ? "flaky" : "passed";
      return "failed";
    }
  }
}

function failureOf(result: PwResult): CaseResult["failure"] | undefined {
  const errors =
    result.errors && result.errors.length > 0 ? result.errors : result.error ? [result.error] : [];
  if (errors.length === 0) {
    if (result.status === "timedOut") return { message: "Test timed out", type: "timedOut" };
    if (result.status === "interrupted")
      return { message: "Test was interrupted", type: "interrupted" };
    return result.status === "failed" ? { message: "Test failed" } : undefined;
  }
  // Playwright's messages carry the matcher's call log; the message keeps the verdict, the stack the details.
  const parts = errors.map((e) => splitCallLog(errorText(e)));
  const message = parts.map((p) => p.head).join("\n\n");
  const stacks = errors
    // `errors[]` entries carry the message with a code frame, `error` the stack.
    .map((e, i) => {
      const stack = e.stack ?? (i === 0 ? result.error?.stack : undefined) ?? "";
      return [parts[i]?.callLog ?? "", stackFrames(stripAnsi(stack))]
        .filter((x) => x !== "")
        .join("\n");
    })
    .filter((s) => s !== "");
  return {
    message: message || "Test failed",
    ...(result.status === "timedOut" ? { type: "timedOut" } : {}),
    ...(stacks.length > 0 ? { stack: stacks.join("\n\n") } : {}),
  };
}

function splitCallLog(text: string): { head: string; callLog: string } {
  const at = text.indexOf("\nCall log:");
  if (at < 0) return { head: text, callLog: "" };
  return { head: text.slice(0, at).trim(), callLog: text.slice(at + 1).trim() };
}

/** The "    at …" lines of a stack (its first lines repeat the message). */
function stackFrames(stack: string): string {
  const lines = stack.split("\n");
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  return first < 0 ? "" : lines.slice(first).join("\n").trim();
}

function errorText(error: PwError): string {
  return stripAnsi(error.message ?? error.value ?? error.stack ?? "").trim();
}

const OUTPUT_LIMIT = 8_000;

function outputText(chunks: PwResult["stdout"]): string {
  const text = (chunks ?? [])
    .map((c) => ("text" in c ? c.text : Buffer.from(c.buffer, "base64").toString("utf8")))
    .join("");
  const trimmed = stripAnsi(text).trim();
  return trimmed.length > OUTPUT_LIMIT ? `…${trimmed.slice(-OUTPUT_LIMIT)}` : trimmed;
}

/** Expected, actual, diff side by side first; then the screenshot; then links (trace, video, context). */
function attachmentRank(a: SourceAttachment): number {
  const name = a.name.toLowerCase();
  if (name.endsWith("-expected.png") || name === "expected") return 0;
  if (name.endsWith("-actual.png") || name === "actual") return 1;
  if (name.endsWith("-diff.png") || name === "diff") return 2;
  if (a.contentType.startsWith("image/")) return 3;
  if (name === "trace") return 4;
  if (name === "video") return 5;
  return 6;
}

function sortAttachments(list: readonly PwAttachment[]): SourceAttachment[] {
  return list
    .map((a, i) => ({
      a: {
        name: a.name,
        contentType: a.contentType,
        ...(a.path ? { path: a.path } : {}),
        ...(a.body ? { body: a.body } : {}),
      },
      i,
    }))
    .sort((x, y) => attachmentRank(x.a) - attachmentRank(y.a) || x.i - y.i)
    .map((x) => x.a);
}
