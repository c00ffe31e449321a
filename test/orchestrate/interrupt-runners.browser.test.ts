/**
 * Ctrl-C with the real runners: the first SIGINT to hyvve-qa lets each runner
 * stop the way it stops on its own Ctrl-C (Playwright and vitest finish their
 * reporters, k6 writes its outputs and summary), then imports what they
 * wrote, so the partial report keeps the cases that finished; a second SIGINT
 * exits at once. No process of the run survives either way.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseJUnit } from "../../src/results/import/junit.js";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { startCli, tempDir } from "../helpers/cli.js";

/**
 * A case as the runner's progress output named it: its file and its title
 * path (Playwright), or only its own title (vitest names no describe blocks).
 */
interface SeenCase {
  file: string;
  titlePath: string[];
}

/** What a gzip stream k6 is still writing holds so far (no trailer yet: sync flush). */
function gunzipGrowing(bytes: Buffer): string {
  try {
    return gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString("utf8");
  } catch {
    return ""; // not even a whole header yet
  }
}

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  args: string;
}

/** Every live process (zombies left out: they are dead, only not yet reaped). */
function processes(): Proc[] {
  const out = execFileSync("ps", ["-eo", "pid=,ppid=,pgid=,stat=,args="], { encoding: "utf8" });
  return out.split("\n").flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!m || m[4]!.startsWith("Z")) return [];
    return [{ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[5]! }];
  });
}

/** `root` and everything it started, as `ps` sees them now. */
function processTree(root: number): Proc[] {
  const all = processes();
  const tree = all.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i]!.pid));
  return tree;
}

/**
 * What the CLI started, tracked by pid and by process group: a runner's
 * group (and whatever joined it later) belongs to the run, the CLI's own
 * group is the test's and is left out.
 */
class RunProcesses {
  private readonly seen = new Map<number, Proc>();
  private readonly groups = new Set<number>();

  constructor(private readonly cli: number) {}

  snapshot(): void {
    const tree = processTree(this.cli);
    const cliGroup = tree.find((p) => p.pid === this.cli)?.pgid;
    for (const p of tree) {
      if (p.pid === this.cli) continue;
      this.seen.set(p.pid, p);
      if (p.pgid !== cliGroup) this.groups.add(p.pgid);
    }
  }

  /** Tracked processes still alive (same pid and command line, or in a tracked group). */
  leftovers(): string[] {
    return processes()
      .filter((p) => this.seen.get(p.pid)?.args === p.args || this.groups.has(p.pgid))
      .map((p) => `${p.pid} (group ${p.pgid}) ${p.args}`);
  }

  /** What ran under the CLI, for the failure message if nothing did. */
  names(): string[] {
    return [...this.seen.values()].map((p) => p.args);
  }
}

