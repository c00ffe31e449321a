/**
 * Which load script a k6 raw output came from, so that several scripts —
 * each run as its own k6 process — merge into one load suite and still stay
 * apart: a classic script's `default` scenario (and any point without a
 * scenario, e.g. from `setup()`) is named after the script; a scenario name
 * that an earlier script already uses gets the script's name as a prefix;
 * thresholds belong to their script and are judged on its points only.
 *
 * The runner writes one description per script (`k6-script-<name>.json`)
 * beside its raw points, so `report --run` over shards reads the same.
 */
import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { InputFileError, describeError } from "../../errors.js";

export interface K6Script {
  /** The script file, repo-relative: the file of its cases. */
  file: string;
  /** The script's name in the report (a2a-endpoints.js → a2a_endpoints), unique in the run. */
  name: string;
  /** Its scenario names that an earlier script defined too: reported as `<name>.<scenario>`. */
  prefixed: string[];
  /** Its thresholds as k6 sees them (`k6 inspect`): submetric ones are not in the raw output. */
  thresholds: { metric: string; expression: string }[];
}

/** The scenario a point of `script` is reported under, from its raw `scenario` tag. */
export function scenarioIn(script: K6Script, raw: string | undefined): string {
  if (raw === undefined || raw === "default") return script.name;
  return script.prefixed.includes(raw) ? `${script.name}.${raw}` : raw;
}

/** A script's report name: its file name without extension, other than word characters as `_`. */
export function scriptName(file: string): string {
  return basename(file)
    .replace(/\.[cm]?[jt]s$/, "")
    .replace(/\W/g, "_");
}

/** The scripts of one run named so that no two scripts share a name or a scenario name. */
export function nameScripts(
  scripts: readonly {
    file: string;
    scenarios: readonly string[];
    thresholds: K6Script["thresholds"];
  }[],
): K6Script[] {
  const owner = new Map<string, string>();
  const taken = (name: string, file: string) => (owner.get(name) ?? file) !== file;
  return scripts.map(({ file, scenarios, thresholds }) => {
    const base = scriptName(file);
    let name = base;
    for (let n = 2; taken(name, file); n++) name = `${base}_${n}`;
    owner.set(name, file);
    const prefixed = scenarios.filter((s) => s !== "default" && taken(s, file));
    const script: K6Script = { file, name, prefixed, thresholds };
    for (const s of scenarios) owner.set(scenarioIn(script, s), file);
    return script;
  });
}

/** Where the description of a script's run lies: beside its raw points. */
export function scriptDescriptionPath(folder: string, script: Pick<K6Script, "name">): string {
  return join(folder, `k6-script-${script.name}.json`);
}

/** The script's name in a raw points file name `k6-points-<name>-<i>.json.gz`; undefined for others. */
export function scriptNameOfPoints(path: string): string | undefined {
  return /^k6-points-(\w+)-\d+\.json(?:\.gz)?$/.exec(basename(path))?.[1];
}

/** The description of the script a raw points file came from, if the run left one. */
export async function readScriptOfPoints(path: string): Promise<K6Script | undefined> {
  const name = scriptNameOfPoints(path);
  if (name === undefined) return undefined;
  const description = scriptDescriptionPath(dirname(path), { name });
  let text: string;
  try {
    text = await readFile(description, "utf8");
  } catch {
    return undefined;
  }
  try {
    return parseScript(JSON.parse(text));
  } catch (error) {
    throw new InputFileError(
      `${description}: not a k6 script description: ${describeError(error)}`,
    );
  }
}

/** A K6Script from JSON, checked field by field. */
function parseScript(value: unknown): K6Script {
  const v = value as Partial<K6Script> | null;
  const strings = (a: unknown): a is string[] =>
    Array.isArray(a) && a.every((s) => typeof s === "string");
  if (!v || typeof v.file !== "string" || typeof v.name !== "string" || !strings(v.prefixed))
    throw new Error("file, name and prefixed are required");
  const thresholds = Array.isArray(v.thresholds) ? v.thresholds : [];
  if (!thresholds.every((t) => typeof t?.metric === "string" && typeof t.expression === "string"))
    throw new Error("thresholds must be { metric, expression }");
  return { file: v.file, name: v.name, prefixed: v.prefixed, thresholds };
}

/**
 * A request's endpoint: the `endpoint` tag (HYVVE's scripts), else the
 * script's own `name` tag (k6 copies it into `url`) unless it is the request
 * URL itself, else `METHOD /path` of the URL without its query (a poll with
 * `?since=<now>` is one endpoint).
 */
export function endpointOf(tags: Readonly<Record<string, string>>): string {
  const { endpoint, name, url, method } = tags;
  if (endpoint !== undefined) return endpoint;
  const isUrl = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (name !== undefined && !isUrl(name)) return name;
  const target = name ?? url;
  if (target === undefined) return "(untagged)";
  const path = target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").replace(/[?#].*$/, "") || "/";
  return method ? `${method} ${path}` : path;
}
