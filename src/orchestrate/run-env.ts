/** What a run hands its runners about the target, and what it keeps out of reports. */
import { fillPlaceholders, type PlaceholderValues } from "../config/placeholders.js";
import type { Config, SuiteConfig } from "../config/schema.js";
import { EnvironmentError } from "../errors.js";
import { targetEnv, type Target } from "../target/index.js";
import type { RunOptions } from "./options.js";

/**
 * The runners' environment: ours, the target's HYVVE_* variables and the
 * profile. Not CI: `--ci` is about hyvve-qa's own output, and a suite whose
 * config reads CI (retries, forbidOnly) must see it only as the environment
 * set it.
 */
export function targetRunEnv(
  target: Target,
  options: Pick<RunOptions, "profile">,
  envVars: NodeJS.ProcessEnv,
): Record<string, string | undefined> {
  return {
    ...envVars,
    ...targetEnv(target),
    HYVVE_PROFILE: options.profile,
  };
}

/** What the placeholders of a suite's `env` stand for in this run. */
export function placeholderValues(
  target: Target,
  options: Pick<RunOptions, "profile">,
): PlaceholderValues {
  const values: PlaceholderValues = {
    url: target.baseUrl,
    token: target.token ?? "",
    workspace: target.workspaceId,
    env: target.name,
    profile: options.profile,
  };
  for (const [name, service] of Object.entries(target.services)) {
    values[`url.${name}`] = service.url;
    values[`token.${name}`] = service.token ?? "";
  }
  return values;
}

/** The env vars a suite declares it reads, filled in (config/placeholders.ts). */
export function declaredSuiteEnv(
  suite: Pick<SuiteConfig, "env">,
  values: PlaceholderValues,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(suite.env ?? {}).map(([name, template]) => [
      name,
      fillPlaceholders(template, values, (placeholder) => {
        // The schema knows the service exists somewhere; this run's environment lacks it.
        throw new EnvironmentError(
          `env.${name} uses {${placeholder}}, but environment "${values.env}" has no service "${placeholder.split(".")[1]}"`,
          "add it to the environment's services (no url: it lives at the base URL), or run another environment",
        );
      }),
    ]),
  );
}

/** https://user:pass@host → https://host: the URL is reported, its credentials are not. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = "";
  parsed.password = "";
  return parsed.href.replace(/\/$/, "");
}

/** The env var names that hold the environments' tokens: their values are secrets. */
export function tokenEnvNames(config: Pick<Config, "environments">): string[] {
  return Object.values(config.environments)
    .flatMap((e) => [e?.tokenEnv, ...Object.values(e?.services ?? {}).map((s) => s.tokenEnv)])
    .filter((n): n is string => !!n);
}
