/**
 * The history's line shapes, checked by hand. A history is read before the
 * first runner starts (its wall times order the plan), and loading zod costs
 * about as long as the rest of start-up; a line that does not fit is only
 * counted as skipped, so no message is needed, only yes or no.
 * record-schema.ts keeps the same shapes in zod, as the types' source and as
 * the reference test/history/line-check.unit.test.ts holds these checks to.
 */
import { HISTORY_SCHEMA_VERSION } from "./record.js";

type Check = (value: unknown) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const string: Check = (v) => typeof v === "string";
const number: Check = (v) => typeof v === "number" && Number.isFinite(v);
const nonNegative: Check = (v) => number(v) && (v as number) >= 0;
const count: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const positiveInt: Check = (v) => Number.isInteger(v) && (v as number) > 0;
const literal =
  (expected: unknown): Check =>
  (v) =>
    v === expected;
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);
const arrayOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
const tuple =
  (...checks: readonly Check[]): Check =>
  (v) =>
    Array.isArray(v) && v.length === checks.length && checks.every((c, i) => c(v[i]));
const recordOf =
  (check: Check): Check =>
  (v) =>
    isObject(v) && Object.values(v).every(check);

/** An object with exactly these keys (optional ones may be absent), each passing its check. */
function strict(shape: Record<string, Check>): Check {
  return (v) =>
    isObject(v) &&
    Object.keys(v).every((key) => Object.hasOwn(shape, key)) &&
    Object.entries(shape).every(([key, check]) => check(v[key]));
}

const endpointEntry = strict({
  requests: number,
  errorRate: number,
  p50: number,
  p95: number,
  p99: number,
  sample: optional(arrayOf((v) => typeof v === "number")),
});

const suiteEntry = strict({
  durationMs: nullable(nonNegative),
  passed: count,
  failed: count,
  flaky: count,
  skipped: count,
});

const runFields = {
  runId: string,
  startedAt: string,
  durationMs: optional(nonNegative),
  environment: string,
  profile: optional(string),
  imported: optional(literal(true)),
  git: strict({ commit: optional(string), branch: optional(string) }),
  outcome: string,
  load: optional(recordOf(endpointEntry)),
};

/** Every element a non-negative number or null, in one loop (millions of values in a big history). */
export function isDurationArray(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    if (d !== null && !(typeof d === "number" && d >= 0 && d !== Infinity)) return false;
  }
  return true;
}

const storedRecordShape = strict({
  v: literal(HISTORY_SCHEMA_VERSION),
  ...runFields,
  dict: string,
  status: (v) => typeof v === "string" && /^[pfrs]*$/.test(v),
  durations: isDurationArray,
  retries: optional(recordOf(positiveInt)),
  signatures: optional(recordOf(string)),
  suites: optional(recordOf(suiteEntry)),
});

/** A record line as stored (its ids in a dictionary line), status and durations of one length. */
export function isStoredRecordLine(v: unknown): boolean {
  return (
    storedRecordShape(v) &&
    (v as { status: string }).status.length === (v as { durations: unknown[] }).durations.length
  );
}

/** A dictionary line: the sorted case ids that records naming `dict` share. */
export const isDictionaryLine = strict({
  v: literal(HISTORY_SCHEMA_VERSION),
  dict: string,
  ids: arrayOf(string),
});

/** A version 1 record (one tuple per case under its id). */
export const isRecordV1Line = strict({
  v: literal(1),
  ...runFields,
  cases: recordOf(
    tuple(
      oneOf("passed", "failed", "skipped", "flaky"),
      nullable(nonNegative),
      count,
      nullable(string),
    ),
  ),
});
