/**
 * Exact order statistics without one big array. The values of a trend are
 * kept per tag set in fixed-size chunks (ValueStore), each chunk sorted when
 * it fills, while the points are still being read; a selector (an endpoint,
 * a threshold's tags, everything) is the union of the sorted chunks of some
 * tag sets, and SortedRuns finds the value at any rank in that union without
 * merging it. So the percentiles are the ones a sort of all the selected
 * values would give, with no second copy of the values and no big sort at
 * the end.
 */
import { endianness } from "node:os";

/** Values per chunk: 64 Ki doubles, 512 KiB. */
const CHUNK = 1 << 16;

/** A growable list of doubles in chunks, each sorted once full: sortedRuns() gives them all. */
export class ValueStore {
  length = 0;
  private readonly runs: Float64Array[] = [];
  private current = new Float64Array(16);
  private fill = 0;

  push(value: number): void {
    if (this.fill === this.current.length) this.nextChunk();
    this.current[this.fill++] = value;
    this.length++;
  }

  /** A small store grows its one chunk; after that every chunk is full size, sorted when full. */
  private nextChunk(): void {
    if (this.current.length < CHUNK && this.runs.length === 0) {
      const bigger = new Float64Array(Math.min(CHUNK, this.current.length * 4));
      bigger.set(this.current);
      this.current = bigger;
      return;
    }
    this.runs.push(sortDoubles(this.current));
    this.current = new Float64Array(CHUNK);
    this.fill = 0;
  }

  /** Every value so far, as ascending runs (the chunk being filled is sorted and closed). */
  sortedRuns(): readonly Float64Array[] {
    if (this.fill > 0) {
      this.runs.push(sortDoubles(this.current.slice(0, this.fill)));
      this.current = new Float64Array(16);
      this.fill = 0;
    }
    return this.runs;
  }
}

/** Radix sort pays off from here on; below, the built-in sort. */
const RADIX_FROM = 1024;
const DIGIT_BITS = 11;
/** The bit tricks below read a double's low word first. */
const LITTLE_ENDIAN = endianness() === "LE";
let scratch = new Float64Array(0);

/**
 * Sorts doubles ascending in place, in the order Float64Array.prototype.sort
 * gives (−0 before 0), and returns them. Large arrays by an LSD radix sort
 * on the IEEE bits (made to compare as unsigned integers: negatives flipped
 * whole, positives with the sign bit set), 11 bits a pass, passes where every
 * value has the same digit skipped: about twice as fast as the built-in sort
 * on a full chunk, and the chunks are sorted while the points stream in.
 */
export function sortDoubles(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_FROM || !LITTLE_ENDIAN) return values.sort();
  if (scratch.length < n) scratch = new Float64Array(n);
  let src: Uint32Array<ArrayBufferLike> = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let dst: Uint32Array<ArrayBufferLike> = new Uint32Array(scratch.buffer, 0, n * 2);
  toSortable(src);
  const counts = new Uint32Array(1 << DIGIT_BITS);
  for (let shift = 0; shift < 64; shift += DIGIT_BITS) {
    if (!countDigits(src, shift, counts)) continue;
    for (let i = 0; i < n; i++) {
      const j = counts[digitOf(src, i, shift)]!++;
      dst[2 * j] = src[2 * i]!;
      dst[2 * j + 1] = src[2 * i + 1]!;
    }
    [src, dst] = [dst, src];
  }
  const out = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  if (src !== out) out.set(src);
  fromSortable(out);
  return values;
}

/** Counts of each digit at `shift`, turned into start offsets; false when all values share one digit. */
function countDigits(words: Uint32Array, shift: number, counts: Uint32Array): boolean {
  const n = words.length >> 1;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[digitOf(words, i, shift)]!++;
  if (counts[digitOf(words, 0, shift)] === n) return false;
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const c = counts[d]!;
    counts[d] = sum;
    sum += c;
  }
  return true;
}

/** The 11 bits at `shift` of value i's 64-bit key (low word first, as the bytes lie on little-endian machines). */
function digitOf(words: Uint32Array, i: number, shift: number): number {
  const mask = (1 << DIGIT_BITS) - 1;
  if (shift >= 32) return (words[2 * i + 1]! >>> (shift - 32)) & mask;
  if (shift + DIGIT_BITS > 32)
    return ((words[2 * i]! >>> shift) | (words[2 * i + 1]! << (32 - shift))) & mask;
  return (words[2 * i]! >>> shift) & mask;
}

