/**
 * The user docs read in a 100-column terminal: no line of README.md or
 * docs/*.md is wider than 100 characters, except inside ``` fenced code
 * blocks (a command a user copies stays on one line). Prettier pads a
 * Markdown table to its widest cell, so a table with long cells fails here:
 * make it a list, or a table of short cells.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const MAX_WIDTH = 100;
const ROOT = new URL("../", import.meta.url);

const docs = readdirSync(new URL("docs/", ROOT))
  .filter((name) => name.endsWith(".md"))
  .sort()
  .map((name) => `docs/${name}`);
const files = ["README.md", ...docs];

/** `line (width)` for each line wider than MAX_WIDTH outside ``` / ~~~ fences. */
function tooWide(text: string): string[] {
  const offenders: string[] = [];
  let fence: string | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker !== undefined) {
      fence = marker;
      return;
    }
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
      }
      return;
    }
    const width = [...line].length;
    if (width > MAX_WIDTH) offenders.push(`${index + 1} (${width})`);
  });
  return offenders;
}

describe(`user docs fit in ${MAX_WIDTH} columns`, () => {
  it("finds the docs", () => {
    expect(files).toContain("README.md");
    expect(files).toContain("docs/commands.md");
  });

  it.each(files)("%s", (file) => {
    const text = readFileSync(fileURLToPath(new URL(file, ROOT)), "utf8");
    const offenders = tooWide(text).map((where) => `${file}:${where}`);
    expect(offenders, `lines wider than ${MAX_WIDTH} columns:\n${offenders.join("\n")}`).toEqual(
      [],
    );
  });

  it("skips fenced code but not the text after it", () => {
    const long = "x".repeat(MAX_WIDTH + 1);
    expect(tooWide(["```sh", long, "```", "short"].join("\n"))).toEqual([]);
    expect(tooWide(["````md", "```", long, "````", long].join("\n"))).toEqual([
      `5 (${MAX_WIDTH + 1})`,
    ]);
    expect(tooWide("é".repeat(MAX_WIDTH))).toEqual([]);
  });
});
