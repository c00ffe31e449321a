/**
 * Containment checks for the review server: a path is used only when it
 * stays inside its root, both as written (after resolve) and on disk (after
 * following symlinks).
 */
import { realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep, win32 } from "node:path";

/** True when `path` (absolute) is `root` itself or below it. */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** A relative path of run.json resolved in the run folder, or undefined when it leaves it. */
export function insideRunFolder(runDir: string, rel: string): string | undefined {
  if (rel.includes("\0") || isAbsolute(rel) || win32.isAbsolute(rel)) return undefined;
  const path = resolve(runDir, rel);
  return isInside(runDir, path) && path !== runDir ? path : undefined;
}

/** The file's real path when it exists and its real path is inside the real root; else undefined. */
export async function realInside(realRoot: string, path: string): Promise<string | undefined> {
  const real = await realpath(path).catch(() => undefined);
  return real !== undefined && isInside(realRoot, real) ? real : undefined;
}
