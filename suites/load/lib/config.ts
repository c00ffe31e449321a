// Shared configuration of the HYVVE load scripts (spec DM-09.6): where to send
// requests, how to authenticate, the thresholds, the two profiles, and a W3C
// traceparent per request. Everything comes from the environment the CLI
// hands over (fixtures/reference-app/CONTRACT.md): HYVVE_BASE_URL,
// HYVVE_TOKEN, HYVVE_WORKSPACE_ID, HYVVE_ENV, HYVVE_PROFILE (smoke|full).
//
// Knobs for tests and benchmarks: HYVVE_LOAD_DURATION sets the smoke
// profile's length (default 20s, at most 2m); HYVVE_LOAD_MAX_VUS caps every
// stage (default 100, at most 500); HYVVE_LOAD_THINK_S sets the think time
// between iterations (default 0.3 s smoke, 1 s full). Runs stay bounded
// whatever the knobs say.
import { Counter } from "k6/metrics";
import { randomBytes } from "k6/crypto";

export const BASE_URL = (__ENV["HYVVE_BASE_URL"] ?? "http://127.0.0.1:7777").replace(/\/$/, "");
/** AgentOS (A2A, the API) and CCR at their own URLs, as deployed (spec DM-09.6); else the base URL. */
export const AGENTS_URL = (__ENV["HYVVE_AGENTS_URL"] || BASE_URL).replace(/\/$/, "");
export const CCR_URL = (__ENV["HYVVE_CCR_URL"] || BASE_URL).replace(/\/$/, "");
export const TOKEN = __ENV["HYVVE_TOKEN"] ?? "";
export const WORKSPACE_ID = __ENV["HYVVE_WORKSPACE_ID"] ?? "ws-qa";
export const ENVIRONMENT = __ENV["HYVVE_ENV"] ?? "local";
export const PROFILE: "smoke" | "full" = __ENV["HYVVE_PROFILE"] === "full" ? "full" : "smoke";

/** The spec's thresholds: p95 < 500 ms, p99 < 1000 ms, failed requests < 1 %. */
export const LIMITS = { p95Ms: 500, p99Ms: 1000, failedRate: 0.01, checksRate: 0.99 } as const;

const HARD_MAX_VUS = 500;
const HARD_MAX_SMOKE_S = 120;

