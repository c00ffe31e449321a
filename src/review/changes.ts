/**
 * The failed images of a run and their "change signature": the most frequent
 * (expected colour → actual colour) pair among the pixels that differ, each
 * colour quantized to 4 bits per channel (`#1238→#b11f`, like CSS #rgba).
 * The same text-colour change seen at three viewport widths has one
 * signature, so the three can be accepted together.
 */
import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { visualImages, type ReviewChange } from "../reporters/html-review.js";
import type { RunResult } from "../results/model.js";
import { insideRunFolder } from "./paths.js";

/** A failed image as the server keeps it: what the page shows plus where its files are. */
export interface ReviewImage extends Omit<ReviewChange, "accepted"> {
  /** The actual image, absolute, inside the run folder (checked when it is accepted). */
  actualPath: string;
  expectedPath: string;
}

/** 4 bits per channel of the RGBA pixel at byte offset i, as one 16-bit number. */
function quantize(data: Buffer, i: number): number {
  return (
    ((data[i]! >> 4) << 12) |
    ((data[i + 1]! >> 4) << 8) |
    ((data[i + 2]! >> 4) << 4) |
    (data[i + 3]! >> 4)
  );
}

/** A quantized colour as #rgba. */
function hex(colour: number): string {
  return `#${colour.toString(16).padStart(4, "0")}`;
}

/** The signature of the change from `expected` to `actual` (both decoded PNGs). */
export function changeSignature(expected: PNG, actual: PNG): string {
  if (expected.width !== actual.width || expected.height !== actual.height)
    return `size ${expected.width}×${expected.height}→${actual.width}×${actual.height}`;
  const a = expected.data;
  const b = actual.data;
  const counts = new Map<number, number>();
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2] && a[i + 3] === b[i + 3])
      continue;
    const from = quantize(a, i);
    const to = quantize(b, i);
    // Below 4 bits (anti-aliasing, compression noise) there is no visible change.
    if (from === to) continue;
    const key = from * 0x10000 + to;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best = -1;
  let bestCount = 0;
  for (const [key, count] of counts)
    if (count > bestCount || (count === bestCount && key < best)) [best, bestCount] = [key, count];
  if (best < 0) return "no visible change";
  return `${hex(Math.floor(best / 0x10000))}→${hex(best % 0x10000)}`;
}

/** The signature of one image pair on disk; an unreadable pair is a group of its own. */
async function signatureOf(expectedPath: string, actualPath: string, own: string): Promise<string> {
  try {
    const [expected, actual] = await Promise.all(
      [expectedPath, actualPath].map((p) => readFile(p)),
    );
    return changeSignature(PNG.sync.read(expected!), PNG.sync.read(actual!));
  } catch {
    return `unreadable ${own}`;
  }
}

/** Every image of every failed case that has an expected/actual pair, with its signature. */
export async function listFailedImages(run: RunResult, runDir: string): Promise<ReviewImage[]> {
  const images: ReviewImage[] = [];
  for (const suite of run.suites) {
    for (const c of suite.cases) {
      if (c.status !== "failed") continue;
      for (const image of visualImages(c)) {
        const expectedPath = insideRunFolder(runDir, image.expected.path);
        const actualPath = insideRunFolder(runDir, image.actual.path);
        const own = `${c.id} ${image.expected.name}`;
        const group =
          expectedPath && actualPath
            ? await signatureOf(expectedPath, actualPath, own)
            : `outside the run folder ${own}`;
        images.push({
          caseId: c.id,
          title: c.titlePath.join(" › "),
          image: image.expected.name,
          group,
          baseline: image.expected.baseline ?? null,
          actualPath: actualPath ?? "",
          expectedPath: expectedPath ?? "",
        });
      }
    }
  }
  return images;
}
