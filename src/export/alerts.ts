/**
 * Alerts for a finished run (config `alerts`): PagerDuty events and a webhook
 * message when the verdict fails, PagerDuty resolves (and a webhook "resolved")
 * when a failure is gone. Which incidents are open comes from the run history
 * alone (alerts-incidents.ts). Nothing here changes the verdict: a send that
 * fails, or an env var that is not set, ends in one warning (the export reporters), and
 * no secret (routing key, a webhook URL from an env var) is printed or written.
 */
import type { AlertsConfig } from "../config/schema.js";
import { HyvveQaError } from "../errors.js";
import { makeRedactor } from "../results/redact.js";
import type { RunResult } from "../results/model.js";
import { incidentChanges, lastRunFailed } from "./alerts-incidents.js";
import { pagerDutyEvents } from "./alerts-pagerduty.js";
import { postJson, type SendLimits } from "./alerts-send.js";
import { webhookHasNews, webhookMessage } from "./alerts-slack.js";
import { reportUrlFor, severityFor, type AlertPlan } from "./alerts-summary.js";
import type { ExportOptions } from "./index.js";

export { alertSecretEnvNames } from "./alerts-secrets.js";

/** Some alerts were not sent (unset env var, refused, unreachable): one warning, never a changed verdict. */
export class AlertsNotSentError extends HyvveQaError {
  constructor(message: string) {
    super("E_ALERTS", message);
  }
}

/** One POST to make: where (and how to show it), what. */
interface Delivery {
  what: string;
  url: string;
  shownUrl: string;
  body: unknown;
}

/** Send (or with --dry-run-alerts print) what this run announces; throws AlertsNotSentError for what could not go. */
export async function sendAlerts(run: RunResult, options: ExportOptions): Promise<void> {
  const plan = planAlerts(run, options);
  if (typeof plan === "string") {
    if (options.dryRunAlerts) options.print(`hyvve-qa: --dry-run-alerts: no alerts (${plan})\n`);
    return;
  }
  const alerts = options.alerts!;
  const { deliveries, problems, secrets } = deliveriesOf(
    plan,
    alerts,
    options.env,
    options.dryRunAlerts,
  );
  const redact = makeRedactor(secrets);
  if (options.dryRunAlerts) {
    options.print(redact(dryRunText(deliveries, problems)));
    return;
  }
  const failures = await deliver(deliveries, alerts);
  if (deliveries.length > failures.length)
    options.print(`hyvve-qa: alerts sent: ${describeSent(deliveries, failures)}\n`);
  const all = [...problems, ...failures.map((f) => `${f.what}: ${f.reason}`)];
  if (all.length > 0) throw new AlertsNotSentError(redact(all.join("; ")));
}

/** What this run announces, or why it announces nothing. */
function planAlerts(run: RunResult, options: ExportOptions): AlertPlan | string {
  const { alerts } = options;
  const environment = run.environment.name;
  if (!alerts) return "the config has no alerts";
  if (options.partial) return "a shard or an interrupted run: alerts wait for the whole run";
  if (run.environment.faultInjected) return "a fault-injected run";
  if (!run.verdict) return "the run has no verdict";
  if (!alerts.environments.includes(environment))
    return `environment ${environment} does not alert (alerts.environments: ${alerts.environments.join(", ")})`;
  const changes = incidentChanges(run, options.earlier);
  const greenAgain = run.verdict.status === "passed" && lastRunFailed(options.earlier, environment);
  if (changes.triggers.length === 0 && changes.resolves.length === 0 && !greenAgain)
    return "nothing failed and no incident is open";
  return {
    run,
    environment,
    severity: severityFor(alerts, environment),
    reportUrl: reportUrlFor(alerts, run.id, options.env),
    changes,
    greenAgain,
  };
}

/**
 * The POSTs to make, the configured destinations that cannot be reached
 * (an env var not set), and the secret values to redact from any output.
 * In a dry run the routing key is shown as `<from $NAME>`.
 */
