/**
 * The one step of reading Playwright's results with side effects: move or
 * copy screenshots, traces, videos and expected/actual/diff images into the
 * run folder, so it is self-contained and CI can upload it as it is.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, rename, writeFile } from "node:fs/promises";
import { basename, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { MappedCase, SourceAttachment } from "../results/import/playwright.js";
import type { Attachment, CaseResult } from "../results/model.js";

export interface CollectOptions {
  /** The suite's folder inside the run folder. */
  outDir: string;
  /** outDir relative to the run folder (attachment paths in the model are relative to the run folder). */
  outDirFromRun: string;
  /** Files under this folder are Playwright's scratch output and may be moved rather than copied. */
  movableRoot?: string;
  /** The project root: an expected image copied from inside it names its baseline (for `show`). */
  projectRoot?: string;
}

/**
 * Puts every attachment under `<outDir>/attachments/<case>/` and points the
 * case at it, so the run folder is self-contained (baseline images that live
 * in the repo are copied, Playwright's own output is moved). An attachment
 * whose file is gone is dropped, not left as a broken link.
 */
export async function collectAttachments(
  cases: readonly MappedCase[],
  options: CollectOptions,
): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of cases) {
    if (c.attachments.length === 0) {
      out.push({ ...c, attachments: [] });
      continue;
    }
    const folder = caseFolderName(c);
    const dir = join(options.outDir, "attachments", folder);
    await mkdir(dir, { recursive: true });
    const used = new Set<string>();
    const attachments: Attachment[] = [];
    for (const a of c.attachments) {
      const fileName = uniqueName(attachmentFileName(a), used);
      const target = join(dir, fileName);
      try {
        if (a.path !== undefined) {
          if (!existsSync(a.path)) continue;
          const movable =
            options.movableRoot !== undefined && isInside(a.path, options.movableRoot);
          if (movable) await rename(a.path, target).catch(() => copyFile(a.path!, target));
          else await copyFile(a.path, target);
        } else if (a.body !== undefined) {
          await writeFile(target, Buffer.from(a.body, "base64"));
        } else continue;
      } catch {
        continue;
      }
      attachments.push({
        name: a.name,
        path: [options.outDirFromRun, "attachments", folder, fileName]
          .filter((p) => p !== "" && p !== ".")
          .join("/"),
        contentType: a.contentType,
        ...baselineOf(a, options),
      });
    }
    out.push({ ...c, attachments });
  }
  return out;
}

/**
 * Playwright's expected image is the committed snapshot itself (not a copy):
 * keep where it lives, relative to the project, so a review can accept over it.
 */
function baselineOf(a: SourceAttachment, options: CollectOptions): { baseline?: string } {
  if (!a.path || !a.name.endsWith("-expected.png") || options.projectRoot === undefined) return {};
  if (options.movableRoot !== undefined && isInside(a.path, options.movableRoot)) return {};
  if (!isInside(a.path, options.projectRoot)) return {};
  return { baseline: relative(resolve(options.projectRoot), resolve(a.path)).split(sep).join("/") };
}

function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** A readable, filesystem-safe and unique folder per case. */
export function caseFolderName(c: { id: string; titlePath: readonly string[] }): string {
  const readable = slug(c.titlePath.join("-")).slice(0, 80) || "case";
  const hash = createHash("sha1").update(c.id).digest("hex").slice(0, 8);
  return `${readable}-${hash}`;
}

function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .toLowerCase();
}

const EXTENSIONS: Record<string, string> = {
  "image/png": ".png",
  "image/jpeg": ".jpg",
  "video/webm": ".webm",
  "application/zip": ".zip",
  "text/plain": ".txt",
  "text/markdown": ".md",
  "application/json": ".json",
};

function attachmentFileName(a: SourceAttachment): string {
  const fromPath = a.path !== undefined ? extname(basename(a.path)) : "";
  const ext = fromPath || EXTENSIONS[a.contentType] || "";
  const base = slug(a.name.replace(/\.[A-Za-z0-9]+$/, "")) || "attachment";
  return `${base}${ext}`;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  const ext = extname(name);
  for (let i = 2; used.has(candidate); i++)
    candidate = `${name.slice(0, name.length - ext.length)}-${i}${ext}`;
  used.add(candidate);
  return candidate;
}
