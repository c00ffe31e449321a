/**
 * The typed reporter registry (vitest's ReportersMap): every built-in
 * reporter by name, and how a run's choice (--reporter, the config's
 * `reporters`, or the default) becomes one multiplexer. A name missing
 * here, or a factory without a name, is a type error.
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { closest } from "../config/placeholders.js";
import { ConfigError, UsageError, describeError } from "../errors.js";
import type { ExportContext } from "../export/index.js";
import { alertsReporter, metricsReporter, otlpReporter } from "../export/index.js";
import {
  ctrfReporter,
  githubReporter,
  htmlReporter,
  jsonReporter,
  junitReporter,
  summaryReporter,
  type BuiltinContext,
} from "../reporters/builtin.js";
import { ReporterMultiplexer, type ReporterEntry } from "../reporters/multiplexer.js";
import { linesReporter, treeReporter } from "../reporters/views.js";
import {
  BUILTIN_REPORTERS,
  type BuiltinReporterName,
  type Reporter,
  type ReporterChoice,
} from "../results/reporter.js";

/** Everything a built-in reporter may be given when the run starts. */
export interface ReporterContext extends BuiltinContext, ExportContext {
  /** A terminal that can redraw (the tree view); else the tree falls back to lines. */
  tty: { write(text: string): unknown; columns?: number } | undefined;
  /** --verbose: every runner line, so the line view even on a terminal. */
  verbose: boolean;
}

type Factory = (ctx: ReporterContext) => Reporter;
type Named = Exclude<BuiltinReporterName, "default">;

/** Every built-in reporter. Exports (metrics, otlp, alerts) fail as warnings, the rest fail the run. */
export const reportersMap = {
  tree: (ctx) => (ctx.tty && !ctx.verbose ? treeReporter(ctx.tty) : linesReporter(ctx.print)),
  lines: (ctx) => linesReporter(ctx.print),
  summary: summaryReporter,
  json: jsonReporter,
  junit: junitReporter,
  ctrf: ctrfReporter,
  html: htmlReporter,
  github: githubReporter,
  metrics: metricsReporter,
  otlp: otlpReporter,
  alerts: alertsReporter,
} satisfies Record<Named, Factory>;

/** Order of the run's end: the files first, so the summary can name them; exports last. */
const END_ORDER: readonly Named[] = [
  "tree",
  "lines",
  "json",
  "junit",
  "ctrf",
  "html",
  "github",
  "summary",
  "metrics",
  "otlp",
  "alerts",
];

/** `default`: what a run reports when nobody chose: every built-in but `lines` (`tree` falls back to it). */
export const DEFAULT_REPORTERS: readonly Named[] = END_ORDER.filter((name) => name !== "lines");

/** Reporters that only write their own file: they end side by side. */
const FILES: ReadonlySet<Named> = new Set(["json", "junit", "ctrf", "html"]);

const EXPORTS: Partial<Record<Named, string>> = {
  metrics: "metrics",
  otlp: "trace",
  alerts: "alerts",
};

/** A reporter module or object from the config or a flag, before it is loaded. */
interface Choices {
  /** --reporter values or the API's `reporter` (names, module paths, objects); they replace the config's. */
  explicit: readonly ReporterChoice[];
  /** The config's `reporters`; undefined: the default set. */
  config: readonly ReporterChoice[] | undefined;
  /** The config file: module paths are relative to its folder. */
  configFile: string | undefined;
  /** false: `default` has no live view (`report`: nothing runs). */
  views?: boolean;
}

/** The run's reporters, built and behind one multiplexer. run.json is always among them. */
export async function createReporters(
  choices: Choices,
  ctx: Omit<ReporterContext, "html">,
  warn: (line: string) => void,
): Promise<ReporterMultiplexer> {
  const chosen = choices.explicit.length > 0 ? choices.explicit : (choices.config ?? ["default"]);
  const names = new Set<Named>(["json"]);
  const custom: ReporterEntry[] = [];
  for (const choice of chosen) {
    if (typeof choice !== "string") custom.push(customEntry(choice, custom.length));
    else if (choice === "default")
      DEFAULT_REPORTERS.filter((n) => choices.views !== false || n !== "tree").forEach((n) =>
        names.add(n),
      );
    else if (isBuiltin(choice)) names.add(choice);
    else custom.push(customEntry(await loadModule(choice, choices), custom.length, choice));
  }
  const full: ReporterContext = { ...ctx, html: names.has("html") };
  const builtins = END_ORDER.filter((n) => names.has(n)).map((name): ReporterEntry => ({
    name,
    reporter: reportersMap[name](full),
    onFailure: EXPORTS[name] ? "warning" : "fails",
    ...(EXPORTS[name] ? { what: EXPORTS[name] } : {}),
    alongside: FILES.has(name),
  }));
  return new ReporterMultiplexer([...builtins, ...custom], warn);
}

function isBuiltin(name: string): name is Named {
  return name !== "default" && (BUILTIN_REPORTERS as readonly string[]).includes(name);
}

function customEntry(reporter: Reporter, index: number, label?: string): ReporterEntry {
  return { name: label ?? `custom #${index + 1}`, reporter, onFailure: "fails" };
}

/** A module path (`./reporters/slack.ts`): its default export, an object or a class. */
async function loadModule(path: string, choices: Choices): Promise<Reporter> {
  if (!/^[./]/.test(path) && !isAbsolute(path)) throw unknownReporter(path, choices);
  const fromFlag = choices.explicit.length > 0 || !choices.configFile;
  const file = resolve(fromFlag ? process.cwd() : dirname(choices.configFile!), path);
  const problem = (why: string) =>
    fromFlag
      ? new UsageError(`reporter ${path}: ${why}`, REPORTER_SHAPE)
      : new ConfigError(`${choices.configFile}: reporters ${path}: ${why}`, REPORTER_SHAPE);
  let loaded: unknown;
  try {
    const { createJiti } = await import("jiti");
    loaded = await createJiti(import.meta.url).import(pathToFileURL(file).href, { default: true });
  } catch (error) {
    throw problem(`cannot load ${file}: ${describeError(error).split("\n")[0]}`);
  }
  const reporter = typeof loaded === "function" ? new (loaded as new () => unknown)() : loaded;
  if (typeof reporter !== "object" || reporter === null)
    throw problem("its default export is not a reporter object");
  return reporter as Reporter;
}

const REPORTER_SHAPE =
  "a reporter module's default export is an object with any of onRunBegin, onSuiteBegin, onOutput, onCase, onSuiteEnd, onRunEnd";

/** An unknown name, from a flag (usage) or the config (config), with a did-you-mean. */
function unknownReporter(name: string, choices: Choices): Error {
  const guess = closest(name, BUILTIN_REPORTERS);
  const what = `unknown reporter "${name}"${guess ? ` (did you mean ${guess}?)` : ""}`;
  const hint = `built-in: ${BUILTIN_REPORTERS.join(", ")}; or a module path like ./my-reporter.ts`;
  if (choices.explicit.length > 0) return new UsageError(`--reporter ${name}: ${what}`, hint);
  return new ConfigError(`${choices.configFile ?? "config"}: reporters ${what}`, hint);
}
