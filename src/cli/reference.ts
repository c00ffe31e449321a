/**
 * docs/cli.md, rendered from the command table itself (commander's view of
 * it), so the reference cannot drift from what the CLI accepts:
 * test/cli/reference.test.ts fails when the committed page is stale, and
 * `npm run docs` rewrites it. Lists, not tables: readable in a terminal.
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
    `${cmd.description()}\n`,
    ...(options ? [`${options}\n`] : []),
    ...(after ? ["```", after, "```\n"] : []),
  ].join("\n");
}

function optionLine(option: Option): string {
  const fallback =
    option.defaultValue !== undefined && !option.negate
      ? ` (default: ${String(option.defaultValue)})`
      : "";
  return `- \`${option.flags}\`: ${option.description}${fallback}`;
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
