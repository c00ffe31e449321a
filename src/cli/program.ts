/**
 * The command table as data (vitest's flag table is the model): each entry
 * names its command path, arguments, options and the module that runs it.
 * Modules are imported only when their command runs, so `--help` and
 * `--version` load commander alone.
 */
import { Command, Option } from "commander";
import { exportFlags, historyFlags, runFlags, type FlagSpec } from "./options.js";

/** A command's action: the parsed arguments and options in, an exit code out. */
type Action = (...args: never[]) => Promise<number>;

interface OptionSpec extends FlagSpec {
  required?: boolean;
}

interface CommandSpec {
  /** ["baseline", "update"] is `hyvve-qa baseline update`. */
  path: readonly string[];
  description: string;
  args?: readonly { spec: string; description: string }[];
  options?: readonly OptionSpec[];
  /** Runs when only its parent is named (`hyvve-qa history` is `history list`). */
  isDefault?: boolean;
  /** Shown after the option list of `--help`: examples, allowed values. */
  helpAfter?: string;
  action: () => Promise<Action>;
}

const configOption: OptionSpec = { flags: "--config <file>", description: "config file" };
const jsonOption: OptionSpec = { flags: "--json", description: "print JSON (for scripts)" };

/** Every history and quarantine command names the same files alike, and can print JSON. */
const historyOptions: OptionSpec[] = [
  {
    ...historyFlags().history,
    description: "the history file (default: the config's history.file; with no config, needed)",
  },
  {
    ...historyFlags().quarantine,
    description:
      "the quarantine file (default: the config's quarantine.file; with no config, needed)",
  },
  jsonOption,
  configOption,
];

/** A baseline belongs to an environment and a profile. */
const baselineKindOptions: OptionSpec[] = [
  { flags: "--env <name>", description: "environment of the baseline (default: the run's)" },
  { flags: "--profile <name>", description: "profile of the baseline (default: the run's)" },
];

/** Descriptions of the commands that only group others. */
const groups: Record<string, string> = {
  baseline: "the stored baseline the runs are compared with",
  load: "load-test helpers",
  hook: "git hooks",
  history: "the run history: runs, cases, flakiness",
  quarantine: "quarantined cases: they run, their failures fail nothing until the entry expires",
};

