import { randomBytes } from "node:crypto";
import type { Fault } from "../../fixtures/reference-app/shared/faults.js";

// What every HTTP suite needs to reach the stack under test. The CLI hands
// these env vars to every runner (fixtures/reference-app/CONTRACT.md):
// HYVVE_BASE_URL, HYVVE_TOKEN, HYVVE_WORKSPACE_ID, HYVVE_ENV, HYVVE_FAULTS.

export interface Target {
  /** The web app (HYVVE_BASE_URL): pages, and the admin switch. */
  baseUrl: string;
  /** AgentOS: A2A, the API, /metrics (HYVVE_AGENTS_URL; default the base URL). */
  agentsUrl: string;
  /** The CCR service (HYVVE_CCR_URL; default the base URL). */
  ccrUrl: string;
  token: string | undefined;
  workspaceId: string;
  env: "local" | "staging" | "production";
  /** The faults the reference app was started with (local only). */
  startupFaults: Fault[];
}

let cached: Target | undefined;

export function target(): Target {
  if (cached) return cached;
  const baseUrl = process.env["HYVVE_BASE_URL"];
  if (!baseUrl) {
    throw new Error(
      "HYVVE_BASE_URL is not set: run this suite through the CLI (`hyvve-qa run ccr`), which starts the stack and hands its URL to vitest",
    );
  }
  const env = process.env["HYVVE_ENV"] ?? "local";
  if (env !== "local" && env !== "staging" && env !== "production") {
    throw new Error(`HYVVE_ENV=${env}: expected local, staging or production`);
  }
  let startupFaults: Fault[] = [];
  try {
    startupFaults = JSON.parse(process.env["HYVVE_FAULTS"] || "[]") as Fault[];
  } catch {
    throw new Error("HYVVE_FAULTS is not a JSON fault list");
  }
  const trim = (url: string) => url.replace(/\/$/, "");
  cached = {
    baseUrl: trim(baseUrl),
    agentsUrl: trim(process.env["HYVVE_AGENTS_URL"] || baseUrl),
    ccrUrl: trim(process.env["HYVVE_CCR_URL"] || baseUrl),
    token: process.env["HYVVE_TOKEN"] || undefined,
    workspaceId: process.env["HYVVE_WORKSPACE_ID"] || "ws-qa",
    env,
    startupFaults,
  };
  return cached;
}

/**
 * Whether this run may flip the reference app's fault switch. Only the local
 * reference app has one; a deployed stack answers 403, so cases that need a
 * fault are skipped there (an environment skip, reported as such).
 */
export function canInjectFaults(): boolean {
  return (process.env["HYVVE_ENV"] ?? "local") === "local";
}

export const NO_FAULT_SWITCH = "needs the reference app's fault switch (HYVVE_ENV=local only)";

/** Says once, in the runner's output, why a block's fault-dependent cases are skipped (JUnit has no skip reason). */
export function noteSkip(skipped: boolean, reason = NO_FAULT_SWITCH): void {
  if (skipped) console.info(`skipped: ${reason} (HYVVE_ENV=${process.env["HYVVE_ENV"]})`);
}

/** A workspace of the test's own (quota and rate limits are per workspace), valid for ^[a-z0-9-]{1,64}$. */
export function freshWorkspace(label: string): string {
  const base = target()
    .workspaceId.toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 20);
  const tag = label
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 24);
  return `${base}-${tag}-${randomBytes(5).toString("hex")}`;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  workspaceId?: string;
  headers?: Record<string, string>;
  /** Skip the bearer token (to check that a route is protected). */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
  elapsedMs: number;
}

/**
 * Which service answers `path`, as in the spec's deployment: CCR its
 * /ccr routes, AgentOS A2A, the API and /metrics, the web app the rest.
 */
export function urlFor(path: string, t: Target = target()): string {
  if (path.startsWith("/ccr/")) return `${t.ccrUrl}${path}`;
  if (/^\/(a2a\/|api\/|\.well-known\/|metrics(\?|$))/.test(path)) return `${t.agentsUrl}${path}`;
  return `${t.baseUrl}${path}`;
}

/** One HTTP call to the stack, with bearer token and workspace header; JSON in and (when it parses) out. */
export async function request<T = Record<string, unknown>>(
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const t = target();
  const headers = new Headers(options.headers);
  if (!options.anonymous && t.token) headers.set("authorization", `Bearer ${t.token}`);
  headers.set("x-workspace-id", options.workspaceId ?? t.workspaceId);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers.set("content-type", "application/json");
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const started = performance.now();
  const response = await fetch(urlFor(path, t), {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    ...(body === undefined ? {} : { body }),
    signal: options.signal ?? AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const elapsedMs = performance.now() - started;
  let parsed: unknown = text;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (e.g. /metrics): the caller reads `text`.
  }
  return { status: response.status, headers: response.headers, body: parsed as T, text, elapsedMs };
}

/** GET /__admin/faults: the fault set active right now. */
export async function activeFaults(): Promise<Fault[]> {
  const response = await request<Fault[]>("/__admin/faults");
  if (response.status !== 200) {
    throw new Error(
      `GET /__admin/faults answered ${response.status}: ${response.text.slice(0, 200)}`,
    );
  }
  return response.body;
}

async function putFaults(faults: Fault[]): Promise<void> {
  const response = await request("/__admin/faults", { method: "PUT", body: faults });
  if (response.status !== 200) {
    throw new Error(
      `PUT /__admin/faults answered ${response.status}: ${response.text.slice(0, 200)}`,
    );
  }
}

/**
 * Runs `fn` with `extra` faults added to whatever set is active (for example
 * the one the CLI started the app with, HYVVE_REF_FAULTS), then puts back
 * exactly the set it found. Faults are global to the app: callers must run
 * sequentially (the CCR suite runs its files one at a time and its
 * fault-toggling tests in order).
 */
export async function withFaults<T>(extra: Fault[], fn: () => Promise<T>): Promise<T> {
  const found = await activeFaults();
  await putFaults([...found, ...extra]);
  try {
    return await fn();
  } finally {
    await putFaults(found);
  }
}

/** Sets the fault set to what it was plus `extra`, returning a function that restores it. */
export async function addFaults(extra: Fault[]): Promise<() => Promise<void>> {
  const found = await activeFaults();
  await putFaults([...found, ...extra]);
  return () => putFaults(found);
}
