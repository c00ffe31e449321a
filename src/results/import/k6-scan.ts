/**
 * Byte-level readers for the fields of k6's `--out json` Point lines: a
 * decimal number, an RFC 3339 time and a tag set, read straight from the
 * decompressed bytes with no string made per line. At soak scale (10 million
 * lines, 3 GB of text) a string and a JSON.parse per line cost more than the
 * rest of the reduction; these cost a few dozen byte reads each. Each reader
 * says when it does not recognise its input (NaN / -1 / undefined), and the
 * caller then falls back to JSON.parse of the whole line, so odd input is
 * read the slow way, never wrongly.
 */

/** 10^0 … 10^22: every one exact in a double. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/** Whether `pattern` occurs in `buf` at `at`. */
export function bytesAt(buf: Uint8Array, at: number, pattern: Uint8Array): boolean {
  if (at + pattern.length > buf.length) return false;
  for (let i = 0; i < pattern.length; i++) if (buf[at + i] !== pattern[i]) return false;
  return true;
}

/** Where a reader stopped: the index just past what it read. */
export interface Cursor {
  end: number;
}

/**
 * The JSON number in buf[start, end), or NaN. With a `cursor`, the number
 * may stop before `end` (at the first byte that cannot continue it), and
 * cursor.end says where. Up to 15 significant digits and a power of ten
 * within ±22 are converted as one correctly rounded multiplication or
 * division of two exact doubles (Clinger's fast path), so the result is the
 * double JSON.parse gives; longer numbers go through Number() of their text.
 */
export function parseNumber(buf: Uint8Array, start: number, end: number, cursor?: Cursor): number {
  let i = start;
  const negative = buf[i] === 45; // -
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let c = buf[i]!;
  if (i >= end || c < 48 || c > 57) return Number.NaN;
  for (; i < end && (c = buf[i]!) >= 48 && c <= 57; i++, digits++)
    mantissa = mantissa * 10 + c - 48;
  if (i < end && c === 46) {
    const fracStart = ++i;
    for (; i < end && (c = buf[i]!) >= 48 && c <= 57; i++, digits++)
      mantissa = mantissa * 10 + c - 48;
    scale = i - fracStart;
    if (scale === 0) return Number.NaN;
  }
  const long = i < end && (c === 101 || c === 69); // e, E
  if (long) i = exponentEnd(buf, i + 1, end);
  if (cursor) cursor.end = i;
  else if (i !== end) return Number.NaN;
  if (long || digits > 15 || scale > 22) return slowNumber(buf, start, i);
  const value = scale === 0 ? mantissa : mantissa / POW10[scale]!;
  return negative ? -value : value;
}

/** Past `[+-]digits` from `at` (the byte after e/E); at itself when there are no digits (then invalid). */
function exponentEnd(buf: Uint8Array, at: number, end: number): number {
  let i = at;
  if (buf[i] === 43 || buf[i] === 45) i++;
  const digitsStart = i;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) i++;
  return i === digitsStart ? at : i;
}

/** Number() of the text: for exponents and numbers too long for the fast path. */
function slowNumber(buf: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1");
  // Number("") is 0 and Number(" 1") is 1: accept only JSON's number grammar.
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number.NaN;
  return Number(text);
}

