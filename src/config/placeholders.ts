/**
 * The env vars a suite declares it reads (`env` of a suite) are templates
 * filled from the target: `{ BASE_URL: "{url}", AUTH_TOKEN: "{token}" }`.
 * One grammar for the schema (which refuses an unknown placeholder, naming
 * the key) and for the run (which fills them in), so they cannot disagree.
 */

/** Every placeholder a suite's env may use, with what it becomes. */
export const PLACEHOLDERS = {
  url: "the target's base URL (the reference app's, --base-url, or the environment's)",
  token: "the target's token (a secret: redacted wherever it appears)",
  workspace: "the environment's workspace id",
  env: "the environment's name: local, staging, production, or custom",
  profile: "the profile: smoke or full",
  "url.<service>": "that service's URL (the environment's services)",
  "token.<service>": "that service's token (its tokenEnv, else the environment's token)",
} as const;

/** The placeholders without a service: `{url}`, `{token}`, … */
type Plain = Exclude<keyof typeof PLACEHOLDERS, `${string}.<service>`>;
const PLAIN = Object.keys(PLACEHOLDERS).filter((p) => !p.includes(".")) as Plain[];

/** What each placeholder stands for in one run; `url.web`, `token.web` per service. */
export type PlaceholderValues = Record<Plain, string> & Record<string, string>;

/** `url.web` → { kind: "url", service: "web" }. */
const PER_SERVICE = /^(url|token)\.([a-z][a-z0-9_]*)$/;

/** The services a template names through `{url.<name>}` and `{token.<name>}`. */
export function servicesNamed(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => PER_SERVICE.exec(m[1]!)?.[2])
    .filter((s): s is string => s !== undefined);
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a template is not valid (one message each); empty when it is. */
export function placeholderProblems(template: string): string[] {
  const problems: string[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if ((PLAIN as string[]).includes(name) || PER_SERVICE.test(name)) continue;
    const near = closest(name, PLAIN);
    problems.push(
      `unknown placeholder {${name}}${near ? ` (did you mean {${near}}?)` : ""}; use ${Object.keys(
        PLACEHOLDERS,
      )
        .map((p) => `{${p}}`)
        .join(", ")}`,
    );
  }
  if (problems.length === 0 && /[{}]/.test(template.replace(PLACEHOLDER, "")))
    problems.push("a lone { or }: placeholders are written {name}");
  return problems;
}

/**
 * The template with every placeholder replaced (the schema has refused
 * unknown ones); `missing` says what to do with one this run has no value
 * for (a service the environment does not define).
 */
export function fillPlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
  missing: (name: string) => string = (name) => `{${name}}`,
): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : missing(name),
  );
}

/** The candidate at most two edits away, for a did-you-mean. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        previous[j]! + 1,
        row[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length]!;
}
