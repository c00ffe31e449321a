/**
 * The run as Prometheus metrics: `metrics.prom` in the run folder and, with
 * --metrics-file, the same text at that path for node_exporter's textfile
 * collector. Every family is a gauge (the file describes the last run and is
 * replaced by the next, so nothing in it only goes up); names follow the
 * Prometheus conventions (`hyvve_qa_` prefix, seconds, ratios 0–1, no
 * `_total`), and `promtool check metrics` accepts the file without a lint
 * problem. The format is the Prometheus text format 0.0.4, the one
 * node_exporter's textfile collector and promtool parse; no sample carries a
 * timestamp (the textfile collector rejects them): the run's time is the
 * `hyvve_qa_run_timestamp_seconds` gauge. prom-text.ts writes the text and
 * escapes the label values.
 */
import { dirname, join, resolve } from "node:path";
import { HyvveQaError } from "../errors.js";
import {
  caseStatuses,
  suiteStatuses,
  verdictStatuses,
  type EndpointMetrics,
  type LoadMetrics,
  type RunResult,
  type SuiteResult,
} from "../results/model.js";
import { writeFileAtomic } from "../results/run-file.js";
import type { ExportOptions } from "./index.js";
import { renderGauges } from "./prom-text.js";

/** The file's name in the run folder. */
export const METRICS_FILE = "metrics.prom";

/** One series: its labels (besides env and profile, which every series has) and value. */
export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** One metric family, before prom-text.ts renders it. */
export interface MetricFamily {
  name: string;
  help: string;
  labelNames: readonly string[];
  samples: MetricSample[];
}

/** metrics.prom (or --metrics-file) could not be made or written; the warning says which and why. */
export class MetricsExportError extends HyvveQaError {
  constructor(message: string) {
    super("E_METRICS_EXPORT", message);
  }
}

/** Writes metrics.prom into the run folder and, with --metrics-file, there too (each atomically). */
export async function writeMetrics(run: RunResult, options: ExportOptions): Promise<void> {
  const text = await renderMetrics(run);
  const targets = [join(options.outDir, METRICS_FILE)];
  if (options.metricsFile !== undefined) targets.push(resolve(process.cwd(), options.metricsFile));
  const failures: string[] = [];
  // One target failing (a missing folder) must not keep the other from being written.
  for (const path of targets) {
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      failures.push(`${path} not written (${whyNotWritten(error, path)})`);
    }
  }
  if (failures.length > 0) throw new MetricsExportError(failures.join("; "));
}

