/**
 * The target a run tests: the embedded reference app (local, started and
 * stopped here) or a deployed stack (staging/production, URLs and token env
 * var names from config). Whatever it is, runners get the same env vars.
 */
import type { Config, EnvironmentName } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import { launchReferenceApp } from "./reference-app.js";

export interface Target {
  /**
   * `custom` is `--env local --base-url URL`: not the embedded app, so suites
   * must not assume its fault switch or its throwaway token.
   */
  name: EnvironmentName | "custom";
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
    name: options.name === "local" ? "custom" : options.name,
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

async function startReferenceApp(options: TargetOptions, workspaceId: string): Promise<Target> {
  const faults = options.env["HYVVE_REF_FAULTS"];
  const app = await launchReferenceApp({
    cwd: options.rootDir,
    signal: options.signal,
    env: {
      NODE_ENV: options.env["NODE_ENV"] === "production" ? "production" : "test",
      HYVVE_REF_FAULTS: faults,
      OTEL_EXPORTER_OTLP_ENDPOINT: options.env["HYVVE_REF_OTLP_ENDPOINT"],
    },
    ...(options.onLog ? { onLog: options.onLog } : {}),
  });
  return { name: "local", baseUrl: app.url, token: app.token, workspaceId, faults, stop: app.stop };
}
