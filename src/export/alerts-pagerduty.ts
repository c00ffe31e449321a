/**
 * PagerDuty Events API v2 events: one `trigger` per failing suite of the run
 * (a repeat of the same failure keeps its dedup_key, so PagerDuty appends to
 * the open alert instead of opening a second one) and one `resolve` per
 * incident the run closes. Within PagerDuty's limits: summary ≤ 1024
 * characters, dedup_key ≤ 255, custom_details a few KB (the event ≤ 512 KB).
 */
import { RUN_UNIT, type Incident } from "./alerts-incidents.js";
import {
  clip,
  failingCases,
  incidentState,
  suiteSummary,
  type AlertPlan,
  type AlertSeverity,
} from "./alerts-summary.js";

export interface PagerDutyEvent {
  routing_key: string;
  event_action: "trigger" | "resolve";
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: AlertSeverity;
    timestamp: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  client?: string;
  client_url?: string;
  links?: { href: string; text: string }[];
}

const SUMMARY_MAX = 1024;
const CASES_IN_DETAILS = 10;

/** The events of this run, resolves first; `routingKey` is the key itself, or a placeholder for --dry-run-alerts. */
export function pagerDutyEvents(plan: AlertPlan, routingKey: string): PagerDutyEvent[] {
  const resolves = plan.changes.resolves.map((incident): PagerDutyEvent => ({
    routing_key: routingKey,
    event_action: "resolve",
    dedup_key: incident.dedupKey,
  }));
  const triggers = plan.changes.triggers.map((incident) =>
    triggerEvent(plan, incident, routingKey),
  );
  return [...resolves, ...triggers];
}

/** One failing suite's trigger: summary, severity by environment, the details an on-call needs first. */
function triggerEvent(
  plan: AlertPlan,
  incident: Incident & { repeat: boolean },
  routingKey: string,
): PagerDutyEvent {
  const { run, environment } = plan;
  const top = failingCases(run, new Set([incident.suite]), CASES_IN_DETAILS);
  const what = incident.suite === RUN_UNIT ? "the run" : incident.suite;
  const titles = top.cases.slice(0, 3).map((c) => c.title);
  const summary = `[${environment}] ${what} failed: ${suiteSummary(run, incident.suite)}${titles.length > 0 ? ` — ${titles.join("; ")}` : ""} (hyvve-qa run ${run.id})`;
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: incident.dedupKey,
    payload: {
      summary: clip(summary.replace(/\s+/g, " "), SUMMARY_MAX),
      source: `hyvve-qa ${environment}`,
      severity: plan.severity,
      timestamp: run.finishedAt,
      component: incident.suite,
      group: environment,
      class: "test failure",
      custom_details: details(plan, incident, top),
    },
    client: "hyvve-qa",
    ...(plan.reportUrl
      ? { client_url: plan.reportUrl, links: [{ href: plan.reportUrl, text: "hyvve-qa report" }] }
      : {}),
  };
}

/** custom_details: bounded lists (10 cases, 5 reasons), each entry clipped. */
function details(
  plan: AlertPlan,
  incident: Incident & { repeat: boolean },
  top: ReturnType<typeof failingCases>,
): Record<string, unknown> {
  const { run } = plan;
  return {
    run_id: run.id,
    environment: plan.environment,
    verdict: run.verdict?.status ?? run.status,
    suite: incident.suite,
    suite_summary: suiteSummary(run, incident.suite),
    state: incidentState(incident, plan.changes),
    first_failed_run: incident.since,
    failing_cases: top.cases.map((c) => (c.message ? `${c.title} — ${c.message}` : c.title)),
    failing_cases_total: top.total,
    reasons: (run.verdict?.reasons ?? []).slice(0, 5).map((r) => clip(r, 300)),
    ...(run.git.branch ? { branch: clip(run.git.branch, 200) } : {}),
    ...(run.git.commit ? { commit: clip(run.git.commit, 64) } : {}),
    ...(plan.reportUrl ? { report: plan.reportUrl } : {}),
  };
}
