/**
 * The pipeline import rule, both ways: docs/ARCHITECTURE.md's "Stage import
 * table" says exactly what eslint.stages.js says, and ESLint (the repo's own
 * config) rejects the imports the table forbids.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JS ESM without type declarations (eslint.config.js imports it too)
import { allowedImports, stages } from "../eslint.stages.js";

const REPO = fileURLToPath(new URL("..", import.meta.url));
const START = "<!-- stage-imports:start -->";
const END = "<!-- stage-imports:end -->";

/** The table between the markers, as stage → allowed stages, in row order. */
function stageTable(markdown: string): [string, string[]][] {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start === -1 || end === -1 || end < start) throw new Error("stage-imports markers missing");
  const rows = markdown
    .slice(start + START.length, end)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .slice(1, line.endsWith("|") ? -1 : undefined)
        .split("|")
        .map((cell) => cell.trim()),
    );
  const [header, separator, ...body] = rows;
  expect(header).toEqual(["stage", "may import"]);
  expect(separator?.every((cell) => /^:?-+:?$/.test(cell))).toBe(true);
  return body.map((cells) => {
    expect(cells).toHaveLength(2);
    const [stage, may] = cells as [string, string];
    const names =
      may === "—"
        ? []
        : may.split(",").map((name) => {
            const m = /^`([^`]+)`$/.exec(name.trim());
            if (!m) throw new Error(`not a backticked stage name: ${JSON.stringify(name)}`);
            return m[1]!;
          });
    return [stage.replace(/^`|`$/g, ""), names];
  });
}

describe("the stage import table in docs/ARCHITECTURE.md", () => {
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

describe("the build-free unit run (npm run test:unit)", () => {
  it("test/unit uses no built CLI, no reference app and no shared app from global setup", async () => {
    const { readdirSync } = await import("node:fs");
    const dir = join(REPO, "test", "unit");
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) =>
        /\b(runCli|startCli)\(|helpers\/reference-app|inject\(|dist\//.test(
          readFileSync(join(dir, f), "utf8"),
        ),
      );
    expect(offenders).toEqual([]);
  });
});
