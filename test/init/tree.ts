/**
 * Small repos for init's unit tests: a temp folder with the given files
 * (path → content), so each rule is tested on just what it needs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "../helpers/cli.js";

export const INIT_MONOREPO = fileURLToPath(
  new URL("../fixtures/projects/init-monorepo", import.meta.url),
);

/** A temp folder holding `files`; returns its path. */
export function tree(files: Record<string, string>): string {
  const root = tempDir("hyvve-qa-init-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