const commands: readonly CommandSpec[] = [
  {
    path: ["run"],
    description:
      "run suites (default: all) and write reports/<run-id>/{run.json,junit.xml,index.html}",
    args: [{ spec: "[suites...]", description: "suite names from the config" }],
    options: Object.values(runFlags),
    helpAfter: `
Values:
  --env       local (the local stack: the reference app unless the config names another),
              staging, production (from the config's environments)
  --profile   smoke (short, for pre-push and CI) or full

Examples:
  hyvve-qa run                                  every suite against the local stack
  hyvve-qa run e2e visual                       two suites
  hyvve-qa run load --env staging               the load suite against staging
  hyvve-qa run --url ccr=http://127.0.0.1:3456  one service from elsewhere
  hyvve-qa run --changed                        only what a change can affect (the pre-push hook)
  hyvve-qa run --last-failed                    only what failed last time

Exit codes: 0 passed, 1 failed, 2 usage/config/environment (E_* line), 3 a bug in hyvve-qa, 130 interrupted.`,
    action: async () => (await import("./commands/run.js")).runCommand,
  },
  {
    path: ["list"],
    description:
      "list the discovered suites, their runner and number of test files; --changed: which would run and why",
    options: [
      configOption,
      {
        flags: "--changed",
        description: "say which suites `run --changed` would run, why, and which it leaves out",
      },
      { flags: "--json", description: "print the suites as JSON (for scripts)" },
    ],
    action: async () => (await import("./commands/list.js")).listCommand,
  },
  {
    path: ["init"],
    description:
      "find the repo's suites (Playwright, vitest, k6, pytest) and write a commented hyvve-qa.config.ts",
    options: [
      { flags: "--dry-run", description: "print the config to stdout and write nothing" },
      { flags: "--force", description: "replace an existing hyvve-qa.config.* (atomically)" },
      { flags: "--dir <dir>", description: "the repo to set up (default: the current folder)" },
    ],
    action: async () => (await import("./commands/init.js")).initCommand,
  },
  {
    path: ["report"],
    description:
      "merge existing results (JUnit from any producer, run.json shards, k6 raw output) into one report",
    options: [
      { flags: "--junit <files...>", description: "JUnit XML files" },
      { flags: "--run <files...>", description: "run.json files written by hyvve-qa run" },
      {
        flags: "--k6 <files...>",
        description: "k6 raw JSON outputs (--out json), e.g. from a distributed run",
      },
      { flags: "--out <dir>", description: "output folder", required: true },
      {
        flags: "--no-baseline",
        description: "skip the comparison of merged run.json shards with their baseline",
      },
      {
        ...historyFlags().history,
        description:
          "the run history file (default: the config's, for run.json shards; other results are recorded only here)",
      },
      historyFlags().noHistory,
      historyFlags().quarantine,
      {
        flags: "--env <name>",
        description: "the environment an imported run is recorded under (default: imported)",
      },
      { flags: "--profile <name>", description: "the profile an imported run is recorded under" },
      ...Object.values(exportFlags()),
      runFlags.reporter,
      configOption,
    ],
    action: async () => (await import("./commands/report.js")).reportCommand,
  },
  {
    path: ["baseline", "update"],
    description:
      "store the latest run (or --run FILE) as the baseline; `update visual` rewrites visual snapshots",
    args: [
      { spec: "[suite]", description: "visual: re-record the visual suite's snapshot baselines" },
    ],
    options: [
      {
        flags: "--run <file>",
        description: "run.json to store (default: reports/latest/run.json)",
      },
      ...baselineKindOptions,
      configOption,
    ],
    action: async () => (await import("./commands/baseline.js")).baselineUpdateCommand,
  },
  {
    path: ["baseline", "record"],
    description:
      "run every suite and store the run as its kind's baseline, only if it is clean (passed, no failure, no fault, latency samples)",
    options: [
      {
        flags: "--env <name>",
        description: "environment to run against and record (default: local)",
      },
      { flags: "--profile <name>", description: "profile to run and record (default: smoke)" },
      configOption,
    ],
    action: async () => (await import("./commands/baseline.js")).baselineRecordCommand,
  },
  {
    path: ["baseline", "show"],
    description: "summarise the stored baselines (all, or the one --env/--profile name)",
    options: [...baselineKindOptions, jsonOption, configOption],
    action: async () => (await import("./commands/baseline.js")).baselineShowCommand,
  },
  {
    path: ["show"],
    description:
      "serve a run's report on 127.0.0.1 to review failed visual snapshots and accept them as baselines",
    args: [
      {
        spec: "[run]",
        description: "run folder or its run.json (default: <reportsDir>/latest)",
      },
    ],
    options: [
      {
        flags: "--port <n>",
        description: "port on 127.0.0.1 (0: any free port)",
        defaultValue: "9323",
      },
      configOption,
    ],
    action: async () => (await import("./commands/show.js")).showCommand,
  },
  {
    path: ["serve"],
    description: "start the reference HYVVE app alone and print its URL and test token",
    action: async () => (await import("./commands/serve.js")).serveCommand,
  },
  {
    path: ["doctor"],
    description:
      "check the machine: Node, Chromium, k6, Python and pytest, each Playwright suite's copy and browser, Percy, the reference app build",
    action: async () => (await import("./commands/doctor.js")).doctorCommand,
  },
  {
    path: ["setup"],
    description:
      "provide the tools the suites need (k6 built from the Go module proxy); with names, also those Go tools (jaeger, promtool)",
    args: [
      {
        spec: "[tools...]",
        description: "extra pinned Go tools to build into .cache/: jaeger, promtool",
      },
    ],
    action: async () => (await import("./commands/setup.js")).setupCommand,
  },
  {
    path: ["load", "manifest"],
    description:
      "write a k6-operator TestRun (and the ConfigMap with the script) for a distributed run on Kubernetes",
    options: [
      { flags: "--parallelism <n>", description: "number of k6 runner pods", required: true },
      {
        flags: "--script <file>",
        description: "load script (default: every script of the load suite)",
      },
      { flags: "--out <dir>", description: "output folder", defaultValue: "reports/k6-operator" },
      configOption,
    ],
    action: async () => (await import("./commands/load.js")).loadManifestCommand,
  },
  {
    path: ["history", "list"],
    description: "the runs the history holds (also: hyvve-qa history)",
    isDefault: true,
    options: historyOptions,
    action: async () => (await import("./commands/history.js")).historyListCommand,
  },
  {
    path: ["history", "show"],
    description: "one case's record over the runs, with its flakiness",
    args: [{ spec: "<case-id>", description: "a case id as in run.json" }],
    options: historyOptions,
    action: async () => (await import("./commands/history.js")).historyShowCommand,
  },
  {
    path: ["history", "flaky"],
    description: "cases by class (flaky, broken, stable, new) with their numbers",
    options: historyOptions,
    action: async () => (await import("./commands/history.js")).historyFlakyCommand,
  },
  {
    path: ["history", "import"],
    description: "seed the history from earlier run.json files",
    args: [{ spec: "<run-json...>", description: "run.json files" }],
    options: historyOptions,
    action: async () => (await import("./commands/history.js")).historyImportCommand,
  },
  {
    path: ["history", "prune"],
    description: "keep only the newest runs (default: the config's cap)",
    options: [...historyOptions, { flags: "--keep <n>", description: "how many runs to keep" }],
    action: async () => (await import("./commands/history.js")).historyPruneCommand,
  },
  {
    path: ["quarantine", "add"],
    description: "quarantine a case id or pattern (`*` = any text) until a date",
    args: [{ spec: "<pattern>", description: "case id, or pattern with *" }],
    options: [
      { flags: "--owner <who>", description: "who fixes it", required: true },
      { flags: "--reason <why>", description: "why it is quarantined", required: true },
      { flags: "--expires <YYYY-MM-DD>", description: "last day it holds", required: true },
      ...historyOptions,
    ],
    action: async () => (await import("./commands/quarantine.js")).quarantineAddCommand,
  },
  {
    path: ["quarantine", "list"],
    description: "the quarantined cases, their owners and expiry",
    options: historyOptions,
    action: async () => (await import("./commands/quarantine.js")).quarantineListCommand,
  },
  {
    path: ["quarantine", "remove"],
    description: "end a case's quarantine",
    args: [{ spec: "<pattern>", description: "the entry's pattern" }],
    options: historyOptions,
    action: async () => (await import("./commands/quarantine.js")).quarantineRemoveCommand,
  },
  {
    path: ["hook", "install"],
    description:
      "install a pre-push hook that runs the smoke profile of the changed suites (run --changed)",
    options: [
      {
        flags: "--force",
        description: "replace a hook hyvve-qa did not write (saved as pre-push.backup-<time>)",
      },
    ],
    action: async () => (await import("./commands/hook.js")).hookInstallCommand,
  },
  {
    path: ["hook", "uninstall"],
    description: "remove the pre-push hook hyvve-qa installed (never a foreign one)",
    action: async () => (await import("./commands/hook.js")).hookUninstallCommand,
  },
];

