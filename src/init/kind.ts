/**
 * A suite's kind from names and paths. Rules are tried in order and the
 * first that matches wins: first on what names the suite itself (project,
 * folders, config file, globs), then on its test files (the rule at least
 * half of them match), then by runner (Playwright: e2e, k6: load).
 */
import type { SuiteKind } from "../results/model.js";

export interface KindRule {
  kind: SuiteKind;
  words: readonly string[];
}

export const KIND_RULES: readonly KindRule[] = [
  { kind: "visual", words: ["visual", "percy", "screenshot", "snapshot"] },
  { kind: "load", words: ["k6", "load", "perf", "performance"] },
  { kind: "ccr", words: ["ccr", "router", "routing"] },
  { kind: "quota", words: ["quota", "storage"] },
  { kind: "observability", words: ["observability", "metrics", "tracing", "otel", "telemetry"] },
  { kind: "e2e", words: ["e2e"] },
];

export interface KindEvidence {
  /** What names the suite, e.g. `{ label: "project name", text: "visual" }`. */
  names: readonly { label: string; text: string }[];
  /** Its test files (repo paths). */
  files: readonly string[];
  runner: string;
}

export interface KindGuess {
  kind: SuiteKind;
  /** Which rule and what matched it, for the config's comment. */
  why: string;
}

// Why: words of a path or name: `__visual_tests__`, `quotaHandler`, `test_ccr_routing.py` split alike.
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

// Why: the first rule one of the text's words names (a plural counts: snapshots, screenshots).
export function ruleFor(text: string): { rule: KindRule; word: string } | undefined {
  const ws = words(text);
  for (const rule of KIND_RULES) {
    const word = ws.find((w) => rule.words.includes(w) || rule.words.includes(w.replace(/s$/, "")));
    if (word) return { rule, word };
  }
  return undefined;
}

// Why: the rule's words, as the comment quotes them.
function ruleText(rule: KindRule): string {
  return `rule ${rule.kind} (${rule.words.join(", ")})`;
}

// Why: names first (they say what the suite is for), then the files, then the runner's default.
export function guessKind(evidence: KindEvidence): KindGuess {
  for (const rule of KIND_RULES) {
    for (const name of evidence.names) {
      const hit = ruleFor(name.text);
      if (hit?.rule === rule)
        return { kind: rule.kind, why: `${ruleText(rule)}: ${name.label} "${name.text}"` };
    }
  }
  const byFiles = kindFromFiles(evidence.files);
  if (byFiles) return byFiles;
  if (evidence.runner === "playwright")
    return { kind: "e2e", why: "rule e2e: a Playwright project (browser tests)" };
  if (evidence.runner === "k6") return { kind: "load", why: "rule load: k6 scripts" };
  return { kind: "external", why: "no rule matched its names or files" };
}

// Why: one test file named `quota.test.ts` among many is not the suite's purpose; half of them is.
function kindFromFiles(files: readonly string[]): KindGuess | undefined {
  const hits = new Map<KindRule, string[]>();
  for (const file of files) {
    const hit = ruleFor(file);
    if (hit) hits.set(hit.rule, [...(hits.get(hit.rule) ?? []), file]);
  }
  let best: [KindRule, string[]] | undefined;
  for (const rule of KIND_RULES) {
    const matched = hits.get(rule);
    if (matched && (!best || matched.length > best[1].length)) best = [rule, matched];
  }
  if (!best || best[1].length * 2 < files.length) return undefined;
  const [rule, matched] = best;
  return {
    kind: rule.kind,
    why: `${ruleText(rule)}: ${matched.length} of ${files.length} test files, e.g. ${matched[0]}`,
  };
}
