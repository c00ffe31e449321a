import type { ConfigInput } from "./schema.js";

/** Typed identity helper for hyvve-qa.config.ts. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