function deliveriesOf(
  plan: AlertPlan,
  alerts: AlertsConfig,
  env: NodeJS.ProcessEnv,
  dryRun: boolean,
) {
  const deliveries: Delivery[] = [];
  const problems: string[] = [];
  const secrets: string[] = [];
  if (alerts.pagerduty && (plan.changes.triggers.length > 0 || plan.changes.resolves.length > 0)) {
    const name = alerts.pagerduty.routingKeyEnv;
    const key = env[name]?.trim();
    if (key) secrets.push(key);
    if (!key) problems.push(`PagerDuty not sent: ${name} is not set`);
    if (key || dryRun) {
      for (const event of pagerDutyEvents(plan, dryRun ? `<from $${name}>` : key!)) {
        const what = `PagerDuty ${event.event_action} ${event.dedup_key}`;
        deliveries.push({
          what,
          url: alerts.pagerduty.url,
          shownUrl: alerts.pagerduty.url,
          body: event,
        });
      }
    }
  }
  if (alerts.webhook && webhookHasNews(plan)) {
    const target = webhookTarget(alerts.webhook, env);
    if (target.secret) secrets.push(...secretParts(target.secret));
    if ("problem" in target) problems.push(`webhook not sent: ${target.problem}`);
    if (target.url || dryRun)
      deliveries.push({
        what: "webhook",
        url: target.url ?? "",
        shownUrl: target.shown,
        body: webhookMessage(plan),
      });
  }
  return { deliveries, problems, secrets };
}

/** The webhook URL, how to show it (never its path: it embeds a token), or why there is none. */
function webhookTarget(
  webhook: NonNullable<AlertsConfig["webhook"]>,
  env: NodeJS.ProcessEnv,
): { url?: string; shown: string; secret?: string; problem?: string } {
  if (webhook.url) return { url: webhook.url, shown: `${new URL(webhook.url).origin}/…` };
  const name = webhook.urlEnv!;
  const shown = `<from $${name}>`;
  const value = env[name]?.trim();
  if (!value) return { shown, problem: `${name} is not set` };
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    return { shown, secret: value, problem: `${name} does not hold an http(s) URL` };
  return { url: value, shown, secret: value };
}

/** A secret URL and its path (the token part), for the redactor. */
function secretParts(value: string): string[] {
  return URL.canParse(value) ? [value, new URL(value).pathname] : [value];
}

/** Every delivery, PagerDuty's in order and the webhook beside them, all under one deadline. */
async function deliver(deliveries: readonly Delivery[], alerts: AlertsConfig) {
  const limits: SendLimits = {
    timeoutMs: alerts.timeoutMs,
    attempts: alerts.attempts,
    deadline: Date.now() + alerts.deadlineMs,
  };
  const failures: { what: string; reason: string }[] = [];
  const lane = async (list: readonly Delivery[]) => {
    for (const d of list) {
      const result = await postJson(d.url, d.body, limits);
      if (!result.ok) failures.push({ what: d.what, reason: result.reason });
    }
  };
  const isWebhook = (d: Delivery) => d.what === "webhook";
  await Promise.all([
    lane(deliveries.filter((d) => !isWebhook(d))),
    lane(deliveries.filter(isWebhook)),
  ]);
  // In delivery order (PagerDuty's, then the webhook), whichever lane finished first.
  const order = (what: string) => deliveries.findIndex((d) => d.what === what);
  return failures.sort((a, b) => order(a.what) - order(b.what));
}

/** e.g. `PagerDuty: 1 trigger, 1 resolve; webhook: 1 message`. */
function describeSent(
  deliveries: readonly Delivery[],
  failures: readonly { what: string }[],
): string {
  const sent = deliveries.filter((d) => !failures.some((f) => f.what === d.what));
  const count = (prefix: string) => sent.filter((d) => d.what.startsWith(prefix)).length;
  const parts = [];
  const [triggers, resolves] = [count("PagerDuty trigger"), count("PagerDuty resolve")];
  if (triggers + resolves > 0)
    parts.push(
      `PagerDuty: ${triggers} trigger${triggers === 1 ? "" : "s"}, ${resolves} resolve${resolves === 1 ? "" : "s"}`,
    );
  if (count("webhook") > 0) parts.push("webhook: 1 message");
  return parts.join("; ");
}

/** --dry-run-alerts: each POST with its destination and JSON body, and what would not be sent. */
function dryRunText(deliveries: readonly Delivery[], problems: readonly string[]): string {
  const lines = [
    `hyvve-qa: --dry-run-alerts: ${deliveries.length} alert${deliveries.length === 1 ? "" : "s"} (nothing sent)`,
  ];
  for (const d of deliveries)
    lines.push(`--- ${d.what} → POST ${d.shownUrl}`, JSON.stringify(d.body, null, 2));
  for (const p of problems) lines.push(`hyvve-qa: --dry-run-alerts: ${p}`);
  return `${lines.join("\n")}\n`;
}
