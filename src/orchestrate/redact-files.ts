/**
 * Runners leave their own files in the run folder (their JUnit, JSON
 * reports, logs, k6 summaries), and CI uploads that folder. Whatever of those
 * is text gets the same redaction as the model, in place. Binary artifacts
 * (screenshots, gzip, zip traces) cannot be redacted; the Playwright config
 * keeps traces only where the token is a throwaway (see playwright.shared.ts).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { writeFileAtomic } from "../results/run-file.js";

const TEXT = new Set([
  ".xml",
  ".json",
  ".txt",
  ".log",
  ".md",
  ".html",
  ".csv",
  ".yml",
  ".yaml",
  ".ts",
  ".js",
]);
const MAX_BYTES = 200 * 1024 * 1024;

export async function redactFolder(dir: string, redact: (text: string) => string): Promise<number> {
  let changed = 0;
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !TEXT.has(extname(entry.name).toLowerCase())) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await stat(path)).size > MAX_BYTES) continue;
    const text = await readFile(path, "utf8");
    const clean = redact(text);
    if (clean !== text) {
      await writeFileAtomic(path, clean);
      changed++;
    }
  }
  return changed;
}
