/**
 * What `hyvve-qa init` tells the user: one line per suite it found, then
 * what it looked at and left out, and why. Plain text, no colour.
 */
import type { Discovery } from "./types.js";

/** What init looks for, for the "found nothing" error. */
export const LOOKED_FOR =
  "Playwright configs (playwright.config.*), vitest configs (vitest.config.*, vite.config.* with test:), " +
  "k6 scripts (import k6, export default or scenarios), pytest roots (pytest.ini, pyproject.toml " +
  "[tool.pytest.ini_options], tox.ini [pytest], setup.cfg [tool:pytest])";

// Why: a table the user can check against the repo before running anything.
export function summaryLines(d: Discovery): string[] {
  const rows = d.suites.map((s) => [
    s.name,
    s.kind,
    s.runner,
    s.cwd,
    `${s.matched.length} file${s.matched.length === 1 ? "" : "s"}`,
    s.origin,
  ]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
  const out = [`found ${d.suites.length} suite${d.suites.length === 1 ? "" : "s"}:`];
  for (const row of rows)
    out.push(
      `  ${row.map((cell, i) => (i < row.length - 1 ? cell.padEnd(widths[i]!) : cell)).join("  ")}`,
    );
  if (d.leftOut.length > 0) {
    out.push("left out:");
    for (const l of d.leftOut) out.push(`  ${l.path}: ${l.why}`);
  }
  return out;
}
