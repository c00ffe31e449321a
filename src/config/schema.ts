/**
 * The config schema: strict, so a typo is an error rather than a silently
 * ignored key. Environments hold URLs and the *names* of env vars that hold
 * tokens — never token values.
 */
import { z } from "zod";
import { suiteKinds } from "../results/model.js";
import { BUILTIN_REPORTERS, type Reporter } from "../results/reporter.js";
import { namesNoStack } from "./environment.js";
import { closest, placeholderProblems, servicesNamed } from "./placeholders.js";

const envVarName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, "expected an env var name like HYVVE_TOKEN");

/** A service's name: `web`, `agents`, `ccr`, `api`; `{url.<name>}` in a suite's env. */
export const serviceName = z
  .string()
  // Also a regex group name in ready.log, so no dashes.
  .regex(
    /^[a-z][a-z0-9_]*$/,
    "service names are lowercase letters, digits and _, e.g. web, agents",
  );

/**
 * One service of an environment's stack. Its URL comes from, first to last:
 * `--url <name>=URL`, `urlEnv` (when set), `url`, the stack's ready log line
 * (a named group `(?<name>…)`), else the environment's base URL (one host
 * serving everything). e.g. `ccr: { urlEnv: "CCR_URL", tokenEnv: "CCR_TOKEN", health: "/ccr/health" }`
 */
export const serviceSchema = z.strictObject({
  /** The service's fixed URL. e.g. "http://127.0.0.1:3456" */
  url: z.url().optional(),
  /** The env var holding its URL; wins over `url` when set. e.g. "CCR_URL" */
  urlEnv: envVarName.optional(),
  /** The env var holding its token, `{token.<name>}`; default: the environment's token. */
  tokenEnv: envVarName.optional(),
  /** Path asked before any runner starts; any HTTP answer counts as up. e.g. "/healthz" */
  health: z.string().startsWith("/", "a path like /healthz").default("/"),
});

/** How hyvve-qa knows a started stack command is up; every check given must pass. */
export const readySchema = z
  .strictObject({
    /** A URL that answers 2xx, 3xx or 400–403 (as Playwright's webServer). e.g. "{url.web}/healthz" */
    url: z.string().min(1).optional(),
    /** A TCP port on 127.0.0.1 that accepts connections. e.g. 3000 */
    port: z.number().int().min(1).max(65535).optional(),
    /**
     * A regular expression a line of its output matches; named groups that
     * are service names set those services' URLs (for apps on port 0).
     * e.g. "Local:\\s+(?<web>http://\\S+)"
     */
    log: z
      .string()
      .min(1)
      .refine((source) => {
        try {
          new RegExp(source);
          return true;
        } catch {
          return false;
        }
      }, "not a valid regular expression")
      .optional(),
  })
  .refine((r) => r.url !== undefined || r.port !== undefined || r.log !== undefined, {
    error: "set ready.url, ready.port or ready.log",
  });

const commandLine = z.union([z.string().min(1), z.array(z.string()).min(1)]);

/**
 * A command that starts part of the stack (as Playwright's `webServer`):
 * started in order, waited for, stopped with its whole process group after
 * the run (also on Ctrl-C or a crash). Its output goes to
 * `<run folder>/stack/<name>.log`. e.g.
 * `{ name: "web", command: "npm run start", cwd: "apps/web", ready: { url: "http://127.0.0.1:3000" }, reuse: !process.env.CI }`
 */
export const stackEntrySchema = z.strictObject({
  /** Names its log file (`stack/<name>.log`). e.g. "web" */
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, "stack names are lowercase letters, digits, _ and -"),
  /** argv, or one string run by /bin/sh. e.g. ["node", "server.js"] or "docker compose up" */
  command: commandLine,
  /** Its folder, relative to the config's folder. */
  cwd: z.string().optional(),
  /**
   * Env vars over hyvve-qa's own, as templates: `{token}`, `{workspace}`,
   * `{env}`, `{profile}`, and `{url.<name>}` of services already known.
   * e.g. `{ PORT: "0", API_TOKEN: "{token}" }`
   */
  env: z.record(envVarName, z.string()).optional(),
  /** How hyvve-qa knows it is up: `url`, `port`, `log`; every one given must pass. */
  ready: readySchema,
  /** Milliseconds it may take to become ready. */
  timeout: z.number().int().positive().default(60_000),
  /**
   * When its ready url or port already answers, use what runs there and start
   * nothing (local work; it is then not stopped either). e.g. `reuse: !process.env.CI`
   */
  reuse: z.boolean().default(false),
  /** A command run after the process group is stopped. e.g. "docker compose down" */
  stop: commandLine.optional(),
  /** Milliseconds between SIGTERM and SIGKILL when stopping it. */
  stopTimeout: z.number().int().positive().default(5_000),
});

