/**
 * The env vars a suite reads, from its source (never by running it), and
 * which of them the target fills: a URL name is `{url}` (or, when it names one of
 * the spec's services, `{url.web}`, `{url.agents}`, `{url.ccr}`), a token `{token}`,
 * a workspace `{workspace}`, the environment's name `{env}`. The rest are
 * listed for the user to set; the shell's own (CI, HOME) and hyvve-qa's
 * HYVVE_* ones are left alone.
 */
import { resolveImport, type Repo } from "./repo.js";
import { relativeImports } from "./static-source.js";

const NAME = "[A-Z_][A-Z0-9_]*";
const JS_READS = [
  new RegExp(`\\bprocess\\.env\\.(${NAME})\\b`, "g"),
  new RegExp(`\\bprocess\\.env\\[\\s*["'\`](${NAME})["'\`]\\s*\\]`, "g"),
  new RegExp(`\\bimport\\.meta\\.env\\.(${NAME})\\b`, "g"),
  new RegExp(`\\b__ENV\\.(${NAME})\\b`, "g"),
  new RegExp(`\\b__ENV\\[\\s*["'\`](${NAME})["'\`]\\s*\\]`, "g"),
];
const PY_READS = [
  new RegExp(`\\bgetenv\\(\\s*["'](${NAME})["']`, "g"),
  new RegExp(`\\benviron\\[\\s*["'](${NAME})["']\\s*\\]`, "g"),
  new RegExp(`\\benviron\\.get\\(\\s*["'](${NAME})["']`, "g"),
];
/** `const { BASE_URL, TOKEN: token = "x" } = process.env` */
const DESTRUCTURED = /\{([^{}]*)\}\s*=\s*process\.env\b/g;

/** The shell's and the tools' own variables: not the suite's to declare. */
const IGNORED =
  /^(?:CI|NODE_ENV|HOME|PATH|PWD|USER|SHELL|TMPDIR|TEMP|TZ|LANG|DEBUG|(?:FORCE|NO)_COLOR)$/;
const IGNORED_PREFIX = /^(?:HYVVE_|PLAYWRIGHT_|PW_|PERCY_|VITEST|K6_|PYTEST_|GITHUB_|RUNNER_|npm_)/;
/** URL names that point at infrastructure, not at the stack under test. */
const NOT_THE_TARGET =
  /(?:DATABASE|^DB_|_DB_|REDIS|POSTGRES|MYSQL|MONGO|AMQP|RABBIT|KAFKA|WEBHOOK|OTEL|OTLP|JAEGER|SENTRY|SMTP|ELASTIC|PROXY|S3_|BUCKET)/;

/** Tokens of other services (registries, chat, CI), never the stack's. */
const OTHER_SERVICE =
  /(?:^|_)(?:NPM|CODECOV|SLACK|SENTRY|DOCKER|PYPI|VERCEL|NETLIFY|GITLAB|GH|OPENAI|ANTHROPIC)_/;

// Why: every variable name a source file reads, in the file's language.
export function envReads(text: string, language: "js" | "py"): string[] {
  const names = new Set<string>();
  for (const re of language === "py" ? PY_READS : JS_READS)
    for (const m of text.matchAll(re)) names.add(m[1]!);
  if (language === "js")
    for (const m of text.matchAll(DESTRUCTURED))
      for (const part of m[1]!.split(",")) {
        const name = /^\s*([A-Z_][A-Z0-9_]*)\b/.exec(part)?.[1];
        if (name) names.add(name);
      }
  return [...names].sort();
}

/** What a variable name becomes: a template filled from the target, or nothing. */
export type EnvMapping = { template: string; why: string } | "ignored" | "unmapped";

/**
 * URL names that say which of the spec's services they mean (the reference
 * stack has each on its own port). BASE_URL and API_URL do not: the spec
 * uses BASE_URL for the web app in Playwright and for AgentOS in k6.
 */
const SERVICE_URLS: [RegExp, string][] = [
  [/^(?:NEXT_PUBLIC_)?WEB(?:_APP)?_URL$/, "web"],
  [/^(?:AGENTS|AGENTOS|AGENT_OS)_URL$/, "agents"],
  [/^CCR(?:_SERVICE)?_URL$/, "ccr"],
];

// Why: the well-known names a team's suites use for the target's URL, token, workspace and env.
export function mapEnvName(name: string): EnvMapping {
  if (IGNORED.test(name) || IGNORED_PREFIX.test(name)) return "ignored";
  if (/(?:^|_)URL$/.test(name) && !NOT_THE_TARGET.test(name)) {
    const service = SERVICE_URLS.find(([re]) => re.test(name));
    return service
      ? { template: `{url.${service[1]}}`, why: `the ${service[1]} service's URL` }
      : { template: "{url}", why: "a URL" };
  }
  if (
    /^TOKEN$|(?:^|_)(?:AUTH|API|ACCESS|BEARER|TEST)_TOKEN$/.test(name) &&
    !OTHER_SERVICE.test(name)
  )
    return { template: "{token}", why: "a token" };
  if (/(?:^|_)WORKSPACE(?:_ID)?$/.test(name))
    return { template: "{workspace}", why: "a workspace" };
  if (/^(?:TEST_)?ENV(?:IRONMENT)?$/.test(name)) return { template: "{env}", why: "the env name" };
  return "unmapped";
}

export interface SuiteEnv {
  /** `{ BASE_URL: "{url}" }`, sorted. */
  mapped: Record<string, string>;
  /** Names read but not filled from the target, with the first file that reads each. */
  other: { name: string; file: string }[];
}

// Why: one suite's env from the files it reads; the first reader of a name is the one quoted.
export async function suiteEnv(repo: Repo, sources: readonly string[]): Promise<SuiteEnv> {
  const firstReader = new Map<string, string>();
  for (const file of [...sources].sort()) {
    const language = file.endsWith(".py") ? "py" : "js";
    for (const name of envReads(await repo.read(file), language))
      if (!firstReader.has(name)) firstReader.set(name, file);
  }
  const mapped: Record<string, string> = {};
  const other: SuiteEnv["other"] = [];
  for (const [name, file] of [...firstReader].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const mapping = mapEnvName(name);
    if (typeof mapping === "object") mapped[name] = mapping.template;
    else if (mapping === "unmapped") other.push({ name, file });
  }
  return { mapped, other };
}

// Why: fixtures and page objects a test reads its env through are reached by relative imports.
export async function importClosure(repo: Repo, entries: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const queue = entries.filter((e) => repo.has(e));
  while (queue.length > 0 && seen.size < 2000) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith(".py")) continue;
    for (const spec of relativeImports(await repo.read(file))) {
      const target = resolveImport(repo, file, spec);
      if (target && !seen.has(target)) queue.push(target);
    }
  }
  return [...seen].sort();
}