/** A write error as a reason a user can act on, without the temp file's name. */
function whyNotWritten(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `ENOENT: the folder ${dirname(path)} does not exist; create it`;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return `${code}: the folder ${dirname(path)} is not writable`;
  if (code === "EISDIR") return "EISDIR: that path is a folder; name a file, e.g. hyvve-qa.prom";
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** The exposition text of a run (Prometheus text format 0.0.4). */
export async function renderMetrics(run: RunResult): Promise<string> {
  const families = metricFamilies(run).filter((family) => family.samples.length > 0);
  families.forEach(checkDistinct);
  // On every series: one host may collect the files of several environments and profiles.
  return renderGauges(families, { env: run.environment.name, profile: run.profile ?? "" });
}

/** Two series with the same labels would make promtool (and Prometheus) refuse the file. */
function checkDistinct(family: MetricFamily): void {
  const seen = new Set<string>();
  for (const sample of family.samples) {
    const key = JSON.stringify(family.labelNames.map((n) => sample.labels[n] ?? ""));
    if (seen.has(key))
      throw new MetricsExportError(
        `${family.name}: two series with the labels ${key}; rename the suite or endpoint`,
      );
    seen.add(key);
  }
}

/** Every family of a run, in the order the file lists them. */
export function metricFamilies(run: RunResult): MetricFamily[] {
  return [...runFamilies(run), ...suiteFamilies(run.suites), ...loadFamilies(run.suites)];
}

/** The run as a whole: which, when, how long, the verdict and the exit code. */
function runFamilies(run: RunResult): MetricFamily[] {
  const started = Date.parse(run.startedAt);
  const finished = Date.parse(run.finishedAt);
  const verdict = run.verdict;
  return [
    {
      name: "hyvve_qa_run_info",
      help: "The last run: its id (the report folder reports/<run_id>) and git commit and branch; always 1.",
      labelNames: ["run_id", "commit", "branch"],
      samples: [
        {
          labels: { run_id: run.id, commit: run.git.commit ?? "", branch: run.git.branch ?? "" },
          value: 1,
        },
      ],
    },
    single(
      "hyvve_qa_run_timestamp_seconds",
      "When the last run started, in seconds since the Unix epoch.",
      started / 1000,
    ),
    single(
      "hyvve_qa_run_duration_seconds",
      "How long the last run took, start to finish, in seconds.",
      Math.max(0, finished - started) / 1000,
    ),
    {
      name: "hyvve_qa_run_verdict",
      help: "The last run's verdict: 1 for its status, 0 for the others.",
      labelNames: ["status"],
      samples: verdict
        ? verdictStatuses.map((status) => ({
            labels: { status },
            value: verdict.status === status ? 1 : 0,
          }))
        : [],
    },
    {
      name: "hyvve_qa_run_exit_code",
      help: "The exit code of the last run (0 passed, 1 failed, 2 error, 130 interrupted).",
      labelNames: [],
      samples: verdict ? [{ labels: {}, value: verdict.exitCode }] : [],
    },
    single(
      "hyvve_qa_quarantine_expired_entries",
      "Quarantine entries past their expiry that matched a case of the last run (they fail it).",
      run.history?.expired.length ?? 0,
    ),
    // 1 when the stored baseline lacked what a rule needs (the comparison was weaker); only when compared.
    ...(run.baseline?.source
      ? [
          single(
            "hyvve_qa_baseline_outdated",
            "1 when the last run's baseline lacked what a comparison rule needs (see the report), else 0.",
            run.baseline.outdated ? 1 : 0,
          ),
        ]
      : []),
  ].filter((family) => family.samples.every((s) => Number.isFinite(s.value)));
}

/** A family of one unlabelled series. */
function single(name: string, help: string, value: number): MetricFamily {
  return { name, help, labelNames: [], samples: [{ labels: {}, value }] };
}

/** Per suite: its status, duration and cases by status (all of them, quarantined ones). */
function suiteFamilies(suites: readonly SuiteResult[]): MetricFamily[] {
  const labels = (s: SuiteResult) => ({ suite: s.name, kind: s.kind });
  const byCaseStatus = (s: SuiteResult, quarantinedOnly: boolean) =>
    caseStatuses.map((status) => ({
      labels: { ...labels(s), status },
      value: s.cases.filter((c) => c.status === status && (!quarantinedOnly || c.quarantined))
        .length,
    }));
  return [
    {
      name: "hyvve_qa_suite_status",
      help: "Each suite's status in the last run: 1 for its status, 0 for the others.",
      labelNames: ["suite", "kind", "status"],
      samples: suites.flatMap((s) =>
        suiteStatuses.map((status) => ({
          labels: { ...labels(s), status },
          value: s.status === status ? 1 : 0,
        })),
      ),
    },
    {
      name: "hyvve_qa_suite_duration_seconds",
      help: "How long each suite's runner took in the last run, in seconds.",
      labelNames: ["suite", "kind"],
      samples: suites.flatMap((s) =>
        s.durationMs === null ? [] : [{ labels: labels(s), value: s.durationMs / 1000 }],
      ),
    },
    {
      name: "hyvve_qa_cases",
      help: "Test cases of the last run by suite and status (flaky: passed on a retry).",
      labelNames: ["suite", "kind", "status"],
      samples: suites.flatMap((s) => byCaseStatus(s, false)),
    },
    {
      name: "hyvve_qa_cases_quarantined",
      help: "Quarantined test cases of the last run by suite and status (their failures fail nothing).",
      labelNames: ["suite", "kind", "status"],
      samples: suites.flatMap((s) => byCaseStatus(s, true)),
    },
  ];
}

const QUANTILES = [
  ["p50", "median"],
  ["p95", "95th percentile"],
  ["p99", "99th percentile"],
] as const;

/** The numbers of one load-test measurement (a whole suite or one endpoint) worth a series. */
interface LoadFigures {
  labels: Record<string, string>;
  numbers: Pick<LoadMetrics | EndpointMetrics, "requests" | "rps" | "errorRate" | "latencyMs">;
}

/** The k6 figures of each load suite, overall (`hyvve_qa_load_*`) and per endpoint (`…_endpoint_*`). */
function loadFamilies(suites: readonly SuiteResult[]): MetricFamily[] {
  const overall: LoadFigures[] = [];
  const endpoints: LoadFigures[] = [];
  for (const s of suites) {
    if (!s.load) continue;
    overall.push({ labels: { suite: s.name }, numbers: s.load });
    for (const e of s.load.endpoints)
      endpoints.push({
        labels: { suite: s.name, scenario: e.scenario, endpoint: e.endpoint },
        numbers: e,
      });
  }
  return [
    ...loadFiguresFamilies("hyvve_qa_load", "the load suite", ["suite"], overall),
    ...loadFiguresFamilies(
      "hyvve_qa_load_endpoint",
      "each endpoint of the load suite",
      ["suite", "scenario", "endpoint"],
      endpoints,
    ),
  ];
}

/** Requests, rate, error ratio and latency percentiles as families under one prefix. */
function loadFiguresFamilies(
  prefix: string,
  of: string,
  labelNames: readonly string[],
  figures: readonly LoadFigures[],
): MetricFamily[] {
  const family = (
    suffix: string,
    help: string,
    value: (f: LoadFigures) => number,
  ): MetricFamily => ({
    name: `${prefix}_${suffix}`,
    help: `${help} of ${of} in the last run (k6).`,
    labelNames,
    samples: figures
      .map((f) => ({ labels: f.labels, value: value(f) }))
      .filter((s) => !Number.isNaN(s.value)),
  });
  return [
    family("requests", "HTTP requests", (f) => f.numbers.requests),
    family("requests_per_second", "HTTP requests per second", (f) => f.numbers.rps),
    family("error_ratio", "Failed HTTP requests over all (0-1)", (f) => f.numbers.errorRate),
    ...QUANTILES.map(([key, what]) =>
      family(
        `latency_${key}_seconds`,
        `The ${what} of HTTP request duration, in seconds,`,
        (f) => f.numbers.latencyMs[key] / 1000,
      ),
    ),
  ];
}