export const environmentSchema = z
  .strictObject({
    /** Fixed base URL; `baseUrlEnv` (when set and present) wins over it. */
    baseUrl: z.url().optional(),
    /** The env var holding the base URL (CI secrets). e.g. "HYVVE_STAGING_URL" */
    baseUrlEnv: envVarName.optional(),
    /** The env var holding the token: the config holds names, never values. e.g. "HYVVE_STAGING_TOKEN" */
    tokenEnv: envVarName.optional(),
    /**
     * A random token made for each run, handed to the stack (`{token}` in its
     * env) and to the suites: for a stack hyvve-qa starts that accepts the
     * token it is given. e.g. the reference app's.
     */
    throwawayToken: z.boolean().default(false),
    /** The workspace the suites use (HYVVE_WORKSPACE_ID, `{workspace}`). e.g. "ws-qa" */
    workspaceId: z.string().default("ws-qa"),
    /** Load tests against this environment need --allow-production. */
    production: z.boolean().default(false),
    /**
     * The services a suite can reach, by name: `{url.web}`, `{token.ccr}`.
     * e.g. `services: { web: { urlEnv: "WEB_URL" }, agents: { urlEnv: "AGENTS_URL", health: "/healthz" } }`
     */
    services: z.record(serviceName, serviceSchema).default({}),
    /** The service that `{url}`, HYVVE_BASE_URL and --base-url mean; default: `baseUrl`, else the first service. e.g. "web" */
    primary: serviceName.optional(),
    /** Commands that start the stack before the suites and stop it after. */
    stack: z.array(stackEntrySchema).optional(),
  })
  .superRefine((environment, ctx) => {
    const names = Object.keys(environment.services);
    if (environment.primary !== undefined && !names.includes(environment.primary))
      ctx.addIssue({
        code: "custom",
        path: ["primary"],
        message: `"${environment.primary}" is not one of its services (${names.join(", ") || "none"})`,
      });
    (environment.stack ?? []).forEach((entry, i) => {
      for (const group of logGroups(entry.ready.log))
        if (!names.includes(group))
          ctx.addIssue({
            code: "custom",
            path: ["stack", i, "ready", "log"],
            message: `the group (?<${group}>…) names no service; declare services.${group} or rename the group`,
          });
      const templates = [...Object.entries(entry.env ?? {}), ["ready.url", entry.ready.url ?? ""]];
      for (const [key, template] of templates)
        for (const service of servicesNamed(template!))
          if (!names.includes(service))
            ctx.addIssue({
              code: "custom",
              path: ["stack", i, ...key!.split(".")],
              message: `{url.${service}} names no service of this environment (${names.join(", ") || "none"})`,
            });
      if (entry.reuse && entry.ready.url === undefined && entry.ready.port === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["stack", i, "reuse"],
          message: "reuse needs ready.url or ready.port to find the running one",
        });
    });
  });

