import { inject } from "vitest";

// Small fetch wrappers for the contract tests.

export interface Target {
  url: string;
  token: string;
}

export function sharedApp(): Target {
  return { url: inject("refUrl"), token: inject("refToken") };
}

export function authed(target: Target, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${target.token}`);
  return fetch(`${target.url}${path}`, { ...init, headers });
}

export function postJson(
  target: Target,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return authed(target, path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

export async function json<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

/** A workspace id of its own, so CCR quota tests never see each other's usage. */
export function freshWorkspace(label: string): string {
  return `t-${label}-${Math.random().toString(36).slice(2, 10)}`;
}
