/**
 * The `run` flag table, typed against RunOptions: adding an option without
 * a flag (or a flag without an option) is a type error.
 */
import { UsageError } from "../errors.js";
import type { RecordLabel } from "../history/record.js";
import { parseEnvironmentName, parseShard } from "../plan/plan.js";
import type { RunOptions } from "../orchestrate/options.js";

export type { RunOptions };

export interface FlagSpec {
  flags: string;
  description: string;
  defaultValue?: string | boolean;
  /** May be given more than once; the values come as a list. */
  repeatable?: boolean;
}

export const runFlags = {
  env: {
    flags: "--env <name>",
    description:
      "environment: local (starts the local stack: the reference app unless the config names one), staging, production",
    defaultValue: "local",
  },
  baseUrl: {
    flags: "--base-url <url>",
    description:
      "test this URL instead of the environment's (its primary service; no stack is started)",
  },
  urls: {
    flags: "--url <service=url>",
    description:
      "one service's URL instead of the environment's, e.g. --url web=http://127.0.0.1:3000 (repeatable)",
    repeatable: true,
  },
  keepStack: {
    flags: "--keep-stack",
    description: "leave the stack hyvve-qa started running after the run, and print how to stop it",
  },
  profile: {
    flags: "--profile <name>",
    description: "smoke (quick, for CI and pre-push) or full",
    defaultValue: "smoke",
  },
  out: { flags: "--out <dir>", description: "write the report here instead of reports/<run-id>" },
  shard: { flags: "--shard <i/n>", description: "run shard i of n (passed to runners that shard)" },
  changed: {
    flags: "--changed",
    description: "only suites a change since the merge base with main can affect (unknown: all)",
  },
  ci: { flags: "--ci", description: "plain line-per-event output and GitHub annotations" },
  config: {
    flags: "--config <file>",
    description: "config file (default: hyvve-qa.config.{ts,mts,js,mjs})",
  },
  instances: {
    flags: "--instances <n>",
    description: "load: split the k6 run over n processes",
    defaultValue: "1",
  },
  allowProduction: {
    flags: "--allow-production",
    description: "allow load tests and suites that write (mutates) against production",
  },
  verbose: { flags: "--verbose", description: "stream every line of every runner" },
  reporter: {
    flags: "--reporter <name>",
    description:
      "report with this reporter instead of the config's (repeatable): a built-in name or a module path",
    repeatable: true,
  },
  baseline: { flags: "--no-baseline", description: "skip the comparison with the stored baseline" },
  grep: {
    flags: "-g, --grep <pattern>",
    description: "only cases whose title matches (Playwright -g, vitest -t, k6 scenario names)",
  },
  lastFailed: {
    flags: "--last-failed",
    description: "only the cases that failed in reports/latest (through each runner's filter)",
  },
  ...historyFlags(),
  maxParallel: {
    flags: "--max-parallel <n>",
    description: "how many suites may run side by side (default: the config's maxParallel)",
  },
  ...exportFlags(),
} satisfies Record<keyof RunOptions, FlagSpec>;

/** The history and quarantine files, named alike on run, report, history and quarantine. */
export function historyFlags() {
  return {
    history: {
      flags: "--history <file>",
      description: "the run history file (default: the config's history.file)",
    },
    noHistory: { flags: "--no-history", description: "neither read nor append the run history" },
    quarantine: {
      flags: "--quarantine <file>",
      description: "the quarantine file (default: the config's quarantine.file)",
    },
  } satisfies Record<string, FlagSpec>;
}

/** Names of an imported run (report --env/--profile): one word each, so `env/profile` reads back. */
export function parseRecordLabel(raw: { env?: string; profile?: string }): RecordLabel {
  for (const [flag, value] of [
    ["--env", raw.env],
    ["--profile", raw.profile],
  ] as const)
    if (value !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value))
      throw new UsageError(
        `${flag} ${value}: not a name`,
        `letters, digits, '.', '_' and '-', e.g. ${flag} ${flag === "--env" ? "ci-linux" : "nightly"}`,
      );
  return {
    ...(raw.env === undefined ? {} : { environment: raw.env }),
    ...(raw.profile === undefined ? {} : { profile: raw.profile }),
  };
}

/** The flags of what a run carries out (traces, metrics, alerts); `report` has them too. */
export function exportFlags() {
  return {
    otlp: {
      flags: "--otlp <url>",
      description:
        "export the run as one OTLP trace to this endpoint (default: OTEL_EXPORTER_OTLP_ENDPOINT)",
    },
    otlpFile: {
      flags: "--otlp-file <path>",
      description: "also write the run's trace as OTLP/JSON to this file",
    },
    metricsFile: {
      flags: "--metrics-file <path>",
      description: "also write metrics.prom here (atomically; node_exporter textfile collector)",
    },
    dryRunAlerts: {
      flags: "--dry-run-alerts",
      description: "print the alerts the config would send for this run; send none",
    },
  } satisfies Record<string, FlagSpec>;
}

