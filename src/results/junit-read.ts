/**
 * Reads JUnit XML as real tools write it into the results model: a
 * `<testsuites>` root or a bare `<testsuite>`, nested suites, Surefire's
 * flaky/rerun elements, odd `time` values. Parsing is fast-xml-parser's; this
 * file only maps its tree. DTDs are refused before parsing, so no entity (and
 * no external entity) is ever expanded.
 */
import { readFile } from "node:fs/promises";
import { XMLParser } from "fast-xml-parser";
import { InputFileError } from "../errors.js";
import type { CaseResult, CaseStatus } from "./model.js";

type XmlNode = Record<string, unknown>;

const ARRAY_TAGS = new Set([
  "testsuite",
  "testcase",
  "failure",
  "error",
  "skipped",
  "flakyFailure",
  "flakyError",
  "rerunFailure",
  "rerunError",
  "property",
  "system-out",
  "system-err",
]);

function createParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    attributesGroupName: "@",
    textNodeName: "#text",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // Only XML's five predefined entities and numeric references; there is no
    // DTD left to define others (see rejectDoctype).
    processEntities: true,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (name) => ARRAY_TAGS.has(name),
  });
}

export interface ParsedJUnit {
  /** The root's `name` attribute, when the producer gave one. */
  name?: string;
  cases: CaseResult[];
}

export interface ReadOptions {
  /** Suite name used to build stable case ids. */
  suite: string;
  /** Shown in errors, e.g. the file path. */
  source: string;
}

export async function readJUnitFile(path: string, suite: string): Promise<ParsedJUnit> {
  let xml: string;
  try {
    xml = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputFileError(
      `${path}: cannot read JUnit file (${code ?? "unknown error"})`,
      "check the path; globs must be expanded by your shell",
    );
  }
  return parseJUnit(xml, { suite, source: path });
}

export function parseJUnit(xml: string, options: ReadOptions): ParsedJUnit {
  rejectDoctype(xml, options.source);
  let tree: XmlNode;
  try {
    tree = createParser().parse(xml, true) as XmlNode;
  } catch (error) {
    const detail = (error as Error).message.split("\n")[0];
    throw new InputFileError(`${options.source}: not well-formed XML (${detail})`, "is this a JUnit XML file?");
  }
  const root = (tree["testsuites"] ?? tree["testsuite"]) as XmlNode | XmlNode[] | undefined;
  if (root === undefined) {
    throw new InputFileError(
      `${options.source}: no <testsuites> or <testsuite> root element`,
      "is this a JUnit XML file?",
    );
  }
  const builder = new CaseBuilder(options.suite);
  if (tree["testsuites"] !== undefined) {
    const node = asNode(root);
    for (const suite of asArray(node["testsuite"])) builder.walkSuite(suite, []);
    // Some producers put test cases directly under <testsuites>.
    for (const tc of asArray(node["testcase"])) builder.addCase(tc, [], undefined);
    return withName(attr(node, "name"), builder.cases);
  }
  const suites = asArray(root);
  for (const suite of suites) builder.walkSuite(suite, []);
  return withName(suites.length === 1 ? attr(suites[0]!, "name") : undefined, builder.cases);
}

function withName(name: string | undefined, cases: CaseResult[]): ParsedJUnit {
  return name === undefined ? { cases } : { name, cases };
}

/**
 * A DOCTYPE may only appear in the prolog, before the root element, so
 * looking there is enough. Refusing every DTD closes both XXE and
 * entity-expansion ("billion laughs") attacks; no JUnit producer needs one.
 */
function rejectDoctype(xml: string, source: string): void {
  const rootStart = findRootStart(xml);
  const prolog = xml.slice(0, rootStart === -1 ? xml.length : rootStart);
  if (/<!DOCTYPE/i.test(prolog) || /<!ENTITY/i.test(prolog)) {
    throw new InputFileError(
      `${source}: refused, the file declares a DTD (<!DOCTYPE>), which could define external or recursive entities`,
      "JUnit files need no DTD; remove the <!DOCTYPE ...> declaration",
    );
  }
}

/** Index of the first element start tag, skipping declarations, comments and PIs. */
function findRootStart(xml: string): number {
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    if (lt === -1) return -1;
    const next = xml[lt + 1];
    if (next === "?") {
      i = xml.indexOf("?>", lt);
      if (i === -1) return -1;
    } else if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt);
      if (i === -1) return -1;
    } else if (next === "!") {
      // A declaration (DOCTYPE): part of the prolog, keep scanning.
      i = lt + 2;
    } else {
      return lt;
    }
  }
  return -1;
}

class CaseBuilder {
  readonly cases: CaseResult[] = [];
  private readonly seenIds = new Map<string, number>();

  constructor(private readonly suite: string) {}

  walkSuite(node: XmlNode, parents: string[]): void {
    const name = attr(node, "name");
    const path = name === undefined || name === "" ? parents : [...parents, name];
    const file = attr(node, "file");
    for (const tc of asArray(node["testcase"])) this.addCase(tc, path, file);
    for (const child of asArray(node["testsuite"])) this.walkSuite(child, path);
  }

