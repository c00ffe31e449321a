/** `hyvve-qa hook install`: a pre-push hook that runs the smoke profile. */
import { chmod, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { succeeded } from "../../process/process-end.js";
import { runSupervised } from "../../process/supervisor.js";
import { EXIT } from "../exit.js";

const MARKER = "# installed by hyvve-qa";

export async function hookInstallCommand(): Promise<number> {
  const r = await runSupervised("git", ["rev-parse", "--git-path", "hooks"], {
    cwd: process.cwd(),
    env: { ...process.env },
  });
  if (!succeeded(r.end))
    throw new UsageError("not inside a git repository", "run this from your clone");
  const hooksDir = r.stdout.trim();
  // core.hooksPath may be absolute; resolve keeps it, join would not.
  const path = resolve(process.cwd(), hooksDir, "pre-push");
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing !== undefined && !existing.includes(MARKER)) {
    throw new UsageError(
      `${path} already exists and was not written by hyvve-qa`,
      "merge it by hand: add `npx hyvve-qa run --profile smoke`",
    );
  }
  await writeFile(
    path,
    `#!/bin/sh\n${MARKER}\n# Runs every suite's smoke profile against the embedded reference app before a push.\nexec npx --no-install hyvve-qa run --profile smoke\n`,
  );
  await chmod(path, 0o755);
  process.stdout.write(`installed ${path}\n`);
  return EXIT.ok;
}
