/**
 * The readiness checks of a stack command (config `ready`): a URL that
 * answers as Playwright's webServer counts it (2xx, 3xx, 400–403), a TCP port
 * that accepts, a log line that matches (its named groups are service URLs).
 */
import { connect } from "node:net";
import type { LogFollower } from "./stack-log.js";

/** One probe: whether it answered, and if not, why (for the error message). */
export type Probe = { ok: true } | { ok: false; why: string };

/** Whether `url` answers like a server that is up. */
export async function probeUrl(url: string, signal?: AbortSignal): Promise<Probe> {
  try {
    const res = await fetch(url, {
      redirect: "manual",
      signal: signal
        ? AbortSignal.any([signal, AbortSignal.timeout(2000)])
        : AbortSignal.timeout(2000),
    });
    await res.body?.cancel();
    const up = res.status < 400 || (res.status >= 400 && res.status <= 403);
    return up ? { ok: true } : { ok: false, why: `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, why: networkErrorCode(error) };
  }
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

/** undici wraps the socket error (sometimes in an AggregateError, one per address). */
export function networkErrorCode(error: unknown): string {
  const cause = (
    error as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }
  ).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
}
