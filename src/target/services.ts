/**
 * The services of an environment (config `services`): where each one is
 * (`--url`, `urlEnv`, `url`, the stack's ready line, else the environment's
 * base URL), its token, and whether it answers before any runner starts.
 */
import type { EnvironmentConfig } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import { probeUrl } from "./stack-ready.js";

export interface Service {
  url: string;
  /** Secret: its tokenEnv's value, else the environment's token. */
  token: string | undefined;
  /** The path asked before the run (config `health`). */
  health: string;
}

/** The URLs known before a stack starts: --url, then urlEnv, then url. */
export function configuredUrls(
  environment: EnvironmentConfig,
  overrides: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, service] of Object.entries(environment.services)) {
    const url =
      overrides[name] ??
      (service.urlEnv ? env[service.urlEnv] || undefined : undefined) ??
      service.url;
    if (url !== undefined) urls[name] = trimSlash(url);
  }
  return urls;
}

/** Every service with its URL (falling back to the base URL) and its token. */
export function resolveServices(
  environment: EnvironmentConfig,
  known: Readonly<Record<string, string>>,
  base: string | undefined,
  token: string | undefined,
  env: NodeJS.ProcessEnv,
  environmentName: string,
): Record<string, Service> {
  const services: Record<string, Service> = {};
  for (const [name, service] of Object.entries(environment.services)) {
    const url = known[name] ?? base;
    if (url === undefined)
      throw new EnvironmentError(
        `environment "${environmentName}" has no URL for its service "${name}"`,
        `set environments.${environmentName}.services.${name}.url or .urlEnv, or pass --url ${name}=URL`,
      );
    services[name] = {
      url: trimSlash(url),
      token: serviceToken(name, service.tokenEnv, token, env),
      health: service.health,
    };
  }
  return services;
}

function serviceToken(
  name: string,
  tokenEnv: string | undefined,
  fallback: string | undefined,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (tokenEnv === undefined) return fallback;
  const value = env[tokenEnv];
  if (!value)
    throw new EnvironmentError(
      `service "${name}" needs a token in $${tokenEnv}, which is not set`,
      `export ${tokenEnv}=… (the config holds only the variable's name)`,
    );
  return value;
}

/**
 * Ask every service at once; all that do not answer go into one error, one
 * clause per address (three services behind one dead URL are one problem).
 */
export async function assertServicesUp(
  services: Readonly<Record<string, Pick<Service, "url" | "health">>>,
  signal: AbortSignal,
): Promise<void> {
  const down = new Map<string, string[]>();
  await Promise.all(
    Object.entries(services).map(async ([name, service]) => {
      const problem = await serviceProblem(service, signal);
      if (problem !== undefined) down.set(problem, [...(down.get(problem) ?? []), name]);
    }),
  );
  if (down.size === 0 || signal.aborted) return;
  const named = Object.keys(services).length > 1;
  const clauses = [...down].map(
    ([problem, names]) =>
      `${problem}${named ? ` (service${names.length > 1 ? "s" : ""} ${names.join(", ")})` : ""}`,
  );
  throw new EnvironmentError(
    clauses.join("; "),
    "check the URLs, the VPN, or that the stack is up",
  );
}

/** Why a service does not answer, or undefined when it does (any HTTP answer counts). */
async function serviceProblem(
  service: Pick<Service, "url" | "health">,
  signal: AbortSignal,
): Promise<string | undefined> {
  let url: URL;
  try {
    // Beside the service's own path (http://host/app + /healthz), not from the host's root.
    url = new URL(`${trimSlash(service.url)}${service.health}`);
  } catch {
    return `"${service.url}" is not a URL`;
  }
  const probe = await probeUrl(url.href, signal);
  if (probe.ok || /^HTTP \d+$/.test(probe.why)) return undefined;
  return `cannot reach ${url.origin} (${probe.why})`;
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
