/**
 * What k6 itself says of a load script before it runs: `k6 inspect` (tens of
 * milliseconds) prints the script's options as k6 consolidates them —
 * `scenarios`, `stages`, `vus`, `duration`, `iterations`, `thresholds` — with
 * the same env and folder the run uses. A file the suite's glob matched that
 * exports no function, or no `default` and no `scenarios` (a shared config
 * module), is a helper, not a test: k6 says so, and it is left out.
 */
import { succeeded, type Finished } from "../process/process-end.js";
import { runSupervised } from "../process/supervisor.js";
import { k6Env, type K6Binary } from "../setup/k6.js";
import { k6ErrorMessage } from "./k6-message.js";

/** A script's options as k6 sees them, reduced to what the runner decides on. */
export interface ScriptOptions {
  /** Its scenario names; undefined when it has no `scenarios` (a classic script). */
  scenarios: string[] | undefined;
  /** The load shape it sets itself besides scenarios: some of `stages`, `vus`, `duration`, `iterations`. */
  shaped: string[];
  thresholds: { metric: string; expression: string }[];
}

export type Inspection =
  | { kind: "script"; options: ScriptOptions }
  /** Not a test (e.g. a config module): why. */
  | { kind: "helper"; reason: string }
  /** k6 could not read it: the run shows k6's error, naming the script. */
  | { kind: "unreadable"; message: string };

/** Where to run k6 and with what: the suite's folder and env. */
export interface InspectContext {
  cwd: string;
  env: Record<string, string | undefined>;
  signal: AbortSignal;
}

const NO_EXPORTED_FUNCTIONS = "no exported functions in script";
const NO_DEFAULT = "function 'default' not found in exports";

/** `k6 inspect` of one script: its options, or why it is a helper or unreadable. */
export async function inspectScript(
  k6: K6Binary,
  script: string,
  ctx: InspectContext,
): Promise<Inspection> {
  const first = await inspect(k6, ["inspect", script], ctx);
  if (!succeeded(first.end)) return failed(first);
  let options: ScriptOptions;
  try {
    options = scriptOptions(JSON.parse(first.stdout));
  } catch {
    return { kind: "unreadable", message: "k6 inspect printed no options" };
  }
  if (options.scenarios !== undefined) return { kind: "script", options };
  // No scenarios: a test only with a default function, which k6 checks when it plans the run.
  const plan = await inspect(k6, ["inspect", "--execution-requirements", script], ctx);
  if (!succeeded(plan.end) && plan.stderr.includes(NO_DEFAULT))
    return { kind: "helper", reason: "no default function and no scenarios" };
  return { kind: "script", options };
}

/** One k6 inspect call, bounded in time. */
function inspect(k6: K6Binary, args: string[], ctx: InspectContext): Promise<Finished> {
  return runSupervised(k6.path, args, {
    cwd: ctx.cwd,
    env: k6Env(ctx.env),
    timeoutMs: 60_000,
    signal: ctx.signal,
  });
}

/** A failed inspect: a module with no exported function is a helper; anything else k6's message. */
function failed(proc: Finished): Inspection {
  if (proc.stderr.includes(NO_EXPORTED_FUNCTIONS))
    return { kind: "helper", reason: "no exported function" };
  return { kind: "unreadable", message: k6ErrorMessage(proc.stderr) };
}

/** The options k6 inspect printed, reduced (thresholds may be strings or `{ threshold }` objects). */
export function scriptOptions(printed: unknown): ScriptOptions {
  const o = (printed ?? {}) as Record<string, unknown>;
  const scenarios =
    o["scenarios"] && typeof o["scenarios"] === "object"
      ? Object.keys(o["scenarios"] as object)
      : undefined;
  const set = (key: string) => o[key] !== null && o[key] !== undefined;
  const shaped = ["stages", "vus", "duration", "iterations"].filter(set);
  const thresholds: ScriptOptions["thresholds"] = [];
  for (const [metric, list] of Object.entries((o["thresholds"] ?? {}) as Record<string, unknown>)) {
    for (const t of Array.isArray(list) ? list : []) {
      const expression = typeof t === "string" ? t : (t as { threshold?: unknown })?.threshold;
      if (typeof expression === "string") thresholds.push({ metric, expression });
    }
  }
  return { scenarios, shaped, thresholds };
}
