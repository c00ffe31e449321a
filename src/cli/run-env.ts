/** What a run hands its runners about the target, and what it keeps out of reports. */
import { fillPlaceholders, type PlaceholderValues } from "../config/placeholders.js";
import type { Config, SuiteConfig } from "../config/schema.js";
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
): Record<string, string | undefined> {
  return {
    ...process.env,
    ...targetEnv(target),
    HYVVE_PROFILE: options.profile,
  };
}

/** What the placeholders of a suite's `env` stand for in this run. */
export function placeholderValues(
  target: Target,
  options: Pick<RunOptions, "profile">,
): PlaceholderValues {
  return {
    url: target.baseUrl,
    token: target.token ?? "",
    workspace: target.workspaceId,
    env: target.name,
    profile: options.profile,
  };
}

/** The env vars a suite declares it reads, filled in (config/placeholders.ts). */
export function declaredSuiteEnv(
  suite: Pick<SuiteConfig, "env">,
  values: PlaceholderValues,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(suite.env ?? {}).map(([name, template]) => [
      name,
      fillPlaceholders(template, values),
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
    .map((e) => e?.tokenEnv)
    .filter((n): n is string => !!n);
}
