/**
 * The results model's zod schema: run.json as it is validated when read back
 * (results/run-file.ts). The types and helpers every stage uses are in
 * model.ts, which imports this file for types only, so a command that never
 * reads a run.json back does not load zod.
 */
import { z } from "zod";
import {
  RUN_SCHEMA_VERSION,
  caseStatuses,
  runStatuses,
  suiteKinds,
  suiteStatuses,
  verdictStatuses,
} from "./model.js";

export const attachmentSchema = z.strictObject({
  name: z.string(),
  /** Relative to the run folder, so the folder can be moved as a whole. */
  path: z.string(),
  contentType: z.string(),
  /**
   * For an expected image: the committed baseline it is a copy of, relative
   * to the project root — what `hyvve-qa show` overwrites when it is accepted.
   */
  baseline: z.string().optional(),
});

const failureSchema = z.strictObject({
  message: z.string(),
  type: z.string().optional(),
  stack: z.string().optional(),
  /**
   * `error`: the case errored (an exception outside its assertions: a
   * fixture, a collection error, a suite that did not load) rather than
   * failed, as JUnit's <error> and pytest say; absent for a failure. Both
   * fail the run; reports keep them apart.
   */
  kind: z.literal("error").optional(),
});

export const caseSchema = z.strictObject({
  /** Stable across runs: suite + file + title path (+ #n for duplicates). */
  id: z.string(),
  title: z.string(),
  titlePath: z.array(z.string()),
  file: z.string().optional(),
  status: z.enum(caseStatuses),
  /** Milliseconds; null when the producer gave none or garbage. Never NaN. */
  durationMs: z.number().nonnegative().nullable(),
  retries: z.number().int().nonnegative(),
  failure: failureSchema.optional(),
  /** Under an active quarantine entry: it ran and is reported, its failure fails nothing. */
  quarantined: z.boolean().optional(),
  attachments: z.array(attachmentSchema),
  stdout: z.string().optional(),
  stderr: z.string().optional(),
});

const percentilesSchema = z.strictObject({
  p50: z.number(),
  p90: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
});

/**
 * A bounded, seeded sample of latencies in time order (`t`: ms since the test
 * started, `v`: ms): what the statistical comparison with a baseline reads.
 */
export const latencySampleSchema = z.strictObject({
  t: z.array(z.number()),
  v: z.array(z.number()),
});

export const endpointMetricsSchema = z.strictObject({
  scenario: z.string(),
  endpoint: z.string(),
  requests: z.number(),
  rps: z.number(),
  errorRate: z.number(),
  latencyMs: percentilesSchema,
  sample: latencySampleSchema.optional(),
});

export const loadMetricsSchema = z.strictObject({
  durationS: z.number(),
  requests: z.number(),
  rps: z.number(),
  errorRate: z.number(),
  checks: z.strictObject({ passes: z.number(), fails: z.number() }),
  latencyMs: percentilesSchema,
  endpoints: z.array(endpointMetricsSchema),
  /** The same kind of sample over every request. */
  sample: latencySampleSchema.optional(),
  thresholds: z.array(
    z.strictObject({ metric: z.string(), expression: z.string(), ok: z.boolean() }),
  ),
  /** One point per time bucket: latency percentiles and request rate. */
  series: z.array(
    z.strictObject({
      t: z.number(),
      rps: z.number(),
      p50: z.number(),
      p95: z.number(),
      p99: z.number(),
    }),
  ),
  /**
   * Where the raw k6 points are (gzip, relative to the run folder) and which
   * script each scenario came from: enough for `report --run` to recompute the
   * shards' numbers exactly from all their points.
   */
  sources: z
    .strictObject({
      rawPoints: z.array(z.string()),
      scenarioFiles: z.record(z.string(), z.string()),
    })
    .optional(),
});

export const suiteSchema = z.strictObject({
  name: z.string(),
  kind: z.enum(suiteKinds),
  runner: z.string(),
  status: z.enum(suiteStatuses),
  /** When the runner started (ISO); with durationMs it shows which suites overlapped. */
  startedAt: z.string().optional(),
  durationMs: z.number().nonnegative().nullable(),
  cases: z.array(caseSchema),
  /** Set when the runner itself broke (crash, hang, no results). */
  error: z.strictObject({ message: z.string(), stderrTail: z.string().optional() }).optional(),
  /** Facts worth showing next to the suite, e.g. "Percy skipped: no PERCY_TOKEN". */
  notes: z.array(z.string()).optional(),
  load: loadMetricsSchema.optional(),
});

export const baselineFindingSchema = z.strictObject({
  kind: z.enum(["new-failure", "fixed", "slower", "latency-regression"]),
  caseId: z.string().optional(),
  suite: z.string(),
  message: z.string(),
  regression: z.boolean(),
});

/** The one verdict every surface shows (results/verdict.ts decides it). */
export const verdictSchema = z.strictObject({
  status: z.enum(verdictStatuses),
  exitCode: z.number().int(),
  /** One line each, most important first; empty when the run passed. */
  reasons: z.array(z.string()),
});

