/**
 * The end-of-run summary: counts per suite, every failed case by name, runner
 * errors with their stderr tail, and where the HTML report is.
 */
import { baselineNotes } from "../results/baseline-notes.js";
import chalk from "chalk";
import { countCases, countRun, headline, type RunResult } from "../results/model.js";

// NO_COLOR (no-color.org) turns colour off; chalk's own detection only reads FORCE_COLOR and the terminal.
if (process.env["NO_COLOR"]) chalk.level = 0;

const STATUS_COLOR: Record<string, (s: string) => string> = {
  passed: chalk.green,
  failed: chalk.red,
  error: chalk.red,
  errored: chalk.red,
  timedout: chalk.magenta,
  interrupted: chalk.magenta,
  skipped: chalk.gray,
  flaky: chalk.yellow,
};

function paint(status: string): string {
  return (STATUS_COLOR[status] ?? ((s: string) => s))(status);
}

export function renderTerminalSummary(run: RunResult, htmlPath: string | undefined): string {
  const lines: string[] = [""];
  for (const suite of run.suites) {
    const n = countCases(suite.cases);
    const time = suite.durationMs === null ? "" : ` in ${(suite.durationMs / 1000).toFixed(1)}s`;
    lines.push(
      `${paint(suite.status).padEnd(8)} ${chalk.bold(suite.name)} (${suite.runner}) ${n.passed} passed, ${n.failed} failed` +
        `${n.flaky ? `, ${n.flaky} flaky` : ""}${n.skipped ? `, ${n.skipped} skipped` : ""}${time}`,
    );
    for (const note of suite.notes ?? []) lines.push(chalk.gray(`         note: ${note}`));
    if (suite.error) {
      lines.push(chalk.red(`         ${suite.error.message}`));
      for (const line of (suite.error.stderrTail ?? "").split("\n").slice(-8)) {
        if (line.trim()) lines.push(chalk.gray(`         | ${line}`));
      }
    }
  }
  const failed = run.suites.flatMap((s) =>
    s.cases.filter((c) => c.status === "failed").map((c) => ({ s, c })),
  );
  if (failed.length > 0) {
    lines.push("", chalk.red.bold(`Failed cases (${failed.length}):`));
    for (const { s, c } of failed) {
      const mark = c.quarantined ? chalk.yellow("✗ (quarantined)") : chalk.red("✗");
      lines.push(`  ${mark} ${s.name} › ${c.titlePath.join(" › ")}`);
      if (c.failure?.message) lines.push(chalk.gray(`      ${c.failure.message.split("\n")[0]}`));
    }
  }
  lines.push(...historyLines(run));
  const findings = run.baseline?.findings.filter((f) => f.regression) ?? [];
  if (findings.length > 0) {
    lines.push("", chalk.red.bold(`Regressions against baseline (${findings.length}):`));
    for (const f of findings) lines.push(`  ${chalk.red("▲")} ${f.suite}: ${f.message}`);
  }
  for (const note of baselineNotes(run.baseline)) lines.push("", chalk.yellow(`Baseline: ${note}`));
  const n = countRun(run);
  lines.push(
    "",
    `${chalk.bold("Run")} ${paint(headline(run))}: ${n.total} cases, ${n.passed} passed, ${n.failed} failed, ${n.flaky} flaky, ${n.skipped} skipped`,
  );
  if (htmlPath) lines.push(`${chalk.bold("Report")} ${htmlPath}`);
  return lines.join("\n") + "\n";
}

/** Flaky and broken cases from the history, and flaky ones worth a quarantine entry. */
function historyLines(run: RunResult): string[] {
  const h = run.history;
  if (!h) return [];
  const lines: string[] = [];
  const flaky = h.cases.filter((c) => c.class === "flaky");
  if (flaky.length > 0) {
    lines.push("", chalk.yellow.bold(`Flaky over the last ${h.runs + 1} runs (${flaky.length}):`));
    for (const c of flaky)
      lines.push(
        `  ${chalk.yellow("~")} ${c.id}: flip rate ${c.flipRate.toFixed(2)}, failed ${(c.failureRate * 100).toFixed(0)}%, ${c.passOnRetry} passed on retry  ${c.recent.slice(-20)}`,
      );
  }
  for (const id of h.suggestions.slice(0, 10))
    lines.push(
      chalk.gray(
        `  quarantine candidate: hyvve-qa quarantine add '${id}' --owner … --reason … --expires YYYY-MM-DD`,
      ),
    );
  for (const e of h.expired)
    lines.push(
      chalk.red(`  quarantine of ${e.pattern} expired on ${e.expires} (owner ${e.owner})`),
    );
  return lines;
}
