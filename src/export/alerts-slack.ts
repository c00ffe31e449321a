/**
 * The webhook's message: a Slack-compatible JSON body (`text` as the
 * notification fallback, `blocks` for the layout) that any JSON webhook can
 * take. Within Slack's limits with room to spare: at most 7 blocks (Slack
 * allows 50), a header ≤ 150 characters, every section ≤ 3000, `text` ≤ 3000
 * (Slack allows 40,000). Everything a test produced is escaped for mrkdwn
 * (&, <, >), so a case title cannot mention @channel or forge a link.
 */
import { RUN_UNIT } from "./alerts-incidents.js";
import {
  clip,
  failingCases,
  headline,
  incidentState,
  suiteSummary,
  type AlertPlan,
} from "./alerts-summary.js";

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

export const SLACK_SECTION_MAX = 3000;
const HEADER_MAX = 150;
const TOP_CASES = 5;

/** Slack mrkdwn's three control characters, as its docs ask. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Whether the run has anything for the webhook: a failure, a resolve it can vouch for, or green after red. */
export function webhookHasNews(plan: AlertPlan): boolean {
  const { changes } = plan;
  return changes.triggers.length > 0 || changes.resolves.some((r) => r.certain) || plan.greenAgain;
}

/** The message for this run. */
export function webhookMessage(plan: AlertPlan): SlackMessage {
  const failed = plan.changes.triggers.length > 0;
  const title = failed ? `🔴 ${headline(plan)}` : `✅ hyvve-qa: ${plan.environment} resolved`;
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(title, HEADER_MAX) } },
    section(runFacts(plan)),
  ];
  if (failed) {
    blocks.push(section(listSection("*Failing*", failingLines(plan))));
    const top = topCaseLines(plan);
    if (top.length > 0) blocks.push(section(listSection("*Top failing cases*", top)));
  }
  const resolved = resolvedLines(plan);
  if (resolved.length > 0) blocks.push(section(listSection("*Resolved*", resolved)));
  else if (!failed)
    blocks.push(
      section(`The previous ${escapeMrkdwn(plan.environment)} run failed; this one passed.`),
    );
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", text: `hyvve-qa · severity ${plan.severity}` }],
  });
  return { text: clip(title, SLACK_SECTION_MAX), blocks };
}

const section = (text: string): SlackBlock => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, SLACK_SECTION_MAX) },
});

/** Verdict, environment, run id, git, report link. */
function runFacts(plan: AlertPlan): string {
  const { run } = plan;
  const verdict = run.verdict ? `${run.verdict.status} (exit ${run.verdict.exitCode})` : run.status;
  const lines = [
    `*Verdict* ${verdict} · *Environment* ${escapeMrkdwn(plan.environment)} · *Run* \`${escapeMrkdwn(run.id)}\``,
  ];
  const git = [run.git.branch, run.git.commit?.slice(0, 12)].filter(Boolean).join(" @ ");
  if (git) lines.push(`*Git* ${escapeMrkdwn(clip(git, 200))}`);
  if (plan.reportUrl)
    lines.push(`<${escapeMrkdwn(plan.reportUrl).replaceAll("|", "%7C")}|Open the report>`);
  return lines.join("\n");
}

/** One line per failing suite: counts and whether it is new. */
function failingLines(plan: AlertPlan): string[] {
  return plan.changes.triggers.map((t) => {
    const name = t.suite === RUN_UNIT ? "the run" : t.suite;
    const state = incidentState(t, plan.changes);
    return `• *${escapeMrkdwn(name)}* — ${escapeMrkdwn(suiteSummary(plan.run, t.suite))} _(${escapeMrkdwn(state)})_`;
  });
}

/** The top failing cases across the failing suites. */
function topCaseLines(plan: AlertPlan): string[] {
  const suites = new Set(plan.changes.triggers.map((t) => t.suite));
  const top = failingCases(plan.run, suites, TOP_CASES);
  const lines = top.cases.map(
    (c) =>
      `• ${escapeMrkdwn(`${c.suite} › ${c.title}`)}${c.message ? ` — ${escapeMrkdwn(c.message)}` : ""}`,
  );
  if (top.total > top.cases.length) lines.push(`…and ${top.total - top.cases.length} more`);
  return lines;
}

/** The resolves the history vouches for (a replaced incident is said on its suite's failing line). */
function resolvedLines(plan: AlertPlan): string[] {
  const failing = new Set(plan.changes.triggers.map((t) => t.suite));
  return plan.changes.resolves
    .filter((r) => r.certain && !failing.has(r.suite))
    .map((r) => {
      const what =
        r.cases.length > 0
          ? `${r.cases.length === 1 ? "its failing case passes" : `${r.cases.length} failing cases pass`} again`
          : "runs clean again";
      return `• *${escapeMrkdwn(r.suite === RUN_UNIT ? "the run" : r.suite)}* — ${what} (failing since run ${escapeMrkdwn(r.since)})`;
    });
}

/** A titled list that fits a section: lines are dropped from the end, with a count of what was left out. */
function listSection(title: string, lines: readonly string[]): string {
  let text = title;
  for (let i = 0; i < lines.length; i++) {
    const line = clipEscaped(lines[i]!, LINE_MAX);
    // Room for the "…and N more" line.
    if (text.length + 1 + line.length > SLACK_SECTION_MAX - 40)
      return `${text}\n…and ${lines.length - i} more`;
    text += `\n${line}`;
  }
  return text;
}

const LINE_MAX = 1000;

/** clip() for escaped text: never ends in half an entity (`&am…`). */
function clipEscaped(text: string, max: number): string {
  const cut = clip(text, max);
  return cut === text ? text : cut.replace(/&[a-z]*…$/, "…");
}