export const baselineComparisonSchema = z.strictObject({
  /** Which baseline this run belongs with: `<environment>/<profile>`, e.g. `staging/full`. */
  kind: z.string().optional(),
  /** The baseline file compared with (repo-relative); absent when there was none to compare. */
  source: z.string().optional(),
  findings: z.array(baselineFindingSchema),
  /** Load latency against the baseline's samples, per endpoint and overall (baseline/load-stats.ts). */
  latency: z
    .array(
      z.strictObject({
        name: z.string(),
        baselineP95: z.number(),
        currentP95: z.number(),
        /** p95 ratio, current / baseline, and its bootstrap 95 % interval. */
        ratio: z.number(),
        low: z.number(),
        high: z.number(),
        /** One-sided Mann–Whitney U p value (current shifted up). */
        p: z.number(),
        regression: z.boolean(),
      }),
    )
    .optional(),
  /** Why nothing (or not everything) was compared: no baseline of this kind yet, a corrupt file. */
  note: z.string().optional(),
  /** The baseline lacks what a rule needs (baseline/outdated.ts): what was compared less well, and the fix. */
  outdated: z
    .strictObject({
      reason: z.string(),
      /** One line per suite whose comparison was weaker, e.g. the p95 rule instead of statistics. */
      weaker: z.array(z.string()),
      /** The command that records a fresh baseline of this kind. */
      refresh: z.string(),
    })
    .optional(),
});

/**
 * A shift in a series over runs (baseline/change-points.ts): from `index`
 * on (an index into the trends' `runs`) the values' median moved from
 * `before` to `after`, with the rank test's p (two-sided, Bonferroni-corrected).
 */
export const changePointSchema = z.strictObject({
  index: z.number().int(),
  runId: z.string(),
  before: z.number(),
  after: z.number(),
  p: z.number(),
});

/** What the run history says about this run's cases (history/flaky.ts). */
export const historyInsightsSchema = z.strictObject({
  /** How many earlier runs the history held. */
  runs: z.number().int(),
  /** Flaky and broken cases of this run, with their numbers. */
  cases: z.array(
    z.strictObject({
      id: z.string(),
      class: z.enum(["new", "stable", "flaky", "broken"]),
      runs: z.number().int(),
      flipRate: z.number(),
      failureRate: z.number(),
      passOnRetry: z.number().int(),
      /** Oldest first, the last statuses: p passed, f failed, r passed on retry, s skipped. */
      recent: z.string(),
    }),
  ),
  /** Flaky cases not quarantined yet: candidates for `hyvve-qa quarantine add`. */
  suggestions: z.array(z.string()),
  /** Quarantine entries past their expiry that matched a case of this run. */
  expired: z.array(z.strictObject({ pattern: z.string(), owner: z.string(), expires: z.string() })),
  /** The last runs, oldest first and this run last, for the report's trends (baseline/trends.ts). */
  trends: z
    .strictObject({
      runs: z.array(z.strictObject({ runId: z.string(), startedAt: z.string() })),
      /** Per suite, one value per entry of `runs`; null where the suite did not run. */
      suites: z.record(
        z.string(),
        z.strictObject({
          /** Passed (incl. passed on retry) over cases that ran, 0–1. */
          passRate: z.array(z.number().nullable()),
          durationMs: z.array(z.number().nullable()),
          /** Cases that passed only on a retry. */
          flaky: z.array(z.number().int().nullable()),
        }),
      ),
      /** Per load endpoint (`suite › scenario › endpoint`), its p95 (ms) per run, and where it shifted. */
      endpoints: z.record(
        z.string(),
        z.strictObject({
          p95: z.array(z.number().nullable()),
          changePoints: z.array(changePointSchema),
        }),
      ),
    })
    .optional(),
  /** Per case of this run, its last statuses (at most 20, oldest first, this run last; letters as `recent`). */
  strips: z.record(z.string(), z.string()).optional(),
  /** The earlier runs' means, what this run's rates and durations are compared with (CTRF insights). */
  earlier: z
    .strictObject({
      passRate: z.number(),
      failRate: z.number(),
      flakyRate: z.number(),
      averageTestDurationMs: z.number(),
      averageRunDurationMs: z.number(),
      p95RunDurationMs: z.number(),
    })
    .optional(),
});

/** A stack command of the run and how it fared (target/stack.ts). */
export const stackEntryRecordSchema = z.strictObject({
  name: z.string(),
  /**
   * started: ran the whole run; reused: was already up, not started; detached:
   * exited 0 after it was ready (it started something and left); died: ended by
   * itself during the run; failed: never became ready.
   */
  status: z.enum(["started", "reused", "detached", "died", "failed"]),
  /** Services whose URLs its ready line gave. */
  services: z.array(z.string()),
  /** Its output, relative to the run folder. e.g. "stack/web.log" */
  log: z.string().optional(),
  startupMs: z.number().optional(),
  /** How it ended when it ended by itself ("exited with code 1"). */
  end: z.string().optional(),
  /** Milliseconds after the stack was up that it died. */
  diedAfterMs: z.number().optional(),
  /** Its last lines when it died. */
  lastLines: z.array(z.string()).optional(),
});

export const runSchema = z.strictObject({
  schemaVersion: z.literal(RUN_SCHEMA_VERSION),
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  environment: z.strictObject({
    name: z.string(),
    baseUrl: z.string().optional(),
    /**
     * The embedded reference app ran with injected faults (HYVVE_REF_FAULTS):
     * the run proves a suite catches a regression, so it is kept out of the history.
     */
    faultInjected: z.boolean().optional(),
    /** Each service's URL (credentials stripped), when the environment names services. */
    services: z.record(z.string(), z.string()).optional(),
  }),
  /** The profile the run used (smoke, full); absent for runs imported from other tools. */
  profile: z.enum(["smoke", "full"]).optional(),
  git: z.strictObject({ commit: z.string().optional(), branch: z.string().optional() }),
  status: z.enum(runStatuses),
  suites: z.array(suiteSchema),
  baseline: baselineComparisonSchema.optional(),
  history: historyInsightsSchema.optional(),
  verdict: verdictSchema.optional(),
  /** The stack hyvve-qa started for the run (config `stack`), one entry per command. */
  stack: z.array(stackEntryRecordSchema).optional(),
});
