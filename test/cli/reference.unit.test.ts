/**
 * docs/cli.md is generated from the command table: this fails when a flag,
 * a command or a description changed and the page was not regenerated.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/cli/program.js";
import { cliReference } from "../../src/cli/reference.js";
import { configReference } from "../../scripts/config-reference.js";
import { runOptionsFlagNames } from "./reference-helpers.js";
import { REPO } from "../helpers/cli.js";

/** `text` as prettier writes docs/*.md (what `npm run docs` does after rendering). */
async function asWritten(text: string, path: string): Promise<string> {
  return format(text, { ...(await resolveConfig(path)), filepath: path });
}

describe("docs/config.md", () => {
  const path = join(REPO, "docs", "config.md");

  it("is what `npm run docs` renders from src/config/schema.ts (run it when this fails)", async () => {
    const rendered = configReference(join(REPO, "src", "config", "schema.ts"));
    expect(readFileSync(path, "utf8")).toBe(await asWritten(rendered, path));
  });

  it("has a doc comment for every key of the schema", () => {
    const undocumented = readFileSync(path, "utf8")
      .split("\n")
      .filter((line) => /^\s*- `[^`]+`: \(/.test(line));
    expect(undocumented).toEqual([]);
  });
});

describe("docs/cli.md", () => {
  it("is what `npm run docs` renders from the command table (run it when this fails)", async () => {
    const path = join(REPO, "docs", "cli.md");
    const rendered = await format(cliReference(buildProgram("0.0.0", () => {})), {
      ...(await resolveConfig(path)),
      filepath: path,
    });
    expect(readFileSync(path, "utf8")).toBe(rendered);
  });

  it("names every run flag and every command", () => {
    const page = readFileSync(join(REPO, "docs", "cli.md"), "utf8");
    for (const flag of runOptionsFlagNames()) expect(page).toContain(flag);
    for (const command of [
      "## hyvve-qa run",
      "## hyvve-qa baseline record",
      "## hyvve-qa history flaky",
    ])
      expect(page).toContain(command);
  });
});
