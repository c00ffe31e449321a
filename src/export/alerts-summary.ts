/**
 * What both alert formats say about a run: its headline, one line per failing
 * suite, its top failing cases, the report link, the severity. Plain text,
 * bounded: the webhook escapes it for Slack mrkdwn, PagerDuty takes it as is.
 */
import type { AlertsConfig, alertSeverities } from "../config/schema.js";
import { countCases, type CaseResult, type RunResult } from "../results/model.js";
import { RUN_UNIT, type Incident, type IncidentChanges } from "./alerts-incidents.js";

export type AlertSeverity = (typeof alertSeverities)[number];

/** What one run announces, and where. */
export interface AlertPlan {
  run: RunResult;
  environment: string;
  severity: AlertSeverity;
  reportUrl: string | undefined;
  changes: IncidentChanges;
  /** The verdict passed and the environment's previous run had failed. */
  greenAgain: boolean;
}

const DEFAULT_SEVERITY: Record<string, AlertSeverity> = {
  production: "critical",
  staging: "error",
  local: "info",
};

/** The configured severity of the environment, else its default (an unknown environment: warning). */
export function severityFor(alerts: AlertsConfig, environment: string): AlertSeverity {
  return alerts.severity[environment] ?? DEFAULT_SEVERITY[environment] ?? "warning";
}

/** The config's reportUrl for this run, else the GitHub Actions run page when the run is one. */
export function reportUrlFor(
  alerts: AlertsConfig,
  runId: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (alerts.reportUrl) return alerts.reportUrl.replaceAll("{runId}", encodeURIComponent(runId));
  const [server, repo, id] = [
    env["GITHUB_SERVER_URL"],
    env["GITHUB_REPOSITORY"],
    env["GITHUB_RUN_ID"],
  ];
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

/** At most `max` characters, with an ellipsis when cut (never half a surrogate pair). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const firstLine = (text: string) => text.split("\n", 1)[0]!.trim();

/** A failing suite in a few words: its counts, or how it broke; for RUN_UNIT the verdict's first reason. */
export function suiteSummary(run: RunResult, suite: string): string {
  if (suite === RUN_UNIT)
    return clip(firstLine(run.verdict?.reasons[0] ?? "the verdict failed"), 300);
  const s = run.suites.find((x) => x.name === suite);
  if (!s) return "did not run";
  const counts = countCases(s.cases);
  const parts = [`${counts.failed} failed`, `${counts.passed} passed`];
  if (counts.flaky > 0) parts.push(`${counts.flaky} flaky`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  const broke = s.status !== "failed" && s.status !== "passed" ? `${s.status}: ` : "";
  const why = s.error ? ` (${clip(firstLine(s.error.message), 200)})` : "";
  return `${broke}${parts.join(", ")}${why}`;
}

export interface FailingCase {
  suite: string;
  title: string;
  message: string;
}

/** The first `limit` failed (not quarantined) cases of these suites, in run order, with their first message line. */
export function failingCases(
  run: RunResult,
  suites: ReadonlySet<string>,
  limit: number,
): { cases: FailingCase[]; total: number } {
  const cases: FailingCase[] = [];
  let total = 0;
  for (const s of run.suites) {
    if (!suites.has(s.name)) continue;
    for (const c of s.cases) {
      if (c.status !== "failed" || c.quarantined) continue;
      total++;
      if (cases.length < limit) cases.push({ suite: s.name, ...describeCase(c) });
    }
  }
  return { cases, total };
}

/** A case's title path and first failure line, each bounded (a hostile runner can print anything). */
function describeCase(c: CaseResult): { title: string; message: string } {
  const path = c.titlePath.length > 0 ? c.titlePath.join(" › ") : c.title;
  return {
    title: clip(path.replace(/\s+/g, " "), 200),
    message: clip(firstLine(c.failure?.message ?? ""), 300),
  };
}

/** How an incident stands: new, repeated since a run, or replacing the suite's earlier failure. */
export function incidentState(
  incident: Incident & { repeat: boolean },
  changes: IncidentChanges,
): string {
  if (incident.repeat) return `still failing since run ${incident.since}`;
  const replaces = changes.resolves.some((r) => r.suite === incident.suite && r.certain);
  return replaces ? "new failure, replaces the earlier one" : "new";
}

/** The one-line headline, e.g. `hyvve-qa: staging failed — e2e (3 failed, 37 passed)`. */
export function headline(plan: AlertPlan): string {
  const { environment, changes } = plan;
  if (changes.triggers.length === 0) return `hyvve-qa: ${environment} resolved`;
  const suites = changes.triggers.map((t) => `${t.suite} (${suiteSummary(plan.run, t.suite)})`);
  const status = plan.run.verdict?.status ?? plan.run.status;
  return clip(`hyvve-qa: ${environment} ${status} — ${suites.join("; ")}`, 300);
}
