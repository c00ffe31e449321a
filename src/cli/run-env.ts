/** What a run hands its runners about the target, and what it keeps out of reports. */
import type { Config } from "../config/schema.js";
import { targetEnv, type Target } from "../target/index.js";
import type { RunOptions } from "./options.js";

/** The runners' environment: ours, the target's HYVVE_* variables, the profile, CI. */
export function targetRunEnv(
  target: Target,
  options: Pick<RunOptions, "profile" | "ci">,
): Record<string, string | undefined> {
  return {
    ...process.env,
    ...targetEnv(target),
    HYVVE_PROFILE: options.profile,
    ...(options.ci ? { CI: "true" } : {}),
  };
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
