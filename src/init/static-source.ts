/**
 * Reads a config file's source without running it: the TypeScript parser
 * gives the syntax tree, and only literal values are evaluated (strings,
 * numbers, arrays, objects, regular expressions, `path.join(__dirname, …)`,
 * `new URL("./x", import.meta.url)`, a top-level `const`). Anything else is
 * UNKNOWN, and the caller says so rather than guessing.
 */
import ts from "typescript";

export const UNKNOWN = Symbol("unknown");
export type Value = unknown;

/** A regular expression literal, kept as its source text. */
export interface RegexValue {
  regex: string;
}

// Why: one parse per file, with the script kind its extension says (JSX, JS, TS).
export function parseSource(text: string, fileName: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
}

// Why: configs export their object in many shapes; this finds the object literals they export.
export function exportedObjects(sf: ts.SourceFile): ts.ObjectLiteralExpression[] {
  const out: ts.ObjectLiteralExpression[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportAssignment(statement)) collectObjects(sf, statement.expression, out, 0);
    else if (ts.isExpressionStatement(statement) && isModuleExports(statement.expression))
      collectObjects(sf, (statement.expression as ts.BinaryExpression).right, out, 0);
  }
  return out;
}

// Why: `module.exports = {…}` is a CommonJS config's default export.
function isModuleExports(expr: ts.Expression): boolean {
  return (
    ts.isBinaryExpression(expr) &&
    expr.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    expr.left.getText() === "module.exports"
  );
}

// Why: unwraps defineConfig(…), mergeConfig(a, b), arrow bodies, `as`/`satisfies` and local consts.
function collectObjects(
  sf: ts.SourceFile,
  node: ts.Node,
  out: ts.ObjectLiteralExpression[],
  depth: number,
): void {
  if (depth > 8) return;
  const next = (n: ts.Node) => collectObjects(sf, n, out, depth + 1);
  if (ts.isObjectLiteralExpression(node)) out.push(node);
  else if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) next(node.expression);
  else if (ts.isSatisfiesExpression(node)) next(node.expression);
  else if (ts.isCallExpression(node)) node.arguments.forEach(next);
  else if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
    if (ts.isBlock(node.body)) forEachReturn(node.body, next);
    else next(node.body);
  } else if (ts.isIdentifier(node)) {
    const init = constInitializer(sf, node.text);
    if (init) next(init);
  }
}

// Why: a config function's `return {…}` statements are where its object is.
function forEachReturn(block: ts.Block, visit: (n: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    if (ts.isReturnStatement(n) && n.expression) visit(n.expression);
    else if (!ts.isFunctionLike(n)) n.forEachChild(walk);
  };
  block.forEachChild(walk);
}

// Why: `const config = {…}; export default config` and `const testDir = "./e2e"` are common.
export function constInitializer(sf: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const decl of statement.declarationList.declarations)
      if (ts.isIdentifier(decl.name) && decl.name.text === name) return decl.initializer;
  }
  return undefined;
}

// Why: the value of `name` in the first object that has it (a spread or method is not a value).
export function property(
  objects: readonly ts.ObjectLiteralExpression[],
  name: string,
): ts.Expression | undefined {
  for (const obj of objects) {
    for (const p of obj.properties) {
      if (ts.isPropertyAssignment(p) && propertyName(p.name) === name) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
    }
  }
  return undefined;
}

// Why: `name`, `"name"` and `'name'` are the same key.
function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))
    return name.text;
  return undefined;
}

// Why: an object literal (through a local const) as what `property` looks into.
export function objectsOf(sf: ts.SourceFile, expr: ts.Expression | undefined) {
  const out: ts.ObjectLiteralExpression[] = [];
  if (expr) collectObjects(sf, expr, out, 0);
  return out;
}

// Why: the literal value of an expression, or UNKNOWN when it needs running code.
export function literal(sf: ts.SourceFile, expr: ts.Expression | undefined, depth = 0): Value {
  if (!expr || depth > 8) return UNKNOWN;
  const next = (e: ts.Expression) => literal(sf, e, depth + 1);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isNumericLiteral(expr)) return Number(expr.text.replaceAll("_", ""));
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isRegularExpressionLiteral(expr)) return { regex: expr.text } satisfies RegexValue;
  if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) return next(expr.expression);
  if (ts.isPrefixUnaryExpression(expr) && expr.operator === ts.SyntaxKind.MinusToken) {
    const v = next(expr.operand);
    return typeof v === "number" ? -v : UNKNOWN;
  }
  if (ts.isArrayLiteralExpression(expr)) {
    const items = expr.elements.map((e) => (ts.isSpreadElement(e) ? UNKNOWN : next(e)));
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  if (ts.isObjectLiteralExpression(expr)) return objectLiteral(sf, expr, depth);
  if (ts.isIdentifier(expr)) {
    const init = constInitializer(sf, expr.text);
    return init ? next(init) : UNKNOWN;
  }
  if (ts.isCallExpression(expr) || ts.isNewExpression(expr)) return pathCall(sf, expr, depth);
  return UNKNOWN;
}

// Why: an object whose every property is a literal; one computed or spread key makes it UNKNOWN.
function objectLiteral(sf: ts.SourceFile, expr: ts.ObjectLiteralExpression, depth: number): Value {
  const out: Record<string, Value> = {};
  for (const p of expr.properties) {
    if (!ts.isPropertyAssignment(p)) return UNKNOWN;
    const key = propertyName(p.name);
    const value = literal(sf, p.initializer, depth + 1);
    if (key === undefined || value === UNKNOWN) return UNKNOWN;
    out[key] = value;
  }
  return out;
}

// Why: folders written as path.join(__dirname, "e2e") or fileURLToPath(new URL("e2e", import.meta.url)).
function pathCall(
  sf: ts.SourceFile,
  expr: ts.CallExpression | ts.NewExpression,
  depth: number,
): Value {
  const callee = expr.expression.getText(sf);
  const args = [...(expr.arguments ?? [])];
  if (/^(?:path\.)?(?:join|resolve)$/.test(callee)) {
    const parts = args.map((a) => (isHere(sf, a) ? "." : literal(sf, a, depth + 1)));
    if (parts.some((p) => typeof p !== "string")) return UNKNOWN;
    return (parts as string[]).join("/");
  }
  if (callee === "fileURLToPath" && args[0]) return literal(sf, args[0], depth + 1);
  if (callee === "URL" && args[1]?.getText(sf) === "import.meta.url")
    return literal(sf, args[0], depth + 1);
  return UNKNOWN;
}

// Why: `__dirname` and `import.meta.dirname` are the config's own folder.
function isHere(sf: ts.SourceFile, expr: ts.Expression): boolean {
  return ["__dirname", "import.meta.dirname", "process.cwd()"].includes(expr.getText(sf));
}

// Why: what a file imports by relative path (import, export from, require, import()).
export function relativeImports(text: string): string[] {
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith("./") || name.startsWith("../"));
}
