// The metric names a PromQL expression reads: identifiers that are not
// functions, aggregations, keywords, label names (in `{…}`, `by (…)`,
// `without (…)`, `on (…)`, `ignoring (…)`, `group_left/right (…)`) or
// Grafana variables.

const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "and",
  "or",
  "unless",
  "offset",
  "atan2",
  "inf",
  "nan",
]);

export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\$\{?\w+\}?/g, " ") // Grafana variables ($__rate_interval, ${DS})
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // grouping label lists
  const names = new Set<string>();
  const identifier = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
  let match: RegExpExecArray | null;
  while ((match = identifier.exec(stripped)) !== null) {
    const name = match[0];
    const before = stripped[match.index - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue; // part of a number like 1e3
    const rest = stripped.slice(match.index + name.length);
    if (/^\s*\(/.test(rest)) continue; // a function or aggregation call
    if (KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}
