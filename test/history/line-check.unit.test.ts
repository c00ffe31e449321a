/**
 * The history's hand-written line checks (src/history/line-check.ts) held to
 * the zod schemas (src/history/record-schema.ts): for valid lines of every
 * kind and for every single-field mutation of them (a key removed, a key
 * added, each value replaced by each of a set of wrong values), both say the
 * same yes or no.
 */
import { describe, expect, it } from "vitest";
import {
  isDictionaryLine,
  isRecordV1Line,
  isStoredRecordLine,
} from "../../src/history/line-check.js";
import {
  dictionaryLineSchema,
  recordV1Schema,
  storedRecordSchema,
} from "../../src/history/record-schema.js";

const run = {
  runId: "r1",
  startedAt: "2026-12-07T00:00:00.000Z",
  durationMs: 1200,
  environment: "local",
  profile: "smoke",
  imported: true,
  git: { commit: "abc", branch: "main" },
  outcome: "passed",
  load: {
    "load › a2a › navi": { requests: 10, errorRate: 0, p50: 1, p95: 2.5, p99: 3, sample: [1, 2] },
  },
};

const stored = {
  v: 2,
  ...run,
  dict: "0123456789abcdef",
  status: "pfrs",
  durations: [1.5, null, 0, 20],
  retries: { "2": 1 },
  signatures: { "1": "boom" },
  suites: { e2e: { durationMs: null, passed: 1, failed: 1, flaky: 1, skipped: 1 } },
};

const dictionary = { v: 2, dict: "0123456789abcdef", ids: ["a", "b", "c", "d"] };

const v1 = {
  v: 1,
  ...run,
  cases: { "e2e › a": ["passed", 12, 0, null], "e2e › b": ["failed", null, 2, "boom"] },
};

/** Values no field of these shapes takes all of: each replaces each field in turn. */
const WRONG: unknown[] = [
  undefined,
  null,
  "x",
  "",
  -1,
  0,
  1.5,
  3,
  true,
  false,
  [],
  [1],
  ["passed", 1, 0, null, "extra"],
  {},
  { extra: 1 },
  "pfx",
];

/** The value, and every variant with one field (at any depth) changed, removed or added. */
function* variants(value: unknown): Generator<unknown> {
  yield value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++)
      for (const child of variants(value[i]))
        if (child !== value[i]) yield value.map((v, j) => (j === i ? child : v));
    yield [...value, 1];
    return;
  }
  if (typeof value !== "object" || value === null) {
    yield* WRONG;
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const { [key]: _removed, ...without } = object;
    yield without;
    for (const child of variants(object[key]))
      if (child !== object[key]) yield { ...object, [key]: child };
  }
  yield { ...object, unknownKey: 1 };
}

const cases = [
  ["a stored record", stored, isStoredRecordLine, storedRecordSchema],
  ["a dictionary line", dictionary, isDictionaryLine, dictionaryLineSchema],
  ["a version 1 record", v1, isRecordV1Line, recordV1Schema],
] as const;

describe.each(cases)("%s", (_name, valid, check, schema) => {
  it("passes when valid", () => {
    expect(check(valid)).toBe(true);
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it("agrees with the zod schema on every one-field mutation", () => {
    let accepted = 0;
    let rejected = 0;
    for (const variant of variants(valid)) {
      const expected = schema.safeParse(variant).success;
      if (check(variant) !== expected)
        throw new Error(`disagrees (zod: ${expected}) on ${JSON.stringify(variant)}`);
      if (expected) accepted++;
      else rejected++;
    }
    // Both kinds are exercised, not only rejections.
    expect(accepted).toBeGreaterThan(1);
    expect(rejected).toBeGreaterThan(50);
  });
});

it("rejects a stored record whose status and durations differ in length, as the schema does", () => {
  const short = { ...stored, durations: [1] };
  expect(isStoredRecordLine(short)).toBe(false);
  expect(storedRecordSchema.safeParse(short).success).toBe(false);
});
