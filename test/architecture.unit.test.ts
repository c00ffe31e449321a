/**
 * The pipeline import rule, both ways: docs/ARCHITECTURE.md's "Stage import
 * table" says exactly what eslint.stages.js says, and ESLint (the repo's own
 * config) rejects the imports the table forbids. And the test layout: test/
 * mirrors the repo, and a test file's name says what it needs (its project in
 * test/vitest.config.ts), which its text must not contradict.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JS ESM without type declarations (eslint.config.js imports it too)
import { allowedImports, stages } from "../eslint.stages.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const START = "<!-- stage-imports:start -->";
const END = "<!-- stage-imports:end -->";

/**
 * The list between the markers, as stage → allowed stages, in item order:
 * `- \`stage\` — \`a\`, \`b\`` (or `— nothing`), an item's continuation lines
 * indented (a list, not a table: it stays readable in a terminal).
 */
function stageTable(markdown: string): [string, string[]][] {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error("stage-imports markers missing");
  const items = markdown
    .slice(start + START.length, end)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .reduce<string[]>((all, line) => {
      if (line.startsWith("- ")) all.push(line.slice(2));
      else if (/^\s+\S/.test(line) && all.length > 0) all[all.length - 1] += ` ${line.trim()}`;
      else throw new Error(`not a list item or its continuation: ${JSON.stringify(line)}`);
      return all;
    }, []);
  return items.map((item) => {
    const m = /^`([^`]+)` — (.+)$/.exec(item);
    if (!m) throw new Error(`not "\`stage\` — allowed": ${JSON.stringify(item)}`);
    const [, stage, may] = m as unknown as [string, string, string];
    const names =
      may === "nothing"
        ? []
        : may.split(",").map((name) => {
            const n = /^`([^`]+)`$/.exec(name.trim());
            if (!n) throw new Error(`not a backticked stage name: ${JSON.stringify(name)}`);
            return n[1]!;
          });
    return [stage, names];
  });
}

describe("the stage import list in docs/ARCHITECTURE.md", () => {
  const table = stageTable(readFileSync(join(REPO, "docs", "ARCHITECTURE.md"), "utf8"));

  it("lists every stage once, in the order of eslint.stages.js", () => {
    expect(table.map(([stage]) => stage)).toEqual(stages);
  });

  it("says exactly what eslint.stages.js allows each stage", () => {
    expect(Object.fromEntries(table)).toEqual(allowedImports);
  });
});

describe("the import rule, through ESLint with the repo's config", { timeout: 60_000 }, () => {
  const eslint = new ESLint({ cwd: REPO });

  /** The no-restricted-imports messages ESLint gives `code` as if it lived at `file`. */
  async function restricted(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(REPO, file) });
    return (result?.messages ?? [])
      .filter((m) => m.ruleId === "no-restricted-imports")
      .map((m) => m.message);
  }

  it("rejects reporters/ importing runners/", async () => {
    const messages = await restricted(
      "src/reporters/x.ts",
      'import { loadRunner } from "../runners/index.js";\nexport const x = loadRunner;\n',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("src/reporters may not import src/runners");
  });

  it("rejects results/import/ importing a stage", async () => {
    const messages = await restricted(
      "src/results/import/x.ts",
      'import { loadRunner } from "../../runners/index.js";\nexport const x = loadRunner;\n',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("results/ is the model");
  });

  it("rejects orchestrate/report.ts importing runners/", async () => {
    const messages = await restricted(
      "src/orchestrate/report.ts",
      'import { loadRunner } from "../runners/index.js";\nexport const x = loadRunner;\n',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("report reads results through src/results/import/ only");
  });

  it("rejects orchestrate/report.ts importing cli/ (the stage rule holds there too)", async () => {
    const messages = await restricted(
      "src/orchestrate/report.ts",
      'import { EXIT } from "../cli/exit.js";\nexport const x = EXIT;\n',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("src/orchestrate may not import src/cli");
  });

  it("rejects orchestrate/ importing cli/", async () => {
    const messages = await restricted(
      "src/orchestrate/x.ts",
      'import { EXIT } from "../cli/exit.js";\nexport const x = EXIT;\n',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("src/orchestrate may not import src/cli");
  });

  it("allows runners/ to import process/", async () => {
    const messages = await restricted(
      "src/runners/x.ts",
      'import { supervise } from "../process/supervisor.js";\nexport const x = supervise;\n',
    );
    expect(messages).toEqual([]);
  });
});

/** Every test file under test/ (fixture projects aside), relative to the repo, with its text. */
function testFiles(): { file: string; text: string }[] {
  return readdirSync(join(REPO, "test"), { recursive: true, encoding: "utf8" })
    .map((f) => f.split(sep).join("/"))
    .filter((f) => f.endsWith(".test.ts") && !f.startsWith("fixtures/"))
    .map((f) => ({ file: `test/${f}`, text: readFileSync(join(REPO, "test", f), "utf8") }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** The project a test file's name puts it in (test/vitest.config.ts): the suffix before .test.ts. */
function projectOf(file: string): string {
  return /\.(unit|browser|load|telemetry)\.test\.ts$/.exec(file)?.[1] ?? "cli";
}

describe("the test layout (test/vitest.config.ts)", () => {
  const files = testFiles();

  it("mirrors the repo: test/<src stage | results | reference-app | suites | examples | ci>/, repo-wide unit checks at test/", () => {
    // src/<stage>/ and src/results/; fixtures/reference-app; the top-level folders of the same name.
    const dirs = new Set([...stages, "results", "reference-app", "suites", "examples", "ci"]);
    const misplaced = files
      .map(({ file }) => file)
      .filter((file) => {
        const [, dir, ...rest] = file.split("/");
        // At test/ itself: checks over the whole repo (the import rule, the docs), build-free.
        if (rest.length === 0) return projectOf(file) !== "unit";
        return !dirs.has(dir!) || rest.length !== 1;
      });
    expect(misplaced).toEqual([]);
  });

  it("*.unit.test.ts (npm run test:unit) uses no built CLI, reference app, shared app, browser, k6 or Go-built tool", () => {
    const offenders = files
      // This file names what it looks for.
      .filter(({ file }) => projectOf(file) === "unit" && file !== "test/architecture.unit.test.ts")
      .filter(({ text }) =>
        /\b(runCli|startCli)\(|helpers\/(reference-app|browser|jaeger)|inject\(|["'`/]dist\/(src|reference-app)\/|["']dist["']|requireK6|\bHYVVE_K6\b|findCachedTool/.test(
          text,
        ),
      )
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it("Chromium is launched from *.browser.test.ts only, Jaeger and promtool from *.telemetry.test.ts only", () => {
    const offenders = files
      .filter(
        ({ file, text }) =>
          (/helpers\/browser\.js/.test(text) && projectOf(file) !== "browser") ||
          (/helpers\/jaeger\.js|\bPROMTOOL\b/.test(text) && projectOf(file) !== "telemetry"),
      )
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });
});