/**
 * `--history FILE --no-history`: commander keeps whichever came last; the
 * safer one wins whatever the order, and the user is told.
 */
function settleHistoryConflict(cmd: Command): void {
  let file: string | undefined;
  let off = false;
  cmd.on("option:history", (value: string) => (file = value));
  cmd.on("option:no-history", () => (off = true));
  cmd.hook("preAction", () => {
    if (file === undefined || !off) return;
    process.stderr.write(
      `hyvve-qa: warning: --history ${file} has no effect with --no-history: the history is neither read nor written\n`,
    );
    cmd.setOptionValue("history", false);
    cmd.setOptionValue("historyConflict", true);
  });
}

function addOption(cmd: Command, spec: OptionSpec): void {
  const option = new Option(spec.flags, spec.description);
  if (spec.defaultValue !== undefined && !spec.flags.startsWith("--no-"))
    option.default(spec.defaultValue);
  if (spec.required) option.makeOptionMandatory();
  // Given more than once, each value counts (not only the last).
  if (spec.repeatable)
    option.argParser((value: string, before: string[] = []) => [...before, value]);
  cmd.addOption(option);
}

/** A command that only groups others (`baseline`, `history`, …). */
function groupCommand(parent: Command, name: string): Command {
  const group = parent.command(name).description(groups[name] ?? "");
  usageErrorsOf(group);
  return group;
}

/** The parent command of `path`, creating group commands on the way. */
function parentOf(program: Command, path: readonly string[]): Command {
  let parent = program;
  for (const name of path.slice(0, -1)) {
    parent = parent.commands.find((c) => c.name() === name) ?? groupCommand(parent, name);
  }
  return parent;
}

/**
 * Commander's own parse errors in the one error format: `hyvve-qa: E_USAGE
 * <what>` and a hint naming this command's help, instead of its `error: …`.
 */
function usageErrorsOf(cmd: Command): void {
  cmd.configureOutput({
    outputError: (text, write) => {
      const what = text
        .replace(/^error: /, "")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .join(" ");
      write(`hyvve-qa: E_USAGE ${what}\n  hint: ${commandPath(cmd)} --help\n`);
    },
  });
}

/** "hyvve-qa baseline update", from a command up to the program. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Commander's program from the table; `setExit` receives each action's exit code. */
export function buildProgram(version: string, setExit: (code: number) => void): Command {
  const program = new Command("hyvve-qa")
    .description("Run every HYVVE test suite through its native runner; one report, one verdict.")
    .version(version, "-v, --version")
    .exitOverride();
  usageErrorsOf(program);
  for (const spec of commands) {
    const cmd = parentOf(program, spec.path)
      .command(spec.path.at(-1)!, { isDefault: spec.isDefault ?? false })
      .description(spec.description);
    usageErrorsOf(cmd);
    if (spec.helpAfter) cmd.addHelpText("after", spec.helpAfter);
    for (const arg of spec.args ?? []) cmd.argument(arg.spec, arg.description);
    for (const option of spec.options ?? []) addOption(cmd, option);
    if (spec.options?.some((o) => o.flags === "--no-history")) settleHistoryConflict(cmd);
    cmd.action(async (...args: unknown[]) => {
      // commander passes the declared arguments, then the options, then the command.
      const action = (await spec.action()) as (...a: unknown[]) => Promise<number>;
      setExit(await action(...args.slice(0, -1)));
    });
  }
  return program;
}
