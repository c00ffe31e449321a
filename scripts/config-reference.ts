/**
 * docs/config.md, rendered from src/config/schema.ts itself: every key of
 * every schema object with its doc comment and its zod definition, read with
 * the TypeScript compiler (the doc comments exist only in the source). The
 * page cannot drift from the schema: test/cli/reference.unit.test.ts compares.
 */
import { readFileSync } from "node:fs";
import ts from "typescript";
import { wrapMarkdown } from "../src/cli/reference.js";

/** Where each schema object sits in a config, in the order of the page. */
const PLACES: [name: string, title: string][] = [
  ["configSchema", "Top level"],
  ["environmentSchema", "environments.<local|staging|production>"],
  ["serviceSchema", "environments.<env>.services.<name>"],
  ["stackEntrySchema", "environments.<env>.stack[]"],
  ["readySchema", "environments.<env>.stack[].ready"],
  ["suiteBase", "suites.<name> (every runner)"],
  ["vitestSuite", 'suites.<name> with runner: "vitest"'],
  ["playwrightSuite", 'suites.<name> with runner: "playwright"'],
  ["k6Suite", 'suites.<name> with runner: "k6"'],
  ["pytestSuite", 'suites.<name> with runner: "pytest"'],
  ["commandSuite", 'suites.<name> with runner: "command"'],
  ["historySchema", "history"],
  ["alertsSchema", "alerts"],
];

const HEADER = `# hyvve-qa configuration reference

Generated from \`src/config/schema.ts\` (its doc comments and zod definitions)
by \`npm run docs\`; a test fails when this page is stale. The schema is strict:
an unknown key is an error naming it, with the key it was probably meant to be.
`;

export function configReference(schemaFile: string): string {
  const source = ts.createSourceFile(
    schemaFile,
    readFileSync(schemaFile, "utf8"),
    ts.ScriptTarget.Latest,
    true,
  );
  const objects = new Map<string, ts.ObjectLiteralExpression>();
  source.forEachChild((node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const decl of node.declarationList.declarations)
      if (ts.isIdentifier(decl.name) && decl.initializer) {
        const object = firstObject(decl.initializer);
        if (object) objects.set(decl.name.text, object);
      }
  });
  const sections = PLACES.filter(([name]) => objects.has(name)).map(
    ([name, title]) => `## ${title}\n\n${keyLines(objects.get(name)!, source, "").join("\n")}\n`,
  );
  return `${HEADER}\n${sections.join("\n")}`;
}

/** The object literal a schema is built from: `z.strictObject({…})`, or `{…}` itself. */
function firstObject(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(node)) return node;
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(n) &&
      /\.(strictObject|object)$/.test(n.expression.getText()) &&
      n.arguments[0] &&
      ts.isObjectLiteralExpression(n.arguments[0])
    ) {
      found = n.arguments[0];
      return;
    }
    n.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** One item per key (nested objects as `parent.child`, indented), with its doc and its definition. */
function keyLines(
  object: ts.ObjectLiteralExpression,
  source: ts.SourceFile,
  prefix: string,
  indent = "",
): string[] {
  const lines: string[] = [];
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) {
      lines.push(`${indent}- …every key of \`${property.expression.getText()}\``);
      continue;
    }
    if (!ts.isPropertyAssignment(property)) continue;
    const key = `${prefix}${property.name.getText(source).replace(/"/g, "")}`;
    const doc = docComment(property, source);
    const nested = firstObject(property.initializer);
    const definition = nested
      ? "an object:"
      : `\`${compact(property.initializer.getText(source))}\``;
    const item = `- \`${key}\` — ${doc ? `${doc} ` : ""}(${definition.replace(/:$/, "")})`;
    lines.push(wrapMarkdown(item, indent, `${indent}  `));
    if (nested) lines.push(...keyLines(nested, source, `${key}.`, `${indent}  `));
  }
  return lines;
}

/** The `/** … *\/` comment above a property, as one paragraph. */
function docComment(node: ts.Node, source: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(source.text, node.getFullStart()) ?? [];
  return ranges
    .map((r) => source.text.slice(r.pos, r.end))
    .filter((text) => text.startsWith("/**"))
    .map((text) =>
      text
        .replace(/^\/\*\*|\*\/$/g, "")
        .split("\n")
        .map((line) => line.replace(/^\s*\*\s?/, "").trim())
        .join(" ")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .join(" ");
}

/** A zod definition on one line, cut short when long (the schema file has the rest). */
function compact(text: string): string {
  const one = text
    .replace(/\s*\n\s*\./g, ".")
    .replace(/\s+/g, " ")
    .replace(/\( /g, "(")
    .replace(/ \)/g, ")")
    .replace(/`/g, "'");
  // Short enough that its line, indented as a nested key's, stays within 100 columns.
  return one.length > 90 ? `${one.slice(0, 87)}…` : one;
}
