/**
 * `hyvve-qa quarantine add|list|remove`: the committed quarantine file
 * (config.quarantine.file, or --quarantine FILE: needed with no config). A
 * quarantined case still runs and is reported; its failure does not fail the
 * verdict until the entry expires.
 */
import { ConfigError, UsageError } from "../../errors.js";
import { isoDay, readQuarantine, writeQuarantine } from "../../history/quarantine.js";
import { quarantineEntrySchema } from "../../history/quarantine-schema.js";
import { EXIT } from "../exit.js";
import { printWarning, resolvePlaces } from "../../orchestrate/run-history.js";
import type { HistoryOptions } from "./history.js";

export interface QuarantineOptions extends Omit<HistoryOptions, "keep"> {
  owner?: string;
  reason?: string;
  expires?: string;
}

/** The quarantine file and its entries; `command` is the subcommand, for what its flags change. */
async function quarantineFile(raw: QuarantineOptions, command: "add" | "list" | "remove") {
  const { quarantine: path } = await resolvePlaces(raw);
  if (!path)
    throw new ConfigError(
      `no hyvve-qa config in ${process.cwd()} and no --quarantine FILE: which quarantine?`,
      "pass --quarantine FILE (commit it; e.g. --quarantine ci/quarantine.json), or run from the project root",
    );
  // The same flags as history commands take, so scripts can pass them everywhere; say which do nothing.
  if (raw.history !== undefined)
    printWarning("--history has no effect on quarantine commands: the quarantine is its own file");
  if (raw.json && command !== "list")
    printWarning(`--json has no effect on quarantine ${command}: only quarantine list prints JSON`);
  return { path, entries: await readQuarantine(path) };
}

export async function quarantineAddCommand(
  pattern: string,
  raw: QuarantineOptions,
): Promise<number> {
  const { path, entries } = await quarantineFile(raw, "add");
  const candidate = {
    pattern,
    owner: raw.owner,
    reason: raw.reason,
    expires: raw.expires,
    added: isoDay(new Date()),
  };
  const parsed = quarantineEntrySchema.safeParse(candidate);
  if (!parsed.success) {
    const missing = parsed.error.issues
      .map((i) => `--${String(i.path[0])} ${i.message}`)
      .join("; ");
    throw new UsageError(
      `quarantine add: ${missing}`,
      'e.g. --owner @ana --reason "flaky on CI" --expires 2027-01-31',
    );
  }
  if (parsed.data.expires < isoDay(new Date()))
    throw new UsageError(
      `--expires ${parsed.data.expires} is in the past`,
      "give the last day the quarantine should hold",
    );
  const rest = entries.filter((e) => e.pattern !== pattern);
  await writeQuarantine(path, [...rest, parsed.data]);
  process.stdout.write(
    `${rest.length < entries.length ? "updated" : "quarantined"} ${pattern} (owner ${parsed.data.owner}, until ${parsed.data.expires}) in ${path}\n`,
  );
  return EXIT.ok;
}

export async function quarantineListCommand(raw: QuarantineOptions): Promise<number> {
  const { entries } = await quarantineFile(raw, "list");
  const today = isoDay(new Date());
  if (raw.json) {
    process.stdout.write(
      `${JSON.stringify(
        entries.map((e) => ({ ...e, expired: e.expires < today })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  if (entries.length === 0) process.stdout.write("no case is quarantined\n");
  for (const e of entries)
    process.stdout.write(
      `${e.expires < today ? "EXPIRED " : ""}${e.pattern}  owner ${e.owner}, until ${e.expires}: ${e.reason}\n`,
    );
  return EXIT.ok;
}

export async function quarantineRemoveCommand(
  pattern: string,
  raw: QuarantineOptions,
): Promise<number> {
  const { path, entries } = await quarantineFile(raw, "remove");
  const rest = entries.filter((e) => e.pattern !== pattern);
  if (rest.length === entries.length)
    throw new UsageError(
      `no quarantine entry "${pattern}"`,
      "see them with: hyvve-qa quarantine list",
    );
  await writeQuarantine(path, rest);
  process.stdout.write(`removed ${pattern} from ${path}\n`);
  return EXIT.ok;
}
