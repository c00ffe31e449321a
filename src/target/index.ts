/**
 * The target a run tests: an environment's services (one URL or several),
 * after starting its stack when it has one (the embedded reference app is
 * such a stack: what `local` means when the config names nothing else).
 * Whatever it is, runners get the same env vars and placeholders.
 */
import { randomBytes } from "node:crypto";
import { namesNoStack } from "../config/environment.js";
import type { Config, EnvironmentConfig, EnvironmentName } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import { referenceStack } from "./reference-stack.js";
import {
  assertServicesUp,
  configuredUrls,
  resolveServices,
  trimSlash,
  type Service,
} from "./services.js";
import { startStack, type RunningStack } from "./stack.js";

export { referenceStack } from "./reference-stack.js";
export type { Service } from "./services.js";
export type { EntryState, RunningStack, StackDeath } from "./stack.js";

export interface Target {
  /**
   * `custom` is `--env local --base-url URL`: not the started stack, so suites
   * must not assume its fault switch or its throwaway token.
   */
  name: EnvironmentName | "custom";
  /** The primary service's URL (or the environment's base URL): HYVVE_BASE_URL, `{url}`. */
  baseUrl: string;
  /** Secret: handed to runners by env var, redacted from every output. */
  token: string | undefined;
  workspaceId: string;
  /** Every service by name: `{url.<name>}`, `{token.<name>}`. */
  services: Record<string, Service>;
  /** The stack hyvve-qa started for this run, if any. */
  stack: RunningStack | undefined;
  /** Local only: the faults the reference app was started with (JSON). */
  faults: string | undefined;
  stop(): Promise<void>;
}

export interface TargetOptions {
  config: Config;
  name: EnvironmentName;
  baseUrlOverride: string | undefined;
  /** --url name=URL */
  urlOverrides?: Readonly<Record<string, string>>;
  env: NodeJS.ProcessEnv;
  rootDir: string;
  /** Where the stack's logs go: `<run folder>/stack`. */
  logDir: string;
  signal: AbortSignal;
  /** Placeholder values the stack's env may use besides token and URLs. */
  labels?: { profile: string };
  /** Each line a stack command prints (for --verbose). */
  onLog?: (entry: string, line: string) => void;
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

/** The environment as configured; `local` with nothing of its own is the reference app's stack. */
export function environmentOf(
  config: Config,
  name: EnvironmentName,
): EnvironmentConfig | undefined {
  const configured = config.environments[name];
  if (name !== "local" || !namesNoStack(configured)) return configured;
  return {
    workspaceId: "ws-qa",
    production: false,
    ...configured,
    ...referenceStack(),
  };
}

export async function startTarget(options: TargetOptions): Promise<Target> {
  const environment = environmentOf(options.config, options.name) ?? emptyEnvironment();
  const overrides = { ...options.urlOverrides };
  for (const name of Object.keys(overrides))
    if (!(name in environment.services))
      throw new EnvironmentError(
        `--url ${name}=…: environment "${options.name}" has no service "${name}"`,
        `its services: ${Object.keys(environment.services).join(", ") || "none (use --base-url)"}`,
      );
  // --base-url is the primary service's URL, and means "not the stack".
  if (options.baseUrlOverride !== undefined && environment.primary !== undefined)
    overrides[environment.primary] ??= options.baseUrlOverride;
  const startsStack = environment.stack !== undefined && options.baseUrlOverride === undefined;
  const token = environmentToken(environment, options, startsStack);
  const known = configuredUrls(environment, overrides, options.env);
  const values: Record<string, string> = {
    token: token ?? "",
    workspace: environment.workspaceId,
    env: options.name,
    profile: options.labels?.profile ?? "smoke",
    ...Object.fromEntries(Object.entries(known).map(([name, url]) => [`url.${name}`, url])),
  };
  const stack = startsStack
    ? await startStack({
        entries: environment.stack!,
        rootDir: options.rootDir,
        logDir: options.logDir,
        env: options.env,
        values,
        signal: options.signal,
        ...(options.onLog ? { onLog: options.onLog } : {}),
      })
    : undefined;
  try {
    return await describeTarget(environment, options, { token, values, stack, startsStack });
  } catch (error) {
    await stack?.stop();
    throw error;
  }
}

/** Services resolved and answering: the target the runners get. */
async function describeTarget(
  environment: EnvironmentConfig,
  options: TargetOptions,
  started: {
    token: string | undefined;
    values: Record<string, string>;
    stack: RunningStack | undefined;
    startsStack: boolean;
  },
): Promise<Target> {
  const known = Object.fromEntries(
    Object.entries(started.values)
      .filter(([key]) => key.startsWith("url."))
      .map(([key, url]) => [key.slice(4), url]),
  );
  const base = options.baseUrlOverride ?? baseUrlOf(environment, options.env);
  const services = resolveServices(
    environment,
    known,
    base,
    started.token,
    options.env,
    options.name,
  );
  // Without a primary or a base URL, the first service is what {url} and HYVVE_BASE_URL mean.
  const primary =
    environment.primary ?? (base === undefined ? Object.keys(services)[0] : undefined);
  const baseUrl = primary !== undefined ? services[primary]?.url : base;
  if (baseUrl === undefined) {
    const via = environment.baseUrlEnv ? `set ${environment.baseUrlEnv}, ` : "";
    throw new EnvironmentError(
      `environment "${options.name}" has no base URL`,
      `${via}set environments.${options.name}.baseUrl in the config, or pass --base-url URL`,
    );
  }
  const toCheck =
    Object.keys(services).length > 0 ? services : { [options.name]: { url: baseUrl, health: "/" } };
  await assertServicesUp(toCheck, options.signal);
  return {
    name: options.name === "local" && !started.startsStack ? "custom" : options.name,
    baseUrl: trimSlash(baseUrl),
    token: started.token,
    workspaceId: environment.workspaceId,
    services,
    stack: started.stack,
    faults:
      options.name === "local" && started.startsStack ? options.env["HYVVE_REF_FAULTS"] : undefined,
    stop: async () => await started.stack?.stop(),
  };
}

function baseUrlOf(environment: EnvironmentConfig, env: NodeJS.ProcessEnv): string | undefined {
  const fromEnv = environment.baseUrlEnv ? env[environment.baseUrlEnv] || undefined : undefined;
  return fromEnv ?? environment.baseUrl;
}

/**
 * The environment's token: a fresh throwaway one for a stack started here (a
 * URL given instead is not that stack, and would refuse it), else its
 * tokenEnv's value, or none.
 */
function environmentToken(
  environment: EnvironmentConfig,
  options: TargetOptions,
  startsStack: boolean,
): string | undefined {
  if (environment.throwawayToken && startsStack) return randomBytes(24).toString("base64url");
  if (environment.tokenEnv === undefined) return undefined;
  const token = options.env[environment.tokenEnv];
  if (!token)
    throw new EnvironmentError(
      `environment "${options.name}" needs a token in $${environment.tokenEnv}, which is not set`,
      `export ${environment.tokenEnv}=… (the config holds only the variable's name)`,
    );
  return token;
}

function emptyEnvironment(): EnvironmentConfig {
  return { workspaceId: "ws-qa", production: false, throwawayToken: false, services: {} };
}
