/**
 * `hyvve-qa hook install|uninstall`: a pre-push hook that runs the smoke
 * profile of the suites the push changes (`run --changed`, which runs every
 * suite when it cannot tell). A hook hyvve-qa did not write is never lost:
 * install refuses it (or, with --force, saves it next to the new one first)
 * and uninstall leaves it alone.
 */
import { chmod, mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { UsageError } from "../../errors.js";
import { succeeded } from "../../process/process-end.js";
import { runSupervised } from "../../process/supervisor.js";
import { EXIT } from "../exit.js";

const MARKER = "# installed by hyvve-qa";
const COMMAND = "npx --no-install hyvve-qa run --changed --profile smoke";
const HOOK = `#!/bin/sh
${MARKER}
# Runs the smoke profile of the suites this push changes (every suite when
# hyvve-qa cannot tell) against the embedded reference app.
exec ${COMMAND}
`;

/** The pre-push hook's path: core.hooksPath may be absolute; resolve keeps it, join would not. */
async function hookPath(): Promise<string> {
  const r = await runSupervised("git", ["rev-parse", "--git-path", "hooks"], {
    cwd: process.cwd(),
    env: { ...process.env },
  });
  if (!succeeded(r.end))
    throw new UsageError("not inside a git repository", "run this from your clone");
  return resolve(process.cwd(), r.stdout.trim(), "pre-push");
}

/** Writes (or rewrites) our hook; a foreign one only with --force, and saved first. */
export async function hookInstallCommand(raw: { force?: boolean } = {}): Promise<number> {
  const path = await hookPath();
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing !== undefined && !existing.includes(MARKER)) {
    if (!raw.force) {
      throw new UsageError(
        `${path} already exists and was not written by hyvve-qa`,
        `merge it by hand (add \`${COMMAND}\`), or pass --force to replace it (it is kept as pre-push.backup-<time>)`,
      );
    }
    const backup = `${path}.backup-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await rename(path, backup);
    process.stdout.write(`saved the previous hook as ${backup}\n`);
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, HOOK);
  await chmod(path, 0o755);
  process.stdout.write(`installed ${path}\n`);
  return EXIT.ok;
}

/** Removes our hook only: a foreign hook is somebody's work (exit 2, left in place). */
export async function hookUninstallCommand(): Promise<number> {
  const path = await hookPath();
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing === undefined) {
    process.stdout.write(`no pre-push hook at ${path}: nothing to remove\n`);
    return EXIT.ok;
  }
  if (!existing.includes(MARKER)) {
    throw new UsageError(
      `${path} was not written by hyvve-qa: left in place`,
      "remove it by hand if you mean to",
    );
  }
  await unlink(path);
  process.stdout.write(`removed ${path}\n`);
  const backups = (await readdir(dirname(path))).filter((f) => f.startsWith("pre-push.backup-"));
  if (backups.length > 0) {
    const latest = join(dirname(path), backups.sort().at(-1)!);
    process.stdout.write(
      `the hook --force replaced is still at ${latest} (mv it back to use it)\n`,
    );
  }
  return EXIT.ok;
}