export const MAX_VUS = Math.min(HARD_MAX_VUS, positiveInt(__ENV["HYVVE_LOAD_MAX_VUS"], 100));

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** "20s", "1m", "1m30s" → seconds; undefined when it is not such a duration. */
export function durationSeconds(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const m = /^(?:(\d+)m)?(?:(\d+)s)?$/.exec(raw.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

export const SMOKE_SECONDS = Math.min(
  HARD_MAX_SMOKE_S,
  durationSeconds(__ENV["HYVVE_LOAD_DURATION"]) ?? 20,
);

/** Think time between iterations: short in smoke (to get numbers quickly), the spec's 1 s in full; HYVVE_LOAD_THINK_S overrides (benchmarks use 0). */
const thinkOverride = Number(__ENV["HYVVE_LOAD_THINK_S"] ?? "NaN");
export const THINK_S =
  Number.isFinite(thinkOverride) && thinkOverride >= 0
    ? Math.min(thinkOverride, 10)
    : PROFILE === "full"
      ? 1
      : 0.3;

export interface Stage {
  duration: string;
  target: number;
}

export interface ScenarioShape {
  /** VUs of the smoke profile ("a few"). */
  smokeVus: number;
  /** The full profile: ramp-up, steady, spike, recovery, ramp-down. */
  fullStages: Stage[];
}

/** One k6 scenario for the current profile, bounded in VUs and time. */
export function scenario(exec: string, shape: ScenarioShape): Record<string, unknown> {
  if (PROFILE === "smoke") {
    return {
      executor: "constant-vus",
      exec,
      vus: Math.min(shape.smokeVus, MAX_VUS),
      duration: `${SMOKE_SECONDS}s`,
      gracefulStop: "5s",
    };
  }
  return {
    executor: "ramping-vus",
    exec,
    startVUs: 0,
    stages: shape.fullStages.map((s) => ({
      duration: s.duration,
      target: Math.min(s.target, MAX_VUS),
    })),
    gracefulRampDown: "10s",
    gracefulStop: "10s",
  };
}

/**
 * Thresholds: overall, and per endpoint so that a crossed threshold names the
 * endpoint that crossed it. Keys are k6 submetric selectors.
 */
/** Every threshold made in this test, recorded at init time (k6 rewrites `options` later). */
const declared = new Set<string>();

export function thresholdsFor(endpoints: readonly string[]): Record<string, string[]> {
  const latency = [`p(95)<${LIMITS.p95Ms}`, `p(99)<${LIMITS.p99Ms}`];
  const failed = [`rate<${LIMITS.failedRate}`];
  const out: Record<string, string[]> = {
    http_req_duration: latency,
    http_req_failed: failed,
    checks: [`rate>${LIMITS.checksRate}`],
  };
  for (const e of endpoints) {
    out[`http_req_duration{endpoint:${e}}`] = latency;
    out[`http_req_failed{endpoint:${e}}`] = failed;
  }
  for (const [metric, list] of Object.entries(out))
    for (const expression of list) declared.add(`${metric}\u0000${expression}`);
  return out;
}

export interface ScriptOptions {
  scenarios: Record<string, Record<string, unknown>>;
  thresholds: Record<string, string[]>;
  [key: string]: unknown;
}

/** Options every script shares: tags, the trend stats of the summary (with p99), no remote calls. */
export function loadOptions(
  scenarios: Record<string, Record<string, unknown>>,
  endpoints: readonly string[],
): ScriptOptions {
  return {
    scenarios,
    thresholds: thresholdsFor(endpoints),
    tags: { environment: ENVIRONMENT, profile: PROFILE },
    summaryTrendStats: ["avg", "min", "med", "max", "p(90)", "p(95)", "p(99)"],
    // Trace ids are ours; keep k6's default system tags lean so raw output stays small.
    systemTags: [
      "status",
      "method",
      "name",
      "group",
      "check",
      "error_code",
      "scenario",
      "expected_response",
    ],
  };
}

/** Several scripts' options as one test (the CLI runs the suite as one k6 process per instance). */
export function mergeOptions(all: readonly ScriptOptions[]): ScriptOptions {
  const merged: ScriptOptions = { ...all[0], scenarios: {}, thresholds: {} };
  for (const o of all) {
    for (const [name, s] of Object.entries(o.scenarios)) {
      if (merged.scenarios[name]) throw new Error(`two load scripts define the scenario "${name}"`);
      merged.scenarios[name] = s;
    }
    for (const [metric, list] of Object.entries(o.thresholds)) {
      merged.thresholds[metric] = [...new Set([...(merged.thresholds[metric] ?? []), ...list])];
    }
  }
  return merged;
}

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i < 16 ? "0" : "") + i.toString(16));

function hex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!]!;
  return s;
}

/** A fresh W3C traceparent (version 00, sampled): 16-byte trace id, 8-byte parent id, never all zero. */
export function traceparent(): string {
  const b = new Uint8Array(randomBytes(24));
  b[0] = b[0]! | 1;
  b[16] = b[16]! | 1;
  return `00-${hex(b.subarray(0, 16))}-${hex(b.subarray(16, 24))}-01`;
}

/** Request params: auth, workspace, a fresh traceparent, and the endpoint tag (also the URL group name). */
export function params(
  endpoint: string,
  workspaceId: string = WORKSPACE_ID,
): { headers: Record<string, string>; tags: Record<string, string>; timeout: string } {
  return {
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      "X-Workspace-Id": workspaceId,
      "Content-Type": "application/json",
      traceparent: traceparent(),
    },
    tags: { endpoint, name: endpoint },
    timeout: "10s",
  };
}

/** JSON body of a response, or undefined when it is not JSON. */
export function jsonBody(body: string | null): Record<string, unknown> | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// Every threshold is also written into the raw output as one point of this
// counter (value 0, the definition in its tags), so that raw points alone —
// e.g. from a distributed k6-operator run — say which thresholds applied.
const thresholdDeclarations = new Counter("hyvve_threshold");

/** Call from setup(): one point per threshold made (at init) by thresholdsFor. */
export function declareThresholds(): void {
  for (const key of declared) {
    const [metric, expression] = key.split("\u0000");
    thresholdDeclarations.add(0, { threshold_metric: metric!, threshold_expression: expression! });
  }
}

/** handleSummary: the full summary data as JSON where the CLI asked for it, nothing on stdout. */
export function summaryOutput(data: unknown): Record<string, string> {
  const path = __ENV["HYVVE_K6_SUMMARY"];
  return path ? { [path]: JSON.stringify(data) } : {};
}
