/**
 * The visual suite's cluster rule (fixtures/visual/clusters.ts) on synthetic
 * screenshots built here: a recoloured text block is one visible change
 * although it is far under 1 % of the page; anti-aliasing, scattered noise and
 * sub-threshold colour shifts are not; sizes must match. Every expected count
 * comes from how the image was drawn.
 */
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  changedMask,
  DEFAULT_CLUSTER_OPTIONS,
  describeClusters,
  findClusters,
  visibleChanges,
} from "../../fixtures/visual/clusters.js";
import { mulberry32 } from "../../src/results/import/k6-sample.js";

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const SLATE: Rgb = rgb("#1d2330"); // the text colour of the reference app
const BLUE: Rgb = rgb("#1e40af");
const W = 1280;
const H = 900;

/** "#rrggbb" as [r, g, b]. */
function rgb(hex: string): Rgb {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** An opaque image of one colour. */
function page(width = W, height = H, colour: Rgb = WHITE): PNG {
  const png = new PNG({ width, height });
  setIndex(png, 0, colour);
  for (let pos = 4; pos < png.data.length; pos *= 2) png.data.copyWithin(pos, 0, pos);
  return png;
}

/** Paint pixel number `i` (row-major), opaque. */
function setIndex(png: PNG, i: number, [r, g, b]: Rgb): void {
  png.data[i * 4] = r;
  png.data[i * 4 + 1] = g;
  png.data[i * 4 + 2] = b;
  png.data[i * 4 + 3] = 255;
}

/** Paint pixel (x, y), opaque. */
function set(png: PNG, x: number, y: number, colour: Rgb): void {
  setIndex(png, y * png.width + x, colour);
}

/** The RGBA of pixel (x, y), to look at the diff image. */
function pixelAt(png: PNG, x: number, y: number): number[] {
  const pos = (y * png.width + x) * 4;
  return [...png.data.subarray(pos, pos + 4)];
}

/**
 * A "text" block 60×12 at (x, y): vertical strokes 2 px wide with 2 px gaps
 * (columns where dx % 4 < 2), like the stems of a line of glyphs.
 * 15 strokes × 2 columns × 12 rows = 360 stroke pixels; the last stroke
 * ends at dx = 57, so the strokes span 58×12. Neighbouring stems are 3 px
 * apart, so they join into one cluster at the default joinDistance 3, as the
 * cores of real glyphs do (see DEFAULT_CLUSTER_OPTIONS).
 */
const TEXT_STROKE_PIXELS = 15 * 2 * 12;
function drawText(png: PNG, x: number, y: number, colour: Rgb): void {
  for (let dy = 0; dy < 12; dy++) {
    for (let dx = 0; dx < 60; dx++) if (dx % 4 < 2) set(png, x + dx, y + dy, colour);
  }
}

/** A solid rectangle: w × h changed pixels when its colour changes (no edge to anti-alias). */
function fillRect(png: PNG, x: number, y: number, w: number, h: number, colour: Rgb): void {
  for (let dy = 0; dy < h; dy++) for (let dx = 0; dx < w; dx++) set(png, x + dx, y + dy, colour);
}

/** Share of a pixel area that lies inside the disc (supersampled 16×16). */
function coverage(px: number, py: number, cx: number, cy: number, r: number): number {
  let inside = 0;
  for (let sy = 0; sy < 16; sy++) {
    for (let sx = 0; sx < 16; sx++) {
      const dx = px + (sx + 0.5) / 16 - cx;
      const dy = py + (sy + 0.5) / 16 - cy;
      if (dx * dx + dy * dy <= r * r) inside++;
    }
  }
  return inside / 256;
}

/**
 * A disc on white with anti-aliased edges: each pixel is the colour blended
 * with white by the share of it the disc covers. Returns the image and which
 * pixels are edge pixels (0 < coverage < 1).
 */
function disc(cx: number, cy: number, r: number, colour: Rgb): { png: PNG; edge: Uint8Array } {
  const png = page(200, 200);
  const edge = new Uint8Array(200 * 200);
  for (let y = 0; y < 200; y++) {
    for (let x = 0; x < 200; x++) {
      const c = coverage(x, y, cx, cy, r);
      if (c === 0) continue;
      if (c < 1) edge[y * 200 + x] = 1;
      const blend = colour.map((v, k) => Math.round(v * c + (WHITE[k] as number) * (1 - c)));
      set(png, x, y, blend as unknown as Rgb);
    }
  }
  return { png, edge };
}

describe("visibleChanges", () => {
  it("finds nothing in identical images", () => {
    const a = page();
    drawText(a, 200, 300, SLATE);
    const b = page();
    drawText(b, 200, 300, SLATE);
    const change = visibleChanges(a, b);
    expect(change.clusters).toEqual([]);
    expect(change.changedPixels).toBe(0);
    expect(describeClusters(change)).toBe("no visible changes (0 changed px, none in a cluster)");
  });

  it("finds a recoloured text block as one cluster though it is far under 1 % of the page", () => {
    const a = page();
    drawText(a, 200, 300, SLATE);
    const b = page();
    drawText(b, 200, 300, BLUE);

    const change = visibleChanges(a, b);
    expect(change.changedPixels).toBe(TEXT_STROKE_PIXELS);
    expect(change.clusters).toEqual([
      { x: 200, y: 300, width: 58, height: 12, pixels: TEXT_STROKE_PIXELS },
    ]);
    // 360 of 1 152 000 pixels = 0.03 %: the 1 % rule (maxDiffPixelRatio 0.01) cannot see it.
    expect(change.changedPixels / (W * H)).toBeLessThan(0.01);
    // The diff image: a stroke pixel red, an untouched one faded grey.
    expect(pixelAt(change.diff, 200, 300)).toEqual([255, 0, 0, 255]);
    const [r, g, bl] = pixelAt(change.diff, 10, 10);
    expect(r).toBe(g);
    expect(g).toBe(bl);
    // Worse: at Playwright's default threshold 0.2 these pixels do not even count
    // (their YIQ distance is ≈ 0.19 of the maximum), whatever the ratio.
    expect(pixelmatch(a.data, b.data, undefined, W, H, { threshold: 0.2 })).toBe(0);
  });

  it("ignores anti-aliasing: a disc moved by a fraction of a pixel changes only edge blends", () => {
    const { png: a, edge: edgeA } = disc(100, 100, 40, SLATE);
    const { png: b, edge: edgeB } = disc(100.4, 100.3, 40, SLATE);
    // Construction check: every pixel that differs is an edge pixel in one of the images.
    let differing = 0;
    for (let i = 0; i < 200 * 200; i++) {
      const same = a.data.readUInt32BE(i * 4) === b.data.readUInt32BE(i * 4);
      if (!same) {
        differing++;
        expect(edgeA[i] || edgeB[i]).toBe(1);
      }
    }
    expect(differing).toBeGreaterThan(DEFAULT_CLUSTER_OPTIONS.minPixels);

    // Every differing pixel is an edge blend, so none counts as a change.
    const change = visibleChanges(a, b);
    expect(change.changedPixels).toBe(0);
    expect(change.clusters).toEqual([]);

    // The same images with anti-aliasing counted as change: a ring of changed
    // pixels that does form clusters, so the AA detection is what keeps it quiet.
    const { joinDistance, minPixels, threshold } = DEFAULT_CLUSTER_OPTIONS;
    const withAA = new PNG({ width: 200, height: 200 });
    const counted = pixelmatch(a.data, b.data, withAA.data, 200, 200, {
      threshold,
      includeAA: true,
    });
    expect(counted).toBeGreaterThan(minPixels);
    expect(counted).toBeGreaterThan(change.changedPixels);
    expect(findClusters(changedMask(withAA), 200, 200, joinDistance, minPixels)).not.toEqual([]);
  });

  it("leaves scattered noise to the 1 % rule: 300 isolated pixels are no cluster", () => {
    const a = page();
    const b = page();
    const random = mulberry32(20260601);
    const placed: [number, number][] = [];
    while (placed.length < 300) {
      const x = Math.floor(random() * W);
      const y = Math.floor(random() * H);
      // More than joinDistance apart from every other noise pixel, so each stays alone.
      if (placed.some(([px, py]) => Math.max(Math.abs(px - x), Math.abs(py - y)) <= 8)) continue;
      placed.push([x, y]);
      set(b, x, y, SLATE);
    }
    const change = visibleChanges(a, b);
    expect(change.changedPixels).toBe(300);
    expect(change.clusters).toEqual([]);
    // Each is a cluster of one, below minPixels.
    expect(visibleChanges(a, b, { minPixels: 1 }).clusters).toHaveLength(300);
  });

  it("leaves specks smaller than minPixels alone: 100 separate 3×3 specks", () => {
    const a = page();
    const b = page();
    for (let k = 0; k < 100; k++)
      fillRect(b, 20 + (k % 20) * 60, 20 + Math.floor(k / 20) * 60, 3, 3, SLATE);
    const change = visibleChanges(a, b);
    expect(change.changedPixels).toBe(100 * 9);
    expect(change.clusters).toEqual([]);
  });

  it("ignores a barely visible colour shift (#1d2330 → #1e2431)", () => {
    const a = page();
    drawText(a, 200, 300, SLATE);
    const b = page();
    drawText(b, 200, 300, rgb("#1e2431"));
    const change = visibleChanges(a, b);
    expect(change.changedPixels).toBe(0);
    expect(change.clusters).toEqual([]);
  });

  it.each([
    ["danger → warning", "#fee2e2", "#dc2626", "#c2410c"],
    ["success → neutral", "#dcfce7", "#16a34a", "#0d9488"],
  ])(
    "sees a status text turned to a near colour of another meaning (%s, YIQ distance ≈ 0.08)",
    (_, background, from, to) => {
      const a = page(W, H, rgb(background));
      drawText(a, 200, 300, rgb(from));
      const b = page(W, H, rgb(background));
      drawText(b, 200, 300, rgb(to));
      const change = visibleChanges(a, b);
      expect(change.clusters).toEqual([
        { x: 200, y: 300, width: 58, height: 12, pixels: TEXT_STROKE_PIXELS },
      ]);
      // pixelmatch's default 0.1, the rule's threshold before it was measured, sees nothing.
      expect(visibleChanges(a, b, { threshold: 0.1 }).changedPixels).toBe(0);
    },
  );

  it("reports two separate changes largest first, in one line", () => {
    const a = page();
    drawText(a, 200, 300, SLATE);
    fillRect(a, 900, 700, 10, 5, rgb("#dc2626")); // a red badge, 50 px
    const b = page();
    drawText(b, 200, 300, BLUE);
    fillRect(b, 900, 700, 10, 5, rgb("#16a34a")); // turned green
    const change = visibleChanges(a, b);
    expect(change.clusters).toEqual([
      { x: 200, y: 300, width: 58, height: 12, pixels: TEXT_STROKE_PIXELS },
      { x: 900, y: 700, width: 10, height: 5, pixels: 50 },
    ]);
    expect(change.changedPixels).toBe(TEXT_STROKE_PIXELS + 50);
    expect(describeClusters(change)).toBe(
      "2 visible changes: 360 px at 200,300 (58×12), 50 px at 900,700 (10×5)",
    );
  });

  it("names at most five clusters in the line", () => {
    const a = page();
    const b = page();
    for (let k = 0; k < 7; k++) fillRect(b, 100 + k * 100, 100, 4, 4, SLATE); // 16 px each
    const line = describeClusters(visibleChanges(a, b));
    expect(line).toBe(
      "7 visible changes: 16 px at 100,100 (4×4), 16 px at 200,100 (4×4), 16 px at 300,100 (4×4), " +
        "16 px at 400,100 (4×4), 16 px at 500,100 (4×4), … and 2 more",
    );
  });

  it("throws a clear error when the sizes differ", () => {
    expect(() => visibleChanges(page(100, 100), page(100, 101))).toThrow(
      "visibleChanges: image sizes differ: expected 100×100 px, actual 100×101 px",
    );
  });

  it("rejects options that would make the rule meaningless", () => {
    const a = page(10, 10);
    expect(() => visibleChanges(a, a, { joinDistance: 0 })).toThrow(RangeError);
    expect(() => visibleChanges(a, a, { minPixels: 2.5 })).toThrow(RangeError);
    expect(() => visibleChanges(a, a, { threshold: Number.NaN })).toThrow(RangeError);
  });
});

describe("findClusters", () => {
  it("joins pixels at most joinDistance apart (Chebyshev) and no further", () => {
    const width = 20;
    const mask = new Uint8Array(width * 5);
    // (0,2)–(3,2) are 3 apart: joined; (7,2) is 4 from (3,2): a cluster of its own,
    // joined by (10,4), which is max(3, 2) = 3 from it. Equal sizes: left one first.
    for (const [x, y] of [
      [0, 2],
      [3, 2],
      [7, 2],
      [10, 4],
    ] as const)
      mask[y * width + x] = 1;
    expect(findClusters(mask, width, 5, 3, 1)).toEqual([
      { x: 0, y: 2, width: 4, height: 1, pixels: 2 },
      { x: 7, y: 2, width: 4, height: 3, pixels: 2 },
    ]);
    // With joinDistance 4 all four are one cluster.
    expect(findClusters(mask, width, 5, 4, 1)).toEqual([
      { x: 0, y: 2, width: 11, height: 3, pixels: 4 },
    ]);
    // A mask of the wrong size is a caller's error, not an empty result.
    expect(() => findClusters(mask, width, 6, 3, 1)).toThrow(/mask has 100 pixels, not 20×6/);
  });
});
