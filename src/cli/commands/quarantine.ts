/**
 * `hyvve-qa quarantine add|list|remove`: the committed quarantine file
 * (config.quarantine.file). A quarantined case still runs and is reported;
 * its failure does not fail the verdict until the entry expires.
 */
import { resolve } from "node:path";
import { loadConfig } from "../../config/load.js";
import { UsageError } from "../../errors.js";
import {
  isoDay,
  quarantineEntrySchema,
  readQuarantine,
  writeQuarantine,
} from "../../history/quarantine.js";
import { EXIT } from "../exit.js";
import type { HistoryOptions } from "./history.js";

export interface QuarantineOptions extends Omit<HistoryOptions, "keep"> {
  owner?: string;
  reason?: string;
  expires?: string;
}

async function quarantineFile(raw: QuarantineOptions) {
  const { config, rootDir } = await loadConfig(process.cwd(), raw.config);
  const path = resolve(rootDir, config.quarantine.file);
  return { path, entries: await readQuarantine(path) };
}

export async function quarantineAddCommand(
  pattern: string,
  raw: QuarantineOptions,
): Promise<number> {
  const { path, entries } = await quarantineFile(raw);
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
  const { entries } = await quarantineFile(raw);
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
  const { path, entries } = await quarantineFile(raw);
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
