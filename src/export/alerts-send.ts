/**
 * One JSON POST, bounded in time: Node's fetch with a timeout per attempt,
 * retried with exponential backoff and jitter on network errors, 408, 429
 * and 5xx (a Retry-After within the deadline is honoured), never on another
 * 4xx, and never past the deadline shared by all of a run's alerts. It never
 * throws and never names the URL: the caller words the warning, redacted.
 */

export interface SendLimits {
  /** Milliseconds one attempt may take. */
  timeoutMs: number;
  /** Attempts in all (1 = no retry). */
  attempts: number;
  /** Epoch ms after which nothing more is tried. */
  deadline: number;
  /** First backoff (ms); it doubles per retry, with jitter. */
  backoffMs?: number;
  /** Longest backoff (ms). */
  maxBackoffMs?: number;
}

export type SendResult =
  { ok: true; attempts: number; status: number } | { ok: false; attempts: number; reason: string };

/** What one attempt came to. */
type Attempt =
  | { kind: "ok"; status: number }
  | { kind: "retry"; reason: string; retryAfterMs?: number }
  | { kind: "fail"; reason: string };

/** POST the body as JSON until it is accepted, refused, or the attempts or the time run out. */
export async function postJson(
  url: string,
  body: unknown,
  limits: SendLimits,
): Promise<SendResult> {
  const json = JSON.stringify(body);
  let last = "not tried: the deadline had passed";
  for (let n = 1; n <= limits.attempts; n++) {
    const left = limits.deadline - Date.now();
    if (left <= 0) return { ok: false, attempts: n - 1, reason: `${last}; deadline reached` };
    const attempt = await attemptPost(url, json, Math.min(limits.timeoutMs, left));
    if (attempt.kind === "ok") return { ok: true, attempts: n, status: attempt.status };
    if (attempt.kind === "fail") return { ok: false, attempts: n, reason: attempt.reason };
    last = attempt.reason;
    if (n === limits.attempts) break;
    const wait = attempt.retryAfterMs ?? backoff(n, limits);
    if (Date.now() + wait >= limits.deadline) {
      const asked =
        attempt.retryAfterMs === undefined
          ? ""
          : ` (asked to retry after ${Math.ceil(wait / 1000)} s)`;
      return { ok: false, attempts: n, reason: `${last}; deadline reached${asked}` };
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return {
    ok: false,
    attempts: limits.attempts,
    reason: `${last}; gave up after ${limits.attempts} attempts`,
  };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many runs spread out. */
function backoff(retry: number, limits: SendLimits): number {
  const base = limits.backoffMs ?? 500;
  const cap = limits.maxBackoffMs ?? 8000;
  const step = Math.min(cap, base * 2 ** (retry - 1));
  return step / 2 + Math.random() * (step / 2);
}

/** One POST: its status decides ok, retry or fail; the body is read (and bounded) so the socket is freed. */
async function attemptPost(url: string, json: string, timeoutMs: number): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "hyvve-qa" },
      body: json,
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = (await response.text()).slice(0, 200).replace(/\s+/g, " ").trim();
    const status = response.status;
    if (status >= 200 && status < 300) return { kind: "ok", status };
    const reason = `HTTP ${status}${text ? ` ${text}` : ""}`;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      return { kind: "retry", reason, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
    }
    return { kind: "fail", reason };
  } catch (error) {
    return { kind: "retry", reason: networkReason(error, timeoutMs) };
  }
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** A network failure in words that never hold the URL: the error code, or "no answer within N ms". */
function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError")
    return `no answer within ${timeoutMs} ms`;
  const code = e.cause?.code ?? e.cause?.name ?? e.name ?? "error";
  return `network error (${code})`;
}
