/**
 * The run history on disk (src/history/record.ts, src/history/store.ts): one
 * JSON Lines record per run, capped by start time, corrupt or foreign lines
 * skipped and counted, every rewrite atomic.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  caseEntry,
  failureSignature,
  HISTORY_SCHEMA_VERSION,
  recordOfRun,
  withLabel,
} from "../../src/history/record.js";
import {
  appendHistory,
  parseHistory,
  readHistory,
  serializeHistory,
} from "../../src/history/store.js";
import type { CaseResult, RunResult, SuiteResult } from "../../src/results/model.js";
import { writeFileAtomic } from "../../src/results/run-file.js";
import { tempDir } from "../helpers/cli.js";
// The same seeded PRNG the latency samples use (one implementation, one sequence).
import { mulberry32 } from "../../src/results/import/k6-sample.js";

/** How the next writeFileAtomic breaks: mid-write (half the bytes), before the rename, or not. */
const crash = vi.hoisted(() => ({ mode: undefined as "mid-write" | "before-rename" | undefined }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  const simulated = () => Object.assign(new Error("simulated crash"), { code: "EIO" });
  return {
    ...fs,
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (crash.mode !== "mid-write") return handle;
      return {
        writeFile: async (content: string | Buffer) => {
          await handle.writeFile(content.slice(0, Math.floor(content.length / 2)));
          throw simulated();
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    rename: async (...args: Parameters<typeof fs.rename>) => {
      if (crash.mode === "before-rename") throw simulated();
      return fs.rename(...args);
    },
  };
});

afterEach(() => {
  crash.mode = undefined;
});

const T0 = Date.parse("2026-03-01T08:00:00.000Z");

function testCase(id: string, status: CaseResult["status"], extra: Partial<CaseResult> = {}) {
  return {
    id,
    title: id,
    titlePath: [id],
    status,
    durationMs: 120,
    retries: 0,
    attachments: [],
    ...extra,
  } satisfies CaseResult;
}

function suite(name: string, cases: CaseResult[], extra: Partial<SuiteResult> = {}): SuiteResult {
  return {
    name,
    kind: "e2e",
    runner: "playwright",
    status: cases.some((c) => c.status === "failed") ? "failed" : "passed",
    durationMs: 1000,
    cases,
    ...extra,
  };
}

/** Run number `n`, started n minutes after T0 (so ids and start times sort alike). */
function run(n: number, suites: SuiteResult[] = [suite("e2e", [testCase("e2e::a", "passed")])]) {
  const startedAt = new Date(T0 + n * 60_000).toISOString();
  return {
    schemaVersion: 1,
    id: `run-${String(n).padStart(3, "0")}`,
    startedAt,
    finishedAt: startedAt,
    environment: { name: "local" },
    git: { commit: "abc123", branch: "main" },
    status: suites.some((s) => s.status === "failed") ? "failed" : "passed",
    suites,
  } satisfies RunResult;
}

function historyFile(): string {
  return join(tempDir("hyvve-qa-history-"), "reports", "history.jsonl");
}

describe("recordOfRun", () => {
  it("keeps per case its status, duration, retries and failure signature, per suite its counts, per endpoint its latencies and sample", () => {
    const failure = { message: "expected 200 to be 404\n    at spec.ts:12:3" };
    const r = run(1, [
      suite("e2e", [
        testCase("e2e::ok", "passed", { durationMs: 812.5 }),
        testCase("e2e::bad", "failed", { durationMs: 40, failure }),
        testCase("e2e::retried", "flaky", { retries: 2 }),
        testCase("e2e::off", "skipped", { durationMs: null }),
      ]),
      suite("load", [], {
        kind: "load",
        runner: "k6",
        load: {
          durationS: 10,
          requests: 100,
          rps: 10,
          errorRate: 0,
          checks: { passes: 100, fails: 0 },
          latencyMs: { p50: 5, p90: 8, p95: 9, p99: 12, max: 20 },
          endpoints: [
            {
              scenario: "browse",
              endpoint: "GET /api/items",
              requests: 100,
              rps: 10,
              errorRate: 0.01,
              latencyMs: { p50: 5, p90: 8, p95: 9, p99: 12, max: 20 },
            },
          ],
          thresholds: [],
          series: [],
        },
      }),
    ]);
    const finishedAt = "2026-03-01T08:02:30.000Z";
    const record = recordOfRun({ ...r, finishedAt, profile: "smoke" });
    expect(record).toEqual({
      v: HISTORY_SCHEMA_VERSION,
      runId: "run-001",
      startedAt: "2026-03-01T08:01:00.000Z",
      durationMs: 90_000,
      environment: "local",
      profile: "smoke",
      git: { commit: "abc123", branch: "main" },
      outcome: "failed",
      suites: {
        e2e: { durationMs: 1000, passed: 1, failed: 1, flaky: 1, skipped: 1 },
        load: { durationMs: 1000, passed: 0, failed: 0, flaky: 0, skipped: 0 },
      },
      load: {
        "load › browse › GET /api/items": {
          requests: 100,
          errorRate: 0.01,
          p50: 5,
          p95: 9,
          p99: 12,
        },
      },
      // Columnar, ids sorted: bad, off, ok, retried.
      ids: ["e2e::bad", "e2e::off", "e2e::ok", "e2e::retried"],
      status: "fspr",
      durations: [40, null, 812.5, 120],
      retries: { 3: 2 },
      signatures: { 0: failureSignature({ failure }) },
    });
    expect(caseEntry(record, "e2e::bad")).toEqual({
      status: "failed",
      durationMs: 40,
      retries: 0,
      signature: failureSignature({ failure }),
    });
    expect(caseEntry(record, "e2e::retried")).toMatchObject({ status: "flaky", retries: 2 });
    expect(caseEntry(record, "e2e::nope")).toBeUndefined();
    // The verdict's status, when there is one, is the outcome.
    const judged = { ...run(2), verdict: { status: "error" as const, exitCode: 2, reasons: [] } };
    expect(recordOfRun(judged).outcome).toBe("error");
  });

  it("labels a run imported from another tool, under the environment and profile named", () => {
    const imported = { ...run(3), environment: { name: "imported" } };
    // Another tool's run: imported, whether or not a name is given.
    expect(recordOfRun(imported)).toMatchObject({ environment: "imported", imported: true });
    expect(recordOfRun(imported).profile).toBeUndefined();
    const named = withLabel(recordOfRun(imported), { environment: "ci-linux", profile: "nightly" });
    expect(named).toMatchObject({ environment: "ci-linux", profile: "nightly", imported: true });
    // A run of hyvve-qa's own is not labelled.
    expect("imported" in recordOfRun(run(4))).toBe(false);
  });
});

describe("appendHistory / readHistory", () => {
  it("round-trips records, one JSON line each, oldest first", async () => {
    const path = historyFile();
    const first = recordOfRun(run(1));
    const second = recordOfRun(
      run(2, [
        suite("e2e", [
          testCase("e2e::a", "failed", { failure: { message: "boom" } }),
          testCase("e2e::b", "skipped", { durationMs: null }),
        ]),
      ]),
    );
    // Appended newest first: the file is still in start order.
    await appendHistory(path, [second], 200);
    expect(await appendHistory(path, [first], 200)).toEqual({
      records: [first, second],
      skipped: 0,
    });
    expect(await readHistory(path)).toEqual({ records: [first, second], skipped: 0 });
    // A dictionary line before each record that needs a new one: two case sets, two dictionaries.
    const lines = readFileSync(path, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => ("ids" in l ? `dict ${l.ids.join(",")}` : l.runId))).toEqual([
      "dict e2e::a",
      "run-001",
      "dict e2e::a,e2e::b",
      "run-002",
    ]);
  });

  it("round-trips the imported label, and a record without it stays without it", async () => {
    const path = historyFile();
    const imported = withLabel(recordOfRun({ ...run(1), environment: { name: "imported" } }), {
      environment: "ci",
      profile: "nightly",
    });
    const own = recordOfRun(run(2));
    await appendHistory(path, [imported, own], 200);
    expect(await readHistory(path)).toEqual({ records: [imported, own], skipped: 0 });
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.filter((l) => l.includes('"imported":true'))).toHaveLength(1);
  });

  it("stores the case ids once for every run of the same cases", async () => {
    const path = historyFile();
    const cases = Array.from({ length: 50 }, (_, i) => testCase(`e2e::case ${i}`, "passed"));
    const runs = Array.from({ length: 20 }, (_, n) => recordOfRun(run(n, [suite("e2e", cases)])));
    await appendHistory(path, runs, 200);
    const text = readFileSync(path, "utf8");
    expect(text.split("\n").filter((l) => l.includes('"ids"'))).toHaveLength(1);
    expect(text.match(/e2e::case 7"/g)).toHaveLength(1);
    const { records } = await readHistory(path);
    expect(records).toEqual(runs);
    // Read back, the runs share one id list (one index for all of them).
    expect(new Set(records.map((r) => r.ids)).size).toBe(1);
  });

  it("writes ASCII only (quicker to read back) and round-trips names that are not", () => {
    const names = ["e2e::überprüft › ✓", "e2e::emoji 😀", "e2e::plain"];
    const r = recordOfRun(
      run(1, [
        suite(
          "e2e",
          names.map((id) => testCase(id, "passed")),
        ),
      ]),
    );
    const text = serializeHistory([r]);
    expect([...text].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(parseHistory(text).records).toEqual([r]);
  });

  it("a lost or corrupt dictionary line skips only the records that need it", () => {
    const a = recordOfRun(run(1));
    const b = recordOfRun(run(2, [suite("e2e", [testCase("e2e::other", "passed")])]));
    const lines = serializeHistory([a, b]).trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    const broken = [lines[0], lines[1], lines[2]!.slice(0, 20), lines[3]].join("\n");
    expect(parseHistory(broken)).toEqual({ records: [a], skipped: 2 });
    // A record whose dictionary holds another number of ids is not read against it.
    const wrong = JSON.stringify({ ...JSON.parse(lines[1]!), status: "pp", durations: [1, 2] });
    expect(parseHistory([lines[0], wrong].join("\n"))).toEqual({ records: [], skipped: 1 });
  });

  it("reads version 1 lines (one tuple per case) as today's records", () => {
    const v1 = {
      v: 1,
      runId: "old",
      startedAt: "2026-01-01T00:00:00.000Z",
      environment: "local",
      git: {},
      outcome: "failed",
      cases: { "e2e::z": ["failed", 12.34, 1, "abc"], "e2e::a": ["passed", 5, 0, null] },
    };
    expect(parseHistory(`${JSON.stringify(v1)}\n`)).toEqual({
      records: [
        {
          v: HISTORY_SCHEMA_VERSION,
          runId: "old",
          startedAt: "2026-01-01T00:00:00.000Z",
          environment: "local",
          git: {},
          outcome: "failed",
          ids: ["e2e::a", "e2e::z"],
          status: "pf",
          durations: [5, 12.3],
          retries: { 1: 1 },
          signatures: { 1: "abc" },
        },
      ],
      skipped: 0,
    });
  });

  it("a missing file is an empty history", async () => {
    expect(await readHistory(historyFile())).toEqual({ records: [], skipped: 0 });
  });

  it("replaces the record of a run id appended again", async () => {
    const path = historyFile();
    await appendHistory(path, [recordOfRun(run(1)), recordOfRun(run(2))], 200);
    const again = { ...recordOfRun(run(2)), outcome: "failed" };
    const { records } = await appendHistory(path, [again], 200);
    expect(records.map((r) => [r.runId, r.outcome])).toEqual([
      ["run-001", "passed"],
      ["run-002", "failed"],
    ]);
  });

  it("holds the cap: 250 runs appended in random order with cap 200 keep the 200 newest by startedAt", async () => {
    const path = historyFile();
    const order = Array.from({ length: 250 }, (_, i) => i);
    const random = mulberry32(7);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    expect(order.slice(0, 5)).not.toEqual([0, 1, 2, 3, 4]); // really shuffled
    let longest = 0;
    for (const n of order) {
      const { records } = await appendHistory(path, [recordOfRun(run(n))], 200);
      longest = Math.max(longest, records.length);
    }
    expect(longest).toBe(200);
    const { records, skipped } = await readHistory(path);
    expect(skipped).toBe(0);
    expect(records).toHaveLength(200);
    // Runs 50…249 (the newest), oldest first.
    expect(records.map((r) => r.runId)).toEqual(
      Array.from({ length: 200 }, (_, i) => `run-${String(i + 50).padStart(3, "0")}`),
    );
    expect(records[0]!.startedAt).toBe("2026-03-01T08:50:00.000Z");
  });

  it("skips and counts a half-written last line, a foreign version and garbage; reads the rest", async () => {
    const path = historyFile();
    mkdirSync(join(path, ".."), { recursive: true });
    const good = [recordOfRun(run(1)), recordOfRun(run(2)), recordOfRun(run(3))];
    // One dictionary line (the same cases in every run), then a line per run.
    const [dict, first, second, third] = serializeHistory(good).trimEnd().split("\n");
    const half = serializeHistory([recordOfRun(run(4))])
      .trimEnd()
      .split("\n")[1]!;
    const foreign = JSON.stringify({ ...JSON.parse(first!), v: 99, runId: "from-the-future" });
    writeFileSync(
      path,
      [
        dict,
        first,
        foreign,
        second,
        "", // blank lines are nothing, not corrupt
        "}{ not json at all",
        JSON.stringify({ ...JSON.parse(third!), extra: "unknown key" }), // strict: not a record
        third,
        half.slice(0, half.length / 2), // the crash of an old writer: no newline, cut mid-record
      ].join("\n"),
    );
    expect(await readHistory(path)).toEqual({ records: good, skipped: 4 });
    expect(parseHistory(`${half.slice(0, 40)}\n`)).toEqual({ records: [], skipped: 1 });
    // A record line whose status letters are not statuses, or whose durations are not durations.
    const bad = (patch: object) => JSON.stringify({ ...JSON.parse(first!), ...patch });
    expect(parseHistory([dict, bad({ status: "x" })].join("\n")).skipped).toBe(1);
    expect(parseHistory([dict, bad({ durations: [-1] })].join("\n")).skipped).toBe(1);
    expect(parseHistory([dict, bad({ durations: ["1"] })].join("\n")).skipped).toBe(1);
    expect(parseHistory('{"v":99,"runId":"x"}\n42\nnull\n')).toEqual({ records: [], skipped: 3 });
  });

  it("appending onto a file with a corrupt line keeps every good record", async () => {
    const path = historyFile();
    mkdirSync(join(path, ".."), { recursive: true });
    const [a, b, c] = [recordOfRun(run(1)), recordOfRun(run(2)), recordOfRun(run(3))];
    const lines = serializeHistory([a, b]).trimEnd().split("\n");
    writeFileSync(path, `${lines[0]}\n${lines[1]}\n{"v":2,"runId":"trunc\n${lines[2]}\n`);
    expect(await appendHistory(path, [c], 200)).toEqual({ records: [a, b, c], skipped: 1 });
    // The corrupt line is gone from the rewritten file, the good ones are all there.
    expect(readFileSync(path, "utf8")).toBe(serializeHistory([a, b, c]));
    expect(await readHistory(path)).toEqual({ records: [a, b, c], skipped: 0 });
  });
});

describe("a crash while the history is written", () => {
  async function seeded(): Promise<{ path: string; before: string }> {
    const path = historyFile();
    await appendHistory(path, [recordOfRun(run(1)), recordOfRun(run(2))], 200);
    return { path, before: readFileSync(path, "utf8") };
  }

  for (const mode of ["mid-write", "before-rename"] as const) {
    it(`${mode}: the previous file stays intact and no temp file is left`, async () => {
      const { path, before } = await seeded();
      crash.mode = mode;
      await expect(appendHistory(path, [recordOfRun(run(3))], 200)).rejects.toThrow(
        "simulated crash",
      );
      crash.mode = undefined;
      expect(readFileSync(path, "utf8")).toBe(before);
      expect(readdirSync(join(path, ".."))).toEqual(["history.jsonl"]);
      expect((await readHistory(path)).records.map((r) => r.runId)).toEqual(["run-001", "run-002"]);
      // And the next append works as if nothing happened.
      await appendHistory(path, [recordOfRun(run(3))], 200);
      expect((await readHistory(path)).records).toHaveLength(3);
    });
  }

  it("a real failure (a directory where the file should go): nothing replaced, no temp file", async () => {
    const dir = tempDir("hyvve-qa-history-");
    const target = join(dir, "history.jsonl");
    mkdirSync(target);
    writeFileSync(join(target, "keep"), "old");
    await expect(writeFileAtomic(target, "new\n")).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(["history.jsonl"]);
    expect(readFileSync(join(target, "keep"), "utf8")).toBe("old");
  });

  it("a history path whose parent is a file: the append fails, the file is untouched", async () => {
    const dir = tempDir("hyvve-qa-history-");
    const parent = join(dir, "not-a-dir");
    writeFileSync(parent, "precious\n");
    await expect(
      appendHistory(join(parent, "history.jsonl"), [recordOfRun(run(1))], 200),
    ).rejects.toThrow();
    expect(readFileSync(parent, "utf8")).toBe("precious\n");
    expect(readdirSync(dir)).toEqual(["not-a-dir"]);
  });
});

describe("failureSignature", () => {
  const sig = (message: string) => failureSignature({ failure: { message } });

  it("is the same for messages that differ only in numbers, ports, ids or quoted values", () => {
    const same: [string, string][] = [
      ["connect ECONNREFUSED 127.0.0.1:5173", "connect ECONNREFUSED 127.0.0.1:40123"],
      [
        "Timeout 5000ms exceeded waiting for locator",
        "Timeout 30000ms exceeded waiting for locator",
      ],
      ["expected 200 to be 404", "expected 500 to be 404"],
      ["took 1.25 s, limit 1 s", "took 13.5 s, limit 1 s"],
      // A number of 8 digits or more is still just a number.
      ["heap grew by 1234567 bytes", "heap grew by 12345678 bytes"],
      ["request 3f2a9c1b7d failed", "request 0a9e77c4e1 failed"],
      ['no element "#save" on the page', 'no element "#cancel" on the page'],
      // Only the first line counts: the stack below it may move.
      ["expected 1 to be 2\n    at a.spec.ts:10:5", "expected 1 to be 2\n    at b.spec.ts:99:1"],
    ];
    for (const [a, b] of same) {
      expect(sig(a), `${a} / ${b}`).toMatch(/^[0-9a-f]{12}$/);
      expect(sig(a), `${a} / ${b}`).toBe(sig(b));
    }
  });

  it("differs for different assertions", () => {
    const different: [string, string][] = [
      ["expected button to be visible", "expected button to be hidden"],
      ["expected 200 to be 404", "expected 200 to deeply equal 404"],
      ["connect ECONNREFUSED 127.0.0.1:5173", "connect ETIMEDOUT 127.0.0.1:5173"],
    ];
    for (const [a, b] of different) expect(sig(a), `${a} / ${b}`).not.toBe(sig(b));
  });

  it("is null without a failure message", () => {
    expect(failureSignature({})).toBeNull();
    expect(sig("")).toBeNull();
    expect(sig("   \nat x")).toBeNull();
  });
});
