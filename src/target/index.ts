/**
 * The target a run tests: the embedded reference app (local, started and
 * stopped here) or a deployed stack (staging/production, URLs and token env
 * var names from config). Whatever it is, runners get the same env vars.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Config, EnvironmentName } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import { supervise, tail } from "../runners/supervisor.js";

export interface Target {
  name: EnvironmentName;
  baseUrl: string;
  /** Secret: handed to runners by env var, redacted from every output. */
  token: string | undefined;
  workspaceId: string;
  /** Local only: the faults the reference app was started with (JSON). */
  faults: string | undefined;
  stop(): Promise<void>;
}

export interface TargetOptions {
  config: Config;
  name: EnvironmentName;
  baseUrlOverride: string | undefined;
  env: NodeJS.ProcessEnv;
  rootDir: string;
  signal: AbortSignal;
  /** Log lines of the reference app (for --verbose). */
  onLog?: (line: string) => void;
}

/** Env vars every runner gets (ARCHITECTURE.md; fixtures/reference-app/CONTRACT.md). */
export function targetEnv(target: Target): Record<string, string> {
  const env: Record<string, string> = {
    HYVVE_BASE_URL: target.baseUrl,
    HYVVE_WORKSPACE_ID: target.workspaceId,
    HYVVE_ENV: target.name,
  };
  if (target.token !== undefined) env["HYVVE_TOKEN"] = target.token;
  if (target.faults !== undefined) env["HYVVE_FAULTS"] = target.faults;
  return env;
}

export async function startTarget(options: TargetOptions): Promise<Target> {
  const envConfig = options.config.environments[options.name];
  const workspaceId = envConfig?.workspaceId ?? "ws-qa";
  if (options.name === "local" && options.baseUrlOverride === undefined) {
    return startReferenceApp(options, workspaceId);
  }
  const baseUrl =
    options.baseUrlOverride ??
    (envConfig?.baseUrlEnv ? options.env[envConfig.baseUrlEnv] : undefined) ??
    envConfig?.baseUrl;
  if (!baseUrl) {
    const via = envConfig?.baseUrlEnv ? `set ${envConfig.baseUrlEnv}, ` : "";
    throw new EnvironmentError(
      `environment "${options.name}" has no base URL`,
      `${via}set environments.${options.name}.baseUrl in the config, or pass --base-url URL`,
    );
  }
  let token: string | undefined;
  if (envConfig?.tokenEnv) {
    token = options.env[envConfig.tokenEnv];
    if (!token) {
      throw new EnvironmentError(
        `environment "${options.name}" needs a token in $${envConfig.tokenEnv}, which is not set`,
        `export ${envConfig.tokenEnv}=… (the config holds only the variable's name)`,
      );
    }
  }
  await assertReachable(baseUrl, options.signal);
  return {
    name: options.name,
    baseUrl: baseUrl.replace(/\/$/, ""),
    token,
    workspaceId,
    faults: undefined,
    stop: async () => {},
  };
}

async function assertReachable(baseUrl: string, signal: AbortSignal): Promise<void> {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new EnvironmentError(
      `base URL "${baseUrl}" is not a URL`,
      "use e.g. https://staging.example.com",
    );
  }
  try {
    await fetch(url, {
      method: "GET",
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
  } catch (error) {
    const cause = networkErrorCode(error);
    throw new EnvironmentError(
      `cannot reach ${url.origin} (${cause})`,
      "check the URL, the VPN, or that the stack is up",
    );
  }
}

/** undici wraps the socket error (sometimes in an AggregateError, one per address). */
function networkErrorCode(error: unknown): string {
  const cause = (
    error as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }
  ).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
}

function referenceAppEntry(): string {
  // dist/src/target/index.js → dist/fixtures/reference-app/server/main.js
  return fileURLToPath(new URL("../../fixtures/reference-app/server/main.js", import.meta.url));
}

const READY_TIMEOUT_MS = 20_000;

async function startReferenceApp(options: TargetOptions, workspaceId: string): Promise<Target> {
  const entry = referenceAppEntry();
  if (!existsSync(entry)) {
    throw new EnvironmentError(
      `the reference app is not built (${entry} is missing)`,
      "run npm run build",
    );
  }
  const token = randomBytes(24).toString("base64url");
  const faults = options.env["HYVVE_REF_FAULTS"];
  const log: string[] = [];
  let onReady: (url: string) => void = () => {};
  const ready = new Promise<string>((resolve) => (onReady = resolve));
  const app = supervise(process.execPath, [entry], {
    cwd: options.rootDir,
    env: {
      PATH: options.env["PATH"],
      HOME: options.env["HOME"],
      NODE_ENV: options.env["NODE_ENV"] === "production" ? "production" : "test",
      HYVVE_REF_HOST: "127.0.0.1",
      HYVVE_REF_PORT: "0",
      HYVVE_REF_TOKEN: token,
      HYVVE_REF_FAULTS: faults,
      OTEL_EXPORTER_OTLP_ENDPOINT: options.env["HYVVE_REF_OTLP_ENDPOINT"],
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
          // Not our line after all; keep waiting.
        }
      }
    },
  });
  const exited = app.result.then((r) => {
    throw new EnvironmentError(
      `the reference app exited before it was ready (${r.spawnError ?? `code ${r.exitCode}`}): ${tail(log.join("\n"), 5).replaceAll("\n", " | ")}`,
      "run `hyvve-qa serve` to see its full log",
    );
  });
  // The race below observes the rejection; later (normal stop) it must not surface as unhandled.
  exited.catch(() => {});
  const timer = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new EnvironmentError(
            `the reference app did not become ready within ${READY_TIMEOUT_MS / 1000} s: ${tail(log.join("\n"), 5).replaceAll("\n", " | ")}`,
            "run `hyvve-qa serve` to see its full log",
          ),
        ),
      READY_TIMEOUT_MS,
    ).unref(),
  );
  const stop = async () => {
    app.stop();
    await app.result;
  };
  let baseUrl: string;
  try {
    baseUrl = await Promise.race([ready, exited, timer]);
    await waitHealthy(baseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: "local", baseUrl, token, workspaceId, faults, stop };
}

async function waitHealthy(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EnvironmentError(
    `the reference app never answered /healthz (${last})`,
    "run `hyvve-qa serve` to see its log",
  );
}
