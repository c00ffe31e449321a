/**
 * Thin CLI: parse → options → run → report → exit code. Each command's module
 * is imported only when that command runs, so `--help` and `--version` stay
 * fast. Errors the user can fix print one line (plus a hint) and exit 2.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, Option } from "commander";
import { HyvveQaError, UsageError } from "../errors.js";
import { EXIT, printUsageError } from "./exit.js";
import { runFlags, type FlagSpec } from "./options.js";

function version(): string {
  const pkg = JSON.parse(
    readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
  ) as { version: string };
  return pkg.version;
}

function addFlag(cmd: Command, spec: FlagSpec): void {
  const option = new Option(spec.flags, spec.description);
  if (spec.defaultValue !== undefined && !spec.flags.startsWith("--no-"))
    option.default(spec.defaultValue);
  cmd.addOption(option);
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("hyvve-qa")
    .description("Run every HYVVE test suite through its native runner; one report, one verdict.")
    .version(version(), "-v, --version")
    .showHelpAfterError("(run hyvve-qa --help for usage)")
    .exitOverride();

  const run = program
    .command("run")
    .description(
      "run suites (default: all) and write reports/<run-id>/{run.json,junit.xml,index.html}",
    )
    .argument("[suites...]", "suite names from the config");
  for (const spec of Object.values(runFlags)) addFlag(run, spec);
  run.action(async (suites: string[], raw: Record<string, unknown>) => {
    const { runCommand } = await import("./commands/run.js");
    setExit(await runCommand(suites, raw));
  });

  program
    .command("list")
    .description("list the discovered suites, their runner and number of test files")
    .option("--config <file>", "config file")
    .action(async (raw: { config?: string }) => {
      const { listCommand } = await import("./commands/list.js");
      setExit(await listCommand(raw));
    });

  program
    .command("report")
    .description(
      "merge existing results (JUnit from any producer, run.json shards, k6 raw output) into one report",
    )
    .option("--junit <files...>", "JUnit XML files")
    .option("--run <files...>", "run.json files written by hyvve-qa run")
    .option("--k6 <files...>", "k6 raw JSON outputs (--out json), e.g. from a distributed run")
    .requiredOption("--out <dir>", "output folder")
    .action(async (raw: { junit?: string[]; run?: string[]; k6?: string[]; out: string }) => {
      const { reportCommand } = await import("./commands/report.js");
      setExit(await reportCommand(raw));
    });

  const baseline = program
    .command("baseline")
    .description("the stored baseline the runs are compared with");
  baseline
    .command("update")
    .description(
      "store the latest run (or --run FILE) as the baseline; `update visual` rewrites visual snapshots",
    )
    .argument("[suite]", "visual: re-record the visual suite's snapshot baselines")
    .option("--run <file>", "run.json to store (default: reports/latest/run.json)")
    .option("--config <file>", "config file")
    .action(async (suite: string | undefined, raw: { run?: string; config?: string }) => {
      const { baselineUpdateCommand } = await import("./commands/baseline.js");
      setExit(await baselineUpdateCommand(suite, raw));
    });
  baseline
    .command("show")
    .description("summarise the stored baseline")
    .option("--config <file>", "config file")
    .action(async (raw: { config?: string }) => {
      const { baselineShowCommand } = await import("./commands/baseline.js");
      setExit(await baselineShowCommand(raw));
    });

  program
    .command("serve")
    .description("start the reference HYVVE app alone and print its URL and test token")
    .action(async () => {
      const { serveCommand } = await import("./commands/serve.js");
      setExit(await serveCommand());
    });

  program
    .command("doctor")
    .description("check the machine: Node, Chromium, k6, Percy, the reference app build")
    .action(async () => {
      const { doctorCommand } = await import("./commands/doctor.js");
      setExit(await doctorCommand());
    });

  program
    .command("setup")
    .description("provide the tools the suites need (k6 built from the Go module proxy)")
    .action(async () => {
      const { setupCommand } = await import("./commands/setup.js");
      setExit(await setupCommand());
    });

  program
    .command("load")
    .description("load-test helpers")
    .command("manifest")
    .description(
      "write a k6-operator TestRun (and the ConfigMap with the script) for a distributed run on Kubernetes",
    )
    .requiredOption("--parallelism <n>", "number of k6 runner pods")
    .option("--script <file>", "load script (default: every script of the load suite)")
    .option("--out <dir>", "output folder", "reports/k6-operator")
    .option("--config <file>", "config file")
    .action(async (raw: { parallelism: string; script?: string; out: string; config?: string }) => {
      const { loadManifestCommand } = await import("./commands/load.js");
      setExit(await loadManifestCommand(raw));
    });

  program
    .command("hook")
    .description("git hooks")
    .command("install")
    .description("install a pre-push hook that runs the smoke profile")
    .action(async () => {
      const { hookInstallCommand } = await import("./commands/hook.js");
      setExit(await hookInstallCommand());
    });

  return program;
}

async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => (exitCode = code));
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
    if (error instanceof HyvveQaError) {
      process.stderr.write(`hyvve-qa: ${error.message}\n`);
      return EXIT.usage;
    }
    // A bug in hyvve-qa itself, not the user's input: one line, the stack on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hyvve-qa: internal error: ${message.split("\n")[0]}\n`);
    if (process.env["HYVVE_QA_DEBUG"]) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
    else
      process.stderr.write(
        "  hint: this is a bug in hyvve-qa; rerun with HYVVE_QA_DEBUG=1 and report the stack\n",
      );
    return EXIT.failed;
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