function toSortable(words: Uint32Array): void {
  for (let i = 1; i < words.length; i += 2) {
    const hi = words[i]!;
    if (hi & 0x80000000) {
      words[i] = ~hi;
      words[i - 1] = ~words[i - 1]!;
    } else words[i] = hi | 0x80000000;
  }
}

function fromSortable(words: Uint32Array): void {
  for (let i = 1; i < words.length; i += 2) {
    const hi = words[i]!;
    if (hi & 0x80000000) words[i] = hi & 0x7fffffff;
    else {
      words[i] = ~hi;
      words[i - 1] = ~words[i - 1]!;
    }
  }
}

/** The union of ascending runs, read by rank: exact, and no merged copy. */
export class SortedRuns {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  private readonly runs: Float64Array[];

  constructor(runs: readonly Float64Array[]) {
    this.runs = runs.filter((r) => r.length > 0);
    this.count = this.runs.reduce((n, r) => n + r.length, 0);
    this.min = this.runs.reduce((m, r) => Math.min(m, r[0]!), Number.POSITIVE_INFINITY);
    this.max = this.runs.reduce((m, r) => Math.max(m, r[r.length - 1]!), Number.NEGATIVE_INFINITY);
  }

  /**
   * The value at 0-based `rank` of the union in ascending order. Each round
   * takes as pivot the weighted median of the remaining windows' medians (at
   * least a quarter of what remains is on each side of it) and narrows every
   * window to the side the rank is on: O(log n) rounds of one binary search
   * per run.
   */
  at(rank: number): number {
    if (!(rank >= 0 && rank < this.count)) throw new RangeError(`rank ${rank} of ${this.count}`);
    const runs = this.runs;
    const lo = runs.map(() => 0);
    const hi = runs.map((r) => r.length);
    let k = rank;
    for (;;) {
      const only = singleWindow(lo, hi);
      if (only !== -1) return runs[only]![lo[only]! + k]!;
      const pivot = weightedMedianOfMedians(runs, lo, hi);
      const lower = runs.map((r, i) => lowerBound(r, pivot, lo[i]!, hi[i]!));
      const upper = runs.map((r, i) => upperBound(r, pivot, lower[i]!, hi[i]!));
      let below = 0;
      let upTo = 0;
      for (let i = 0; i < runs.length; i++) {
        below += lower[i]! - lo[i]!;
        upTo += upper[i]! - lo[i]!;
      }
      if (k < below) for (let i = 0; i < runs.length; i++) hi[i] = lower[i]!;
      else if (k < upTo) return pivot;
      else {
        k -= upTo;
        for (let i = 0; i < runs.length; i++) lo[i] = upper[i]!;
      }
    }
  }

  /** All values ascending, as one array (for tests and small selections). */
  toArray(): Float64Array {
    const out = new Float64Array(this.count);
    let at = 0;
    for (const r of this.runs) {
      out.set(r, at);
      at += r.length;
    }
    return out.sort();
  }
}

/** The one non-empty window, or -1 when there are several. */
function singleWindow(lo: readonly number[], hi: readonly number[]): number {
  let found = -1;
  for (let i = 0; i < lo.length; i++)
    if (hi[i]! > lo[i]!) {
      if (found !== -1) return -1;
      found = i;
    }
  return found;
}

/** The median of the windows' medians, each weighted by its window's size. */
function weightedMedianOfMedians(
  runs: readonly Float64Array[],
  lo: readonly number[],
  hi: readonly number[],
): number {
  const medians: { value: number; weight: number }[] = [];
  let total = 0;
  for (let i = 0; i < runs.length; i++) {
    const weight = hi[i]! - lo[i]!;
    if (weight === 0) continue;
    medians.push({ value: runs[i]![(lo[i]! + hi[i]!) >>> 1]!, weight });
    total += weight;
  }
  medians.sort((a, b) => a.value - b.value);
  let seen = 0;
  for (const m of medians) {
    seen += m.weight;
    if (seen * 2 >= total) return m.value;
  }
  return medians.at(-1)!.value;
}

/** First index in sorted[from, to) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, x: number, from: number, to: number): number {
  let a = from;
  let b = to;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (sorted[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** First index in sorted[from, to) whose value is > x. */
function upperBound(sorted: Float64Array, x: number, from: number, to: number): number {
  let a = from;
  let b = to;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (sorted[m]! <= x) a = m + 1;
    else b = m;
  }
  return a;
}
