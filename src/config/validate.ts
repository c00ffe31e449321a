/**
 * The config checked against the schema: defaults filled in, or a ConfigError
 * whose lines read `hyvve-qa.config.ts: suites.e2e.timeout …` (with a "did you
 * mean" where a key or value is near an allowed one). This module loads zod
 * (~0.1 s of start-up); read.ts imports it only when the validated config is
 * not in the cache.
 */
import { ConfigError, formatZodIssues } from "../errors.js";
import { didYouMean, type IssueLike } from "./did-you-mean.js";
import { configSchema, type Config } from "./schema.js";

/** Every key at its default: what a command run with no config (history, report) judges with. */
export function defaultConfig(): Config {
  return validateConfig({ suites: {} }, "defaults");
}

export function validateConfig(raw: unknown, shown: string): Config {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => {
      const near = didYouMean(configSchema, issue as IssueLike, raw);
      return {
        path: issue.path,
        // zod says "Invalid input: expected number, received string"; the path already says where.
        message: `${issue.message.replace(/^Invalid input: /, "")}${near ? ` (did you mean ${near}?)` : ""}`,
      };
    });
    throw new ConfigError(
      formatZodIssues(shown, issues),
      "fix the config file; every key: docs/config.md",
    );
  }
  return parsed.data;
}