async function waitFor(check: () => boolean, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The CLI's interleaved output, as it arrives. */
function collect(stream: NodeJS.ReadableStream | null | undefined): { text: string } {
  const sink = { text: "" };
  stream?.on("data", (chunk: Buffer) => (sink.text += chunk.toString("utf8")));
  return sink;
}

function startRun(suite: string, out: string, env: Record<string, string> = {}) {
  const cli = startCli(["run", suite, "--ci", "--no-baseline", "--no-history", "--out", out], {
    env,
    timeout: 280_000,
  });
  const output = collect(cli.all);
  const tracked = new RunProcesses(cli.pid!);
  return { cli, output, tracked };
}

function readRun(out: string): RunResult {
  const path = join(out, "run.json");
  expect(existsSync(path), `${path} was not written`).toBe(true);
  return JSON.parse(readFileSync(path, "utf8")) as RunResult;
}

function suiteOf(run: RunResult, name: string): SuiteResult {
  const suite = run.suites.find((s) => s.name === name);
  expect(suite, `no suite ${name} in run.json`).toBeDefined();
  return suite!;
}

/** The cases of junit.xml as the report wrote them, with the title path run.json has. */
function junitCases(out: string, suite: string): CaseResult[] {
  const source = join(out, "junit.xml");
  // <testsuite name="e2e"><testcase classname="Describe > path" name="title">
  return parseJUnit(readFileSync(source, "utf8"), { suite, source })
    .cases.filter((c) => c.titlePath[0] === suite)
    .map((c) => ({ ...c, titlePath: c.titlePath.slice(1).join(" > ").split(" > ") }));
}

/** The case's title path ends with `tail` (all of it, or the last titles). */
function endsWith(c: CaseResult, tail: readonly string[]): boolean {
  return c.titlePath.slice(-tail.length).join(" > ") === tail.join(" > ");
}

/** Each case seen as passed is in run.json and in junit.xml, passed. */
function expectKeptAsPassed(out: string, suite: SuiteResult, seen: readonly SeenCase[]): void {
  const junit = junitCases(out, suite.name);
  for (const s of seen) {
    const name = `${s.file} › ${s.titlePath.join(" › ")}`;
    const statuses = (cases: CaseResult[]) =>
      cases.filter((c) => c.file === s.file && endsWith(c, s.titlePath)).map((c) => c.status);
    expect(statuses(suite.cases), `run.json: ${name}`).toEqual(["passed"]);
    expect(statuses(junit), `junit.xml: ${name}`).toEqual(["passed"]);
  }
}

/** Playwright's list reporter: `✓  3 [chromium] › suites/e2e/a.spec.ts:24:5 › Describe › title (2.4s)`. */
function playwrightPassed(output: string): SeenCase[] {
  const line = /✓\s+\d+\s+\[[^\]]+\] › (\S+?):\d+:\d+ › (.+?)(?: \(retry #\d+\))? \([\d.]+m?s\)$/gm;
  return [...output.matchAll(line)].map((m) => ({ file: m[1]!, titlePath: m[2]!.split(" › ") }));
}

interface VitestFile {
  file: string;
  tests: number;
  skipped: number;
  /** Tests vitest named (it lists the slow ones under the file). */
  seen: SeenCase[];
}

/**
 * vitest's default reporter, per passed file: ` ✓ |ccr| suites/ccr/a.test.ts (9 tests | 1 skipped) 139ms`,
 * then `   ✓ a slow test's title  401ms` for each test that took a while.
 */
function vitestPassedFiles(output: string, project: string): VitestFile[] {
  const fileLine = new RegExp(
    `✓ \\|${project}\\| (\\S+) \\((\\d+) tests?(?: \\| (\\d+) skipped)?\\)`,
  );
  const files: VitestFile[] = [];
  for (const line of output.split("\n")) {
    const file = fileLine.exec(line);
    if (file)
      files.push({
        file: file[1]!,
        tests: Number(file[2]),
        skipped: Number(file[3] ?? 0),
        seen: [],
      });
    const test = /✓ (?!\|)(.+?) {2,}\d+ms$/.exec(line);
    if (test && !file && files.length > 0)
      files.at(-1)!.seen.push({ file: files.at(-1)!.file, titlePath: [test[1]!] });
  }
  return files;
}

/** Every process of the run is gone (SIGKILL and reaping may take a moment). */
async function expectNoProcessLeft(tracked: RunProcesses): Promise<void> {
  await waitFor(() => tracked.leftovers().length === 0, "no process of the run", 5000).catch(() =>
    expect(tracked.leftovers()).toEqual([]),
  );
}

const GRACE_MS = { playwright: 10_000, vitest: 10_000, k6: 15_000 };
/** Reading the outputs and writing the report on a busy 2-core machine. */
const REPORT_MS = 10_000;

// Generous: a 2-core machine, Playwright takes ~10 s to its first test.
describe("Ctrl-C with the real runners keeps what finished", { timeout: 300_000 }, () => {
  it("Playwright (run e2e): the cases that passed are in the partial report", async () => {
    const out = tempDir();
    const { cli, output, tracked } = startRun("e2e", out);
    await waitFor(() => playwrightPassed(output.text).length >= 2, "2 passed e2e cases", 200_000);
    tracked.snapshot();
    const seen = playwrightPassed(output.text);
    const interruptedAt = Date.now();
    cli.kill("SIGINT");
    const r = await cli;
    const stopMs = Date.now() - interruptedAt;

    expect(r.exitCode, String(r.all)).toBe(130);
    expect(stopMs).toBeLessThan(GRACE_MS.playwright + REPORT_MS);
    const suite = suiteOf(readRun(out), "e2e");
    expect(suite.status).toBe("interrupted");
    expect(suite.cases.filter((c) => c.status === "passed").length).toBeGreaterThanOrEqual(2);
    expectKeptAsPassed(out, suite, seen);
    // The cases that did not get to run are there too, as skipped.
    expect(suite.cases.some((c) => c.status === "skipped")).toBe(true);
    await expectNoProcessLeft(tracked);
  });

  it("vitest (run ccr): the test files that passed are in the partial report", async () => {
    const out = tempDir();
    const { cli, output, tracked } = startRun("ccr", out);
    await waitFor(
      () => vitestPassedFiles(output.text, "ccr").length >= 2,
      "2 passed ccr test files",
      200_000,
    );
    tracked.snapshot();
    const files = vitestPassedFiles(output.text, "ccr");
    const interruptedAt = Date.now();
    cli.kill("SIGINT");
    const r = await cli;
    const stopMs = Date.now() - interruptedAt;

    expect(r.exitCode, String(r.all)).toBe(130);
    expect(stopMs).toBeLessThan(GRACE_MS.vitest + REPORT_MS);
    const suite = suiteOf(readRun(out), "ccr");
    expect(suite.status).toBe("interrupted");
    const passed = suite.cases.filter((c) => c.status === "passed");
    expect(passed.length, JSON.stringify(suite.error)).toBeGreaterThanOrEqual(2);
    const junit = junitCases(out, "ccr");
    for (const f of files) {
      const ofFile = suite.cases.filter((c) => c.file === f.file);
      expect(ofFile.length, `cases of ${f.file} in run.json`).toBe(f.tests);
      const passedOf = (cases: CaseResult[]) =>
        cases.filter((c) => c.file === f.file && c.status === "passed").length;
      expect(passedOf(suite.cases), `passed cases of ${f.file} in run.json`).toBe(
        f.tests - f.skipped,
      );
      expect(passedOf(junit), `passed cases of ${f.file} in junit.xml`).toBe(f.tests - f.skipped);
      expectKeptAsPassed(out, suite, f.seen);
    }
    await expectNoProcessLeft(tracked);
  });

  it("k6 (run load): the points written before the stop are imported", async () => {
    const out = tempDir();
    const { cli, output, tracked } = startRun("load", out, { HYVVE_LOAD_DURATION: "20s" });
    await waitFor(() => output.text.includes("❯ load (k6)"), "k6 to start", 120_000);
    // k6 runs --quiet: its raw points show how far it got. It samples `vus`
    // once a second, so 5 of them and some requests: ~5 s into the test.
    // One k6 process per script: a2a-endpoints.ts is one of them.
    const points = join(out, "suites", "load", "k6-points-a2a_endpoints-0.json.gz");
    const count = (metric: string) =>
      existsSync(points)
        ? gunzipGrowing(readFileSync(points)).split(`"metric":"${metric}","type":"Point"`).length -
          1
        : 0;
    await waitFor(
      () => count("vus") >= 5 && count("http_reqs") > 0,
      "k6 to be ~5 s into the test",
      60_000,
    );
    tracked.snapshot();
    const interruptedAt = Date.now();
    cli.kill("SIGINT");
    const r = await cli;
    const stopMs = Date.now() - interruptedAt;

    expect(r.exitCode, String(r.all)).toBe(130);
    expect(stopMs).toBeLessThan(GRACE_MS.k6 + REPORT_MS);
    const suite = suiteOf(readRun(out), "load");
    expect(suite.status).toBe("interrupted");
    // k6 stopped the test itself (one SIGTERM; a second one kills it before handleSummary).
    const summary = join(out, "suites", "load", "k6-summary-a2a_endpoints-0.json");
    expect(existsSync(summary), `${summary} (k6's summary export)`).toBe(true);
    expect(suite.load?.requests ?? 0, JSON.stringify(suite.error)).toBeGreaterThan(0);
    // Stopped early: well short of the 20 s it was asked to run.
    expect(suite.load!.durationS).toBeLessThan(20);
    expect(readFileSync(join(out, "junit.xml"), "utf8")).toContain('<testsuite name="load"');
    await expectNoProcessLeft(tracked);
  });

  it("a second Ctrl-C exits at once and leaves no Playwright or Chromium process", async () => {
    const out = tempDir();
    const { cli, output, tracked } = startRun("e2e", out);
    await waitFor(() => playwrightPassed(output.text).length >= 1, "a passed e2e case", 200_000);
    tracked.snapshot();
    expect(tracked.names().join("\n")).toMatch(/playwright/);
    expect(tracked.names().join("\n")).toMatch(/chrom/i);
    cli.kill("SIGINT");
    await waitFor(
      () => output.text.includes("interrupted, stopping runners"),
      "the first interrupt's message",
      10_000,
    );
    tracked.snapshot();
    const secondAt = Date.now();
    cli.kill("SIGINT");
    const r = await cli;
    const exitMs = Date.now() - secondAt;

    expect(r.exitCode, String(r.all)).toBe(130);
    expect(String(r.stderr)).toContain("second interrupt, exiting now");
    expect(exitMs).toBeLessThan(2000);
    await expectNoProcessLeft(tracked);
  });
});
