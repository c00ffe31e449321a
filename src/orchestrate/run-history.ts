/**
 * The run history around one run or merged report, before it: read it
 * (unless --no-history) and the quarantine (judge-history.ts applies them
 * after the run); and where report, history and quarantine find their files
 * (the flags, else the config's: no config is needed when the flags name
 * them). A corrupt history line is one warning; a history that cannot be
 * written is one warning too — the verdict never depends on it.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfigIfAny, type LoadedConfig } from "../config/read.js";
import type { Config } from "../config/schema.js";
import { readQuarantine, type QuarantineEntry } from "../history/quarantine.js";
import type { HistoryRecord } from "../history/record.js";
import type { RunOptions } from "./options.js";

export interface HistoryChoice {
  /** --history FILE */
  file: string | undefined;
  /** --no-history */
  off: boolean;
  /** --quarantine FILE */
  quarantine?: string | undefined;
}

/** The history choice of `run`'s options. */
export function historyChoiceOf(options: RunOptions): HistoryChoice {
  return { file: options.history, off: options.noHistory, quarantine: options.quarantine };
}

/** One `hyvve-qa: warning: …` line: something the user should know that changes no exit code. */
export function printWarning(message: string): void {
  process.stderr.write(`hyvve-qa: warning: ${message}\n`);
}

/** A file a flag names, from the working directory; an empty or missing flag names none. */
function flagPath(file: string | undefined): string | undefined {
  return file ? resolve(process.cwd(), file) : undefined;
}

/** The history file a command uses: --history, else the config's. */
export function historyPath(config: Config, rootDir: string, choice: HistoryChoice): string {
  return flagPath(choice.file) ?? resolve(rootDir, config.history.file);
}

/** The quarantine file a command uses: --quarantine, else the config's (committed, unlike the history). */
export function quarantinePath(config: Config, rootDir: string, choice: HistoryChoice): string {
  return flagPath(choice.quarantine) ?? resolve(rootDir, config.quarantine.file);
}

/** Where a command reads and writes: the project's config (or the defaults) and the files. */
export interface Places {
  project: LoadedConfig | undefined;
  /** The project's config, or every key at its default when there is none. */
  config: Config;
  /** Absolute; undefined when there is none to use (no config and no --history, or --no-history). */
  history: string | undefined;
  /** Absolute; undefined when there is none (no config and no --quarantine). */
  quarantine: string | undefined;
}

/**
 * The files of report, history and quarantine: the flags, else the config's,
 * else none — a command needs no config when the flags name its files.
 * `configHistory: false` ignores the config's history (imported results are
 * not the project's own runs: they go only where --history says).
 */
export async function resolvePlaces(
  flags: { config?: string | undefined; history?: string | false | undefined; quarantine?: string },
  configHistory = true,
): Promise<Places> {
  const project = await loadConfigIfAny(process.cwd(), flags.config);
  const choice = {
    file: typeof flags.history === "string" ? flags.history : undefined,
    off: flags.history === false,
    quarantine: flags.quarantine,
  };
  return {
    project,
    // zod (validate.js) only when there is no config to take the keys from.
    config: project?.config ?? (await import("../config/validate.js")).defaultConfig(),
    history: choice.off
      ? undefined
      : project && configHistory
        ? historyPath(project.config, project.rootDir, choice)
        : flagPath(choice.file),
    quarantine: project
      ? quarantinePath(project.config, project.rootDir, choice)
      : flagPath(choice.quarantine),
  };
}

/** Records of a history file; unreadable lines are one warning (`where` names the file in it). */
export async function readHistoryWarned(path: string, where = path): Promise<HistoryRecord[]> {
  if (!existsSync(path)) return [];
  // The store (and zod, for its line schemas) loads only when there is a history to read.
  const { readHistory } = await import("../history/store.js");
  const history = await readHistory(path);
  if (history.skipped > 0)
    printWarning(
      `skipped ${history.skipped} unreadable line${history.skipped === 1 ? "" : "s"} of ${where}`,
    );
  return history.records;
}

/** What a run judges its results with; read before any suite runs, so a bad file costs nothing. */
export interface Memory {
  earlier: HistoryRecord[];
  quarantine: QuarantineEntry[];
}

/** The history (unless --no-history) and the quarantine file, checked up front. */
export async function loadMemory(
  config: Config,
  rootDir: string,
  choice: HistoryChoice,
): Promise<Memory> {
  return readMemory({
    history: choice.off ? undefined : historyPath(config, rootDir, choice),
    quarantine: quarantinePath(config, rootDir, choice),
  });
}

/** The records and entries of these files; a file that is not named gives none. */
export async function readMemory(places: Pick<Places, "history" | "quarantine">): Promise<Memory> {
  return {
    earlier: places.history
      ? await readHistoryWarned(places.history, `the history ${places.history}`)
      : [],
    quarantine: places.quarantine ? await readQuarantine(places.quarantine) : [],
  };
}
