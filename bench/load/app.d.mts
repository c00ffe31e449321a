import type { ChildProcess } from "node:child_process";

/** bench/load/app.mjs: the built reference app on a free loopback port. */
export function startApp(
  extraEnv?: Record<string, string>,
): Promise<{ url: string; token: string; app: ChildProcess }>;
