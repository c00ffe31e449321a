/**
 * What an environment's config says about itself, without zod: the target
 * stage asks at run time, and a command that starts fast does not load the
 * schema to ask.
 */
import type { EnvironmentConfig } from "./schema.js";

/** Whether an environment says nothing about where its stack is (local then means the reference app). */
export function namesNoStack(environment: EnvironmentConfig | undefined): boolean {
  return (
    environment?.baseUrl === undefined &&
    environment?.baseUrlEnv === undefined &&
    environment?.stack === undefined &&
    Object.keys(environment?.services ?? {}).length === 0
  );
}
