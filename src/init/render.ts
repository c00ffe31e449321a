/**
 * The config `hyvve-qa init` writes: a commented hyvve-qa.config.ts built
 * from the discovery. The text is read back (as source, literals only) and
 * must equal the object it was rendered from and pass the config schema,
 * so a bug here never writes a config `list` would refuse.
 */
import { configSchema } from "../config/schema.js";
import { formatZodIssues } from "../errors.js";
import { dirOf } from "./repo.js";
import { exportedObjects, literal, parseSource, UNKNOWN } from "./static-source.js";
import type { Discovery, FoundSuite } from "./types.js";

const WIDTH = 100;
const STAGING = { baseUrlEnv: "HYVVE_STAGING_URL", tokenEnv: "HYVVE_STAGING_TOKEN" };

// Why: the suite as the config holds it, keys in the order they are written.
export function suiteValue(s: FoundSuite): Record<string, unknown> {
  return {
    kind: s.kind,
    runner: s.runner,
    ...(s.cwd !== "." ? { cwd: s.cwd } : {}),
    ...(s.config ? { config: s.config } : {}),
    ...(s.projects ? { projects: s.projects } : {}),
    ...(s.percy ? { percy: true } : {}),
    files: s.files,
    ...(Object.keys(s.env).length > 0 || s.envOther.length > 0 ? { env: s.env } : {}),
    ...(s.python ? { python: s.python } : {}),
    ...(s.exclusive ? { exclusive: true } : {}),
    timeout: s.timeout,
  };
}

// Why: the whole config as data: what the rendered text must read back as.
export function configValue(d: Discovery): Record<string, unknown> {
  return {
    environments: { local: {}, staging: STAGING },
    suites: Object.fromEntries(d.suites.map((s) => [s.name, suiteValue(s)])),
  };
}

// Why: the config text: header, environments, then each suite under its comment.
export function renderConfig(d: Discovery): string {
  const lines = [
    ...header(d),
    'import { defineConfig } from "hyvve-qa";',
    "",
    "export default defineConfig({",
    "  environments: {",
    "    local: {},",
    "    // run --env staging: the deployed stack's URL and token come from these variables.",
    `    staging: { baseUrlEnv: ${q(STAGING.baseUrlEnv)}, tokenEnv: ${q(STAGING.tokenEnv)} },`,
    "  },",
    "  suites: {",
    ...d.suites.flatMap((s, i) => [...(i > 0 ? [""] : []), ...renderSuite(s, d)]),
    "  },",
    "});",
  ];
  return `${lines.join("\n")}\n`;
}

// Why: what init found and how to go on, in a few lines a reader sees first.
function header(d: Discovery): string[] {
  const count = (runner: string) => d.suites.filter((s) => s.runner === runner);
  const k6Scripts = count("k6").reduce((n, s) => n + s.matched.length, 0);
  const found = [
    plural(count("playwright").length, "Playwright project"),
    plural(count("vitest").length, "vitest config"),
    plural(k6Scripts, "k6 script"),
    plural(count("pytest").length, "pytest root"),
  ].filter((t) => !t.startsWith("0 "));
  return [
    "// hyvve-qa.config.ts, written by `hyvve-qa init` from what it found in this repo:",
    ...comment(`${found.join(", ")}.`, ""),
    "// Each suite says where it was found and why it has its kind; check them, then:",
    "//   npx hyvve-qa list   the suites and how many test files each has",
    "//   npx hyvve-qa run    run them against the embedded reference app (--env staging: a",
    "//                       deployed stack)",
    "// `env` fills the variables a suite reads from the target: {url}, {token}, {workspace},",
    "// {env}, {profile}. Mark a suite that writes to its target `mutates: true` (refused on",
    "// production). Every key: docs/config.md in hyvve-qa.",
  ];
}

// Why: one suite: where it came from and why this kind, then its keys, env with its comments.
function renderSuite(s: FoundSuite, d: Discovery): string[] {
  const pad = "      ";
  const out = [...comment(`${s.origin}: kind ${s.kind} by ${s.kindWhy}`, "    ")];
  const helpers =
    s.runner === "k6" ? d.leftOut.filter((l) => dirOf(l.path) === dirOf(s.origin)) : [];
  for (const note of s.notes) out.push(...comment(note, "    "));
  for (const h of helpers) out.push(...comment(`${h.path}: ${h.why}`, "    "));
  if (s.percyFile)
    out.push(...comment(`Percy: ${s.percyFile} (runs when PERCY_TOKEN is set)`, "    "));
  out.push(`    ${key(s.name)}: {`);
  for (const [k, v] of Object.entries(suiteValue(s))) {
    if (k === "env") out.push(...renderEnv(s, pad));
    else if (k === "timeout")
      out.push(`${pad}timeout: ${num(v as number)}, // ${(v as number) / 60_000} min`);
    else out.push(...wrapValue(`${pad}${k}: `, v, pad));
  }
  out.push("    },");
  return out;
}

// Why: filled variables as keys; the ones the target cannot fill as comments saying where to set them.
function renderEnv(s: FoundSuite, pad: string): string[] {
  const out = [`${pad}env: {`];
  for (const [name, template] of Object.entries(s.env))
    out.push(`${pad}  ${key(name)}: ${q(template)},`);
  if (s.envOther.length > 0)
    out.push(`${pad}  // Also read, not filled from the target: set them here or in your shell.`);
  for (const { name, file } of s.envOther) {
    const example = /_ENABLED?$/.test(name) ? "true" : "…";
    out.push(`${pad}  // ${key(name)}: ${q(example)}, (read in ${file})`);
  }
  out.push(`${pad}},`);
  return out;
}

// Why: a short array on one line, a long one an item per line.
function wrapValue(prefix: string, value: unknown, pad: string): string[] {
  const one = `${prefix}${js(value)},`;
  if (one.length <= WIDTH || !Array.isArray(value)) return [one];
  return [`${prefix}[`, ...value.map((v) => `${pad}  ${js(v)},`), `${pad}],`];
}

// Why: literals as TypeScript writes them (strings quoted, arrays spaced).
function js(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(js).join(", ")}]`;
  return typeof value === "number" ? num(value) : JSON.stringify(value);
}

// Why: how TypeScript spells a string, a key, a number (900_000) and a count.
const q = (s: string) => JSON.stringify(s);
const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k));
const num = (n: number) => n.toLocaleString("en-US").replaceAll(",", "_");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Why: a comment wrapped at the page width, each line prefixed.
function comment(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = `${indent}//`;
  for (const word of text.replace(/\s+/g, " ").trim().split(" ")) {
    if (line.length + 1 + word.length > WIDTH && line !== `${indent}//`) {
      lines.push(line);
      line = `${indent}//  `;
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

// Why: a bug of ours must not write a config that does not say what we meant or that `list` refuses.
export function checkRendered(text: string, expected: Record<string, unknown>): void {
  const sf = parseSource(text, "hyvve-qa.config.ts");
  const value = literal(sf, exportedObjects(sf)[0]);
  if (value === UNKNOWN || JSON.stringify(value) !== JSON.stringify(expected))
    throw new Error("hyvve-qa init rendered a config that does not read back as what it found");
  const parsed = configSchema.safeParse(value);
  if (!parsed.success)
    throw new Error(
      `hyvve-qa init rendered an invalid config:\n${formatZodIssues("hyvve-qa.config.ts", parsed.error.issues)}`,
    );
}
