/**
 * Starting the built reference app (fixtures/reference-app) as a supervised
 * child: spawn, wait for its ready line and /healthz, stop it (also on
 * Ctrl-C). The CLI's local target, the project's tests and the suites that
 * need an instance of their own all start it through here.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { EnvironmentError } from "../errors.js";
import { describeEnd, tail } from "../process/process-end.js";
import { supervise } from "../process/supervisor.js";
import { referenceAppEntry } from "./reference-stack.js";
import { httpStatus } from "./stack-ready.js";

export { referenceAppEntry };

export interface LaunchOptions {
  /** HYVVE_REF_* and OTEL_* settings; PATH and HOME are added. */
  env?: Record<string, string | undefined>;
  /** The test token; a random one when absent. */
  token?: string;
  cwd?: string;
  signal?: AbortSignal;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface LaunchedApp {
  url: string;
  token: string;
  /** Milliseconds from spawn to healthy. */
  startupMs: number;
  /** SIGTERM (the app flushes its spans), SIGKILL after 3 s; resolves when it is gone. */
  stop(): Promise<void>;
}

export async function launchReferenceApp(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const entry = referenceAppEntry();
  if (!existsSync(entry)) {
    throw new EnvironmentError(
      `the reference app is not built (${entry} is missing)`,
      "run npm run build",
    );
  }
  const token = options.token ?? randomBytes(24).toString("base64url");
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const started = performance.now();
  const log: string[] = [];
  const logTail = () => tail(log.join("\n"), 5).replaceAll("\n", " | ");
  let onReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  const app = supervise(process.execPath, [entry], {
    cwd: options.cwd ?? process.cwd(),
    env: {
      PATH: process.env["PATH"],
      HOME: process.env["HOME"],
      NODE_ENV: "test",
      HYVVE_REF_HOST: "127.0.0.1",
      HYVVE_REF_PORT: "0",
      ...options.env,
      HYVVE_REF_TOKEN: token,
    },
    forceKillAfterMs: 3000,
    onLine: (line) => {
      log.push(line);
      if (log.length > 200) log.shift();
      options.onLog?.(line);
      if (line.startsWith('{"event":"ready"')) {
        try {
          onReady((JSON.parse(line) as { url: string }).url);
        } catch {
          // Not the ready line after all; keep waiting.
        }
      }
    },
  });
  const stop = async () => {
    app.stop();
    await app.result;
  };
  const failures = new Promise<never>((_, reject) => {
    void app.result.then((r) =>
      reject(
        new EnvironmentError(
          `the reference app exited before it was ready (it ${describeEnd(r.end)}): ${logTail()}`,
          "run `hyvve-qa serve` to see its full log",
        ),
      ),
    );
    setTimeout(
      () =>
        reject(
          new EnvironmentError(
            `the reference app did not become ready within ${readyTimeoutMs / 1000} s: ${logTail()}`,
            "run `hyvve-qa serve` to see its full log",
          ),
        ),
      readyTimeoutMs,
    ).unref();
    const onAbort = () =>
      reject(new EnvironmentError("interrupted while the reference app was starting"));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  // Observed by the race below; after a successful start it must not surface as unhandled.
  failures.catch(() => {});
  try {
    const url = await Promise.race([ready, failures]);
    await Promise.race([waitHealthy(url), failures]);
    return { url, token, startupMs: performance.now() - started, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitHealthy(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = "";
  while (Date.now() < deadline) {
    const answer = await httpStatus(`${baseUrl}/healthz`);
    if ("status" in answer && answer.status >= 200 && answer.status < 300) return;
    last = "status" in answer ? `HTTP ${answer.status}` : answer.why;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EnvironmentError(
    `the reference app never answered /healthz (${last})`,
    "run `hyvve-qa serve` to see its log",
  );
}