/** The export choices from raw commander values (run and report share them). */
export function parseExportOptions(
  raw: Record<string, unknown>,
): Pick<RunOptions, "otlp" | "otlpFile" | "metricsFile" | "dryRunAlerts"> {
  const otlp = raw["otlp"] as string | undefined;
  // "collector:4318" parses as a URL with the scheme "collector:": OTLP/HTTP needs http(s).
  if (otlp !== undefined && !/^https?:$/.test(URL.parse(otlp)?.protocol ?? ""))
    throw new UsageError(`--otlp ${otlp}: not an http(s) URL`, "e.g. --otlp http://127.0.0.1:4318");
  return {
    otlp,
    otlpFile: raw["otlpFile"] as string | undefined,
    metricsFile: raw["metricsFile"] as string | undefined,
    dryRunAlerts: raw["dryRunAlerts"] === true,
  };
}

/** The export options that come from flags and the environment (run and report alike). */
export function exportChoices(
  options: Pick<RunOptions, "otlp" | "otlpFile" | "metricsFile" | "dryRunAlerts">,
  env: NodeJS.ProcessEnv,
) {
  return {
    env,
    otlpEndpoint: options.otlp,
    otlpFile: options.otlpFile,
    metricsFile: options.metricsFile,
    dryRunAlerts: options.dryRunAlerts,
    print: (text: string) => process.stdout.write(text),
  };
}

/** Raw commander values → checked RunOptions; bad values are usage errors (exit 2). */
export function parseRunOptions(raw: Record<string, unknown>): RunOptions {
  const profile = String(raw["profile"] ?? "smoke");
  if (profile !== "smoke" && profile !== "full")
    throw new UsageError(`--profile ${profile}: unknown profile`, "use smoke or full");
  const instances = Number(raw["instances"] ?? 1);
  if (!Number.isInteger(instances) || instances < 1 || instances > 32) {
    throw new UsageError(
      `--instances ${String(raw["instances"])}: expected a whole number from 1 to 32`,
    );
  }
  const baseUrl = raw["baseUrl"] as string | undefined;
  if (baseUrl !== undefined && !URL.canParse(baseUrl))
    throw new UsageError(`--base-url ${baseUrl}: not a URL`, "e.g. https://staging.example.com");
  return {
    env: parseEnvironmentName(String(raw["env"] ?? "local")),
    baseUrl,
    // commander names the --url flag's value "url".
    urls: parseServiceUrls(raw["url"]),
    keepStack: raw["keepStack"] === true,
    profile,
    out: raw["out"] as string | undefined,
    shard: raw["shard"] === undefined ? undefined : parseShard(String(raw["shard"])),
    changed: raw["changed"] === true,
    ci: raw["ci"] === true || process.env["CI"] === "true",
    config: raw["config"] as string | undefined,
    instances,
    allowProduction: raw["allowProduction"] === true,
    verbose: raw["verbose"] === true,
    reporter: (raw["reporter"] as string[] | undefined) ?? [],
    baseline: raw["baseline"] !== false,
    grep: parseGrep(raw["grep"]),
    lastFailed: raw["lastFailed"] === true,
    history: typeof raw["history"] === "string" ? raw["history"] : undefined,
    noHistory: raw["history"] === false,
    quarantine: raw["quarantine"] as string | undefined,
    maxParallel:
      raw["maxParallel"] === undefined ? undefined : parseMaxParallel(raw["maxParallel"]),
    ...parseExportOptions(raw),
  };
}

/** --url web=http://… (repeatable) → { web: "http://…" }. */
export function parseServiceUrls(value: unknown): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const pair of (value as string[] | undefined) ?? []) {
    const m = /^([a-z][a-z0-9_]*)=(.+)$/.exec(pair);
    if (!m || !URL.canParse(m[2]!))
      throw new UsageError(
        `--url ${pair}: expected service=URL`,
        "e.g. --url web=http://127.0.0.1:3000",
      );
    urls[m[1]!] = m[2]!;
  }
  return urls;
}

/** The pattern must be a valid regular expression: each runner reads it as one. */
function parseGrep(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const pattern = String(value);
  try {
    new RegExp(pattern);
  } catch {
    throw new UsageError(
      `--grep ${pattern}: not a valid regular expression`,
      "e.g. --grep 'approve|reject'",
    );
  }
  return pattern;
}

function parseMaxParallel(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 16)
    throw new UsageError(`--max-parallel ${String(value)}: expected a whole number from 1 to 16`);
  return n;
}
