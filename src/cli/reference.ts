/**
 * docs/cli.md, rendered from the command table itself (commander's view of
 * it), so the reference cannot drift from what the CLI accepts:
 * test/cli/reference.unit.test.ts fails when the committed page is stale, and
 * `npm run docs` rewrites it. Lists, not tables, wrapped at 100 columns:
 * readable in a terminal, and a changed flag changes its own lines of a diff.
 */
import type { Command, Option } from "commander";
import { commandPath } from "./program.js";

const HEADER = `# hyvve-qa command reference

Generated from the command table (\`src/cli/program.ts\`) by \`npm run docs\`;
a test fails when this page is stale. Every command takes \`-h, --help\`.
`;

export function cliReference(program: Command): string {
  const sections = commandsOf(program).map(commandSection);
  return `${HEADER}\n${sections.join("\n")}`;
}

/** Every runnable command, depth first, in table order (groups only through their children). */
function commandsOf(cmd: Command): Command[] {
  return cmd.commands.flatMap((child) => (child.commands.length > 0 ? commandsOf(child) : [child]));
}

/** One command: its usage line, description, options and help text. */
function commandSection(cmd: Command): string {
  const path = commandPath(cmd);
  const args = cmd.registeredArguments
    .map((a) =>
      a.required
        ? `<${a.name()}${a.variadic ? "..." : ""}>`
        : `[${a.name()}${a.variadic ? "..." : ""}]`,
    )
    .join(" ");
  const options = cmd.options.map(optionLine).join("\n");
  const after = helpAfter(cmd);
  return [
    `## ${path}\n`,
    "```",
    `${path}${args ? ` ${args}` : ""}${cmd.options.length > 0 ? " [options]" : ""}`,
    "```\n",
    `${wrapMarkdown(cmd.description())}\n`,
    ...(options ? [`${options}\n`] : []),
    ...(after ? ["```", wrapHelp(after), "```\n"] : []),
  ].join("\n");
}

function optionLine(option: Option): string {
  const fallback =
    option.defaultValue !== undefined && !option.negate
      ? ` (default: ${String(option.defaultValue)})`
      : "";
  return wrapMarkdown(`- \`${option.flags}\` — ${option.description}${fallback}`, "", "  ");
}

/** The text a command adds after its options in --help (examples, values). */
function helpAfter(cmd: Command): string {
  const listeners = (
    cmd as unknown as { listeners(event: string): ((ctx: unknown) => void)[] }
  ).listeners("afterHelp");
  let text = "";
  for (const listener of listeners)
    listener({ error: false, command: cmd, write: (s: string) => (text += s) } as never);
  return text.trim();
}

/** Widest line of the generated pages, in UTF-8 bytes (never fewer than the columns it takes). */
export const WIDTH = 100;

const columns = (line: string): number => Buffer.byteLength(line);

/**
 * Markdown text (one paragraph or list item) wrapped at WIDTH: the first line
 * starts with `first`, the others with `rest` (a list item's indent). Breaks
 * fall only on spaces outside code spans, and never before a word that would
 * start a block of its own at the start of a line (`-`, `#`, `1.`, `>`, …).
 */
export function wrapMarkdown(text: string, first = "", rest = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of markdownWords(text)) {
    if (line === "") line = `${first}${word}`;
    else if (columns(`${line} ${word}`) > WIDTH && !startsBlock(word)) {
      lines.push(line);
      line = `${rest}${word}`;
    } else line = `${line} ${word}`;
  }
  return [...lines, line].join("\n");
}

/** The words of a Markdown text: split at whitespace, but a code span is one word. */
function markdownWords(text: string): string[] {
  const words: string[] = [];
  let word = "";
  for (let i = 0; i < text.length;) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      if (word) words.push(word);
      word = "";
      i += 1;
    } else if (char === "`") {
      const fence = /^`+/.exec(text.slice(i))![0];
      const close = closingFence(text, i + fence.length, fence.length);
      const end = close === -1 ? i + fence.length : close + fence.length;
      word += text.slice(i, end);
      i = end;
    } else {
      const take = char === "\\" ? 2 : 1;
      word += text.slice(i, i + take);
      i += take;
    }
  }
  if (word) words.push(word);
  return words;
}

/** Where the backtick run of exactly `length` that closes a code span starts, or -1. */
function closingFence(text: string, from: number, length: number): number {
  const runs = /`+/g;
  runs.lastIndex = from;
  for (let run = runs.exec(text); run; run = runs.exec(text))
    if (run[0].length === length) return run.index;
  return -1;
}

/** A word that, first on a line, would make a list item, heading, quote, rule, fence or HTML. */
function startsBlock(word: string): boolean {
  return (
    /^(?:[-+*]|#{1,6}|\d{1,9}[.)])$/.test(word) ||
    /^(?:[>|<]|```|~~~)/.test(word) ||
    /^[-=_*]+$/.test(word)
  );
}

/**
 * Plain --help text with its long lines wrapped at WIDTH, spacing kept: a
 * continuation lines up with the line's second column (after its first run
 * of two or more spaces), else sits two spaces in.
 */
function wrapHelp(text: string): string {
  return text.split("\n").map(wrapHelpLine).join("\n");
}

function wrapHelpLine(line: string): string {
  const column =
    /^\s*\S+(?: \S+)*\s{2,}/.exec(line)?.[0].length ?? /^\s*/.exec(line)![0].length + 2;
  const lines: string[] = [];
  let rest = line;
  while (columns(rest) > WIDTH) {
    let cut = -1;
    for (let i = column; i < rest.length && columns(rest.slice(0, i)) <= WIDTH; i += 1)
      if (rest[i] === " ") cut = i;
    if (cut === -1) break;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = `${" ".repeat(column)}${rest.slice(cut).trimStart()}`;
  }
  return [...lines, rest].join("\n");
}