/** The named groups of a ready.log expression: the services whose URLs it captures. */
export function logGroups(source: string | undefined): string[] {
  if (source === undefined) return [];
  return [...source.matchAll(/\(\?<([A-Za-z_]\w*)>/g)].map((m) => m[1]!);
}

/**
 * The services of the embedded reference app, which `environments.local`
 * starts when it names no URL and no stack of its own (target/reference-stack.ts).
 */
export const REFERENCE_SERVICES = ["web", "agents", "ccr"] as const;

/**
 * The env vars a suite reads, as templates filled from the target
 * (config/placeholders.ts): e.g. `{ BASE_URL: "{url}", AUTH_TOKEN: "{token}" }`.
 * An unknown placeholder is a config error naming the key.
 */
const suiteEnvSchema = z.record(
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an env var name like BASE_URL"),
  z.string().superRefine((template, ctx) => {
    for (const message of placeholderProblems(template)) ctx.addIssue({ code: "custom", message });
  }),
);

const suiteBase = {
  /** What the suite tests (the report groups by it). e.g. "e2e", "load", "external" */
  kind: z.enum(suiteKinds),
  /** Test files (globs relative to the suite's `cwd`); counted by `hyvve-qa list`. */
  files: z.array(z.string()).min(1),
  /**
   * The folder the suite runs in (relative to the config's folder; default:
   * that folder). Its runner comes from there — the package's own
   * `@playwright/test` or vitest — and `files` and `config` are relative to
   * it. e.g. `cwd: "apps/web"`
   */
  cwd: z.string().optional(),
  /**
   * Env vars the suite reads, filled from the target: `{url}`, `{token}`,
   * `{workspace}`, `{env}`, `{profile}`. They are set beside the usual
   * HYVVE_* ones. e.g. `env: { BASE_URL: "{url}", AUTH_TOKEN: "{token}" }`
   */
  env: suiteEnvSchema.optional(),
  /** Milliseconds before the runner is stopped and the suite marked timed out. */
  timeout: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  /** Run with no other suite alongside (load suites: they measure the machine). */
  exclusive: z.boolean().default(false),
  /**
   * The suite writes to its target (creates, approves, spends quota): it is
   * refused on an environment marked production unless --allow-production.
   * e.g. `mutates: true` for live e2e flows; read-only suites leave it false.
   */
  mutates: z.boolean().default(false),
  /** One line shown by `hyvve-qa list`. */
  description: z.string().optional(),
};

const vitestSuite = z.strictObject({
  ...suiteBase,
  /** The native runner. */
  runner: z.literal("vitest"),
  /** vitest config file; the files above are passed as filters. */
  config: z.string().optional(),
});

const playwrightSuite = z.strictObject({
  ...suiteBase,
  /** The native runner. */
  runner: z.literal("playwright"),
  /** The Playwright config (relative to `cwd`); its own settings (retries, workers, timeouts) hold. */
  config: z.string(),
  /** Only these projects of the config (`--project`); default: all. e.g. `projects: ["chromium"]` */
  projects: z.array(z.string().min(1)).min(1).optional(),
  /** Wrap in `percy exec` when PERCY_TOKEN is set. */
  percy: z.boolean().default(false),
});

const k6Suite = z.strictObject({
  ...suiteBase,
  /** The native runner. */
  runner: z.literal("k6"),
  /**
   * What `--profile smoke` does to a script that sets its own load shape
   * (`stages`, `vus`, `duration`, `iterations`): k6's own `--vus`/`--duration`
   * override (`{ vus: 2, duration: "20s" }`, the duration also from
   * HYVVE_LOAD_DURATION), or `false` to run every script as written. Scripts
   * with `scenarios` always run as written. e.g. `smoke: { vus: 1, duration: "10s" }`
   */
  smoke: z
    .union([
      z.literal(false),
      z.strictObject({
        /** Virtual users of the smoke run. e.g. 2 */
        vus: z.number().int().min(1).max(500).default(2),
        /** Its length; default 20s or HYVVE_LOAD_DURATION. e.g. "20s" */
        duration: z
          .string()
          .regex(/^(\d+h)?(\d+m)?(\d+s)?$/, "a k6 duration like 20s, 1m30s")
          .optional(),
      }),
    ])
    .optional(),
});

const pytestSuite = z.strictObject({
  ...suiteBase,
  /** The native runner. */
  runner: z.literal("pytest"),
  /**
   * The Python that runs `python -m pytest`: a path (e.g. a venv's
   * `.venv/bin/python`, relative to `cwd`) or a command on PATH; default
   * `$HYVVE_PYTHON`, else `python3`. e.g. `python: "/usr/bin/python3"`
   */
  python: z.string().min(1).optional(),
  /** A marker expression (`-m`). e.g. `markers: "integration and not slow"` */
  markers: z.string().min(1).optional(),
  /** More pytest arguments, as written on its command line. e.g. `args: ["-p", "no:cacheprovider"]` */
  args: z.array(z.string()).default([]),
});

const commandSuite = z.strictObject({
  ...suiteBase,
  /** The native runner. */
  runner: z.literal("command"),
  /** argv; the command writes JUnit to $HYVVE_JUNIT_OUTPUT. */
  command: z.array(z.string()).min(1),
});

export const suiteSchema = z.discriminatedUnion("runner", [
  vitestSuite,
  playwrightSuite,
  k6Suite,
  pytestSuite,
  commandSuite,
]);

/**
 * `--changed`: changed files that cannot affect any suite. The tool's own
 * tests (test/), docs, benchmarks and CI workflows are never read by a suite
 * run; a suite that does depend on such a file still sees it (its imports win).
 */
export const DEFAULT_CHANGED_IGNORE = ["**/*.md", "docs/**", "bench/**", "test/**", ".github/**"];

/** The run history (history/): where it lives, how much it keeps, how flakiness is judged. */
export const historySchema = z
  .strictObject({
    /** JSON Lines, git-ignored under reports/; keep it in a CI cache. e.g. "reports/history.jsonl" */
    file: z.string().default("reports/history.jsonl"),
    /** Runs kept; the oldest are dropped. */
    cap: z.number().int().positive().default(200),
    /** Recent runs the flakiness statistics look at. */
    window: z.number().int().positive().default(30),
    /** Fewer runs of a case than this: class `new`. */
    minRuns: z.number().int().positive().default(5),
    /** Flip rate (pass↔fail changes per run) at or above this: `flaky`. e.g. 0.1 */
    flipRate: z.number().min(0).max(1).default(0.1),
    /** Passed only on a retry this many times in the window: `flaky`. */
    passOnRetry: z.number().int().positive().default(2),
    /** A run where at least this share of cases failed is an outage, left out. */
    outageFailureRate: z.number().min(0).max(1).default(0.5),
  })
  .default({
    file: "reports/history.jsonl",
    cap: 200,
    window: 30,
    minRuns: 5,
    flipRate: 0.1,
    passOnRetry: 2,
    outageFailureRate: 0.5,
  });

/** PagerDuty's severities, most severe first. */
export const alertSeverities = ["critical", "error", "warning", "info"] as const;

/** The Events API v2 endpoint; `pagerduty.url` overrides it (a proxy, a test receiver). */
export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/**
 * Alerts sent when a run's verdict fails (and resolved when the failure is
 * gone): a generic JSON webhook (a Slack-compatible message) and PagerDuty
 * Events API v2. Secrets are named by env var, never written here. e.g.
 * `alerts: { pagerduty: { routingKeyEnv: "PAGERDUTY_ROUTING_KEY" }, webhook: { urlEnv: "SLACK_WEBHOOK_URL" } }`
 */
export const alertsSchema = z
  .strictObject({
    /** Environments whose runs alert; runs elsewhere send nothing. e.g. `["staging", "production"]` */
    environments: z.array(z.string().min(1)).min(1).default(["staging", "production"]),
    /**
     * PagerDuty severity per environment, over the defaults production
     * `critical`, staging `error`, local `info`, any other `warning`.
     * e.g. `severity: { staging: "warning" }`
     */
    severity: z.record(z.string(), z.enum(alertSeverities)).default({}),
    /** A link to the report in every alert, `{runId}` replaced. e.g. "https://qa.example.com/reports/{runId}/index.html" */
    reportUrl: z
      .string()
      .refine((u) => URL.canParse(u.replaceAll("{runId}", "x")), "expected a URL")
      .optional(),
    /** Milliseconds one HTTP attempt may take. e.g. `5000` */
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** Milliseconds all alerts of one run may take, retries included; then the rest is a warning. e.g. `20000` */
    deadlineMs: z.number().int().min(100).max(120_000).default(20_000),
    /** Attempts per alert (network errors, 429 and 5xx are retried with backoff). e.g. `4` */
    attempts: z.number().int().min(1).max(10).default(4),
    /**
     * A JSON POST of a Slack-compatible message (`text` + `blocks`): `urlEnv`
     * names the env var holding the URL (it embeds a token), or `url` is the
     * URL itself. e.g. `webhook: { urlEnv: "SLACK_WEBHOOK_URL" }`
     */
    webhook: z
      .strictObject({
        /** The webhook's URL. e.g. "https://hooks.example.com/qa" */
        url: httpUrl.optional(),
        /** The env var holding the URL (it embeds a secret). e.g. "SLACK_WEBHOOK_URL" */
        urlEnv: envVarName.optional(),
      })
      .refine((w) => (w.url === undefined) !== (w.urlEnv === undefined), {
        error: "set exactly one of url and urlEnv",
      })
      .optional(),
    /**
     * PagerDuty Events API v2: `routingKeyEnv` names the env var holding the
     * integration's routing key; `url` overrides the endpoint.
     * e.g. `pagerduty: { routingKeyEnv: "PAGERDUTY_ROUTING_KEY" }`
     */
    pagerduty: z
      .strictObject({
        /** The env var holding the integration's routing key. e.g. "PAGERDUTY_ROUTING_KEY" */
        routingKeyEnv: envVarName,
        /** The Events API endpoint (a proxy, a test receiver). */
        url: httpUrl.default(PAGERDUTY_EVENTS_URL),
      })
      .optional(),
  })
  .refine((a) => a.webhook !== undefined || a.pagerduty !== undefined, {
    error: "set webhook or pagerduty (or leave alerts out)",
  });

/** A built-in reporter's name, a module path (`./…`, `/…`), or an object with reporter hooks. */
const reporterChoice = z.union([
  z.string().superRefine((name, ctx) => {
    if (/^[./]/.test(name) || (BUILTIN_REPORTERS as readonly string[]).includes(name)) return;
    const near = closest(name, BUILTIN_REPORTERS);
    ctx.addIssue({
      code: "custom",
      message: `unknown reporter "${name}"${near ? ` (did you mean ${near}?)` : ""}: a built-in name (${BUILTIN_REPORTERS.join(", ")}) or a module path like ./my-reporter.ts`,
    });
  }),
  z.custom<Reporter>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
    error: "a reporter is a built-in name, a module path, or an object with reporter hooks",
  }),
]);

