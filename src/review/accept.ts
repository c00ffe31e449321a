/**
 * Accepting a visual change: the run's actual image is copied over the
 * committed baseline its expected image is a copy of. The file written is
 * always the `baseline` run.json records (relative to the project root),
 * never a path from the request, and only when it is a relative .png that
 * already exists inside the project root (symlinks not followed). Every
 * image of a request is checked before any is written; each write is a temp
 * file in the same folder + rename.
 */
import { lstat, readFile, realpath } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, resolve, win32 } from "node:path";
import { writeFileAtomic } from "../results/run-file.js";
import type { ReviewImage } from "./changes.js";
import { isInside, realInside } from "./paths.js";

/** A request the server refuses: its HTTP status and a message for the JSON error. */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface AcceptedFile {
  caseId: string;
  image: string;
  /** Project-relative, as run.json has it. */
  baseline: string;
}

export interface AcceptRoots {
  /** The project root (the config's rootDir) and its real path. */
  rootDir: string;
  realRoot: string;
  /** The run folder's real path. */
  realRunDir: string;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The absolute path of the committed baseline `baseline` names, or a Refusal saying why not. */
export async function checkBaseline(roots: AcceptRoots, baseline: string | null): Promise<string> {
  if (baseline === null || baseline === "" || baseline.includes("\0"))
    throw new Refusal(400, "run.json records no baseline for this image: nothing to accept over");
  if (isAbsolute(baseline) || win32.isAbsolute(baseline))
    throw new Refusal(
      403,
      `baseline ${baseline} is absolute: baselines are relative to the project root`,
    );
  const path = resolve(roots.rootDir, baseline);
  if (!isInside(roots.rootDir, path) || path === roots.rootDir)
    throw new Refusal(403, `baseline ${baseline} is outside the project root`);
  if (extname(path).toLowerCase() !== ".png")
    throw new Refusal(400, `baseline ${baseline} is not a .png`);
  const stat = await lstat(path).catch(() => undefined);
  if (!stat)
    throw new Refusal(
      400,
      `baseline ${baseline} does not exist: accept replaces a committed baseline, it never creates one`,
    );
  if (stat.isSymbolicLink())
    throw new Refusal(403, `baseline ${baseline} is a symlink: not followed`);
  if (!stat.isFile()) throw new Refusal(400, `baseline ${baseline} is not a file`);
  const realDir = await realpath(dirname(path));
  if (!isInside(roots.realRoot, realDir))
    throw new Refusal(
      403,
      `baseline ${baseline} is outside the project root (through a symlinked folder)`,
    );
  return join(realDir, basename(path));
}

/** The actual image's bytes, when it is a PNG inside the run folder. */
async function actualBytes(roots: AcceptRoots, image: ReviewImage): Promise<Buffer> {
  const real = image.actualPath ? await realInside(roots.realRunDir, image.actualPath) : undefined;
  if (!real)
    throw new Refusal(
      400,
      `the actual image of ${image.image} is missing or outside the run folder`,
    );
  const bytes = await readFile(real);
  if (!bytes.subarray(0, 8).equals(PNG_MAGIC))
    throw new Refusal(400, `the actual image of ${image.image} is not a PNG`);
  return bytes;
}

/** A path as one shell word (for the `git add` line the page shows). */
function shellWord(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** What this server accepted since it started, for the page's "ready to commit" list. */
export class AcceptSession {
  private readonly accepted = new Map<string, AcceptedFile>();

  constructor(private readonly roots: AcceptRoots) {}

  /** Checks every image, then copies each actual over its baseline; all or nothing is refused. */
  async accept(images: readonly ReviewImage[]): Promise<AcceptedFile[]> {
    const writes: { path: string; bytes: Buffer; file: AcceptedFile }[] = [];
    for (const image of images) {
      const path = await checkBaseline(this.roots, image.baseline);
      const bytes = await actualBytes(this.roots, image);
      writes.push({
        path,
        bytes,
        file: { caseId: image.caseId, image: image.image, baseline: image.baseline! },
      });
    }
    for (const write of writes) {
      await writeFileAtomic(write.path, write.bytes);
      this.accepted.set(`${write.file.caseId}\0${write.file.image}`, write.file);
    }
    return writes.map((w) => w.file);
  }

  /** Whether this session accepted the image (the page marks it). */
  isAccepted(image: Pick<ReviewImage, "caseId" | "image">): boolean {
    return this.accepted.has(`${image.caseId}\0${image.image}`);
  }

  /** The accepted files and the `git add` line that stages them. */
  list(): { files: AcceptedFile[]; gitAdd: string } {
    const files = [...this.accepted.values()];
    const paths = [...new Set(files.map((f) => f.baseline))];
    return { files, gitAdd: paths.length ? `git add -- ${paths.map(shellWord).join(" ")}` : "" };
  }
}