function twoDigits(buf: Uint8Array, at: number): number {
  const a = buf[at]! - 48;
  const b = buf[at + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : Number.NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * An RFC 3339 time as k6 writes it (Go's RFC3339Nano: `2026-01-01T10:00:00.123456789+01:00`
 * or `…Z`, up to nine fractional digits) in buf[start, end) → ms since the
 * epoch, the fraction kept below the ms (to a double's precision, ~0.24 µs
 * today); NaN for anything else. With a `cursor`, the time may stop before
 * `end` (cursor.end says where). The date and time to the second are worked
 * out once per distinct second (consecutive points mostly share it); `cache`
 * remembers the last one.
 */
export function parseTime(
  buf: Uint8Array,
  start: number,
  end: number,
  cache: TimeCache = new TimeCache(),
  cursor?: Cursor,
): number {
  if (end - start < 20) return Number.NaN;
  let i = start + 19;
  let fraction = 0;
  let digits = 0;
  if (buf[i] === 46) {
    for (i++; i < end && buf[i]! >= 48 && buf[i]! <= 57; i++, digits++)
      fraction = fraction * 10 + buf[i]! - 48;
    if (digits > 9) return Number.NaN;
  }
  const zoneEnd = buf[i] === 90 ? i + 1 : i + 6; // Z or ±hh:mm
  if (zoneEnd > end || (cursor === undefined && zoneEnd !== end)) return Number.NaN;
  if (cursor) cursor.end = zoneEnd;
  const secondsMs = cache.secondsMs(buf, start, i, zoneEnd);
  // fraction · 10^(9−digits) ns → ms
  return secondsMs + (fraction * POW10[9 - digits]!) / 1e6;
}

/** The last `YYYY-MM-DDTHH:MM:SS` + zone seen, and its ms since the epoch. */
export class TimeCache {
  private readonly head = new Uint8Array(19);
  private zone = new Uint8Array(0);
  private ms = Number.NaN;

  /** ms since the epoch of the whole seconds buf[start, start+19) in the zone buf[zoneStart, end). */
  secondsMs(buf: Uint8Array, start: number, zoneStart: number, end: number): number {
    if (!Number.isNaN(this.ms) && this.same(buf, start, zoneStart, end)) return this.ms;
    const offsetMin = zoneOffsetMinutes(buf, zoneStart, end);
    const seconds = civilSeconds(buf, start);
    const ms = (seconds - offsetMin * 60) * 1000;
    if (Number.isNaN(ms)) return Number.NaN;
    this.head.set(buf.subarray(start, start + 19));
    this.zone = buf.slice(zoneStart, end);
    this.ms = ms;
    return ms;
  }

  private same(buf: Uint8Array, start: number, zoneStart: number, end: number): boolean {
    const head = this.head;
    for (let i = 18; i >= 0; i--) if (buf[start + i] !== head[i]) return false;
    const zone = this.zone;
    if (end - zoneStart !== zone.length) return false;
    for (let i = 0; i < zone.length; i++) if (buf[zoneStart + i] !== zone[i]) return false;
    return true;
  }
}

/** `YYYY-MM-DDTHH:MM:SS` at `start` → seconds since the epoch as if UTC; NaN when malformed. */
function civilSeconds(buf: Uint8Array, start: number): number {
  if (buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 10] !== 84) return Number.NaN;
  if (buf[start + 13] !== 58 || buf[start + 16] !== 58) return Number.NaN;
  const year = twoDigits(buf, start) * 100 + twoDigits(buf, start + 2);
  const month = twoDigits(buf, start + 5);
  const day = twoDigits(buf, start + 8);
  const hour = twoDigits(buf, start + 11);
  const minute = twoDigits(buf, start + 14);
  const second = twoDigits(buf, start + 17);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59))
    return Number.NaN;
  if (!(second <= 60)) return Number.NaN;
  return daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

/** `Z` → 0, `+01:00` → 60, `-05:30` → −330 (the zone must end the time); NaN otherwise. */
function zoneOffsetMinutes(buf: Uint8Array, at: number, end: number): number {
  if (buf[at] === 90) return at + 1 === end ? 0 : Number.NaN; // Z
  const sign = buf[at] === 43 ? 1 : buf[at] === 45 ? -1 : 0; // + -
  if (sign === 0 || at + 6 !== end || buf[at + 3] !== 58) return Number.NaN;
  return sign * (twoDigits(buf, at + 1) * 60 + twoDigits(buf, at + 4));
}

/** Index just past the JSON value `null` or object starting at `start`, or -1. */
export function objectEnd(buf: Uint8Array, start: number, end: number): number {
  if (buf[start] === 110) return bytesAt(buf, start, NULL) ? start + 4 : -1; // null
  if (buf[start] !== 123) return -1; // {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 34) {
      // a string: skip it, honouring escapes
      for (i++; i < end && buf[i] !== 34; i++) if (buf[i] === 92) i++;
    } else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
  }
  return -1;
}
const NULL = Buffer.from("null");

/**
 * Int32 views of byte buffers, for comparing four bytes at a time: the view
 * of the last buffer asked for is kept (lines come from one chunk after
 * another); a buffer not starting on a 4-byte boundary has none.
 */
export class WordViews {
  private viewed: Uint8Array | undefined;
  private words: Int32Array<ArrayBufferLike> | undefined;

  of(buf: Uint8Array): Int32Array<ArrayBufferLike> | undefined {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.words =
        (buf.byteOffset & 3) === 0
          ? new Int32Array(buf.buffer, buf.byteOffset, buf.length >> 2)
          : undefined;
    }
    return this.words;
  }
}

/** Fixed bytes, with copies laid out for word comparison at each of the 4 alignments. */
export class WordBytes {
  private readonly copies: (Int32Array | undefined)[] = [];
  constructor(readonly bytes: Uint8Array) {}

