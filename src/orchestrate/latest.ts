/** `reports/latest`: where --last-failed, `show` and `baseline update` find the newest run. */
import { rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** `reports/latest` → the newest run folder (a relative symlink, replaced atomically enough for CI). */
export async function linkLatest(runDir: string): Promise<void> {
  const link = join(dirname(runDir), "latest");
  const temp = `${link}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  await symlink(basename(runDir), temp);
  try {
    await rename(temp, link);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