export const configSchema = z
  .strictObject({
    /** Where run folders go (`<reportsDir>/<run-id>/`, and `latest`). e.g. "reports" */
    reportsDir: z.string().default("reports"),
    /** How many suites may run side by side (exclusive suites always run alone). */
    maxParallel: z.number().int().positive().default(2),
    /**
     * Where the suites run. e.g. `environments: { staging: { baseUrlEnv: "STAGING_URL", tokenEnv: "STAGING_TOKEN" } }`
     */
    environments: z
      .strictObject({
        /** The local stack: with no URL, services or stack of its own, the reference app. */
        local: environmentSchema.optional(),
        /** A deployed pre-production stack. */
        staging: environmentSchema.optional(),
        /** Production: load and mutating suites need --allow-production. */
        production: environmentSchema.optional(),
      })
      .default({}),
    /** The run history: where it lives, how much it keeps, how flakiness is judged. */
    history: historySchema,
    /** Where a failed verdict is announced; see alertsSchema. */
    alerts: alertsSchema.optional(),
    /**
     * What every run reports with, replacing the default set (`--reporter`
     * replaces this in turn; run.json is always written): built-in names
     * (default, tree, lines, summary, json, junit, ctrf, html, github, metrics,
     * otlp, alerts), module paths relative to the config whose default export
     * is a reporter, or reporter objects (hooks onRunBegin, onSuiteBegin,
     * onOutput, onCase, onSuiteEnd, onRunEnd; see docs/reports.md).
     * e.g. `reporters: ["default", "./qa/slack-reporter.ts"]`
     */
    reporters: z.array(reporterChoice).optional(),
    /** The committed quarantine list (case ids or `*` patterns, owner, reason, expiry). */
    quarantine: z
      .strictObject({
        /** The JSON file, relative to the config's folder. e.g. "config/quarantine.json" */
        file: z.string().default("config/quarantine.json"),
      })
      .default({ file: "config/quarantine.json" }),
    /** The suites by name (lowercase words with dashes); see the runners' sections. */
    suites: z.record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "suite names are lowercase words with dashes"),
      suiteSchema,
    ),
    /** The stored baselines and the rules a run is compared with them by. */
    baseline: z
      .strictObject({
        /**
         * Folder of the stored baselines, one per environment and profile:
         * `<dir>/<env>-<profile>/run.json`, e.g. `reports/baseline/staging-full/run.json`.
         */
        dir: z.string().default("reports/baseline"),
        /**
         * A case is "slower" when its duration is above median + durationK·MAD of
         * its last durationSamples runs in the history (at least durationMinSamples)
         * and at least this share above the median. e.g. 0.5 = 50 %.
         */
        slowdownRatio: z.number().positive().default(0.5),
        /** How many MADs above the median counts as slower. e.g. 3 */
        durationK: z.number().positive().default(3),
        /** How many recent durations of a case the rule looks at. e.g. 20 */
        durationSamples: z.number().int().positive().default(20),
        /** Fewer durations than this: the case is never "slower". e.g. 5 */
        durationMinSamples: z.number().int().positive().default(5),
        /** Ignore slowdowns of cases faster than this, in ms (noise). */
        minDurationMs: z.number().nonnegative().default(1000),
        /** A load p95 this much above baseline (ratio) is a regression… */
        latencyRegressionRatio: z.number().positive().default(0.5),
        /** …when it also grew by at least this many ms (7 → 11 ms is +57% and noise). */
        latencyMinDeltaMs: z.number().nonnegative().default(25),
        /** …and the one-sided Mann–Whitney p is below this. */
        latencyAlpha: z.number().positive().max(1).default(0.01),
        /** Bootstrap resamples for the p95 ratio's interval. */
        latencyResamples: z.number().int().min(100).default(1000),
      })
      .default({
        latencyMinDeltaMs: 25,
        latencyAlpha: 0.01,
        latencyResamples: 1000,
        dir: "reports/baseline",
        slowdownRatio: 0.5,
        durationK: 3,
        durationSamples: 20,
        durationMinSamples: 5,
        minDurationMs: 1000,
        latencyRegressionRatio: 0.5,
      }),
    /**
     * `--changed` picks the suites whose files (or what they import) changed; a
     * changed file no suite depends on selects every suite, unless it matches
     * `ignore` (globs relative to the repo root), e.g.
     * `changed: { ignore: ["**\/*.md", "docs/**", "scripts/release.sh"] }`.
     */
    changed: z
      .strictObject({
        /** Globs (from the repo root) of files no suite depends on. e.g. ["**\/*.md", "docs/**"] */
        ignore: z.array(z.string()).default(() => [...DEFAULT_CHANGED_IGNORE]),
      })
      .default(() => ({ ignore: [...DEFAULT_CHANGED_IGNORE] })),
  })
  .superRefine((config, ctx) => {
    // A suite may name a service that some environment defines; which one runs is decided per run.
    const known = new Set<string>();
    for (const environment of Object.values(config.environments)) {
      for (const name of Object.keys(environment?.services ?? {})) known.add(name);
    }
    if (namesNoStack(config.environments.local))
      for (const name of REFERENCE_SERVICES) known.add(name);
    for (const [suite, spec] of Object.entries(config.suites))
      for (const [key, template] of Object.entries(spec.env ?? {}))
        for (const service of servicesNamed(template))
          if (!known.has(service)) {
            const near = closest(service, [...known]);
            ctx.addIssue({
              code: "custom",
              path: ["suites", suite, "env", key],
              message: `no environment defines the service "${service}"${near ? ` (did you mean ${near}?)` : ""}; known: ${[...known].join(", ") || "none"}`,
            });
          }
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type SuiteConfig = z.output<typeof suiteSchema>;
export type AlertsConfig = z.output<typeof alertsSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type EnvironmentName = "local" | "staging" | "production";
export type StackEntry = z.output<typeof stackEntrySchema>;
export type ServiceConfig = z.output<typeof serviceSchema>;