  /**
   * Whether buf holds these bytes at `start` (`words`: buf's WordViews view).
   * Bytes up to a 4-byte boundary of buf, then whole words against the copy
   * shifted alike, then the rest.
   */
  at(buf: Uint8Array, words: Int32Array<ArrayBufferLike> | undefined, start: number): boolean {
    const bytes = this.bytes;
    const length = bytes.length;
    if (start + length > buf.length) return false;
    if (words === undefined) {
      for (let i = 0; i < length; i++) if (buf[start + i] !== bytes[i]) return false;
      return true;
    }
    const shift = start & 3;
    const head = Math.min(length, (4 - shift) & 3);
    let i = 0;
    for (; i < head; i++) if (buf[start + i] !== bytes[i]) return false;
    const copy = this.shifted(shift);
    const count = (length - i) >> 2;
    const at = (start + i) >> 2;
    const copyAt = (shift + i) >> 2;
    for (let w = 0; w < count; w++) if (words[at + w] !== copy[copyAt + w]) return false;
    for (i += count << 2; i < length; i++) if (buf[start + i] !== bytes[i]) return false;
    return true;
  }

  /** The bytes placed `shift` bytes into a buffer of whole words, as words (made when first needed). */
  private shifted(shift: number): Int32Array {
    let copy = this.copies[shift];
    if (copy === undefined) {
      const padded = new Uint8Array((shift + this.bytes.length + 3) & ~3);
      padded.set(this.bytes, shift);
      copy = new Int32Array(padded.buffer);
      this.copies[shift] = copy;
    }
    return copy;
  }
}

/** Interned bytes and their id. */
class Interned extends WordBytes {
  constructor(
    bytes: Uint8Array,
    readonly id: number,
  ) {
    super(bytes);
  }
}

/**
 * Interns byte strings (the `tags` objects of Point lines): the same bytes,
 * the same id. A line's bytes are found by a fingerprint of their length and
 * 16 evenly spaced bytes, then compared whole with the stored copy, four
 * bytes at a time where the buffer allows, so an id is never given to bytes
 * that differ from its own. k6 writes a tag set's keys in one order, so
 * equal sets are equal bytes.
 */
export class ByteInterner {
  private readonly byPrint = new Map<number, Interned[]>();

  /** Id of buf[start, end), or -1 when these bytes were never added (`words`: buf's WordViews view). */
  find(
    buf: Uint8Array,
    words: Int32Array<ArrayBufferLike> | undefined,
    start: number,
    end: number,
  ): number {
    const list = this.byPrint.get(fingerprint(buf, start, end));
    if (list === undefined) return -1;
    for (const entry of list)
      if (entry.bytes.length === end - start && entry.at(buf, words, start)) return entry.id;
    return -1;
  }

  /** Remember buf[start, end) as `id` (a copy: the buffer is reused). */
  add(buf: Uint8Array, start: number, end: number, id: number): void {
    const print = fingerprint(buf, start, end);
    const entry = new Interned(buf.slice(start, end), id);
    const list = this.byPrint.get(print);
    if (list) list.push(entry);
    else this.byPrint.set(print, [entry]);
  }
}

/**
 * Interns short byte strings (metric names) with no native call: the last
 * one found is tried first (points of one metric often come in runs), then a
 * hash of every byte, and always a byte-by-byte comparison with the copy.
 */
export class ShortByteInterner {
  private readonly byHash = new Map<number, Interned[]>();
  private last: Interned | undefined;

  /** Id of buf[start, end), or -1 when these bytes were never added. */
  find(buf: Uint8Array, start: number, end: number): number {
    if (this.last !== undefined && sameBytes(this.last.bytes, buf, start, end)) return this.last.id;
    const list = this.byHash.get(fullHash(buf, start, end));
    if (list)
      for (const entry of list)
        if (sameBytes(entry.bytes, buf, start, end)) {
          this.last = entry;
          return entry.id;
        }
    return -1;
  }

  add(buf: Uint8Array, start: number, end: number, id: number): void {
    const hash = fullHash(buf, start, end);
    const entry = new Interned(buf.slice(start, end), id);
    const list = this.byHash.get(hash);
    if (list) list.push(entry);
    else this.byHash.set(hash, [entry]);
  }
}

/** FNV-1a of every byte, cut to 30 bits (a small integer: a fast Map key). */
function fullHash(buf: Uint8Array, start: number, end: number): number {
  let h = 2166136261;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 16777619);
  return h & 0x3fffffff;
}

function sameBytes(bytes: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (bytes.length !== end - start) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== buf[start + i]) return false;
  return true;
}

/** FNV-1a over the length and 16 evenly spaced bytes, cut to 30 bits: cheap, and only a first sieve. */
function fingerprint(buf: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const step = length > 16 ? length >> 4 : 1;
  let h = Math.imul(2166136261 ^ length, 16777619);
  for (let i = start; i < end; i += step) h = Math.imul(h ^ buf[i]!, 16777619);
  return h & 0x3fffffff;
}
