/** The run record: what the target, the plan and the runners produced, every secret redacted. */
import type { RunContext } from "./context.js";
import type { Executed } from "./against-target.js";
import { deriveRunStatus, RUN_SCHEMA_VERSION, type RunResult } from "../results/model.js";
import { makeRedactor, redactInPlace } from "../results/redact.js";
import type { Target } from "../target/index.js";
import type { GitInfo } from "./git.js";
import { withoutCredentials } from "./run-env.js";

/** The run record, with every secret the run knew of redacted. */
export function assembleRun(
  ctx: RunContext,
  executed: Executed,
  interrupted: boolean,
  git: GitInfo,
): RunResult {
  const { target } = executed;
  const run: RunResult = {
    schemaVersion: RUN_SCHEMA_VERSION,
    id: ctx.id,
    startedAt: ctx.startedAt,
    finishedAt: new Date().toISOString(),
    environment: target
      ? {
          name: target.name,
          baseUrl: withoutCredentials(target.baseUrl),
          ...(hasFaults(target) ? { faultInjected: true } : {}),
          ...serviceUrls(target),
        }
      : { name: ctx.options.env },
    profile: ctx.options.profile,
    git,
    status: deriveRunStatus(executed.suites, interrupted),
    suites: executed.suites,
    ...(target?.stack ? { stack: target.stack.records() } : {}),
  };
  return redactInPlace(run, makeRedactor(executed.secrets));
}

/** run.json's environment.services: each service's URL without credentials. */
function serviceUrls(target: Target): { services?: Record<string, string> } {
  const entries = Object.entries(target.services);
  if (entries.length === 0) return {};
  return {
    services: Object.fromEntries(entries.map(([name, s]) => [name, withoutCredentials(s.url)])),
  };
}

/** Whether the reference app was started with faults to inject (an empty list is none). */
function hasFaults(target: Target): boolean {
  const faults = target.faults?.trim();
  return faults !== undefined && faults !== "" && faults !== "[]";
}
