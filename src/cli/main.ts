/**
 * Thin CLI: parse → options → run → report → exit code. The command table
 * is program.ts; errors the user can fix print one line (`hyvve-qa: E_CODE
 * message`, plus a hint) and exit 2; anything else is a bug of ours (exit 3).
 */
import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { UsageError } from "../errors.js";
import { EXIT, printUsageError } from "./exit.js";
import { buildProgram } from "./program.js";

function version(): string {
  const pkg = JSON.parse(
    readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(version(), (code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse error is usage (2).
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      ) {
        return EXIT.ok;
      }
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      printUsageError(error);
      return EXIT.usage;
    }
    // A bug in hyvve-qa itself, not the user's input: one line, the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hyvve-qa: internal error: ${message.split("\n")[0]}\n`);
    if (process.env["HYVVE_QA_DEBUG"]) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    else
      process.stderr.write(
        "  hint: this is a bug in hyvve-qa (exit 3, not a test failure); rerun with HYVVE_QA_DEBUG=1 and report the stack\n",
      );
    return EXIT.internal;
  }
}

/**
 * Ctrl-C for commands that install no handler of their own (setup's k6
 * build, doctor, serve while starting): children are detached, so the
 * terminal's SIGINT never reaches them; exiting runs the supervisor's exit
 * hook, which kills every child group. `run` and `serve` add their own
 * handlers, and then this one stands aside.
 */
function exitOnInterrupt(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  process.exit(EXIT.interrupted);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, exitOnInterrupt);

// Entry point (bin/hyvve-qa.js imports this module).
const code = await main(process.argv);
// Let stdout drain before exiting; exit explicitly so stray handles never hang the CLI.
process.stdout.write("", () => process.exit(code));