  addCase(node: XmlNode, suitePath: string[], suiteFile: string | undefined): void {
    const title = attr(node, "name") ?? "(unnamed)";
    const classname = attr(node, "classname");
    const file = attr(node, "file") ?? suiteFile;
    // Avoid repeating the classname when a producer (vitest, jest) sets it equal to the suite name.
    const parentPath =
      classname !== undefined && classname !== "" && classname !== suitePath.at(-1)
        ? [...suitePath, classname]
        : suitePath;
    const titlePath = [...parentPath, title];

    const failures = [...asArray(node["failure"]), ...asArray(node["error"])];
    const reruns = [...asArray(node["rerunFailure"]), ...asArray(node["rerunError"])];
    const flakes = [...asArray(node["flakyFailure"]), ...asArray(node["flakyError"])];
    const skipped = asArray(node["skipped"]);

    let status: CaseStatus = "passed";
    if (failures.length > 0) status = "failed";
    else if (skipped.length > 0) status = "skipped";
    else if (flakes.length > 0) status = "flaky";

    const result: CaseResult = {
      id: this.uniqueId(`${this.suite}::${file ?? ""}::${titlePath.join(" > ")}`),
      title,
      titlePath,
      status,
      durationMs: parseDurationMs(attr(node, "time")),
      retries: failures.length > 0 ? reruns.length : flakes.length,
      attachments: [],
    };
    if (file !== undefined) result.file = file;
    const failureNode = failures[0] ?? (status === "flaky" ? flakes[0] : undefined);
    if (failureNode !== undefined) {
      const isError = node["error"] !== undefined && node["failure"] === undefined;
      result.failure = describeFailure(failureNode, isError ? "error" : undefined);
    } else if (status === "skipped") {
      const message = attr(skipped[0]!, "message");
      if (message) result.failure = { message, type: "skipped" };
    }
    const stdout = joinText(node["system-out"]);
    const stderr = joinText(node["system-err"]);
    if (stdout) result.stdout = stdout;
    if (stderr) result.stderr = stderr;
    this.cases.push(result);
  }

  /** Duplicate names are legal JUnit; ids must stay unique, so number them. */
  private uniqueId(id: string): string {
    const seen = this.seenIds.get(id) ?? 0;
    this.seenIds.set(id, seen + 1);
    return seen === 0 ? id : `${id} #${seen + 1}`;
  }
}

function describeFailure(node: XmlNode, fallbackType: string | undefined): NonNullable<CaseResult["failure"]> {
  const message = attr(node, "message");
  const text = textOf(node)?.trim();
  const type = attr(node, "type") ?? fallbackType;
  const failure: NonNullable<CaseResult["failure"]> = {
    message: message ?? firstLine(text) ?? "(no message)",
  };
  if (type !== undefined) failure.type = type;
  if (text) failure.stack = text;
  return failure;
}

/**
 * `time` as producers really write it: "1.5", "1,234.5", "0,5", "12ms",
 * "1.5s". Negative, empty or garbage values mean "unknown" (null), never NaN.
 */
export function parseDurationMs(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let value = raw.trim().toLowerCase();
  let scale = 1000;
  if (value.endsWith("ms")) {
    scale = 1;
    value = value.slice(0, -2).trim();
  } else if (value.endsWith("s")) {
    value = value.slice(0, -1).trim();
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(value)) value = value.replaceAll(",", "");
  else if (/^\d+,\d+$/.test(value)) value = value.replace(",", ".");
  if (!/^\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return null;
  const ms = Number(value) * scale;
  return Number.isFinite(ms) ? Math.round(ms * 1000) / 1000 : null;
}

function attr(node: XmlNode, name: string): string | undefined {
  const attrs = node["@"] as Record<string, string> | undefined;
  return attrs?.[name];
}

function textOf(node: unknown): string | undefined {
  if (typeof node === "string") return node;
  if (node && typeof node === "object") {
    const text = (node as XmlNode)["#text"];
    if (typeof text === "string") return text;
  }
  return undefined;
}

function joinText(nodes: unknown): string | undefined {
  const parts = asArray(nodes)
    .map((n) => textOf(n))
    .filter((t): t is string => t !== undefined && t.trim() !== "");
  return parts.length > 0 ? parts.join("\n") : undefined;
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return text.split("\n", 1)[0];
}

function asNode(value: unknown): XmlNode {
  if (Array.isArray(value)) return (value[0] ?? {}) as XmlNode;
  return typeof value === "object" && value !== null ? (value as XmlNode) : {};
}

/** Elements may be self-closing (""), text-only (string) or objects; normalise to objects. */
function asArray(value: unknown): XmlNode[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) =>
    typeof item === "object" && item !== null ? (item as XmlNode) : { "#text": String(item ?? "") },
  );
}
