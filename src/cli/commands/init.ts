/**
 * `hyvve-qa init`: find the repo's suites (src/init/) and write a commented
 * hyvve-qa.config.ts; `--dry-run` prints it instead. An existing config is
 * never replaced without `--force`, and then atomically.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { CONFIG_FILES } from "../../config/read.js";
import { UsageError } from "../../errors.js";
import { discover } from "../../init/discover.js";
import { checkRendered, configValue, renderConfig } from "../../init/render.js";
import { LOOKED_FOR, summaryLines } from "../../init/summary.js";
import { writeFileAtomic } from "../../results/run-file.js";
import { EXIT } from "../exit.js";

export interface InitOptions {
  dryRun?: boolean;
  force?: boolean;
  dir?: string;
}

const WRITTEN = "hyvve-qa.config.ts";

// Why: discover, render, check, then print (--dry-run) or write; refusals are usage errors (exit 2).
export async function initCommand(raw: InitOptions = {}): Promise<number> {
  const dir = resolve(process.cwd(), raw.dir ?? ".");
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`--dir ${raw.dir}: no such folder`, "pass the root folder of the repo");
  const existing = CONFIG_FILES.filter((name) => existsSync(join(dir, name)));
  if (existing.length > 0 && !raw.force && !raw.dryRun)
    throw new UsageError(
      `${existing[0]} already exists in ${dir}; init does not overwrite it`,
      "pass --force to replace it, or --dry-run to print the new config",
    );
  const found = await discover(dir);
  if (found.suites.length === 0)
    throw new UsageError(
      `no suite found in ${dir}: looked for ${LOOKED_FOR}`,
      "run init from the repo root, or pass --dir DIR",
    );
  const text = renderConfig(found);
  checkRendered(text, configValue(found));
  const summary = summaryLines(found);
  if (raw.dryRun) {
    process.stdout.write(text);
    process.stderr.write(`${summary.join("\n")}\n(--dry-run: nothing written)\n`);
    return EXIT.ok;
  }
  await writeFileAtomic(join(dir, WRITTEN), text);
  const lines = [...summary, `wrote ${join(dir, WRITTEN)}`];
  const others = existing.filter((name) => name !== WRITTEN);
  if (others.length > 0)
    lines.push(`${others.join(", ")} left in place; ${WRITTEN} is the one hyvve-qa reads first`);
  lines.push("next: npx hyvve-qa list, then npx hyvve-qa run");
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}
