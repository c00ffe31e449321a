/**
 * `hyvve-qa init`'s discovery: walk the repo once, let each runner's
 * discoverer find its suites, then decide each suite's kind, name, env,
 * Percy and timeout, and say what was left out and why. Reads files only.
 */
import { importClosure, suiteEnv } from "./env.js";
import { discoverK6 } from "./k6.js";
import { guessKind } from "./kind.js";
import { discoverPlaywright } from "./playwright.js";
import { discoverPytest } from "./pytest.js";
import { dirOf, joinPath, openRepo, under, type Repo } from "./repo.js";
import type { Candidate, Discovery, FoundSuite, LeftOut } from "./types.js";
import { discoverVitest } from "./vitest.js";

const MINUTE = 60_000;
const PERCY_FILES = [".percy.yml", ".percy.yaml", ".percy.json", ".percy.js", ".percy.cjs"];
const TEST_LIKE = /(?:^|\/)(?:[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|test_[^/]*\.py|[^/]+_test\.py)$/;
/** At most this many uncovered test files are named one by one. */
const UNCOVERED_SHOWN = 5;

// Why: the one entry point: what init would write for the repo at `root`.
export async function discover(root: string): Promise<Discovery> {
  const repo = await openRepo(root);
  const playwright = await discoverPlaywright(repo);
  const playwrightFiles = new Set(playwright.candidates.flatMap((c) => c.matched));
  const found = [
    playwright,
    await discoverVitest(repo, playwrightFiles),
    await discoverK6(repo),
    await discoverPytest(repo),
  ];
  const decided = [];
  for (const candidate of found.flatMap((f) => f.candidates))
    decided.push(await decide(repo, candidate));
  const suites = assignNames(decided);
  const leftOut = [
    ...found.flatMap((f) => f.leftOut),
    ...unusedPercy(repo, suites),
    ...uncovered(repo, suites),
  ];
  return { suites, leftOut: leftOut.sort((a, b) => (a.path < b.path ? -1 : 1)) };
}

// Why: a candidate's kind, env, Percy and timeout, from its names, files and what they import.
async function decide(repo: Repo, c: Candidate): Promise<Omit<FoundSuite, "name">> {
  const guess = guessKind({
    names: c.names,
    files: c.matched.map((f) => under(c.cwd, f) ?? f),
    runner: c.runner,
  });
  const sources =
    c.runner === "pytest"
      ? c.envSources
      : await importClosure(repo, [...c.envSources, ...c.matched]);
  const env = await suiteEnv(repo, sources);
  const percyFile =
    guess.kind === "visual" && c.runner === "playwright" ? percyConfig(repo, c.cwd) : undefined;
  return {
    ...c,
    kind: guess.kind,
    kindWhy: guess.why,
    ...(percyFile ? { percy: true, percyFile } : {}),
    env: env.mapped,
    envOther: env.other,
    timeout: timeoutFor(c.runner, guess.kind),
  };
}

// Why: load runs for minutes by design; browser and Python suites get more room than unit tests.
function timeoutFor(runner: Candidate["runner"], kind: string): number {
  if (kind === "load" || runner === "k6") return 15 * MINUTE;
  return runner === "vitest" ? 5 * MINUTE : 10 * MINUTE;
}

// Why: Percy's config in the suite's package or any folder above it, up to the repo root.
function percyConfig(repo: Repo, cwd: string): string | undefined {
  for (let dir = cwd; ; dir = dirOf(dir)) {
    const hit = PERCY_FILES.map((name) => joinPath(dir, name)).find((p) => repo.has(p));
    if (hit || dir === ".") return hit;
  }
}

// Why: names are the kind; a second suite of a kind takes its folder's (or project's) name too.
function assignNames(suites: Omit<FoundSuite, "name">[]): FoundSuite[] {
  const taken = new Set<string>();
  const ordered = [...suites].sort((a, b) =>
    a.kind === b.kind ? (a.origin < b.origin ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );
  const named = ordered.map((s) => {
    const folder = s.cwd === "." ? "root" : s.cwd.slice(s.cwd.lastIndexOf("/") + 1);
    // Projects of one config share a folder: their own name tells them apart.
    const suffixes = [...(s.projects ?? []), folder];
    const options = [s.kind, ...suffixes.map((x) => `${s.kind}-${slug(x)}`)];
    let name = options.find((o) => !taken.has(o) && /^[a-z0-9][a-z0-9-]*$/.test(o));
    for (let i = 2; !name; i++) if (!taken.has(`${s.kind}-${i}`)) name = `${s.kind}-${i}`;
    taken.add(name);
    return { ...s, name };
  });
  return named.sort((a, b) => (a.name < b.name ? -1 : 1));
}

// Why: a suite name is lowercase words with dashes.
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

// Why: a Percy config no visual Playwright suite uses is worth a line: nothing will upload.
function unusedPercy(repo: Repo, suites: readonly FoundSuite[]): LeftOut[] {
  const used = new Set(suites.flatMap((s) => (s.percyFile ? [s.percyFile] : [])));
  return repo.files
    .filter((f) => PERCY_FILES.some((n) => f === n || f.endsWith(`/${n}`)) && !used.has(f))
    .map((path) => ({ path, why: "a Percy config, but no visual Playwright project uses it" }));
}

// Why: test files no suite runs are the ones the user should know init did not place.
function uncovered(repo: Repo, suites: readonly FoundSuite[]): LeftOut[] {
  const covered = new Set(suites.flatMap((s) => s.matched));
  const missed = repo.files.filter((f) => TEST_LIKE.test(f) && !covered.has(f));
  const why = "a test file no suite runs (no Playwright, vitest or pytest config claims it)";
  const shown: LeftOut[] = missed.slice(0, UNCOVERED_SHOWN).map((path) => ({ path, why }));
  if (missed.length > UNCOVERED_SHOWN)
    shown.push({
      path: `… ${missed.length - UNCOVERED_SHOWN} more`,
      why: "test files no suite runs",
    });
  return shown;
}
