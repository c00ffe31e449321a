/**
 * The readiness checks of a stack command (config `ready`): a URL that
 * answers as Playwright's webServer counts it (2xx, 3xx, 400–403), a TCP port
 * that accepts, a log line that matches (its named groups are service URLs).
 */
import { get as httpGet } from "node:http";
import { connect } from "node:net";
import type { LogFollower } from "./stack-log.js";

/** One probe: whether it answered, and if not, why (for the error message). */
export type Probe = { ok: true } | { ok: false; why: string };

/** Whether `url` answers like a server that is up. */
export async function probeUrl(url: string, signal?: AbortSignal): Promise<Probe> {
  const answer = await httpStatus(url, signal);
  if ("why" in answer) return { ok: false, why: answer.why };
  // 2xx, 3xx and 400–403 (Playwright's webServer rule).
  const up = answer.status <= 403;
  return up ? { ok: true } : { ok: false, why: `HTTP ${answer.status}` };
}

/**
 * One GET, redirects not followed, the body not read: the status, or why
 * there was none (a socket error code, "timed out", "aborted"). node:http
 * rather than fetch: loading fetch (undici) costs ~50 ms of start-up before
 * the first runner can spawn.
 */
export async function httpStatus(
  url: string,
  signal?: AbortSignal,
  timeoutMs = 2000,
): Promise<{ status: number } | { why: string }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { why: `"${url}" is not a URL` };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:")
    return { why: `${target.protocol} is not http or https` };
  if (signal?.aborted) return { why: "aborted" };
  // node:https loads only for an https URL: a loopback check does without it.
  const get = target.protocol === "https:" ? (await import("node:https")).get : httpGet;
  return new Promise((resolve) => {
    const req = get(target, { timeout: timeoutMs, signal }, (res) => {
      res.resume();
      req.destroy();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.once("timeout", () => req.destroy(new Error("timed out")));
    // `on`, not `once`: a late second error must not go unhandled.
    req.on("error", (error: NodeJS.ErrnoException) =>
      resolve({ why: signal?.aborted ? "aborted" : socketErrorCode(error) }),
    );
  });
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function probePort(port: number): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve({ ok: true });
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve({ ok: false, why: "timed out" });
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, why: error.code ?? error.message }),
    );
  });
}

/** Resolves with the named groups of the first line matching `pattern`. */
export function waitForLogLine(
  log: LogFollower,
  pattern: RegExp,
): { matched: Promise<Record<string, string>>; cancel: () => void } {
  let cancel = () => {};
  const matched = new Promise<Record<string, string>>((resolve) => {
    // Lines already read count too (a fast service may have printed before we looked).
    for (const line of log.last(200)) {
      const m = pattern.exec(line);
      if (m) return resolve(cleanGroups(m.groups));
    }
    cancel = log.onLine((line) => {
      const m = pattern.exec(line);
      if (m) {
        cancel();
        resolve(cleanGroups(m.groups));
      }
    });
  });
  return { matched, cancel: () => cancel() };
}

/** Captured URLs without a trailing slash, so `{url.web}/healthz` reads right. */
function cleanGroups(
  groups: Record<string, string | undefined> | undefined,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(groups ?? {})
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([name, value]) => [name, value.replace(/\/+$/, "")]),
  );
}

/** Poll `probe` every `everyMs` until it answers or the signal aborts; the last reason on abort. */
export async function pollUntil(
  probe: () => Promise<Probe>,
  signal: AbortSignal,
  everyMs = 150,
): Promise<Probe> {
  let last: Probe = { ok: false, why: "not tried" };
  while (!signal.aborted) {
    last = await probe();
    if (last.ok) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return last;
}

/** The socket error's code (one per address when several were tried), else its message. */
function socketErrorCode(error: NodeJS.ErrnoException): string {
  const first = (error as { errors?: NodeJS.ErrnoException[] }).errors?.[0];
  return error.code ?? first?.code ?? error.message;
}
