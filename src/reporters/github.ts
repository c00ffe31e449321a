/**
 * GitHub Actions: a Markdown job summary (appended to $GITHUB_STEP_SUMMARY)
 * and one `::error` annotation per failed case.
 */
import { baselineNotes, describeOutdated } from "../results/baseline-notes.js";
import { countCases, countRun, headline, type RunResult } from "../results/model.js";

/** Markdown table cells must not break the table or render markup. */
function cell(value: string): string {
  return value.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll("\n", " ");
}

export function renderStepSummary(run: RunResult): string {
  const n = countRun(run);
  const lines = [
    `## hyvve-qa: ${headline(run)}`,
    "",
    ...(run.verdict?.reasons ?? []).map((r) => `- ${cell(r)}`),
    ...(run.verdict?.reasons.length ? [""] : []),
    ...baselineNotes(run.baseline).flatMap((note) => [`> ${cell(note)}`, ""]),
    `${n.total} cases · ${n.passed} passed · ${n.failed} failed · ${n.flaky} flaky · ${n.skipped} skipped`,
    "",
    "| suite | runner | status | passed | failed | flaky | skipped |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: |",
  ];
  for (const suite of run.suites) {
    const c = countCases(suite.cases);
    lines.push(
      `| ${cell(suite.name)} | ${cell(suite.runner)} | ${suite.status} | ${c.passed} | ${c.failed} | ${c.flaky} | ${c.skipped} |`,
    );
  }
  const failed = run.suites.flatMap((s) =>
    s.cases
      .filter((c) => c.status === "failed")
      .map((c) => `${s.name} › ${c.titlePath.join(" › ")}`),
  );
  if (failed.length > 0) {
    lines.push("", "### Failed", "");
    for (const name of failed.slice(0, 100)) lines.push(`- ${cell(name)}`);
    if (failed.length > 100) lines.push(`- … and ${failed.length - 100} more`);
  }
  return lines.join("\n") + "\n\n";
}

/** Workflow-command escaping, per the Actions toolkit. */
function escapeData(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

export function renderAnnotations(run: RunResult, limit = 50): string {
  const out: string[] = [];
  for (const suite of run.suites) {
    for (const c of suite.cases) {
      if (c.status !== "failed" || c.quarantined || out.length >= limit) continue;
      const file = c.file ? `file=${escapeProperty(c.file)},` : "";
      out.push(
        `::error ${file}title=${escapeProperty(`${suite.name} › ${c.title}`)}::${escapeData(c.failure?.message ?? "failed")}`,
      );
    }
  }
  for (const f of run.baseline?.findings ?? []) {
    if (!f.regression || out.length >= limit) continue;
    out.push(
      `::error title=${escapeProperty(`regression › ${f.suite}`)}::${escapeData(f.message)}`,
    );
  }
  if (run.baseline?.note)
    out.push(`::notice title=${escapeProperty("baseline")}::${escapeData(run.baseline.note)}`);
  // An outdated baseline weakens the verdict itself: a warning, not a notice.
  if (run.baseline?.outdated)
    out.push(
      `::warning title=${escapeProperty("baseline")}::${escapeData(describeOutdated(run.baseline.outdated))}`,
    );
  return out.length ? out.join("\n") + "\n" : "";
}
