/**
 * `--shard i/n`: every case runs in exactly one shard, and `report --run` of
 * the shards gives back the unsharded run. vitest shards by test file (the
 * shards project: three files of three cases), a `command` suite runs whole
 * in shard 1, and k6 runs execution segments whose raw points the merge
 * recomputes from.
 */
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { RunResult, SuiteResult } from "../../src/results/model.js";
import { REPO, hostEnv, runCli, tempDir, type CliResult } from "../helpers/cli.js";

const SHARDS_PROJECT = join(REPO, "test", "fixtures", "projects", "shards");

interface Run {
  cli: CliResult;
  out: string;
  run: RunResult;
}

/** `hyvve-qa ARGS --out TMP` in `cwd`, with the run.json it wrote. */
async function cli(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const out = tempDir("hyvve-qa-shards-");
  const r = await runCli([...args, "--out", out], { cwd, env, timeout: 180_000 });
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunResult;
  return { cli: r, out, run } satisfies Run;
}

/**
 * A copy of the shards project in a temp folder, so what runs leave in the
 * project (reports/, run history) lands there; node_modules links to the
 * repo's, so that its vitest config finds vitest.
 */
function project(): string {
  const dir = tempDir("hyvve-qa-shards-project-");
  cpSync(join(SHARDS_PROJECT, "checks"), join(dir, "checks"), { recursive: true });
  cpSync(join(SHARDS_PROJECT, "vitest.config.mjs"), join(dir, "vitest.config.mjs"));
  const config = join(SHARDS_PROJECT, "hyvve-qa.config.mjs");
  // Keep the fake runner's path pointing at the original.
  const text = readFileSync(config, "utf8").replaceAll(
    "import.meta.url",
    JSON.stringify(pathToFileURL(config).href),
  );
  writeFileSync(join(dir, "hyvve-qa.config.mjs"), text);
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** `run SUITES [--shard i/n]` in project `cwd` against the shared reference app. */
function runShards(cwd: string, suites: string[], shard?: string): Promise<Run> {
  const args = ["run", ...suites, "--ci", "--base-url", inject("refUrl")];
  return cli(shard ? [...args, "--shard", shard] : args, cwd);
}

function suiteOf(run: RunResult, name: string): SuiteResult {
  const suite = run.suites.find((s) => s.name === name);
  if (!suite) throw new Error(`no ${name} suite in run ${run.id}`);
  return suite;
}

const ids = (run: RunResult, name: string) => suiteOf(run, name).cases.map((c) => c.id);
const sorted = (list: readonly string[]) => [...list].sort();
const output = (r: Run) => r.cli.stdout + r.cli.stderr;

describe("vitest and command suites in shards", () => {
  const cwd = project();
  let whole: Run;
  let first: Run;
  let second: Run;

  beforeAll(async () => {
    [whole, first, second] = await Promise.all([
      runShards(cwd, ["unit", "pass"]),
      runShards(cwd, ["unit", "pass"], "1/2"),
      runShards(cwd, ["unit", "pass"], "2/2"),
    ]);
    for (const r of [whole, first, second]) expect(r.cli.exitCode, output(r)).toBe(0);
  }, 120_000);

  it("runs each vitest case in exactly one of two shards, and report --run gives the unsharded set", async () => {
    const all = ids(whole.run, "unit");
    expect(all).toHaveLength(9);
    const one = ids(first.run, "unit");
    const two = ids(second.run, "unit");
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    expect(one.filter((id) => two.includes(id))).toEqual([]);
    expect(sorted([...one, ...two])).toEqual(sorted(all));

    // Merged in the project (so the baseline is looked up as `run` does: none yet).
    const merged = await cli(
      ["report", "--run", join(first.out, "run.json"), join(second.out, "run.json")],
      cwd,
    );
    expect(merged.cli.exitCode, output(merged)).toBe(0);
    expect(sorted(ids(merged.run, "unit"))).toEqual(sorted(all));
    expect(suiteOf(merged.run, "unit").status).toBe("passed");
    expect(merged.run.suites.map((s) => s.name).sort()).toEqual(["pass", "unit"]);
    const junit = readFileSync(join(merged.out, "junit.xml"), "utf8");
    expect(junit.match(/<testcase /g)).toHaveLength(9 + 2);
  });

  it("runs a command suite whole in shard 1 only, so merged its cases appear once", async () => {
    const cases = sorted(ids(whole.run, "pass"));
    expect(cases).toHaveLength(2);
    expect(suiteOf(first.run, "pass")).toMatchObject({ status: "passed" });
    expect(sorted(ids(first.run, "pass"))).toEqual(cases);
    expect(suiteOf(second.run, "pass")).toMatchObject({
      status: "skipped",
      cases: [],
      notes: ["runs whole in shard 1 of 2 (a command cannot be split)"],
    });

    // Either order: the shard that ran speaks for the suite.
    const merged = await cli(
      ["report", "--run", join(second.out, "run.json"), join(first.out, "run.json")],
      cwd,
    );
    expect(merged.cli.exitCode, output(merged)).toBe(0);
    const pass = suiteOf(merged.run, "pass");
    expect(pass.status).toBe("passed");
    expect(sorted(pass.cases.map((c) => c.id))).toEqual(cases);
  });

  it("refuses the same run.json given twice (exit 2), writing nothing", async () => {
    const file = join(first.out, "run.json");
    const out = tempDir("hyvve-qa-shards-");
    const r = await runCli(["report", "--run", file, file, "--out", out], { cwd });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("E_INPUT");
    expect(r.stderr).toContain("given twice");
    expect(() => readFileSync(join(out, "run.json"))).toThrow();
  });

  it("refuses to merge runs of different environments (exit 2)", async () => {
    const other = join(tempDir("hyvve-qa-shards-"), "run.json");
    const run = JSON.parse(readFileSync(join(second.out, "run.json"), "utf8")) as RunResult;
    writeFileSync(other, JSON.stringify({ ...run, environment: { name: "staging" } }));
    const r = await runCli(
      ["report", "--run", join(first.out, "run.json"), other, "--out", tempDir()],
      { cwd },
    );
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("different kinds");
  });
});

describe("vitest with more shards than test files", () => {
  const cwd = project();
  it("runs each of 3 files in one of 4 shards; the 4th is skipped with a note, exit 0", async () => {
    const shards = await Promise.all(
      ["1/4", "2/4", "3/4", "4/4"].map((s) => runShards(cwd, ["unit"], s)),
    );
    for (const r of shards) expect(r.cli.exitCode, output(r)).toBe(0);
    const last = suiteOf(shards[3]!.run, "unit");
    expect(last).toMatchObject({
      status: "skipped",
      cases: [],
      notes: ["shard 4/4 is empty: the suite has 3 test files"],
    });
    expect(last.error).toBeUndefined();
    expect(shards[3]!.run.status).toBe("passed");
    // Shards 1–3 have a file each: vitest must not refuse them for having fewer files than shards.
    const perShard = shards.slice(0, 3).map((r) => ids(r.run, "unit"));
    for (const list of perShard) expect(list).toHaveLength(3);
    const all = perShard.flat();
    expect(new Set(all).size).toBe(9);
  });
});

/** Every `http_req_duration` value in a run folder's archived raw k6 points. */
function durations(run: Run): number[] {
  const values: number[] = [];
  for (const rel of suiteOf(run.run, "load").load!.sources!.rawPoints) {
    const text = gunzipSync(readFileSync(join(run.out, rel))).toString("utf8");
    for (const line of text.split("\n")) {
      if (!line) continue;
      const p = JSON.parse(line) as { type: string; metric: string; data: { value: number } };
      if (p.type === "Point" && p.metric === "http_req_duration") values.push(p.data.value);
    }
  }
  return values;
}

/** k6's percentile: rank pct·(n−1) of the sorted values, linearly interpolated. */
function k6Percentile(values: readonly number[], pct: number): number {
  const v = [...values].sort((a, b) => a - b);
  const i = pct * (v.length - 1);
  const lo = Math.floor(i);
  return v[lo]! + (v[Math.ceil(i)]! - v[lo]!) * (i - lo);
}

// Needs k6 (the pinned build in .cache/k6, `npm run setup`, or $HYVVE_K6). Each
// shard starts its own reference app (local target) and runs about 10 s. The
// latencies are real, so this file is in the `load` project of
// test/vitest.config.ts (alone, not beside browser tests); it asserts arithmetic
// over the points, so a crossed threshold alone does not fail it.
describe("k6 load suite in shards", { timeout: 180_000 }, () => {
  const load = (shard: string) =>
    cli(["run", "load", "--shard", shard, "--ci", "--no-baseline"], REPO, {
      ...hostEnv("HYVVE_K6"),
      HYVVE_LOAD_DURATION: "4s",
      HYVVE_REF_FAULTS: undefined,
    });

  it("report --run recomputes the merged load suite from both shards' raw points", async () => {
    // One after the other: two k6 runs side by side would measure each other.
    const first = await load("1/2");
    const second = await load("2/2");
    for (const r of [first, second]) {
      expect([0, 1], output(r)).toContain(r.cli.exitCode);
      const suite = suiteOf(r.run, "load");
      expect(suite.error, output(r)).toBeUndefined();
      expect(["passed", "failed"]).toContain(suite.status);
    }
    expect(suiteOf(first.run, "load").notes).toContainEqual(
      expect.stringContaining("execution segments 1–1 of 2 (shard 1/2)"),
    );
    expect(suiteOf(second.run, "load").notes).toContainEqual(
      expect.stringContaining("execution segments 2–2 of 2 (shard 2/2)"),
    );

    const merged = await cli(
      [
        "report",
        "--run",
        join(first.out, "run.json"),
        join(second.out, "run.json"),
        "--no-baseline",
        "--no-history",
      ],
      REPO,
    );
    expect([0, 1], output(merged)).toContain(merged.cli.exitCode);
    const suite = suiteOf(merged.run, "load");
    expect(merged.run.suites).toHaveLength(1);
    expect(suite.notes).toEqual([
      "merged from 2 shards: numbers and thresholds recomputed from all their raw points",
    ]);

    const a = suiteOf(first.run, "load").load!;
    const b = suiteOf(second.run, "load").load!;
    const values = [...durations(first), ...durations(second)];
    expect(a.requests).toBeGreaterThan(0);
    expect(b.requests).toBeGreaterThan(0);
    expect(suite.load!.requests).toBe(a.requests + b.requests);
    expect(suite.load!.requests).toBe(values.length);
    const p95 = k6Percentile(values, 0.95);
    expect(suite.load!.latencyMs.p95).toBeCloseTo(p95, 6);
    // Not the first shard's number (unless all points happen to agree on it).
    if (Math.abs(a.latencyMs.p95 - p95) > 1e-6)
      expect(suite.load!.latencyMs.p95).not.toBeCloseTo(a.latencyMs.p95, 6);
    expect(suite.load!.latencyMs.max).toBe(Math.max(a.latencyMs.max, b.latencyMs.max));
    // Each script stays itself in the merge: its scenario, and its thresholds as its own cases.
    const thresholdCases = (s: SuiteResult) =>
      s.cases
        .filter((c) => c.titlePath[0] === "thresholds")
        .map((c) => `${c.file} ${c.title}`)
        .sort();
    expect(thresholdCases(suite)).toEqual(thresholdCases(suiteOf(first.run, "load")));
    expect(thresholdCases(suite).filter((t) => t.endsWith(" http_req_duration p(95)<500"))).toEqual(
      ["a2a-endpoints", "ccr-routing", "dashboard-flow"].map(
        (s) => `suites/load/${s}.ts http_req_duration p(95)<500`,
      ),
    );
    expect(new Set(suite.load!.endpoints.map((e) => e.scenario))).toEqual(
      new Set(["a2a_endpoints", "ccr_routing", "dashboard_flow"]),
    );

    // The merged report keeps no points of its own: merging it again is refused, not miscounted.
    const inputs = [join(merged.out, "run.json"), join(first.out, "run.json")];
    const again = await runCli(
      ["report", "--run", ...inputs, "--out", tempDir(), "--no-baseline", "--no-history"],
      { cwd: REPO },
    );
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("cannot be merged again");
  });
});
